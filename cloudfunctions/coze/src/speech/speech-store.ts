/**
 * Where synthesised answers are kept so the same answer is never paid for twice. In CloudBase: the audio in
 * cloud storage under the user's own folder, and an index (answer key → file ids) in the cloud database; the
 * mini-program gets temporary URLs made by the function (admin), never file ids it could share. Outside
 * CloudBase (`npm start`, the preview, tests) an in-process store stands in, served by the dev server only to
 * the openid that owns each file.
 */
import * as cloud from 'wx-server-sdk';
import type { Deadline } from '../deadline';
import { AppError } from '../errors';
import { log } from '../log';
import { Lru } from '../lru';
import { localFiles } from '../storage/local-files';

/** What the index remembers of one synthesised answer. */
export interface SpeechEntry {
  fileIDs: string[];
  truncated: boolean;
}

/** Playable URLs of stored parts and when they stop working (epoch seconds). */
export interface SpeechUrls {
  urls: string[];
  expiresAt: number;
}

/** The store behind `audio.speech`; the cloud one ends each wait by the call's `deadline`, the in-process one ignores it. */
export interface SpeechStore {
  /** The entry saved under this key, if any. */
  lookup(key: string, deadline: Deadline): Promise<SpeechEntry | undefined>;
  /** Stores the parts under `folder` (the user's own) and indexes them under `key`. */
  save(key: string, folder: string, parts: Buffer[], openid: string, truncated: boolean, deadline: Deadline): Promise<SpeechEntry>;
  /** URLs for the parts; undefined when one of them is gone (a storage lifecycle rule removed it). */
  urls(fileIDs: string[], deadline: Deadline): Promise<SpeechUrls | undefined>;
}

/** Folder of synthesised answers in cloud storage: `coze-speech/<owner tag of the user>/<answer key>-<n>.mp3`. */
export const SPEECH_FOLDER = 'coze-speech';
/** The database collection of the index (no client reads or writes it). */
export const SPEECH_COLLECTION = 'coze_speech';
/** How long a temporary URL stays valid: long enough to listen to one answer, short enough not to be a share link. */
export const SPEECH_URL_SECONDS = 3600;
/** Path prefix under which the local dev server serves in-process files (tools/dev-server). */
export const LOCAL_FILE_ROUTE = '/__file/';
/** Most answers the in-process index keeps (LRU); an answer whose parts were evicted is simply synthesised again. */
const MEMORY_ANSWERS = 500;
const SECOND_MS = 1000;

function partName(folder: string, key: string, index: number): string {
  return `${folder}/${key}-${index}.mp3`;
}

/**
 * In-process index over the local file store (`storage/local-files`, the bundle's `localFiles`): the parts are
 * put there with their owner's openid, and the dev server serves them at LOCAL_FILE_ROUTE to that owner only.
 */
export class MemorySpeechStore implements SpeechStore {
  private readonly index = new Lru<string, SpeechEntry>(MEMORY_ANSWERS);

  constructor(private readonly now: () => number = Date.now) {}

  async lookup(key: string): Promise<SpeechEntry | undefined> {
    return this.index.get(key);
  }

  async save(key: string, folder: string, parts: Buffer[], openid: string, truncated: boolean): Promise<SpeechEntry> {
    const fileIDs = parts.map((data, i) => {
      const path = partName(folder, key, i);
      localFiles.put(path, data, openid);
      return path;
    });
    const entry = { fileIDs, truncated };
    this.index.set(key, entry);
    return entry;
  }

  async urls(fileIDs: string[]): Promise<SpeechUrls | undefined> {
    if (fileIDs.some((id) => localFiles.get(id) === undefined)) return undefined;
    return { urls: fileIDs.map((id) => `${LOCAL_FILE_ROUTE}${id}`), expiresAt: Math.floor(this.now() / SECOND_MS) + SPEECH_URL_SECONDS };
  }
}

/** The few wx-server-sdk calls the cloud store makes, typed narrowly (the SDK's typings are loose). */
interface SpeechSdk {
  uploadFile(options: { cloudPath: string; fileContent: Buffer }): Promise<{ fileID: string }>;
  getTempFileURL(options: { fileList: Array<{ fileID: string; maxAge: number }> }): Promise<{ fileList: Array<{ fileID: string; tempFileURL: string; status: number }> }>;
  database(): { collection(name: string): { doc(id: string): { get(): Promise<{ data: Record<string, unknown> }>; set(options: { data: Record<string, unknown> }): Promise<unknown> } } };
}

const sdk = cloud as unknown as SpeechSdk;
const WHAT_INDEX = `the ${SPEECH_COLLECTION} index (cloud database)`;

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Cloud storage + database index; a missing index collection only turns caching off (logged with the fix). */
export class CloudSpeechStore implements SpeechStore {
  async lookup(key: string, deadline: Deadline): Promise<SpeechEntry | undefined> {
    try {
      const { data } = await deadline.race(sdk.database().collection(SPEECH_COLLECTION).doc(key).get(), WHAT_INDEX);
      const fileIDs = data.fileIDs;
      if (!Array.isArray(fileIDs) || !fileIDs.every((id) => typeof id === 'string')) return undefined;
      return { fileIDs: fileIDs as string[], truncated: data.truncated === true };
    } catch (error) {
      if (error instanceof AppError) throw error;
      // "document does not exist" is the normal miss; anything else is logged, and we synthesise again.
      if (!/not exist|not found/i.test(reason(error))) log.warn('speech.index_read_failed', { reason: reason(error), fix: `create the ${SPEECH_COLLECTION} collection (README, Read aloud)` });
      return undefined;
    }
  }

  async save(key: string, folder: string, parts: Buffer[], _openid: string, truncated: boolean, deadline: Deadline): Promise<SpeechEntry> {
    const fileIDs: string[] = [];
    for (let i = 0; i < parts.length; i++) {
      const uploaded = await deadline.race(sdk.uploadFile({ cloudPath: partName(folder, key, i), fileContent: parts[i] }), 'cloud.uploadFile');
      fileIDs.push(uploaded.fileID);
    }
    const entry = { fileIDs, truncated };
    try {
      await deadline.race(sdk.database().collection(SPEECH_COLLECTION).doc(key).set({ data: { ...entry, createdAt: Date.now() } }), WHAT_INDEX);
    } catch (error) {
      if (error instanceof AppError) throw error;
      log.warn('speech.index_write_failed', { reason: reason(error), fix: `create the ${SPEECH_COLLECTION} collection (README, Read aloud); until then every read-aloud is synthesised again` });
    }
    return entry;
  }

  async urls(fileIDs: string[], deadline: Deadline): Promise<SpeechUrls | undefined> {
    const { fileList } = await deadline.race(sdk.getTempFileURL({ fileList: fileIDs.map((fileID) => ({ fileID, maxAge: SPEECH_URL_SECONDS })) }), 'cloud.getTempFileURL');
    const urls = fileIDs.map((id) => fileList.find((f) => f.fileID === id));
    if (urls.some((f) => !f || f.status !== 0 || !f.tempFileURL)) return undefined;
    return { urls: urls.map((f) => (f as { tempFileURL: string }).tempFileURL), expiresAt: Math.floor(Date.now() / SECOND_MS) + SPEECH_URL_SECONDS };
  }
}
