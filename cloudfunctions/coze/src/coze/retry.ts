/**
 * Retries for IDEMPOTENT Coze calls only (reads, the token exchange): a 5xx, a 429 or a network error is
 * retried with exponential backoff and full jitter, never past the call's budget. A chat is never resent here:
 * /v3/chat may already have started a turn, and a blind resend would run it twice.
 */
import { AppError } from '../errors';
import type { Deadline } from '../deadline';

/** How often and how patiently to retry. */
export interface RetryPolicy {
  /** Retries after the first try (0 = none). */
  max: number;
  /** Upper bound of the first pause; doubles per retry. */
  baseMs: number;
  /** Random source in [0, 1), injectable for tests. */
  random?: () => number;
}

const HTTP_TOO_MANY = 429;
const HTTP_SERVER_ERROR = 500;

/** True for failures a retry can fix: network, 5xx, 429 (a Coze business error with HTTP 200 is not retried). */
export function isTransient(error: unknown): boolean {
  if (!(error instanceof AppError)) return false;
  if (error.transient) return true;
  const status = error.httpStatus;
  return status !== undefined && (status >= HTTP_SERVER_ERROR || status === HTTP_TOO_MANY);
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Runs `attempt`, retrying transient failures while the policy and the call's `deadline` allow. */
export async function withRetry<T>(policy: RetryPolicy, deadline: Deadline, attempt: () => Promise<T>): Promise<T> {
  const random = policy.random ?? Math.random;
  for (let tries = 0; ; tries += 1) {
    try {
      return await attempt();
    } catch (error) {
      if (tries >= policy.max || !isTransient(error)) throw error;
      const wait = Math.floor(random() * policy.baseMs * 2 ** tries);
      if (wait >= deadline.remainingMs()) throw error;
      await pause(wait);
    }
  }
}
