/** Per-user token cache through the built bundle: reuse, single-flight, re-exchange after 4100. */
import { expectError, expectOk, FunctionHarness, startFunctionHarness } from '../../helpers/function-harness';

let h: FunctionHarness;
beforeAll(async () => {
  h = await startFunctionHarness({ record: true });
});
afterAll(async () => {
  await h.stop();
});

test('100 sequential sends of one user need exactly one token exchange', async () => {
  const before = h.emulator.stats.tokenExchanges;
  const { conversation } = expectOk(await h.call('o_seq', { action: 'conversation.create' }));
  for (let i = 0; i < 100; i += 1) {
    expectOk(await h.call('o_seq', { action: 'chat.send', conversationId: conversation.id, text: `第 ${i} 条` }));
  }
  expect(h.emulator.stats.tokenExchanges - before).toBe(1);
});

test('20 concurrent first sends of one user share one exchange', async () => {
  const before = h.emulator.stats.tokenExchanges;
  const results = await Promise.all(Array.from({ length: 20 }, (_, i) => h.call('o_burst', { action: 'chat.send', text: `并发 ${i}` })));
  for (const result of results) expectOk(result);
  expect(h.emulator.stats.tokenExchanges - before).toBe(1);
});

test('different users get different tokens', async () => {
  const before = h.recording?.accessTokens.length ?? 0;
  expectOk(await h.call('o_tok_a', { action: 'bot.info' }));
  expectOk(await h.call('o_tok_b', { action: 'conversation.list' }));
  const fresh = h.recording?.accessTokens.slice(before) ?? [];
  expect(fresh).toHaveLength(2);
  expect(fresh[0]).not.toBe(fresh[1]);
});

test('after Coze revokes the tokens (4100) the call is retried once with a fresh token and succeeds', async () => {
  expectOk(await h.call('o_revoke', { action: 'conversation.list' }));
  const before = h.emulator.stats.tokenExchanges;
  h.emulator.revokeTokens();
  const result = await h.call('o_revoke', { action: 'chat.send', text: '令牌过期后' });
  expect(expectOk(result).status).toBe('completed');
  expect(h.emulator.stats.tokenExchanges - before).toBe(1);
});

test('a 4100 that persists after the retry answers COZE_AUTH, without looping', async () => {
  expectOk(await h.call('o_persist', { action: 'conversation.list' }));
  const before = h.emulator.stats.tokenExchanges;
  h.emulator.inject({ kind: 'token-invalid', times: 2 });
  const error = expectError(await h.call('o_persist', { action: 'conversation.list' }));
  expect(error.code).toBe('COZE_AUTH');
  expect(h.emulator.stats.tokenExchanges - before).toBe(1);
  h.emulator.clearFaults();
});

test.each(['invalid_client', 'access_deny', 'invalid_request'] as const)('token exchange error %s answers COZE_AUTH', async (code) => {
  h.emulator.inject({ kind: 'token-exchange-error', error_code: code });
  const error = expectError(await h.call(`o_exchange_${code}`, { action: 'conversation.list' }));
  expect(error.code).toBe('COZE_AUTH');
  expect(error.message).toMatch(/[\u4e00-\u9fff]/);
});

test('a wrong key id is rejected by the emulator and answers COZE_AUTH naming nothing secret', async () => {
  const saved = process.env.COZE_JWT_OAUTH_PUBLIC_KEY_ID;
  process.env.COZE_JWT_OAUTH_PUBLIC_KEY_ID = 'not-the-registered-kid';
  try {
    const error = expectError(await h.call('o_wrong_kid', { action: 'conversation.list' }));
    expect(error.code).toBe('COZE_AUTH');
  } finally {
    process.env.COZE_JWT_OAUTH_PUBLIC_KEY_ID = saved;
  }
});

test('HTTP 429 on the token exchange is retried (no COZE_AUTH); a persistent one answers RATE_LIMITED, retryable', async () => {
  const tokenCalls = (): number => h.emulator.requests.filter((r) => r.path === '/api/permission/oauth2/token').length;
  const before = tokenCalls();
  h.emulator.inject({ kind: 'http-429', path: '/api/permission/oauth2/token' });
  expectOk(await h.call('o_token_429', { action: 'conversation.list' }));
  expect(tokenCalls() - before).toBe(2);
  h.emulator.inject({ kind: 'http-429', path: '/api/permission/oauth2/token', times: 20 });
  const error = expectError(await h.call('o_token_429_again', { action: 'conversation.list' }));
  expect(error).toEqual(expect.objectContaining({ code: 'RATE_LIMITED', retryable: true }));
  h.emulator.clearFaults();
});
