/**
 * Shared test helpers for the Coze emulator: an emulator with a freshly generated app key, JWT signing with
 * node:crypto (so tests can forge every bad JWT), a raw node:http client and an SSE splitter.
 */
import { createHmac, randomBytes, sign } from 'crypto';
import * as http from 'http';
import { generateAppKeys, startEmulator, type CozeEmulator, type EmulatorOptions } from '../../../tools/coze-emulator';

/** An emulator plus the keys of its one registered app. */
export interface Harness {
  emulator: CozeEmulator;
  keys: ReturnType<typeof generateAppKeys>;
}

/** Generated once per test file: RSA key generation is the slow part. */
let cachedKeys: ReturnType<typeof generateAppKeys> | undefined;

/** Starts an emulator with one registered app. */
export async function harness(opts: EmulatorOptions = {}): Promise<Harness> {
  cachedKeys ??= generateAppKeys();
  const keys = cachedKeys;
  const emulator = await startEmulator({ ...opts, apps: [{ appId: keys.appId, keyId: keys.keyId, publicKeyPem: keys.publicKeyPem }, ...(opts.apps ?? [])] });
  return { emulator, keys };
}

const b64 = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64url');

/** Signs a JWT; `header`/`claims` override the good defaults so each test can break exactly one thing. */
export function signJwt(
  keys: { privateKeyPem: string; keyId: string; appId: string },
  claims: Record<string, unknown> = {},
  header: Record<string, unknown> = {},
  nowSeconds = Math.floor(Date.now() / 1000),
): string {
  const h = { alg: 'RS256', typ: 'JWT', kid: keys.keyId, ...header };
  const p = { iss: keys.appId, aud: 'api.coze.cn', iat: nowSeconds, exp: nowSeconds + 600, jti: randomBytes(32).toString('hex'), ...claims };
  const input = `${b64(h)}.${b64(p)}`;
  if (h.alg === 'none') return `${input}.`;
  if (h.alg === 'HS256') return `${input}.${createHmac('sha256', keys.privateKeyPem).update(input).digest('base64url')}`;
  return `${input}.${sign('RSA-SHA256', Buffer.from(input), keys.privateKeyPem).toString('base64url')}`;
}

/** A raw HTTP answer. */
export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  chunks: Buffer[];
  /** True when the connection broke before the body ended. */
  aborted: boolean;
  json<T = Record<string, unknown>>(): T;
}

/** Sends one request with node:http and collects the whole answer (also when the server drops the socket). */
export function request(
  baseUrl: string,
  method: string,
  path: string,
  opts: { token?: string; body?: unknown; raw?: Buffer; contentType?: string } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, baseUrl);
    const payload = opts.raw ?? (opts.body === undefined ? undefined : Buffer.from(JSON.stringify(opts.body)));
    const headers: Record<string, string> = {};
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    if (payload) {
      headers['content-type'] = opts.contentType ?? 'application/json';
      headers['content-length'] = String(payload.length);
    }
    const req = http.request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      let aborted = false;
      const finish = (): void => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, chunks, aborted, json: <T>() => JSON.parse(text) as T });
      };
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('aborted', () => {
        aborted = true;
      });
      res.on('error', () => {
        aborted = true;
        finish();
      });
      res.on('close', () => {
        if (!res.complete) aborted = true;
        finish();
      });
    });
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}

/** Exchanges a fresh JWT for an access token over raw HTTP. */
export async function token(h: Harness, sessionName?: string, durationSeconds?: number): Promise<string> {
  const jwt = signJwt(h.keys, sessionName === undefined ? {} : { session_name: sessionName });
  const res = await request(h.emulator.url, 'POST', '/api/permission/oauth2/token', {
    token: jwt,
    body: { grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', ...(durationSeconds ? { duration_seconds: durationSeconds } : {}) },
  });
  if (res.status !== 200) throw new Error(`token exchange failed: ${res.text}`);
  return res.json<{ access_token: string }>().access_token;
}

/** One parsed SSE event: name and raw data text. */
export interface SseEvent {
  event: string;
  data: string;
}

/** Splits an SSE body framed `event:X\ndata:Y\n\n` into events (strict: throws on any other framing). */
export function parseSse(text: string): SseEvent[] {
  const blocks = text.split('\n\n');
  const tail = blocks.pop();
  if (tail !== '') throw new Error(`SSE body does not end with a blank line: ${JSON.stringify(tail?.slice(0, 80))}`);
  return blocks.map((block) => {
    const m = /^event:([^\n]*)\ndata:([^\n]*)$/.exec(block);
    if (!m) throw new Error(`bad SSE framing: ${JSON.stringify(block.slice(0, 120))}`);
    return { event: m[1], data: m[2] };
  });
}

/** A user chat body for /v3/chat. */
export function chatBody(botId: string, text: string, stream = true, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { bot_id: botId, user_id: 'u-1', stream, additional_messages: [{ role: 'user', content: text, content_type: 'text' }], ...extra };
}
