/**
 * How long one call may run: CHAT_DEADLINE_MS, but never longer than the platform lets the function live.
 * CloudBase runs functions on Tencent SCF, whose context carries `time_limit_in_ms`; it is read when present
 * (unverified on CloudBase itself; the local dev server passes it), so a function timeout set lower than
 * CHAT_DEADLINE_MS still leaves time to answer an envelope.
 */

/** Time kept back from the platform limit for the answer (stream write, envelope, logs). */
export const PLATFORM_MARGIN_MS = 5000;
/** The smallest budget a call gets, however short the platform limit. */
export const MIN_BUDGET_MS = 1000;

/** The call's budget in ms: min(CHAT_DEADLINE_MS, time_limit_in_ms − margin), at least MIN_BUDGET_MS when the context limits it. */
export function callBudgetMs(deadlineMs: number, context: unknown): number {
  const limit = context !== null && typeof context === 'object' ? (context as { time_limit_in_ms?: unknown }).time_limit_in_ms : undefined;
  if (typeof limit !== 'number' || !Number.isFinite(limit) || limit <= 0) return deadlineMs;
  return Math.min(deadlineMs, Math.max(MIN_BUDGET_MS, limit - PLATFORM_MARGIN_MS));
}
