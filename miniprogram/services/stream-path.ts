/**
 * Which road live text takes (issue 21): the HTTP function `coze-http` (Server-Sent Events straight to the page)
 * when `wx.cloud.callHTTPFunction` exists and the function answers its probe, else the database watch. Detected
 * once and remembered in storage (key {@link STREAM_PATH_KEY}, visible in DevTools → Storage), so a user is on the
 * same road every time; a "watch" verdict is checked again after a day, in case the function was deployed since.
 */
import { HTTP_FUNCTION_NAME, HTTP_PATHS } from '../shared/protocol';
import type { CloudApi } from './cloud-api';

/** The two roads of live text. */
export type StreamPath = 'http' | 'watch';

/** Storage key of the remembered verdict: `{ path, at }`. */
export const STREAM_PATH_KEY = 'coze.streamPath';
/** A remembered "watch" is probed again after this long. */
export const WATCH_RECHECK_MS = 24 * 60 * 60 * 1000;
/** The probe gives up after this long (a missing function answers fast; a slow one is not worth waiting for). */
export const PROBE_TIMEOUT_MS = 5000;

/** The slice of wx storage the choice needs. */
export interface PathStorage {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  remove(key: string): void;
}

/** wx's synchronous storage, where it exists (errors, e.g. a full storage, only cost the memory). */
export function wxStorage(): PathStorage | undefined {
  if (typeof wx === 'undefined' || typeof wx.getStorageSync !== 'function') return undefined;
  const quiet = (run: () => unknown): unknown => {
    try {
      return run();
    } catch {
      return undefined;
    }
  };
  return {
    get: (key) => quiet(() => wx.getStorageSync(key)),
    set: (key, value) => void quiet(() => wx.setStorageSync(key, value)),
    remove: (key) => void quiet(() => wx.removeStorageSync(key)),
  };
}

function parseJson(data: unknown): unknown {
  if (typeof data !== 'string') return data;
  try {
    return JSON.parse(data) as unknown;
  } catch {
    return undefined;
  }
}

/** True when `coze-http` answered its probe as itself (any other answer, or a failure, means not deployed). */
function probe(cloud: CloudApi): Promise<boolean> {
  const call = cloud.callHTTPFunction;
  if (typeof call !== 'function') return Promise.resolve(false);
  return new Promise((resolve) => {
    try {
      call.call(cloud, {
        name: HTTP_FUNCTION_NAME,
        path: HTTP_PATHS.ping,
        method: 'GET',
        timeout: PROBE_TIMEOUT_MS,
        success: (res) => {
          const body = parseJson(res.data) as { ok?: unknown; data?: { function?: unknown } } | undefined;
          resolve(res.statusCode === 200 && body?.ok === true && body.data?.function === HTTP_FUNCTION_NAME);
        },
        fail: () => resolve(false),
      });
    } catch {
      resolve(false);
    }
  });
}

/** Chooses the road once per verdict and remembers it. */
export class StreamPathChooser {
  private pending?: Promise<StreamPath>;

  constructor(private readonly cloud: CloudApi, private readonly storage: PathStorage | undefined = wxStorage(), private readonly now: () => number = Date.now) {}

  /** The road for the next send. */
  choose(): Promise<StreamPath> {
    if (typeof this.cloud.callHTTPFunction !== 'function') return Promise.resolve('watch');
    const stored = this.storage?.get(STREAM_PATH_KEY) as { path?: unknown; at?: unknown } | undefined;
    if (stored?.path === 'http') return Promise.resolve('http');
    if (stored?.path === 'watch' && typeof stored.at === 'number' && this.now() - stored.at < WATCH_RECHECK_MS) return Promise.resolve('watch');
    this.pending ??= probe(this.cloud).then((deployed) => {
      const path: StreamPath = deployed ? 'http' : 'watch';
      this.storage?.set(STREAM_PATH_KEY, { path, at: this.now() });
      console.info(path === 'http' ? `live text: HTTP stream (${HTTP_FUNCTION_NAME})` : `live text: database watch (${HTTP_FUNCTION_NAME} not deployed)`);
      this.pending = undefined;
      return path;
    });
    return this.pending;
  }

  /** Forgets the verdict (the HTTP function stopped answering): the next send probes again. */
  forget(): void {
    this.storage?.remove(STREAM_PATH_KEY);
  }
}
