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
