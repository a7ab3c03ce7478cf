/**
 * Per-user abuse limits: on chat.send a rate (messages per minute) and a daily quota (messages per
 * Beijing-time day); on every other action that reaches Coze a larger per-minute bucket. Each is off when 0. Over a limit the user is told when it resets.
 */
import { createHash } from 'crypto';
import { AppError } from '../errors';
import { log, userTag, withoutOpenid } from '../log';
import type { UsageStore } from './usage-store';
import type { Caller } from '../deadline';

/** The windows we count in: chat messages per minute and per day, and every other Coze-reaching call per minute. */
export type LimitWindow = 'minute' | 'day' | 'calls';

/** Limits of one configuration; 0 = off. */
export interface Limits {
  perMinute: number;
  perDay: number;
  /** Other actions that reach Coze, per minute (a separate, larger bucket). */
  callsPerMinute?: number;
}

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * 60 * 1000;
/** WeChat users are in China: the daily quota resets at 00:00 Beijing time (UTC+8). */
const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;
const SECOND_MS = 1000;
const KEY_HASH_HEX = 32;

/** The window a moment falls in: its number and when the next one starts (epoch ms). */
export function windowOf(window: LimitWindow, now: number): { bucket: number; resetAt: number } {
  if (window !== 'day') {
    const bucket = Math.floor(now / MINUTE_MS);
    return { bucket, resetAt: (bucket + 1) * MINUTE_MS };
  }
  const bucket = Math.floor((now + BEIJING_OFFSET_MS) / DAY_MS);
  return { bucket, resetAt: (bucket + 1) * DAY_MS - BEIJING_OFFSET_MS };
}

/** The counter key of a user in a window; a hash, so the database never holds the openid. */
export function usageKey(openid: string, window: LimitWindow, bucket: number): string {
  const user = createHash('sha256').update(`coze-weapp-usage:${openid}`).digest('hex').slice(0, KEY_HASH_HEX);
  return `${window}-${bucket}-${user}`;
}

/** Checks and counts one message per call of `admit`. */
export class UsageLimiter {
  constructor(private readonly store: UsageStore, private readonly limits: Limits, private readonly now: () => number = Date.now) {}

  /** Counts one message of the caller; throws RATE_LIMITED or QUOTA_EXCEEDED (with the reset time) when over a limit. */
  async admit(caller: Caller): Promise<void> {
    await this.count(caller, 'minute', this.limits.perMinute);
    await this.count(caller, 'day', this.limits.perDay);
  }

  /** Counts one call of another action that reaches Coze (reads, edits, cancel, transcribe); RATE_LIMITED when over. */
  async admitCall(caller: Caller): Promise<void> {
    await this.count(caller, 'calls', this.limits.callsPerMinute ?? 0);
  }

  private async count({ openid, deadline }: Caller, window: LimitWindow, limit: number): Promise<void> {
    if (limit <= 0) return;
    const now = this.now();
    const { bucket, resetAt } = windowOf(window, now);
    let count: number;
    try {
      count = await this.store.increment(usageKey(openid, window, bucket), resetAt, deadline);
    } catch (error) {
      // The counter is abuse protection, not billing: a database hiccup must not stop every chat.
      log.warn('limits.store_failed', {
        window,
        user: userTag(openid),
        reason: withoutOpenid(error instanceof Error ? error.message : String(error), openid),
        fix:
          error instanceof AppError && error.code === 'UPSTREAM'
            ? 'the coze_usage collection did not answer within the call; check the CloudBase database status (this call was not counted)'
            : 'create the coze_usage collection in the CloudBase console (rules: database-rules-usage.json); until then the limits are not enforced',
      });
      return;
    }
    if (count <= limit) return;
    if (window === 'day') throw quotaExceeded(limit, resetAt - now);
    throw window === 'minute' ? rateLimited(limit, resetAt - now) : callsLimited(limit, resetAt - now);
  }
}

function rateLimited(limit: number, waitMs: number): AppError {
  const seconds = Math.max(1, Math.ceil(waitMs / SECOND_MS));
  return new AppError('RATE_LIMITED', `CHAT_RATE_PER_MINUTE (${limit}) reached by this user; resets in ${seconds} s`, {
    userMessage: `发送太频繁了：每分钟最多 ${limit} 条，请 ${seconds} 秒后再试。`,
  });
}

function callsLimited(limit: number, waitMs: number): AppError {
  const seconds = Math.max(1, Math.ceil(waitMs / SECOND_MS));
  return new AppError('RATE_LIMITED', `CHAT_CALLS_PER_MINUTE (${limit}) reached by this user; resets in ${seconds} s`, {
    userMessage: `操作太频繁了：每分钟最多 ${limit} 次，请 ${seconds} 秒后再试。`,
  });
}

function quotaExceeded(limit: number, waitMs: number): AppError {
  const hours = Math.max(1, Math.ceil(waitMs / HOUR_MS));
  return new AppError('QUOTA_EXCEEDED', `CHAT_DAILY_QUOTA (${limit}) reached by this user; resets at 00:00 Beijing time, in about ${hours} h`, {
    userMessage: `今天的 ${limit} 条消息额度已用完，将在北京时间明天 00:00 恢复（约 ${hours} 小时后）。`,
  });
}
