/**
 * Which conversation belongs to which openid. Coze may accept any conversation id a token can see, so we
 * tag each conversation we create with `meta_data.owner` = HMAC-SHA256(openid) under a secret derived from the
 * private key (the tag itself reveals nothing, and nobody without the key can forge one; Coze does see the openid
 * elsewhere — it is the JWT's session_name and the chat's user_id), verify the tag
 * via /v1/conversation/retrieve before touching a conversation, and cache verified pairs (LRU).
 */
import { createHmac } from 'crypto';
import { AppError, notFound } from './errors';
import type { CozeClient } from './coze/client';
import type { Caller } from './deadline';
import { obj, str } from './coze/json';
import { Lru } from './lru';
import { log, userTag } from './log';

/** The meta_data key that carries the owner tag. */
export const OWNER_META_KEY = 'owner';
const TAG_HEX_LENGTH = 32;
/** Coze 4101: the OAuth app lacks the permission (here retrieveConversation). */
const PERMISSION_DENIED = 4101;
/** Coze codes that mean "this token cannot see that conversation" during the ownership check. */
const NOT_VISIBLE_CODES: ReadonlySet<number> = new Set([4001, 4002, PERMISSION_DENIED, 4200]);

/** Ownership checks for one configuration. */
export class Ownership {
  private readonly verified: Lru<string, true>;

  constructor(private readonly secret: Buffer, maxEntries: number) {
    this.verified = new Lru(maxEntries);
  }

  /** The owner tag of an openid (hex, 128 bits). */
  tag(openid: string): string {
    return createHmac('sha256', this.secret).update(openid).digest('hex').slice(0, TAG_HEX_LENGTH);
  }

  /** meta_data to attach when creating a conversation for this openid. */
  metaFor(openid: string): Record<string, string> {
    return { [OWNER_META_KEY]: this.tag(openid) };
  }

  /** True when a Coze conversation object carries this openid's tag. */
  owns(openid: string, conversation: unknown): boolean {
    return str(obj(obj(conversation).meta_data), OWNER_META_KEY) === this.tag(openid);
  }

  /** Records a conversation we just created for the openid. */
  remember(openid: string, conversationId: string): void {
    this.verified.set(this.key(openid, conversationId), true);
  }

  /** Forgets a deleted conversation. */
  forget(openid: string, conversationId: string): void {
    this.verified.delete(this.key(openid, conversationId));
  }

  /** Throws NOT_FOUND unless the conversation was created for the caller's openid. */
  async verify(coze: CozeClient, caller: Caller, conversationId: string): Promise<void> {
    const { openid } = caller;
    const key = this.key(openid, conversationId);
    if (this.verified.get(key)) return;
    let conversation: unknown;
    try {
      const body = await coze.json(caller, { method: 'GET', idempotent: true, path: '/v1/conversation/retrieve', query: { conversation_id: conversationId } });
      conversation = body.data;
    } catch (error) {
      if (error instanceof AppError && error.cozeCode === PERMISSION_DENIED) {
        // The user still sees NOT_FOUND (it must not reveal whether the conversation exists), but the developer must learn why.
        log.error('ownership.permission_missing', {
          user: userTag(openid),
          conversation: conversationId,
          fix: 'grant the OAuth app the retrieveConversation permission (扣子编程 → API & SDK → 授权 → OAuth 应用 → 权限); without it no existing conversation can be used',
        });
      }
      if (error instanceof AppError && (error.code === 'NOT_FOUND' || (error.cozeCode !== undefined && NOT_VISIBLE_CODES.has(error.cozeCode)))) {
        throw notFound(`conversation not visible to this user (${error.detail})`);
      }
      throw error;
    }
    if (!this.owns(openid, conversation)) {
      log.warn('ownership.denied', { user: userTag(openid), conversation: conversationId });
      throw notFound('conversation exists but carries another owner tag (or none): not created through this function for this user');
    }
    this.verified.set(key, true);
  }

  /** The cache key: plain ids (no HMAC on every chat.send; this cache is per configuration and never leaves memory). */
  private key(openid: string, conversationId: string): string {
    return `${openid}\u0000${conversationId}`;
  }
}
