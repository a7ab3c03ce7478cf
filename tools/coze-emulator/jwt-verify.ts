/**
 * Verifies the OAuth JWT a client signs (coze-api.md §1.1) with node:crypto only, independent of the jose
 * library the cloud function uses, so a shared bug cannot make both sides agree on a wrong token.
 */
import { createPublicKey, verify } from 'crypto';

/** Audience the emulator answers for: it plays api.coze.cn. */
export const CN_AUDIENCE = 'api.coze.cn';
/** Audience of the international region, accepted only for apps registered under 'com'. */
export const COM_AUDIENCE = 'api.coze.com';
/** Allowed clock skew for `iat`, seconds. */
export const IAT_SKEW_SECONDS = 60;
/** Longest JWT lifetime (exp - iat) accepted; every official SDK stays at or under 3600 (UNCONFIRMED on the real service). */
export const MAX_JWT_LIFETIME_SECONDS = 3600;

/** Claims the emulator reads from a verified JWT. */
export interface JwtClaims {
  iss: string;
  aud: string;
  iat: number;
  exp: number;
  jti: string;
  session_name?: string;
}

/** The key a JWT header names; supplied by the caller's app registry. */
export interface JwtKey {
  appId: string;
  publicKeyPem: string;
  audience: string;
}

/** Outcome of verification: the claims, or a reason written for the developer who signed the JWT. */
export type JwtResult = { ok: true; claims: JwtClaims; kid: string } | { ok: false; reason: string };

function decodeJson(part: string): unknown {
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Checks a compact JWT: RS256 only, a known kid, signature, iss, aud, iat/exp and lifetime, jti present.
 * `lookupKey(kid)` returns the registered key; `nowSeconds` is the emulator clock.
 */
export function verifyJwt(token: string, lookupKey: (kid: string) => JwtKey | undefined, nowSeconds: number): JwtResult {
  const parts = token.split('.');
  if (parts.length !== 3) return { ok: false, reason: 'the bearer credential is not a compact JWT (header.payload.signature)' };
  const [h, p, s] = parts;
  const header = decodeJson(h);
  const payload = decodeJson(p);
  if (!isRecord(header) || !isRecord(payload)) return { ok: false, reason: 'JWT header or payload is not base64url JSON' };
  if (header.alg !== 'RS256') return { ok: false, reason: `JWT alg must be RS256, got ${String(header.alg)}; sign with the app's RSA private key` };
  if (header.typ !== 'JWT') return { ok: false, reason: `JWT header typ must be "JWT" (oauth_jwt.md: 固定为 JWT), got ${JSON.stringify(header.typ)}; set the header's typ to JWT` };
  if (typeof header.kid !== 'string' || header.kid === '') return { ok: false, reason: 'JWT header has no kid; set it to the public key fingerprint (COZE_JWT_OAUTH_PUBLIC_KEY_ID)' };
  const key = lookupKey(header.kid);
  if (!key) return { ok: false, reason: `unknown kid ${header.kid}; use the public key id shown for your OAuth app` };
  let good = false;
  try {
    good = verify('RSA-SHA256', Buffer.from(`${h}.${p}`), createPublicKey(key.publicKeyPem), Buffer.from(s, 'base64url'));
  } catch {
    good = false;
  }
  if (!good) return { ok: false, reason: 'JWT signature does not verify with the public key of this kid; the private key and key id do not match' };
  if (payload.iss !== key.appId) return { ok: false, reason: `JWT iss must be the OAuth app id ${key.appId}` };
  if (payload.aud !== key.audience) return { ok: false, reason: `JWT aud must be the host name ${key.audience} (not a URL)` };
  const { iat, exp, jti } = payload;
  if (typeof iat !== 'number' || typeof exp !== 'number') return { ok: false, reason: 'JWT iat and exp must be numbers (epoch seconds)' };
  if (exp <= iat) return { ok: false, reason: 'JWT exp must be later than iat' };
  if (exp <= nowSeconds) return { ok: false, reason: 'JWT has expired; sign a fresh one for every exchange' };
  if (iat > nowSeconds + IAT_SKEW_SECONDS) return { ok: false, reason: 'JWT iat is in the future; check the server clock' };
  if (exp - iat > MAX_JWT_LIFETIME_SECONDS) return { ok: false, reason: `JWT lifetime exp-iat over ${MAX_JWT_LIFETIME_SECONDS} s; use a shorter exp` };
  if (typeof jti !== 'string' || jti === '') return { ok: false, reason: 'JWT jti is missing; put a random string (≥ 32 bytes) in every JWT' };
  const sessionName = payload.session_name;
  if (sessionName !== undefined && typeof sessionName !== 'string') return { ok: false, reason: 'JWT session_name must be a string' };
  return { ok: true, kid: header.kid, claims: { iss: key.appId, aud: key.audience, iat, exp, jti, session_name: sessionName } };
}
