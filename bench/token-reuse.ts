/**
 * Token reuse: how many JWT exchanges the function makes for many messages of one user and for a burst
 * of concurrent first messages (from the emulator's own counter), and what one exchange costs on a cold
 * cache (a fresh user's first call minus the same call once the token is cached).
 */
import { randomBytes } from 'crypto';
import { callAs, type FunctionHarness } from '../test/helpers/function-harness';
import { directToken, signUserJwt } from './direct-token';
import { elapsedMs, median } from './stats';

/** What the section measured. */
export interface TokenReuseResult {
  messages: number;
  exchangesForMessages: number;
  concurrent: number;
  exchangesForConcurrent: number;
  coldUsers: number;
  /** Median time of a cheap call (conversation.list) by a user with no cached token. */
  coldCallMs: number;
  /** Median time of the same call right after, token cached. */
  warmCallMs: number;
  /** coldCallMs - warmCallMs: sign + exchange as the function pays it. */
  exchangeCostMs: number;
  /** Median RS256 sign alone (jose, 2048-bit key), for context. */
  signMs: number;
  /** Median sign + exchange by a plain client, for context. */
  directExchangeMs: number;
}

function user(prefix: string): string {
  return `${prefix}-${randomBytes(6).toString('hex')}`;
}

async function ok(h: FunctionHarness, openid: string, event: Record<string, unknown>): Promise<unknown> {
  const result = await callAs(h.bundle, openid, event);
  if (!result.ok) throw new Error(`${String(event.action)} failed: ${result.error.code} ${result.error.message}`);
  return result.data;
}

/** Runs the three measurements on one harness (rate limits must be off: CHAT_RATE_PER_MINUTE=0, CHAT_DAILY_QUOTA=0). */
export async function measureTokenReuse(h: FunctionHarness, opts: { messages: number; concurrent: number; coldUsers: number }): Promise<TokenReuseResult> {
  const stats = h.emulator.stats;

  const steady = user('bench-steady');
  let before = stats.tokenExchanges;
  const { conversation } = (await ok(h, steady, { action: 'conversation.create' })) as { conversation: { id: string } };
  for (let i = 0; i < opts.messages; i++) await ok(h, steady, { action: 'chat.send', conversationId: conversation.id, text: `第 ${i} 条` });
  const exchangesForMessages = stats.tokenExchanges - before;

  const burst = user('bench-burst');
  before = stats.tokenExchanges;
  await Promise.all(Array.from({ length: opts.concurrent }, (_, i) => ok(h, burst, { action: 'chat.send', text: `并发第 ${i} 条` })));
  const exchangesForConcurrent = stats.tokenExchanges - before;

  const cold: number[] = [];
  const warm: number[] = [];
  const sign: number[] = [];
  const direct: number[] = [];
  for (let i = 0; i < opts.coldUsers; i++) {
    const openid = user('bench-cold');
    let start = process.hrtime.bigint();
    await ok(h, openid, { action: 'conversation.list' });
    cold.push(elapsedMs(start));
    start = process.hrtime.bigint();
    await ok(h, openid, { action: 'conversation.list' });
    warm.push(elapsedMs(start));
    start = process.hrtime.bigint();
    await signUserJwt(h.keys, openid);
    sign.push(elapsedMs(start));
    start = process.hrtime.bigint();
    await directToken(h.emulator.url, h.keys, openid);
    direct.push(elapsedMs(start));
  }
  return {
    messages: opts.messages,
    exchangesForMessages,
    concurrent: opts.concurrent,
    exchangesForConcurrent,
    coldUsers: opts.coldUsers,
    coldCallMs: median(cold),
    warmCallMs: median(warm),
    exchangeCostMs: median(cold) - median(warm),
    signMs: median(sign),
    directExchangeMs: median(direct),
  };
}
