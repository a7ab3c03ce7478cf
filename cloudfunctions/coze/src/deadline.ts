/**
 * The time budget of one invocation, passed down the call as a value: every Coze request, every retry wait and
 * every WeChat service call takes the Deadline of the call it serves. Not AsyncLocalStorage: once one is used,
 * Node (16–20) turns on promise hooks for the whole process, and every promise of every invocation in the
 * instance pays for the context (about 0.27 ms of a 3.5 ms relay turn, measured). A Deadline is immutable and
 * belongs to its invocation, so concurrent invocations in one instance (coze-http, 单实例多并发) keep their own.
 */
import { AppError } from './errors';

/** When an invocation's time is up; made once per invocation (index.ts, http-handler.ts) and never changed. */
export class Deadline {
  /** @param at Epoch ms after which nothing of the call may still be waiting (startedAt + CHAT_DEADLINE_MS). */
  constructor(readonly at: number) {
    Object.freeze(this);
  }

  /** Milliseconds left (Infinity for NO_DEADLINE). */
  remainingMs(now: number = Date.now()): number {
    return this.at - now;
  }

  /** Throws UPSTREAM when the budget is spent, so nothing starts that could not finish in time. */
  assertTimeLeft(what: string): void {
    if (this.remainingMs() <= 0) {
      throw new AppError('UPSTREAM', `${what}: the call's time budget (CHAT_DEADLINE_MS) is spent; the client may retry`, { userMessage: '处理超时，请稍后重试。' });
    }
  }

  /**
   * Races a WeChat call (msgSecCheck, downloadFile, database) against the remaining time, so a hung service still
   * lets the function answer an envelope. `floorMs` gives small writes that must still happen at the deadline (the
   * final stream doc) a minimum. Without a deadline the work is returned as is.
   */
  race<T>(work: Promise<T>, what: string, floorMs = 0): Promise<T> {
    const budget = Math.max(this.remainingMs(), floorMs);
    if (!Number.isFinite(budget)) return work;
    return settleWithin(work, budget, () => new AppError('UPSTREAM', `${what} did not answer within the call's remaining time (${Math.max(0, Math.round(budget))} ms of CHAT_DEADLINE_MS); check the WeChat service status, the client may retry`, { userMessage: '处理超时，请稍后重试。' }));
  }
}

/** No deadline, for code that runs outside an invocation (the doctor, unit tests): each wait keeps only its own timeout. */
export const NO_DEADLINE = new Deadline(Number.POSITIVE_INFINITY);

/** Whom a call works for and until when: what the Coze client, ownership, limits and content checks take. */
export interface Caller {
  readonly openid: string;
  readonly deadline: Deadline;
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
