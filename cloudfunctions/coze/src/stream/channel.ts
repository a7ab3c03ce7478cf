/**
 * The stream channel carries live answer text to the mini-program (DESIGN.md §5). It sits behind an
 * interface: the cloud database in CloudBase, and this in-process channel for `npm start` and tests.
 */
import { FINAL_CHAT_STATUSES, type StreamDoc } from '../../../../miniprogram/shared/protocol';
import { AppError, badRequest } from '../errors';
import type { TicketLedger } from './ticket';
import type { Deadline } from '../deadline';

/**
 * Where chat.send publishes progress. Every method takes the call's deadline: a channel that talks to a service
 * (the cloud database) ends its wait by it; the in-process one has nothing to wait for and ignores it.
 */
export interface StreamChannel {
  /** Claims the stream for this openid; BAD_REQUEST if another openid owns it. */
  open(streamId: string, openid: string, deadline: Deadline): Promise<void>;
  /** Upserts the document `doc._id`. */
  write(doc: StreamDoc, deadline: Deadline): Promise<void>;
}

/** Where chat.cancel tells a running chat.send to stop; the stream channels carry it, shared by every instance. */
export interface CancelChannel {
  /**
   * Records that this user stopped chat `chatId` (chat.cancel), where every instance can see it: Coze's cancel
   * does not interrupt the stream a chat.send in another instance is reading (chat_cancel.md).
   */
  requestCancel(chatId: string, openid: string, deadline: Deadline): Promise<void>;
  /** True once requestCancel(chatId, openid) happened, in any instance. */
  cancelRequested(chatId: string, openid: string, deadline: Deadline): Promise<boolean>;
}

/** Key of the cancel record of a chat (a document id in the database channel; never a 32-hex streamId). */
export function cancelKey(chatId: string): string {
  return `cancel-${chatId}`;
}

/** The same user's streamId is in use by another running chat.send: each send needs its own. */
export function streamInUse(): AppError {
  return badRequest('streamId 正被另一条进行中的回复使用，请为每次发送生成新的 streamId');
}

/** Key of the single-use record of a stream ticket (a document id in the database channel). */
export function ticketKey(nonce: string): string {
  return `ticket-${nonce}`;
}

/** Documents older than this are removed (DESIGN.md §5). */
export const STREAM_DOC_MAX_AGE_MS = 24 * 60 * 60 * 1000;

/** Statuses after which chat.send writes no more to a stream (after `detached` the client polls instead). */
const LAST_STATUSES: ReadonlySet<string> = new Set([...FINAL_CHAT_STATUSES, 'detached']);

/** Receives each snapshot of a watched stream document. */
export type StreamListener = (doc: StreamDoc) => void;

/**
 * In-process channel: what `npm start`, the local dev server and the tests watch instead of the database. A
 * document is dropped once its chat is over and nobody watches it (a long run would otherwise keep every chat's
 * text for a day); the owner claim stays until STREAM_DOC_MAX_AGE_MS, so a used stream id stays its owner's.
 */
export class MemoryStreamChannel implements StreamChannel, CancelChannel, TicketLedger {
  private readonly docs = new Map<string, StreamDoc>();
  private readonly owners = new Map<string, { openid: string; at: number }>();
  private readonly listeners = new Map<string, Set<{ openid: string; listener: StreamListener }>>();
  /** Cancel records by cancelKey(chatId): who asked and when (pruned with the documents). */
  private readonly cancels = new Map<string, { openid: string; at: number }>();
  /** Streams opened whose chat.send has not written a last status yet (documents may be dropped, this stays). */
  private readonly running = new Set<string>();

  async open(streamId: string, openid: string): Promise<void> {
    this.prune();
    const owner = this.owners.get(streamId);
    if (owner && owner.openid !== openid) throw badRequest('streamId 已被占用，请重新生成');
    // Claimed and not finished: another chat.send of this user is running on it.
    if (this.running.has(streamId)) throw streamInUse();
    this.owners.set(streamId, { openid, at: Date.now() });
    this.running.add(streamId);
  }

  /** Tickets redeemed, until their expiry has passed (a later replay fails its expiry check anyway). */
  private readonly tickets = new Map<string, number>();

  async claimTicket(nonce: string, expiresAt: number): Promise<boolean> {
    const now = Date.now();
    for (const [key, until] of this.tickets) if (until < now) this.tickets.delete(key);
    if (this.tickets.has(ticketKey(nonce))) return false;
    this.tickets.set(ticketKey(nonce), expiresAt);
    return true;
  }

  async requestCancel(chatId: string, openid: string): Promise<void> {
    this.cancels.set(cancelKey(chatId), { openid, at: Date.now() });
  }

  async cancelRequested(chatId: string, openid: string): Promise<boolean> {
    return this.cancels.get(cancelKey(chatId))?.openid === openid;
  }

  async write(doc: StreamDoc): Promise<void> {
    const snapshot: StreamDoc = { ...doc, followUps: [...doc.followUps] };
    this.docs.set(doc._id, snapshot);
    this.owners.set(doc._id, { openid: doc._openid, at: doc.updatedAt });
    if (LAST_STATUSES.has(doc.status)) this.running.delete(doc._id);
    for (const entry of this.listeners.get(doc._id) ?? []) {
      if (entry.openid === snapshot._openid) entry.listener({ ...snapshot, followUps: [...snapshot.followUps] });
    }
    this.dropIfDone(doc._id);
  }

  /** Like a DB watch under the security rules: the current doc (if any) then each write, only for its owner. */
  watch(streamId: string, openid: string, listener: StreamListener): () => void {
    const entry = { openid, listener };
    let set = this.listeners.get(streamId);
    if (!set) {
      set = new Set();
      this.listeners.set(streamId, set);
    }
    set.add(entry);
    const current = this.docs.get(streamId);
    if (current && current._openid === openid) listener({ ...current, followUps: [...current.followUps] });
    return () => {
      set?.delete(entry);
      if (set?.size === 0 && this.listeners.get(streamId) === set) this.listeners.delete(streamId);
      this.dropIfDone(streamId);
    };
  }

  /** Local documents held now (tests check that finished, unwatched ones are gone). */
  get size(): number {
    return this.docs.size;
  }

  /** Forgets the document of a finished chat once no one watches it. */
  private dropIfDone(streamId: string): void {
    const doc = this.docs.get(streamId);
    if (doc && LAST_STATUSES.has(doc.status) && !this.listeners.has(streamId)) this.docs.delete(streamId);
  }

  /** The current document as its owner would read it, for tests and the dev server. */
  get(streamId: string, openid: string): StreamDoc | undefined {
    const doc = this.docs.get(streamId);
    return doc && doc._openid === openid ? { ...doc, followUps: [...doc.followUps] } : undefined;
  }

  private prune(): void {
    const cutoff = Date.now() - STREAM_DOC_MAX_AGE_MS;
    for (const [id, owner] of this.owners) {
      if (owner.at < cutoff) {
        this.owners.delete(id);
        this.docs.delete(id);
        this.running.delete(id);
      }
    }
    for (const [key, record] of this.cancels) if (record.at < cutoff) this.cancels.delete(key);
  }
}
