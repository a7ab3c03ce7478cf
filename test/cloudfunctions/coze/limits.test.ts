/**
 * Per-user rate limit and daily quota: window arithmetic and reset messages (source, injected clock), and
 * end to end through the bundle: in-process counting locally, and ONE count shared by two separately loaded
 * instances through the cloud database (fake) with TCB_ENV set, including the race to create the counter.
 */
import { UsageLimiter, usageKey, windowOf } from '../../../cloudfunctions/coze/src/limits/limiter';
import { MemoryUsageStore } from '../../../cloudfunctions/coze/src/limits/usage-store';
import { AppError } from '../../../cloudfunctions/coze/src/errors';
import { NO_DEADLINE } from '../../../cloudfunctions/coze/src/deadline';
import { callAs, expectError, expectOk, FunctionHarness, loadBundleCopy, startFunctionHarness } from '../../helpers/function-harness';
import { FakeDatabase } from '../../helpers/wx-cloud-fake';

const MINUTE = 60_000;
/** 2026-01-01 23:59:30 Beijing time = 15:59:30 UTC. */
const NEAR_MIDNIGHT_BEIJING = Date.UTC(2026, 0, 1, 15, 59, 30);
/** Callers outside any invocation: no deadline. */
const U1 = { openid: 'u1', deadline: NO_DEADLINE };
const U2 = { openid: 'u2', deadline: NO_DEADLINE };

async function rejection(p: Promise<unknown>): Promise<AppError> {
  const error = await p.then(() => undefined, (e: unknown) => e);
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

describe('limiter (source, injected clock)', () => {
  test('the daily window is the Beijing day: it resets at 16:00 UTC', () => {
    const { resetAt } = windowOf('day', NEAR_MIDNIGHT_BEIJING);
    expect(new Date(resetAt).toISOString()).toBe('2026-01-01T16:00:00.000Z');
    expect(windowOf('minute', 125_000)).toEqual({ bucket: 2, resetAt: 180_000 });
  });

  test('the counter key hashes the openid', () => {
    const key = usageKey('o_secret_openid', 'day', 20000);
    expect(key).toMatch(/^day-20000-[0-9a-f]{32}$/);
    expect(key).not.toContain('o_secret_openid');
  });

  test('over the rate: RATE_LIMITED saying when it resets; the next minute admits again', async () => {
    let now = 10 * MINUTE + 45_000;
    const limiter = new UsageLimiter(new MemoryUsageStore(() => now), { perMinute: 2, perDay: 0 }, () => now);
    await limiter.admit(U1);
    await limiter.admit(U1);
    const error = await rejection(limiter.admit(U1));
    expect(error.code).toBe('RATE_LIMITED');
    expect(error.userMessage).toContain('每分钟最多 2 条');
    expect(error.userMessage).toContain('15 秒后');
    expect(error.toApiError().retryable).toBe(true);
    await limiter.admit(U2);
    now += 15_000;
    await limiter.admit(U1);
  });

  test('over the daily quota: QUOTA_EXCEEDED naming 00:00 Beijing time; the next Beijing day admits again', async () => {
    let now = NEAR_MIDNIGHT_BEIJING;
    const limiter = new UsageLimiter(new MemoryUsageStore(() => now), { perMinute: 0, perDay: 3 }, () => now);
    for (let i = 0; i < 3; i += 1) await limiter.admit(U1);
    const error = await rejection(limiter.admit(U1));
    expect(error.code).toBe('QUOTA_EXCEEDED');
    expect(error.userMessage).toContain('今天的 3 条消息额度已用完');
    expect(error.userMessage).toContain('北京时间明天 00:00');
    expect(error.toApiError().retryable).toBe(false);
    now += MINUTE;
    await limiter.admit(U1);
  });

  test('0 turns both limits off', async () => {
    const limiter = new UsageLimiter(new MemoryUsageStore(), { perMinute: 0, perDay: 0 });
    expect.assertions(500);
    for (let i = 0; i < 500; i += 1) await expect(limiter.admit(U1)).resolves.toBeUndefined();
  });

  test('a failing counter store lets the message through (abuse protection, not billing)', async () => {
    const limiter = new UsageLimiter({ increment: () => Promise.reject(new Error('db down')) }, { perMinute: 1, perDay: 1 });
    const logs = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      await limiter.admit(U1);
      await limiter.admit(U1);
      expect(logs).toHaveBeenCalledWith(expect.stringContaining('limits.store_failed'));
    } finally {
      logs.mockRestore();
    }
  });
});

