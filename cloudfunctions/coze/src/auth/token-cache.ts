/**
 * Per-openid access tokens: reused until shortly before expiry, one exchange in flight per user
 * (single-flight), bounded LRU so memory stays flat with many users.
 */
import { Lru } from '../lru';
import type { AccessToken } from './token-exchange';
import type { Deadline } from '../deadline';

/** Gets a fresh token for one openid within `deadline` (signs a JWT and calls Coze in production). */
export type Exchanger = (openid: string, deadline: Deadline) => Promise<AccessToken>;

/** Options of the cache; `now` is injectable so tests control time without waiting. */
export interface TokenCacheOptions {
  maxUsers: number;
  marginSeconds: number;
  now?: () => number;
}

/** The token cache; one per configuration. */
export class TokenCache {
  private readonly tokens: Lru<string, AccessToken>;
  private readonly inflight = new Map<string, Promise<AccessToken>>();
  private readonly now: () => number;
  /** Number of exchanges started, for diagnostics and tests. */
  exchanges = 0;

  constructor(private readonly exchange: Exchanger, private readonly options: TokenCacheOptions) {
    this.tokens = new Lru(options.maxUsers);
    this.now = options.now ?? (() => Math.floor(Date.now() / 1000));
  }

  /**
   * A valid token for the user: cached, joined in flight, or freshly exchanged within `deadline` (a call that joins
   * an exchange in flight waits for it under the deadline of the call that started it).
   */
  async get(openid: string, deadline: Deadline): Promise<string> {
    const cached = this.tokens.get(openid);
    if (cached && cached.expiresAt - this.options.marginSeconds > this.now()) return cached.token;
    let pending = this.inflight.get(openid);
    if (!pending) {
      this.exchanges += 1;
      pending = this.exchange(openid, deadline)
        .then((token) => {
          this.tokens.set(openid, token);
          return token;
        })
        .finally(() => this.inflight.delete(openid));
      this.inflight.set(openid, pending);
    }
    return (await pending).token;
  }

  /** Drops the token after Coze rejected it (4100), unless another request already replaced it. */
  invalidate(openid: string, token: string): void {
    if (this.tokens.get(openid)?.token === token) this.tokens.delete(openid);
  }

  /** Number of users with a cached token. */
  get size(): number {
    return this.tokens.size;
  }
}
