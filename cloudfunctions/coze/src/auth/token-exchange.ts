/** Exchanges a signed JWT for a Coze access token (POST /api/permission/oauth2/token). */
import type { LoadedConfig } from '../config';
import { AppError, cozeError } from '../errors';
import { readBody, request } from '../coze/http';
import { num, obj, parseJson, str } from '../coze/json';
import { signJwt } from './jwt';
import type { Deadline } from '../deadline';

/** A per-user access token; `expiresAt` is epoch seconds (Coze's `expires_in` is ABSOLUTE). */
export interface AccessToken {
  token: string;
  expiresAt: number;
}

/** The OAuth path of the JWT flow. */
export const TOKEN_PATH = '/api/permission/oauth2/token';
const GRANT_TYPE = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const HTTP_OK_MAX = 299;
const HTTP_SERVER_ERROR = 500;
const HTTP_TOO_MANY = 429;

/** Signs a JWT for the openid and exchanges it within `deadline`; failures are COZE_AUTH (or UPSTREAM for network/5xx). */
export async function exchangeToken(config: LoadedConfig, openid: string, deadline: Deadline): Promise<AccessToken> {
  const jwt = await signJwt(config, openid);
  const res = await request(config.apiBase, {
    method: 'POST',
    path: TOKEN_PATH,
    json: { grant_type: GRANT_TYPE, duration_seconds: config.tokenTtlSeconds },
    bearer: jwt,
    timeoutMs: config.timeoutMs,
  }, deadline);
  const status = res.statusCode ?? 0;
  const logid = typeof res.headers['x-tt-logid'] === 'string' ? res.headers['x-tt-logid'] : undefined;
  const body = obj(parseJson((await readBody(res)).toString('utf8')));
  const token = str(body, 'access_token');
  const expiresAt = num(body, 'expires_in');
  if (status <= HTTP_OK_MAX && token && expiresAt > 0) return { token, expiresAt };
  // 5xx and 429 go through the error factory: UPSTREAM / RATE_LIMITED, retryable, and retried by the caller's withRetry.
  if (status >= HTTP_SERVER_ERROR || status === HTTP_TOO_MANY) throw cozeError({ status, logid, msg: str(body, 'error_message'), endpoint: `POST ${TOKEN_PATH}` });
  const oauthCode = str(body, 'error_code') || str(body, 'error') || String(body.code ?? '');
  throw new AppError(
    'COZE_AUTH',
    `token exchange failed: HTTP ${status} ${oauthCode} ${JSON.stringify(str(body, 'error_message') || str(body, 'msg'))}. Check COZE_JWT_OAUTH_CLIENT_ID, COZE_JWT_OAUTH_PUBLIC_KEY_ID (the key fingerprint), the private key matching it, and COZE_API_BASE's region.`,
    { logid },
  );
}