describe('limits through the bundle, in-process (no TCB_ENV)', () => {
  let h: FunctionHarness;
  beforeAll(async () => {
    h = await startFunctionHarness({ env: { CHAT_RATE_PER_MINUTE: '3', CHAT_DAILY_QUOTA: '1000' } });
  });
  afterAll(async () => {
    await h.stop();
  });

  test('the 4th message in a minute is RATE_LIMITED before Coze is called; other users are not affected', async () => {
    // All four must fall in one clock minute: start right after a minute boundary if one is near (a wait, not an assertion).
    const intoMinute = Date.now() % MINUTE;
    if (intoMinute > MINUTE - 10_000) await new Promise((resolve) => setTimeout(resolve, MINUTE - intoMinute + 50));
    for (let i = 0; i < 3; i += 1) expectOk(await h.call('o_limit_a', { action: 'chat.send', text: `第${i}条` }));
    const chats = h.emulator.stats.chats;
    const error = expectError(await h.call('o_limit_a', { action: 'chat.send', text: '第4条' }));
    expect(error).toEqual(expect.objectContaining({ code: 'RATE_LIMITED', retryable: true }));
    expect(error.message).toMatch(/每分钟最多 3 条，请 \d+ 秒后再试/);
    expect(h.emulator.stats.chats).toBe(chats);
    expectOk(await h.call('o_limit_b', { action: 'chat.send', text: '别人' }));
  });

  test('reads are not counted', async () => {
    for (let i = 0; i < 5; i += 1) expectOk(await h.call('o_limit_c', { action: 'conversation.list' }));
    expectOk(await h.call('o_limit_c', { action: 'chat.send', text: '还可以发' }));
  });
});

describe('limits shared by two instances through the cloud database (TCB_ENV set)', () => {
  let h: FunctionHarness;
  const db = new FakeDatabase();
  beforeAll(async () => {
    h = await startFunctionHarness({
      env: { TCB_ENV: 'env-limits-test', CHAT_RATE_PER_MINUTE: '0', CHAT_DAILY_QUOTA: '4', CHAT_CONTENT_CHECK: 'off' },
      cloud: { database: db },
    });
  });
  afterAll(async () => {
    await h.stop();
  });

  test('two separately loaded copies of the bundle count into one quota; the first message of both races to create the counter', async () => {
    const second = loadBundleCopy({ database: db });
    expect(second).not.toBe(h.bundle);
    const user = 'o_two_instances';
    // Both instances start the user's first message at once: both find no counter doc, one add() loses the race.
    const [a, b] = await Promise.all([
      callAs(h.bundle, user, { action: 'chat.send', text: '实例一' }),
      callAs(second, user, { action: 'chat.send', text: '实例二' }),
    ]);
    expectOk(a);
    expectOk(b);
    const counters = [...(db.collections.get('coze_usage')?.values() ?? [])];
    expect(counters).toEqual([expect.objectContaining({ count: 2 })]);
    expect(db.ops.filter((op) => op === 'coze_usage.add').length).toBe(2);
    expectOk(await callAs(second, user, { action: 'chat.send', text: '实例二再发' }));
    expectOk(await callAs(h.bundle, user, { action: 'chat.send', text: '实例一再发' }));
    const over = expectError(await callAs(second, user, { action: 'chat.send', text: '超出' }));
    expect(over.code).toBe('QUOTA_EXCEEDED');
    expect(over.message).toContain('今天的 4 条消息额度已用完');
    expect(expectError(await callAs(h.bundle, user, { action: 'chat.send', text: '超出' })).code).toBe('QUOTA_EXCEEDED');
    expect(JSON.stringify([...db.collections.get('coze_usage')!.keys()])).not.toContain(user);
  });
});
