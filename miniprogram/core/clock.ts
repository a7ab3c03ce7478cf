/** Time and timers, injected so the controller and the setData adapter can be driven by a fake clock in tests. */

/** An opaque timer handle. */
export type TimerHandle = unknown;

/** The subset of time the chat needs; the real one wraps Date.now and setTimeout. */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

/** The runtime clock (works in the mini-program and in Node). */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as number),
};
