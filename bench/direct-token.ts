/**
 * Gets a Coze access token for the benchmark's direct HTTP client the way any Coze client would: an RS256
 * JWT (session_name = openid) exchanged at the OAuth endpoint. The token stays in memory, never printed.
 */
import { randomBytes } from 'crypto';
import http from 'http';
import { importPKCS8, SignJWT } from 'jose';

/** The app credentials the emulator trusts (from generateAppKeys). */
export interface DirectApp {
  appId: string;
  keyId: string;
  privateKeyPem: string;
}

const TOKEN_PATH = '/api/permission/oauth2/token';
const AUDIENCE = 'api.coze.cn';
const JWT_TTL_SECONDS = 600;
const TOKEN_TTL_SECONDS = 21600;
const JTI_BYTES = 16;
/** Longest wait for a JSON answer before the bench gives up instead of hanging. */
const ANSWER_TIMEOUT_MS = 30_000;

/** Signs one single-use JWT for the openid. */
export async function signUserJwt(app: DirectApp, openid: string): Promise<string> {
  const key = await importPKCS8(app.privateKeyPem, 'RS256');
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ session_name: openid })
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: app.keyId })
    .setIssuer(app.appId)
    .setAudience(AUDIENCE)
    .setIssuedAt(now)
    .setExpirationTime(now + JWT_TTL_SECONDS)
    .setJti(randomBytes(JTI_BYTES).toString('hex'))
    .sign(key);
}

/** POSTs JSON and resolves with the parsed answer. */
export function postJson(baseUrl: string, path: string, bearer: string, body: unknown): Promise<Record<string, unknown>> {
  const payload = Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = http.request(
      new URL(path, baseUrl),
      { method: 'POST', headers: { Authorization: `Bearer ${bearer}`, 'Content-Type': 'application/json', 'Content-Length': payload.length } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          try {
            resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>);
          } catch (error) {
            reject(new Error(`${path} did not answer JSON (${String(error)}); is the emulator running at ${baseUrl}?`));
          }
        });
      },
    );
    req.setTimeout(ANSWER_TIMEOUT_MS, () => req.destroy(new Error(`${path} did not answer within ${ANSWER_TIMEOUT_MS} ms; is the emulator at ${baseUrl} running?`)));
    req.on('error', reject);
    req.end(payload);
  });
}

/** Exchanges a fresh JWT for the user's access token. */
export async function directToken(baseUrl: string, app: DirectApp, openid: string): Promise<string> {
  const jwt = await signUserJwt(app, openid);
  const body = await postJson(baseUrl, TOKEN_PATH, jwt, { grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', duration_seconds: TOKEN_TTL_SECONDS });
  const token = body.access_token;
  if (typeof token !== 'string') throw new Error(`token exchange failed (${String(body.error_code ?? body.code)}): check the app registered in the emulator`);
  return token;
}

/** Creates a conversation as that user and returns its id. */
export async function directConversation(baseUrl: string, token: string, botId: string): Promise<string> {
  const body = await postJson(baseUrl, '/v1/conversation/create', token, { bot_id: botId });
  const data = body.data as { id?: unknown } | undefined;
  if (typeof data?.id !== 'string') throw new Error(`conversation/create failed (code ${String(body.code)}): ${String(body.msg)}`);
  return data.id;
}
