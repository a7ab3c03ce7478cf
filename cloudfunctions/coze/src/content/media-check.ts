/**
 * Images through WeChat's content security. `security.mediaCheckAsync` only queues a check and answers a
 * trace id; the verdict arrives later as a message push (`Event: 'wxa_media_check'`) that CloudBase delivers to
 * this function. So chat.send asks, then WAITS for the push (CHAT_IMAGE_CHECK_WAIT_MS) before anything is
 * uploaded to Coze: a `risky` image never reaches Coze. Verdicts meet their waiters in a store: the cloud
 * database in CloudBase (the push may land on another instance), memory locally.
 */
import * as cloud from 'wx-server-sdk';
import type { Deadline } from '../deadline';
import { inCloudBase } from '../identity';
import type { Verdict } from './sec-check';

/** Asks WeChat to judge one image within the call's deadline; resolves with the trace id the verdict will carry. */
export type MediaCheck = (request: { openid: string; mediaUrl: string; deadline: Deadline }) => Promise<string>;

/** Collection of verdicts in CloudBase (`_id` = trace id); create it like coze_streams, no client access. */
export const MEDIA_CHECK_COLLECTION = 'coze_media_checks';
const MEDIA_TYPE_IMAGE = 2;
const SCENE_COMMENT = 2;
const API_VERSION = 2;
const POLL_MS = 500;
/** `_id` prefix of the documents that keep where an unjudged image went. */
const TURN_PREFIX = 'turn:';
const VERDICTS: readonly Verdict[] = ['pass', 'review', 'risky'];

interface MediaSecurityApi {
  mediaCheckAsync(data: { version: number; openid: string; scene: number; mediaType: number; mediaUrl: string }): Promise<{ traceId?: unknown; trace_id?: unknown }>;
}

/** The real request: `cloud.openapi.security.mediaCheckAsync` (config.json declares the permission). */
export const wechatMediaCheck: MediaCheck = async ({ openid, mediaUrl, deadline }) => {
  const security = (cloud.openapi as unknown as { security: MediaSecurityApi }).security;
  const answer = await deadline.race(security.mediaCheckAsync({ version: API_VERSION, openid, scene: SCENE_COMMENT, mediaType: MEDIA_TYPE_IMAGE, mediaUrl }), 'mediaCheckAsync');
  const traceId = answer?.traceId ?? answer?.trace_id;
  if (typeof traceId !== 'string' || !traceId) throw new Error('mediaCheckAsync answered without a trace id; check the API version (2) and the permission in config.json');
  return traceId;
};

/**
 * The verdict a `wxa_media_check` push carries, or undefined when the event is not one. Version 2 puts it in
 * `result.suggest`; pushes in the 1.0 shape (`isrisky` 0/1, reported by developers for v2 calls too) are read as
 * pass/risky.
 */
export function verdictOfPush(event: Record<string, unknown>): { traceId: string; verdict: Verdict } | undefined {
  if (event.Event !== 'wxa_media_check' || typeof event.trace_id !== 'string' || !event.trace_id) return undefined;
  const suggest = (event.result as { suggest?: unknown } | null | undefined)?.suggest;
  const verdict = VERDICTS.find((v) => v === suggest) ?? (event.isrisky === 1 ? 'risky' : event.isrisky === 0 ? 'pass' : undefined);
  return verdict ? { traceId: event.trace_id, verdict } : undefined;
}

/** The turn an image was sent in before its verdict arrived (CHAT_IMAGE_CHECK_PENDING=send). */
export interface PendingTurn {
  openid: string;
  conversationId: string;
}

/** Where verdicts wait for chat.send. */
export interface VerdictStore {
  /** Stores a verdict (the database write within `deadline`). */
  record(traceId: string, verdict: Verdict, deadline: Deadline): Promise<void>;
  /** The verdict, once it arrives within `ms`; undefined after that (each database read within `deadline`). */
  wait(traceId: string, ms: number, deadline: Deadline): Promise<Verdict | undefined>;
  /** Keeps where an unjudged image went, so a late verdict can remove it (the database write within `deadline`). */
  remember(traceId: string, turn: PendingTurn, deadline: Deadline): Promise<void>;
  /** Where an unjudged image went, if it was sent unjudged (read within `deadline`). */
  turnOf(traceId: string, deadline: Deadline): Promise<PendingTurn | undefined>;
}

