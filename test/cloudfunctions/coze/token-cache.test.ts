import { TokenCache } from '../../../cloudfunctions/coze/src/auth/token-cache';
import type { AccessToken } from '../../../cloudfunctions/coze/src/auth/token-exchange';
import { NO_DEADLINE } from '../../../cloudfunctions/coze/src/deadline';

function setup(options: { max?: number; margin?: number } = {}) {
  let now = 1_000_000;
  const calls: string[] = [];
  const pending: Array<{ openid: string; resolve: (t: AccessToken) => void; reject: (e: Error) => void }> = [];
  const cache = new TokenCache(
    (openid) => {
      calls.push(openid);
      return new Promise<AccessToken>((resolve, reject) => pending.push({ openid, resolve, reject }));
    },
    { maxUsers: options.max ?? 100, marginSeconds: options.margin ?? 60, now: () => now },
  );
  const settle = (ttl = 3600) => {
    for (const p of pending.splice(0)) p.resolve({ token: `tok-${p.openid}-${calls.length}`, expiresAt: now + ttl });
  };
  return { cache, calls, pending, settle, advance: (s: number) => (now += s) };
}

test('a token is reused until the margin before its absolute expiry', async () => {
  const t = setup();
  const first = t.cache.get('u1', NO_DEADLINE);
  t.settle(3600);
  const token = await first;
  expect(await t.cache.get('u1', NO_DEADLINE)).toBe(token);
  t.advance(3600 - 61);
  expect(await t.cache.get('u1', NO_DEADLINE)).toBe(token);
  t.advance(2);
  const renewed = t.cache.get('u1', NO_DEADLINE);
  t.settle();
  expect(await renewed).not.toBe(token);
  expect(t.calls).toEqual(['u1', 'u1']);
});

test('concurrent requests of one user share one exchange (single-flight); users do not share', async () => {
  const t = setup();
  const many = Array.from({ length: 20 }, () => t.cache.get('u1', NO_DEADLINE));
  const other = t.cache.get('u2', NO_DEADLINE);
  expect(t.calls).toEqual(['u1', 'u2']);
  t.settle();
  const tokens = await Promise.all(many);
  expect(new Set(tokens).size).toBe(1);
  expect(await other).not.toBe(tokens[0]);
});

test('a failed exchange is not cached: the next call tries again', async () => {
  const t = setup();
  const failing = t.cache.get('u1', NO_DEADLINE);
  t.pending.splice(0)[0].reject(new Error('boom'));
  await expect(failing).rejects.toThrow('boom');
  const retry = t.cache.get('u1', NO_DEADLINE);
  t.settle();
  await expect(retry).resolves.toMatch(/^tok-u1/);
  expect(t.calls).toEqual(['u1', 'u1']);
});

test('invalidate drops only the rejected token', async () => {
  const t = setup();
  const p = t.cache.get('u1', NO_DEADLINE);
  t.settle();
  const token = await p;
  t.cache.invalidate('u1', 'some-older-token');
  expect(await t.cache.get('u1', NO_DEADLINE)).toBe(token);
  t.cache.invalidate('u1', token);
  const fresh = t.cache.get('u1', NO_DEADLINE);
  t.settle();
  expect(await fresh).not.toBe(token);
});

test('the cache is a bounded LRU', async () => {
  const t = setup({ max: 3 });
  for (const user of ['a', 'b', 'c', 'd', 'e']) {
    const p = t.cache.get(user, NO_DEADLINE);
    t.settle();
    await p;
  }
  expect(t.cache.size).toBe(3);
  const again = t.cache.get('a', NO_DEADLINE);
  t.settle();
  await again;
  expect(t.calls.filter((u) => u === 'a')).toHaveLength(2);
});
