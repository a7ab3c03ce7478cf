/**
 * The production stream channel: collection `coze_streams`, `_id` = streamId, `_openid` = owner, upsert with
 * `doc(id).set`. `open` claims the id atomically with `add` (the database refuses a second document with the same
 * `_id`), so two openids racing for one streamId cannot both pass. Clients read under database-rules.json (own
 * docs only, no writes). Old docs are removed on open, at most once an hour per instance (no timer trigger needed).
 */
import * as cloud from 'wx-server-sdk';
import { STREAM_COLLECTION, StreamDoc } from '../../../../miniprogram/shared/protocol';
import type { Deadline } from '../deadline';
import { AppError, badRequest } from '../errors';
import { log } from '../log';
import { CancelChannel, cancelKey, STREAM_DOC_MAX_AGE_MS, StreamChannel, streamInUse, ticketKey } from './channel';
import type { TicketLedger } from './ticket';

const CLEANUP_INTERVAL_MS = 60 * 60 * 1000;
const WHAT = `the ${STREAM_COLLECTION} stream document (cloud database)`;
/** A write at (or past) the deadline still gets this long: the last state must reach the watcher. */
const FINAL_WRITE_FLOOR_MS = 1000;
/** wx-server-sdk's DATABASE_COLLECTION_NOT_EXIST: the developer has not created `coze_streams` yet. */
const COLLECTION_NOT_EXIST = -502005;
const MISSING_COLLECTION_TEXT = /collection not exist|Db or Table not exist|DATABASE_COLLECTION_NOT_EXIST/i;

/** True for the error the SDK throws when the collection does not exist (errCode -502005, or its message). */
function isMissingCollection(error: unknown): boolean {
  const { errCode, errMsg, message } = (error ?? {}) as { errCode?: unknown; errMsg?: unknown; message?: unknown };
  return errCode === COLLECTION_NOT_EXIST || [errMsg, message].some((text) => typeof text === 'string' && MISSING_COLLECTION_TEXT.test(text));
}

/** The few database calls we use, typed narrowly (wx-server-sdk's own typings are loose). */
interface Collection {
  where(query: Record<string, unknown>): { get(): Promise<{ data: Array<Record<string, unknown>> }>; remove(): Promise<unknown> };
  doc(id: string): { set(options: { data: Record<string, unknown> }): Promise<unknown> };
  add(options: { data: Record<string, unknown> }): Promise<unknown>;
}

/** Stream channel on the CloudBase database. */
export class DatabaseStreamChannel implements StreamChannel, CancelChannel, TicketLedger {
  private lastCleanup = 0;
  /** Streams opened while `coze_streams` was missing: their writes are skipped (the final result still answers). */
  private readonly withoutCollection = new Set<string>();

  private collection(): Collection {
    return cloud.database().collection(STREAM_COLLECTION) as unknown as Collection;
  }

  async open(streamId: string, openid: string, deadline: Deadline): Promise<void> {
    try {
      await this.claim(streamId, openid, deadline);
    } catch (error) {
      if (!isMissingCollection(error)) throw error;
      log.error('stream.collection_missing', {
        collection: STREAM_COLLECTION,
        fix: `create the ${STREAM_COLLECTION} collection (云开发控制台 → 数据库 → 添加集合) and apply database-rules.json to it; until then answers arrive without live text`,
      });
      this.withoutCollection.add(streamId);
      return;
    }
    this.cleanup();
  }

  async write(doc: StreamDoc, deadline: Deadline): Promise<void> {
    if (this.withoutCollection.has(doc._id)) {
      if (doc.status !== 'in_progress') this.withoutCollection.delete(doc._id);
      return;
    }
    const { _id, ...data } = doc;
    // The final (e.g. detached) state is written at the deadline itself: it gets a small floor of its own.
    await deadline.race(this.collection().doc(_id).set({ data: { ...data } }), WHAT, FINAL_WRITE_FLOOR_MS);
  }

  /** Claims the id with `add` (atomic: a second add with the same _id fails); BAD_REQUEST if another openid owns it. */
  private async claim(streamId: string, openid: string, deadline: Deadline): Promise<void> {
    const claim: StreamDoc = { _id: streamId, _openid: openid, status: 'in_progress', text: '', seq: 0, conversationId: '', chatId: '', followUps: [], error: null, updatedAt: Date.now() };
    try {
      await deadline.race(this.collection().add({ data: { ...claim } }), WHAT);
    } catch (error) {
      if (error instanceof AppError) throw error;
      // Most likely a duplicate _id: the stream exists. Whose is it? If there is no document, the add failed for another reason.
      const found = await deadline.race(this.collection().where({ _id: streamId }).get(), WHAT);
      const owner = found.data[0]?._openid;
      if (owner === undefined) throw error;
      if (owner !== openid) throw badRequest('streamId 已被占用，请重新生成');
      if (found.data[0]?.status === 'in_progress') throw streamInUse();
    }
  }

  /**
   * Claims a ticket's nonce with `add` (atomic: a second add of the same _id fails, in any instance). The record has
   * no `_openid`, so no client can read it; it goes with the daily cleanup. One database write per HTTP chat.
   */
  async claimTicket(nonce: string, expiresAt: number, deadline: Deadline): Promise<boolean> {
    try {
      await deadline.race(this.collection().add({ data: { _id: ticketKey(nonce), expiresAt, updatedAt: Date.now() } }), WHAT);
      return true;
    } catch (error) {
      if (error instanceof AppError) throw error;
      const found = await deadline.race(this.collection().where({ _id: ticketKey(nonce) }).get(), WHAT);
      if (found.data.length > 0) return false;
      throw error;
    }
  }

  async requestCancel(chatId: string, openid: string, deadline: Deadline): Promise<void> {
    // Its own document (not a field of the stream document, which chat.send's `set` overwrites); removed after a day like the rest.
    const record = { _openid: openid, chatId, canceled: true, updatedAt: Date.now() };
    await deadline.race(this.collection().doc(cancelKey(chatId)).set({ data: record }), WHAT);
  }

  async cancelRequested(chatId: string, openid: string, deadline: Deadline): Promise<boolean> {
    const found = await deadline.race(this.collection().where({ _id: cancelKey(chatId), _openid: openid }).get(), WHAT);
    return found.data.length > 0;
  }

  private cleanup(): void {
    const now = Date.now();
    if (now - this.lastCleanup < CLEANUP_INTERVAL_MS) return;
    this.lastCleanup = now;
    const db = cloud.database();
    this.collection()
      .where({ updatedAt: db.command.lt(now - STREAM_DOC_MAX_AGE_MS) })
      .remove()
      .catch((error: unknown) => log.warn('stream.cleanup_failed', { reason: error instanceof Error ? error.message : String(error) }));
  }
}
