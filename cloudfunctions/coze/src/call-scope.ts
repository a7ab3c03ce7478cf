/**
 * The time budget of the current call, carried through async code (AsyncLocalStorage, Node ≥ 16), so every
 * Coze request and every retry stays inside the function's own timeout without threading it through each call.
 */
import { AsyncLocalStorage } from 'async_hooks';
import { AppError } from './errors';

/** What one invocation of `main` knows about its time. */
export interface CallScope {
  /** Epoch ms after which no Coze call may still be waiting (startedAt + CHAT_DEADLINE_MS). */
  deadlineAt: number;
}

const storage = new AsyncLocalStorage<CallScope>();

/** Runs `work` with this scope visible to every request it makes. */
export function runInScope<T>(scope: CallScope, work: () => Promise<T>): Promise<T> {
  return storage.run(scope, work);
}

/** Milliseconds left in the current call (Infinity outside a call, e.g. in unit tests). */
export function remainingMs(now: number = Date.now()): number {
  const scope = storage.getStore();
  return scope ? scope.deadlineAt - now : Number.POSITIVE_INFINITY;
}

/** Throws UPSTREAM when the call's budget is spent, so nothing starts that could not finish in time. */
export function assertTimeLeft(what: string): void {
  if (remainingMs() <= 0) {
    throw new AppError('UPSTREAM', `${what}: the call's time budget (CHAT_DEADLINE_MS) is spent; the client may retry`, { userMessage: '处理超时，请稍后重试。' });
  }
}

/**
 * Races a WeChat call (msgSecCheck, downloadFile, database) against the call's remaining time, so a hung
 * service still lets `main` answer an envelope. `floorMs` gives small writes that must still happen at the
 * deadline (the final stream doc) a minimum. Outside a call (Infinity) the work is returned as is.
 */
export function withDeadline<T>(work: Promise<T>, what: string, floorMs = 0): Promise<T> {
  const budget = Math.max(remainingMs(), floorMs);
  if (!Number.isFinite(budget)) return work;
  return settleWithin(work, budget, () => new AppError('UPSTREAM', `${what} did not answer within the call's remaining time (${Math.max(0, Math.round(budget))} ms of CHAT_DEADLINE_MS); check the WeChat service status, the client may retry`, { userMessage: '处理超时，请稍后重试。' }));
}

/** Settles with `work`, or rejects with `timeout()` after `ms`: the one timer race of the function. */
export function settleWithin<T>(work: Promise<T>, ms: number, timeout: () => Error): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(timeout()), Math.max(0, ms));
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
