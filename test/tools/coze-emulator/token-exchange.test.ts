/**
 * The token endpoint verifies the OAuth JWT like Coze: every broken JWT is refused with a non-2xx OAuth error,
 * a jti works once, and issued tokens expire at their absolute expires_in.
 */
import { generateAppKeys } from '../../../tools/coze-emulator';
import { harness, request, signJwt, type Harness } from './helpers';

const GRANT = { grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer' };
const TOKEN_PATH = '/api/permission/oauth2/token';

describe('token exchange', () => {
  let clock = Date.now();
  let h: Harness;
  const now = (): number => Math.floor(clock / 1000);

  beforeAll(async () => {
    h = await harness({ now: () => clock });
  });
  afterAll(() => h.emulator.stop());

  const exchange = (jwt: string, body: Record<string, unknown> = GRANT, path = TOKEN_PATH) => request(h.emulator.url, 'POST', path, { token: jwt, body });

  it('issues an unwrapped token whose expires_in is absolute (default 900 s)', async () => {
    const res = await exchange(signJwt(h.keys, {}, {}, now()));
    expect(res.status).toBe(200);
    const body = res.json<{ access_token: string; expires_in: number; code?: number }>();
    expect(body.code).toBeUndefined();
    expect(body.access_token).toMatch(/^czs_/);
    expect(body.expires_in).toBe(now() + 900);
  });

  it('honours duration_seconds up to 86399 and refuses more', async () => {
    expect((await exchange(signJwt(h.keys, {}, {}, now()), { ...GRANT, duration_seconds: 86399 })).json().expires_in).toBe(now() + 86399);
    const over = await exchange(signJwt(h.keys, {}, {}, now()), { ...GRANT, duration_seconds: 86400 });
    expect(over.status).toBe(400);
    expect(over.json().error_code).toBe('invalid_request');
  });

  it('accepts the account-scoped path', async () => {
    expect((await exchange(signJwt(h.keys, {}, {}, now()), GRANT, '/api/permission/oauth2/account/123456/token')).status).toBe(200);
  });

  it('refuses a wrong grant_type with unsupported_grant_type', async () => {
    const res = await exchange(signJwt(h.keys, {}, {}, now()), { grant_type: 'client_credentials' });
    expect(res.status).toBe(400);
    expect(res.json()).toMatchObject({ error: 'unsupported_grant_type', error_code: 'unsupported_grant_type' });
  });

  const other = generateAppKeys();
  const badJwts: [string, () => string][] = [
    ['bad signature (other key)', () => signJwt({ ...h.keys, privateKeyPem: other.privateKeyPem }, {}, {}, now())],
    ['alg none', () => signJwt(h.keys, {}, { alg: 'none' }, now())],
    ['alg HS256', () => signJwt(h.keys, {}, { alg: 'HS256' }, now())],
    ['unknown kid', () => signJwt(h.keys, {}, { kid: 'no-such-kid' }, now())],
    ['wrong iss', () => signJwt(h.keys, { iss: '999' }, {}, now())],
    ['wrong aud (URL, not host)', () => signJwt(h.keys, { aud: 'https://api.coze.cn' }, {}, now())],
    ['expired', () => signJwt(h.keys, { iat: now() - 700, exp: now() - 100 }, {}, now())],
    ['exp <= iat', () => signJwt(h.keys, { iat: now(), exp: now() }, {}, now())],
    ['iat in the future', () => signJwt(h.keys, { iat: now() + 300, exp: now() + 900 }, {}, now())],
    ['lifetime over 3600 s', () => signJwt(h.keys, { iat: now(), exp: now() + 3601 }, {}, now())],
    ['missing jti', () => signJwt(h.keys, { jti: undefined }, {}, now())],
    ['typ other than JWT', () => signJwt(h.keys, {}, { typ: 'JWS' }, now())],
    ['no typ (oauth_jwt.md: typ 固定为 JWT, required)', () => signJwt(h.keys, {}, { typ: undefined }, now())],
  ];
  it.each(badJwts)('refuses %s with 401 invalid_client and all three error keys', async (_name, make) => {
    const res = await exchange(make());
    expect(res.status).toBe(401);
    const body = res.json<Record<string, string>>();
    expect(body.error).toBe('invalid_client');
    expect(body.error_code).toBe('invalid_client');
    expect(body.error_message.length).toBeGreaterThan(10);
    expect(body.access_token).toBeUndefined();
  });

  it('accepts a lifetime of exactly 3600 s (what every SDK signs)', async () => {
    expect((await exchange(signJwt(h.keys, { iat: now(), exp: now() + 3600 }, {}, now()))).status).toBe(200);
  });

  it('refuses a replayed jti', async () => {
    const jwt = signJwt(h.keys, {}, {}, now());
    expect((await exchange(jwt)).status).toBe(200);
    const replay = await exchange(jwt);
    expect(replay.status).toBe(401);
    expect(replay.json().error_message).toContain('jti');
  });

  it('an issued token stops working (4100) once the clock passes expires_in', async () => {
    const tok = (await exchange(signJwt(h.keys, {}, {}, now()), { ...GRANT, duration_seconds: 60 })).json<{ access_token: string }>().access_token;
    const path = `/v1/bots/${h.emulator.botId}`;
    expect((await request(h.emulator.url, 'GET', path, { token: tok })).json().code).toBe(0);
    clock += 61_000;
    const after = await request(h.emulator.url, 'GET', path, { token: tok });
    expect(after.status).toBe(200);
    expect(after.json()).toMatchObject({ code: 4100 });
  });

  it('revokeTokens() invalidates every token (4100)', async () => {
    const tok = (await exchange(signJwt(h.keys, {}, {}, now()))).json<{ access_token: string }>().access_token;
    h.emulator.revokeTokens();
    expect((await request(h.emulator.url, 'GET', `/v1/bots/${h.emulator.botId}`, { token: tok })).json().code).toBe(4100);
  });

  it('missing or unknown bearer token on a business call → 4100 with X-Tt-Logid', async () => {
    const none = await request(h.emulator.url, 'GET', `/v1/bots/${h.emulator.botId}`);
    expect(none.json().code).toBe(4100);
    expect(none.headers['x-tt-logid']).toBe(none.json<{ detail: { logid: string } }>().detail.logid);
    expect((await request(h.emulator.url, 'GET', `/v1/bots/${h.emulator.botId}`, { token: 'czs_nope' })).json().code).toBe(4100);
  });

  it('counts successful exchanges in stats and redacts the bearer in requests', () => {
    expect(h.emulator.stats.tokenExchanges).toBeGreaterThan(3);
    const seen = h.emulator.requests.filter((r) => r.path === TOKEN_PATH);
    expect(seen.every((r) => r.headers.authorization === 'Bearer …')).toBe(true);
  });
});

describe('cross-region app (registered under com)', () => {
  it('refuses aud api.coze.cn at exchange, and a com token gets 4101 on business calls here', async () => {
    const h = await harness();
    const com = generateAppKeys();
    h.emulator.registerApp({ appId: com.appId, keyId: com.keyId, publicKeyPem: com.publicKeyPem, region: 'com' });
    try {
      const cn = await request(h.emulator.url, 'POST', TOKEN_PATH, { token: signJwt(com), body: GRANT });
      expect(cn.status).toBe(401);
      expect(cn.json().error_message).toContain('api.coze.com');
      const ok = await request(h.emulator.url, 'POST', TOKEN_PATH, { token: signJwt(com, { aud: 'api.coze.com' }), body: GRANT });
      const tok = ok.json<{ access_token: string }>().access_token;
      const res = await request(h.emulator.url, 'GET', `/v1/bots/${h.emulator.botId}`, { token: tok });
      expect(res.json()).toMatchObject({ code: 4101 });
      expect(res.json().msg).toContain('The token you entered is incorrect');
    } finally {
      await h.emulator.stop();
    }
  });
});
