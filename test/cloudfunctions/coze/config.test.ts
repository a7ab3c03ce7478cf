import { generateKeyPairSync } from 'crypto';
import { audienceFor, loadConfig } from '../../../cloudfunctions/coze/src/config';
import { AppError } from '../../../cloudfunctions/coze/src/errors';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PKCS8 = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const PKCS1 = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
const PUBLIC = publicKey.export({ type: 'spki', format: 'pem' }).toString();

function env(overrides: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  return {
    COZE_JWT_OAUTH_CLIENT_ID: '1100000001',
    COZE_JWT_OAUTH_PUBLIC_KEY_ID: 'kid-1',
    COZE_JWT_OAUTH_PRIVATE_KEY: PKCS8,
    COZE_BOT_ID: '7428933434510770212',
    ...overrides,
  };
}

function configError(overrides: Record<string, string | undefined>): AppError {
  try {
    loadConfig(env(overrides));
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a CONFIG error');
}

test('defaults apply and the base URL defaults to api.coze.cn', () => {
  const config = loadConfig(env());
  expect(config.apiBase.toString()).toBe('https://api.coze.cn/');
  expect(config.audience).toBe('api.coze.cn');
  expect(config.maxText).toBe(2000);
  expect(config.deadlineMs).toBe(55000);
  expect(config.streamWriteMs).toBe(1500);
  expect(config.tokenTtlSeconds).toBeGreaterThanOrEqual(7200);
  expect(config.tokenTtlSeconds).toBeLessThanOrEqual(86399);
});

test('the configuration is cached while the environment is unchanged and re-read when it changes', () => {
  const a = loadConfig(env());
  expect(loadConfig(env())).toBe(a);
  const b = loadConfig(env({ CHAT_MAX_TEXT: '10' }));
  expect(b).not.toBe(a);
  expect(b.maxText).toBe(10);
});

test.each([
  ['COZE_JWT_OAUTH_CLIENT_ID', undefined, /missing/],
  ['COZE_JWT_OAUTH_PUBLIC_KEY_ID', '  ', /missing/],
  ['COZE_BOT_ID', '7428933434510770.2', /digits/],
  ['COZE_API_BASE', 'ftp://api.coze.cn', /https?:\/\//],
  ['COZE_API_BASE', 'my-coze-host', /URL/],
  ['COZE_API_BASE', 'http://coze-host.example/v3/', /without a path, query or #: use http:\/\/coze-host\.example\./],
  ['COZE_API_BASE', 'https://api.coze.cn/?region=cn', /without a path/],
  ['COZE_API_BASE', 'https://user:pass-secret@api.coze.cn', /must not carry credentials/],
  ['COZE_TOKEN_TTL_SECONDS', '90000', /between/],
  ['CHAT_MAX_TEXT', 'lots', /whole number/],
  ['COZE_JWT_OAUTH_PRIVATE_KEY', 'not a key secret-xyz', /BEGIN PRIVATE KEY/],
])('%s=%j answers CONFIG naming the variable, without echoing the value', (name, value, problem) => {
  const error = configError({ [name]: value });
  expect(error.code).toBe('CONFIG');
  expect(error.detail).toContain(name);
  expect(error.detail).toMatch(problem);
  expect(error.toApiError().message).toContain(name);
  if (value && value.trim()) {
    expect(error.detail).not.toContain(value);
    expect(error.toApiError().message).not.toContain(value);
  }
});

test('a PEM pasted on one line with literal \\n is accepted', () => {
  expect(() => loadConfig(env({ COZE_JWT_OAUTH_PRIVATE_KEY: PKCS8.trim().replace(/\n/g, '\\n') }))).not.toThrow();
});

test('a PKCS#1 key is accepted and signs like the PKCS#8 one (same owner secret)', () => {
  const one = loadConfig(env({ COZE_JWT_OAUTH_PRIVATE_KEY: PKCS1 }));
  const eight = loadConfig(env({ COZE_JWT_OAUTH_PRIVATE_KEY: PKCS8, CHAT_MAX_TEXT: '11' }));
  expect(one.ownerSecret.equals(eight.ownerSecret)).toBe(true);
});

test('a public key pasted as the private key is explained', () => {
  const error = configError({ COZE_JWT_OAUTH_PRIVATE_KEY: PUBLIC });
  expect(error.detail).toMatch(/PUBLIC key.*PRIVATE key/);
  expect(error.detail).not.toContain(PUBLIC.split('\n')[1]);
});

test('a truncated PEM is reported as unreadable', () => {
  const lines = PKCS8.trim().split('\n');
  const broken = [lines[0], lines[1], lines[lines.length - 1]].join('\n');
  expect(configError({ COZE_JWT_OAUTH_PRIVATE_KEY: broken }).detail).toMatch(/could not be read/);
});

test('the JWT audience is the API host, or api.coze.cn for IPs and localhost (the emulator)', () => {
  expect(audienceFor(new URL('https://api.coze.com'))).toBe('api.coze.com');
  expect(audienceFor(new URL('http://127.0.0.1:4010'))).toBe('api.coze.cn');
  expect(audienceFor(new URL('http://localhost:4010'))).toBe('api.coze.cn');
  expect(audienceFor(new URL('http://[::1]:4010'))).toBe('api.coze.cn');
});
