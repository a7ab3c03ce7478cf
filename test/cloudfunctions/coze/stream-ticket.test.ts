/**
 * Stream tickets (issue 21), unit level: the real StreamTickets with the in-process ledger. Forged, altered,
 * expired, replayed, other-user, other-conversation and other-stream tickets are refused; a valid one works once.
 */
import { randomBytes } from 'crypto';
import { redeemTicket, StreamTickets, TICKET_TTL_MS } from '../../../cloudfunctions/coze/src/stream/ticket';
import { MemoryStreamChannel } from '../../../cloudfunctions/coze/src/stream/channel';
import { AppError } from '../../../cloudfunctions/coze/src/errors';
import { NO_DEADLINE } from '../../../cloudfunctions/coze/src/deadline';

const KEY = randomBytes(32);
const ALICE = 'o_alice_ticket';
const STREAM = 'a'.repeat(32);
const expect_ = { conversationId: 'conv-1', streamId: STREAM };

async function refusal(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('UNAUTHENTICATED');
    expect((error as AppError).toApiError().message).not.toContain(ALICE);
    return (error as AppError).detail;
  }
  throw new Error('the ticket was accepted');
}

describe('stream tickets', () => {
  const START = Date.now();
  let now = START;
  const tickets = new StreamTickets(KEY, () => now);

  it('a valid ticket works once and yields its openid; the replay is refused', async () => {
    const ledger = new MemoryStreamChannel();
    const { ticket, expiresAt } = tickets.issue(ALICE, 'conv-1', STREAM);
    expect(expiresAt).toBe(now + TICKET_TTL_MS);
    expect(ticket).not.toContain(ALICE);
    expect(Buffer.from(ticket, 'base64url').toString('latin1')).not.toContain(ALICE);
    const claims = await redeemTicket(tickets, ledger, ticket, expect_, NO_DEADLINE);
    expect(claims).toMatchObject({ openid: ALICE, conversationId: 'conv-1', streamId: STREAM });
    expect(await refusal(() => redeemTicket(tickets, ledger, ticket, expect_, NO_DEADLINE))).toMatch(/already used/);
  });

  it('a replay is refused by another instance sharing the ledger too', async () => {
    const ledger = new MemoryStreamChannel();
    const other = new StreamTickets(KEY, () => now);
    const { ticket } = tickets.issue(ALICE, 'conv-1', STREAM);
    await redeemTicket(tickets, ledger, ticket, expect_, NO_DEADLINE);
    expect(await refusal(() => redeemTicket(other, ledger, ticket, expect_, NO_DEADLINE))).toMatch(/already used/);
  });

  it('forged tickets are refused: another key, a flipped byte, garbage, nothing', async () => {
    const ledger = new MemoryStreamChannel();
    const forger = new StreamTickets(randomBytes(32), () => now);
    expect(await refusal(() => redeemTicket(tickets, ledger, forger.issue(ALICE, 'conv-1', STREAM).ticket, expect_, NO_DEADLINE))).toMatch(/not issued/);
    const raw = Buffer.from(tickets.issue(ALICE, 'conv-1', STREAM).ticket, 'base64url');
    raw[20] ^= 1;
    expect(await refusal(() => redeemTicket(tickets, ledger, raw.toString('base64url'), expect_, NO_DEADLINE))).toMatch(/not issued/);
    expect(await refusal(() => redeemTicket(tickets, ledger, 'x'.repeat(64), expect_, NO_DEADLINE))).toMatch(/not issued|too short/);
    expect(await refusal(() => redeemTicket(tickets, ledger, undefined, expect_, NO_DEADLINE))).toMatch(/missing/);
    expect(await refusal(() => redeemTicket(tickets, ledger, { ticket: 'no' }, expect_, NO_DEADLINE))).toMatch(/missing/);
  });

  it('an expired ticket is refused', async () => {
    const ledger = new MemoryStreamChannel();
    const { ticket, expiresAt } = tickets.issue(ALICE, 'conv-1', STREAM);
    now = expiresAt;
    try {
      expect(await refusal(() => redeemTicket(tickets, ledger, ticket, expect_, NO_DEADLINE))).toMatch(/expired/);
    } finally {
      now = START;
    }
  });

  it('a ticket for another conversation, another stream or another user is refused', async () => {
    const ledger = new MemoryStreamChannel();
    const { ticket } = tickets.issue(ALICE, 'conv-1', STREAM);
    expect(await refusal(() => redeemTicket(tickets, ledger, ticket, { conversationId: 'conv-2', streamId: STREAM }, NO_DEADLINE))).toMatch(/another conversation/);
    expect(await refusal(() => redeemTicket(tickets, ledger, ticket, { conversationId: '', streamId: STREAM }, NO_DEADLINE))).toMatch(/another conversation/);
    expect(await refusal(() => redeemTicket(tickets, ledger, ticket, { conversationId: 'conv-1', streamId: 'b'.repeat(32) }, NO_DEADLINE))).toMatch(/another stream/);
    expect(await refusal(() => redeemTicket(tickets, ledger, ticket, { ...expect_, openid: 'o_bob_ticket' }, NO_DEADLINE))).toMatch(/another user/);
    // None of the refusals used it up: the genuine request still works, once.
    await expect(redeemTicket(tickets, ledger, ticket, { ...expect_, openid: ALICE }, NO_DEADLINE)).resolves.toMatchObject({ openid: ALICE });
  });
});
