/** Identity and the JWT, end to end: built bundle, real wx-server-sdk context, real jose, emulator over HTTP. */
import { decodeJwt, decodeProtectedHeader, importSPKI, jwtVerify } from 'jose';
import { expectError, expectOk, FunctionHarness, startFunctionHarness } from '../../helpers/function-harness';

let h: FunctionHarness;
beforeAll(async () => {
  h = await startFunctionHarness({ record: true });
});
afterAll(async () => {
  await h.stop();
});

test('no openid in the context answers UNAUTHENTICATED, whatever the event claims', async () => {
  const error = expectError(await h.callRaw(undefined, { action: 'bot.info', openid: 'o_forged', userInfo: { openId: 'o_forged' } }));
  expect(error.code).toBe('UNAUTHENTICATED');
  expect(error.message).toMatch(/[\u4e00-\u9fff]/);
  expect(h.emulator.stats.tokenExchanges).toBe(0);
});

test('the JWT is RS256 with kid, iss, aud api.coze.cn, iat, exp ≤ 1 h, a 64-hex jti and session_name = context openid', async () => {
  const before = h.recording?.jwts.length ?? 0;
  const result = await h.callRaw('o_real_user', {
    action: 'chat.send',
    text: '你好',
    openid: 'o_attacker',
    session_name: 'o_attacker',
    user_id: 'o_attacker',
    userInfo: { openId: 'o_attacker' },
  });
  expectOk(result);
  const jwts = h.recording?.jwts.slice(before) ?? [];
  expect(jwts).toHaveLength(1);
  const [jwt] = jwts;
  expect(decodeProtectedHeader(jwt)).toEqual({ alg: 'RS256', typ: 'JWT', kid: h.keys.keyId });
  const claims = decodeJwt(jwt);
  expect(claims).toEqual(
    expect.objectContaining({ iss: h.keys.appId, aud: 'api.coze.cn', session_name: 'o_real_user' }),
  );
  expect(claims.jti).toMatch(/^[0-9a-f]{64}$/);
  expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBeGreaterThan(0);
  expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBeLessThanOrEqual(3600);
  const verified = await jwtVerify(jwt, await importSPKI(h.keys.publicKeyPem, 'RS256'), { issuer: h.keys.appId, audience: 'api.coze.cn' });
  expect(verified.payload.session_name).toBe('o_real_user');
});

test('the chat is sent with user_id = context openid, never the event field', async () => {
  const chats = h.emulator.requests.filter((r) => r.path === '/v3/chat');
  const body = chats[chats.length - 1].body as { user_id: string; auto_save_history: boolean; stream: boolean; additional_messages: unknown[] };
  expect(body.user_id).toBe('o_real_user');
  expect(body.stream).toBe(true);
  expect(body.auto_save_history).toBe(true);
  expect(body.additional_messages).toEqual([{ role: 'user', content: '你好', content_type: 'text' }]);
});

test('the openid is read synchronously at entry: switching WX_OPENID right after the call does not leak', async () => {
  const first = h.callRaw('o_sync_a', { action: 'conversation.create', name: 'A 的会话' });
  process.env.WX_OPENID = 'o_sync_b';
  const second = h.callRaw('o_sync_b', { action: 'conversation.create', name: 'B 的会话' });
  const [a, b] = await Promise.all([first, second]);
  expectOk(a);
  expectOk(b);
  const listA = expectOk(await h.call('o_sync_a', { action: 'conversation.list' }));
  const listB = expectOk(await h.call('o_sync_b', { action: 'conversation.list' }));
  expect(listA.conversations.map((c) => c.name)).toEqual(['A 的会话']);
  expect(listB.conversations.map((c) => c.name)).toEqual(['B 的会话']);
});
