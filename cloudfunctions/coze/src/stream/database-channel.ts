/**
 * The production stream channel: collection `coze_streams`, `_id` = streamId, `_openid` = owner, upsert with
 * `doc(id).set`. `open` claims the id atomically with `add` (the database refuses a second document with the same
 * `_id`), so two openids racing for one streamId cannot both pass. Clients read under database-rules.json (own
 * docs only, no writes). Old docs are removed on open, at most once an hour per instance (no timer trigger needed).
 */
import * as cloud from 'wx-server-sdk';
import { STREAM_COLLECTION, StreamDoc } from '../../../../miniprogram/shared/protocol';
import { badRequest } from '../errors';
import { log } from '../log';
import { STREAM_DOC_MAX_AGE_MS, StreamChannel } from './channel';

const CLEANUP_INTERVAL_MS = 60 * 60 * 1000;

/** The few database calls we use, typed narrowly (wx-server-sdk's own typings are loose). */
interface Collection {
  where(query: Record<string, unknown>): { get(): Promise<{ data: Array<Record<string, unknown>> }>; remove(): Promise<unknown> };
  doc(id: string): { set(options: { data: Record<string, unknown> }): Promise<unknown> };
  add(options: { data: Record<string, unknown> }): Promise<unknown>;
}

/** Stream channel on the CloudBase database. */
export class DatabaseStreamChannel implements StreamChannel {
  private lastCleanup = 0;

  private collection(): Collection {
    return cloud.database().collection(STREAM_COLLECTION) as unknown as Collection;
  }

  async open(streamId: string, openid: string): Promise<void> {
    const claim: StreamDoc = { _id: streamId, _openid: openid, status: 'in_progress', text: '', seq: 0, conversationId: '', chatId: '', followUps: [], error: null, updatedAt: Date.now() };
    try {
      await this.collection().add({ data: { ...claim } });
    } catch (error) {
      // Most likely a duplicate _id: the stream exists. Whose is it? If there is no document, the add failed for another reason.
      const found = await this.collection().where({ _id: streamId }).get();
      const owner = found.data[0]?._openid;
      if (owner === undefined) throw error;
      if (owner !== openid) throw badRequest('streamId 已被占用，请重新生成');
    }
    this.cleanup();
  }

  async write(doc: StreamDoc): Promise<void> {
    const { _id, ...data } = doc;
    await this.collection().doc(_id).set({ data: { ...data } });
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
