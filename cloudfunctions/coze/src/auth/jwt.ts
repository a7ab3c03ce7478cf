/** Signs the OAuth JWT that Coze exchanges for a per-user token; `session_name` = openid is what isolates users. */
import { randomBytes } from 'crypto';
import { SignJWT } from 'jose';
import type { LoadedConfig } from '../config';

const JTI_BYTES = 32;

/** The JWT for one user: RS256, kid, iss, aud, iat, exp, jti (random, single use), session_name. */
export function signJwt(config: LoadedConfig, openid: string, nowSeconds: number = Math.floor(Date.now() / 1000)): Promise<string> {
  return new SignJWT({ session_name: openid })
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: config.keyId })
    .setIssuer(config.clientId)
    .setAudience(config.audience)
    .setIssuedAt(nowSeconds)
    .setExpirationTime(nowSeconds + config.jwtTtlSeconds)
    .setJti(randomBytes(JTI_BYTES).toString('hex'))
    .sign(config.signingKey);
}