/** In-process verdicts (no TCB_ENV): the push is delivered to the same process. */
export class MemoryVerdictStore implements VerdictStore {
  private readonly verdicts = new Map<string, Verdict>();
  private readonly turns = new Map<string, PendingTurn>();
  private readonly waiters = new Map<string, Array<(verdict: Verdict) => void>>();

  async record(traceId: string, verdict: Verdict): Promise<void> {
    this.verdicts.set(traceId, verdict);
    for (const wake of this.waiters.get(traceId) ?? []) wake(verdict);
    this.waiters.delete(traceId);
  }

  async remember(traceId: string, turn: PendingTurn): Promise<void> {
    this.turns.set(traceId, turn);
  }

  async turnOf(traceId: string): Promise<PendingTurn | undefined> {
    return this.turns.get(traceId);
  }

  wait(traceId: string, ms: number): Promise<Verdict | undefined> {
    const known = this.verdicts.get(traceId);
    if (known) return Promise.resolve(known);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(undefined), ms);
      const list = this.waiters.get(traceId) ?? [];
      list.push((verdict) => {
        clearTimeout(timer);
        resolve(verdict);
      });
      this.waiters.set(traceId, list);
    });
  }
}

interface VerdictCollection {
  where(query: Record<string, unknown>): { get(): Promise<{ data: Array<Record<string, unknown>> }> };
  doc(id: string): { set(options: { data: Record<string, unknown> }): Promise<unknown> };
}

/** Verdicts in the cloud database: the push may reach another instance than the waiting chat.send. */
export class DatabaseVerdictStore implements VerdictStore {
  private collection(): VerdictCollection {
    return cloud.database().collection(MEDIA_CHECK_COLLECTION) as unknown as VerdictCollection;
  }

  async record(traceId: string, verdict: Verdict, deadline: Deadline): Promise<void> {
    await deadline.race(this.collection().doc(traceId).set({ data: { verdict, updatedAt: Date.now() } }), 'media verdict write');
  }

  async remember(traceId: string, turn: PendingTurn, deadline: Deadline): Promise<void> {
    await deadline.race(this.collection().doc(`${TURN_PREFIX}${traceId}`).set({ data: { ...turn, updatedAt: Date.now() } }), 'media turn write');
  }

  async turnOf(traceId: string, deadline: Deadline): Promise<PendingTurn | undefined> {
    const doc = (await deadline.race(this.collection().where({ _id: `${TURN_PREFIX}${traceId}` }).get(), 'media turn read')).data[0];
    return typeof doc?.openid === 'string' && typeof doc.conversationId === 'string' ? { openid: doc.openid, conversationId: doc.conversationId } : undefined;
  }

  async wait(traceId: string, ms: number, deadline: Deadline): Promise<Verdict | undefined> {
    const until = Date.now() + ms;
    for (;;) {
      const found = (await deadline.race(this.collection().where({ _id: traceId }).get(), 'media verdict read')).data[0]?.verdict;
      const verdict = VERDICTS.find((v) => v === found);
      if (verdict || Date.now() >= until) return verdict;
      await new Promise((resolve) => setTimeout(resolve, Math.min(POLL_MS, Math.max(0, until - Date.now()))));
    }
  }
}

const memoryVerdicts = new MemoryVerdictStore();
let databaseVerdicts: DatabaseVerdictStore | undefined;

/** The verdict store of this environment. */
export function verdictStore(): VerdictStore {
  if (!inCloudBase()) return memoryVerdicts;
  databaseVerdicts ??= new DatabaseVerdictStore();
  return databaseVerdicts;
}
