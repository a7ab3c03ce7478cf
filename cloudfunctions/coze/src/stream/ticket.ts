/**
 * Stream tickets (issue 21): how the HTTP function `coze-http`, whose caller identity WeChat does not document,
 * learns an openid it can trust. The `coze` function (reached by callFunction, whose OPENID WeChat guarantees)
 * seals { openid, conversationId, streamId, expiry, nonce } with AES-256-GCM under a key derived from the private
 * key with its own label: nobody without the key can forge or alter one (the GCM tag authenticates it like an
 * HMAC), and the openid inside stays unreadable to the client. `coze-http` accepts a ticket once (the nonce is
 * claimed in the shared stream channel), before its expiry, for exactly the conversation and stream it names.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'crypto';
import { AppError } from '../errors';
import type { Deadline } from '../deadline';

/** How long a ticket is valid: the page redeems it at once, so a minute covers a slow network. */
export const TICKET_TTL_MS = 60_000;

const IV_BYTES = 12;
const TAG_BYTES = 16;
const NONCE_BYTES = 16;
const VERSION = 1;
const TICKET_PATTERN = /^[A-Za-z0-9_-]{40,2048}$/;

/** What a ticket vouches for. */
export interface TicketClaims {
  openid: string;
  conversationId: string;
  streamId: string;
  expiresAt: number;
  /** Unique per ticket: the key of its single use. */
  nonce: string;
}

/** Where a ticket's single use is recorded, shared by every instance (the stream channels implement it). */
export interface TicketLedger {
  /** True the first time this nonce is claimed, false ever after (until `expiresAt` has long passed); within `deadline`. */
  claimTicket(nonce: string, expiresAt: number, deadline: Deadline): Promise<boolean>;
}

/** The refusal of every bad ticket: the page gets a new one by sending again. */
export function ticketRefused(why: string): AppError {
  return new AppError('UNAUTHENTICATED', `stream ticket refused: ${why}; the page must ask chat.ticket for a new one per send`, {
    userMessage: '连接凭证无效或已过期，请重新发送。',
  });
}

/** Issues and checks tickets under one key. */
export class StreamTickets {
  constructor(private readonly key: Buffer, private readonly now: () => number = Date.now) {}

  /** A new ticket for this openid, conversation ('' = a new one) and stream. */
  issue(openid: string, conversationId: string, streamId: string): { ticket: string; expiresAt: number } {
    const expiresAt = this.now() + TICKET_TTL_MS;
    const claims: TicketClaims = { openid, conversationId, streamId, expiresAt, nonce: randomBytes(NONCE_BYTES).toString('hex') };
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(JSON.stringify({ v: VERSION, ...claims }), 'utf8'), cipher.final()]);
    return { ticket: Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url'), expiresAt };
  }

  /**
   * The claims of a genuine, unexpired ticket that names this conversation and stream (and this openid, when the
   * platform told us one); throws UNAUTHENTICATED otherwise. Single use is checked apart, by {@link redeemTicket}.
   */
  verify(ticket: unknown, expect: { conversationId: string; streamId: string; openid?: string }): TicketClaims {
    if (typeof ticket !== 'string' || !TICKET_PATTERN.test(ticket)) throw ticketRefused('missing or malformed');
    const raw = Buffer.from(ticket, 'base64url');
    if (raw.length <= IV_BYTES + TAG_BYTES) throw ticketRefused('too short');
    let claims: Partial<TicketClaims> & { v?: unknown };
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, IV_BYTES));
      decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
      const text = Buffer.concat([decipher.update(raw.subarray(IV_BYTES, raw.length - TAG_BYTES)), decipher.final()]).toString('utf8');
      claims = JSON.parse(text) as typeof claims;
    } catch {
      throw ticketRefused('not issued by this function (forged, altered, or another private key)');
    }
    const { openid, conversationId, streamId, expiresAt, nonce } = claims;
    if (claims.v !== VERSION || typeof openid !== 'string' || typeof conversationId !== 'string' || typeof streamId !== 'string' || typeof expiresAt !== 'number' || typeof nonce !== 'string') {
      throw ticketRefused('unknown ticket version');
    }
    if (this.now() >= expiresAt) throw ticketRefused('expired');
    if (streamId !== expect.streamId) throw ticketRefused('issued for another stream');
    if (conversationId !== expect.conversationId) throw ticketRefused('issued for another conversation');
    if (expect.openid !== undefined && expect.openid !== openid) throw ticketRefused('issued to another user');
    return { openid, conversationId, streamId, expiresAt, nonce };
  }
}

/** verify, then claim the ticket's single use in the shared ledger (within `deadline`): a replay is refused. */
export async function redeemTicket(
  tickets: StreamTickets,
  ledger: TicketLedger,
  ticket: unknown,
  expect: { conversationId: string; streamId: string; openid?: string },
  deadline: Deadline,
): Promise<TicketClaims> {
  const claims = tickets.verify(ticket, expect);
  if (!(await ledger.claimTicket(claims.nonce, claims.expiresAt, deadline))) throw ticketRefused('already used');
  return claims;
}
