/**
 * The emulator's OAuth side: registered apps, the JWT → access token exchange (coze-api.md §1.2–§1.4),
 * and resolving a business call's bearer token to its caller (app + session_name).
 */
import { verifyJwt, CN_AUDIENCE, COM_AUDIENCE } from './jwt-verify';
import { newAccessToken } from './ids';
import { CozeApiError } from './http-io';
import { ALL_PERMISSIONS, type AppRegistration, type Permission, type Region, type TokenErrorCode } from './types';

/** Grant type the token endpoint accepts, exactly. */
export const JWT_GRANT_TYPE = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
/** Token lifetime when the body has no duration_seconds. */
export const DEFAULT_TOKEN_SECONDS = 900;
/** Longest token lifetime (just under 24 h). */
export const MAX_TOKEN_SECONDS = 86399;

/** Who a business call acts as. */
export interface Caller {
  appId: string;
  sessionName: string;
  region: Region;
  permissions: ReadonlySet<string>;
}

interface IssuedToken {
  appId: string;
  sessionName: string;
  expiresAt: number;
}

/** Answer of the token endpoint: HTTP status and the unwrapped body. */
export interface TokenAnswer {
  status: number;
  body: Record<string, unknown>;
}

/** Builds the OAuth error body with all three keys clients read (`error`, `error_code`, `error_message`). */
export function tokenError(status: number, code: TokenErrorCode, message: string): TokenAnswer {
  return { status, body: { error: code, error_code: code, error_message: message } };
}

/** HTTP status the emulator uses for each OAuth error code (UNCONFIRMED on the real service). */
export const TOKEN_ERROR_STATUS: Record<TokenErrorCode, number> = {
  invalid_request: 400,
  invalid_client: 401,
  unsupported_grant_type: 400,
  access_deny: 403,
  internal_error: 500,
};

/** Apps, issued tokens and used jtis; one per emulator. */
export class AuthRegistry {
  private readonly apps = new Map<string, AppRegistration>();
  private readonly tokens = new Map<string, IssuedToken>();
  private readonly usedJtis = new Set<string>();

  constructor(private readonly nowMs: () => number) {}

  /** Adds or replaces an app (keyed by kid). */
  register(app: AppRegistration): void {
    for (const p of app.permissions ?? []) {
      if (!(ALL_PERMISSIONS as readonly string[]).includes(p)) {
        throw new Error(`unknown permission '${p}'; use one of ${ALL_PERMISSIONS.join(', ')}`);
      }
    }
    this.apps.set(app.keyId, app);
  }

  /** Forgets every issued token, like a restart of the real token service. */
  revokeAll(): void {
    this.tokens.clear();
  }

  private nowSeconds(): number {
    return Math.floor(this.nowMs() / 1000);
  }

  /** Handles POST /api/permission/oauth2/token: verify the JWT, check the body, issue a token. */
  exchange(authorization: string | undefined, body: unknown): TokenAnswer {
    const jwt = /^Bearer\s+(.+)$/i.exec(authorization ?? '')?.[1]?.trim();
    if (!jwt) return tokenError(401, 'invalid_client', 'missing Authorization: Bearer <signed JWT>');
    const fields = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
    if (fields.grant_type !== JWT_GRANT_TYPE) {
      return tokenError(400, 'unsupported_grant_type', `not supported grant type: ${String(fields.grant_type)}; use ${JWT_GRANT_TYPE}`);
    }
    const duration = fields.duration_seconds ?? DEFAULT_TOKEN_SECONDS;
    if (typeof duration !== 'number' || !Number.isInteger(duration) || duration <= 0 || duration > MAX_TOKEN_SECONDS) {
      return tokenError(400, 'invalid_request', `invalid request: duration_seconds must be an integer 1..${MAX_TOKEN_SECONDS}`);
    }
    const now = this.nowSeconds();
    const result = verifyJwt(
      jwt,
      (kid) => {
        const app = this.apps.get(kid);
        if (!app) return undefined;
        return { appId: app.appId, publicKeyPem: app.publicKeyPem, audience: (app.region ?? 'cn') === 'com' ? COM_AUDIENCE : CN_AUDIENCE };
      },
      now,
    );
    if (!result.ok) return tokenError(401, 'invalid_client', result.reason);
    if (this.usedJtis.has(result.claims.jti)) {
      return tokenError(401, 'invalid_client', 'JWT jti already used; every exchange needs a freshly signed JWT');
    }
    this.usedJtis.add(result.claims.jti);
    const token = newAccessToken();
    const expiresAt = now + duration;
    this.tokens.set(token, { appId: result.claims.iss, sessionName: result.claims.session_name ?? '', expiresAt });
    return { status: 200, body: { access_token: token, expires_in: expiresAt, token_type: 'Bearer' } };
  }

  /** Resolves a business call's Authorization header, or throws 4100 (missing/unknown/expired) / 4101 (region). */
  authenticate(authorization: string | undefined): Caller {
    const token = /^Bearer\s+(.+)$/i.exec(authorization ?? '')?.[1]?.trim();
    if (!token) throw new CozeApiError(4100, 'authentication is invalid: missing Authorization: Bearer <access token>');
    const issued = this.tokens.get(token);
    if (!issued) throw new CozeApiError(4100, 'authentication is invalid: unknown access token; exchange a new JWT for a token');
    if (issued.expiresAt <= this.nowSeconds()) {
      this.tokens.delete(token);
      throw new CozeApiError(4100, 'authentication is invalid: access token expired; exchange a new JWT before expires_in');
    }
    const app = [...this.apps.values()].find((a) => a.appId === issued.appId);
    if (!app) throw new CozeApiError(4100, 'authentication is invalid: the app of this token is no longer registered');
    const region = app.region ?? 'cn';
    if (region !== 'cn') {
      throw new CozeApiError(4101, 'The token you entered is incorrect. Please double-check and try again. (this app lives on api.coze.com; use that base URL)');
    }
    return { appId: app.appId, sessionName: issued.sessionName, region, permissions: new Set(app.permissions ?? ALL_PERMISSIONS) };
  }
}

/** Throws 4101 unless the caller's app holds every permission listed. */
export function requirePermission(caller: Caller, ...needed: Permission[]): void {
  const missing = needed.filter((p) => !caller.permissions.has(p));
  if (missing.length > 0) {
    throw new CozeApiError(4101, `no permission: the OAuth app lacks ${missing.join(', ')}; add it in the Coze console and re-authorize`);
  }
}
