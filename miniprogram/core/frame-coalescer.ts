/**
 * Coalesces a burst of updates (touchmove fires far more often than a frame) into at most one per interval:
 * the first goes at once, the latest of the rest at the end of the interval. Each setData crosses from the
 * logic layer to the view, so an unthrottled drag floods the bridge and stutters.
 */
import { systemClock, type Clock, type TimerHandle } from './clock';

/** At most one drag update per this many ms (about two display frames at 60 Hz). */
export const DRAG_FRAME_MS = 32;

/** Applies the latest pushed value at most once per interval; the clock is injected so tests need no wall time. */
export class FrameCoalescer<T> {
  private latest: { value: T } | null = null;
  private timer: TimerHandle | null = null;
  private lastAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly apply: (value: T) => void,
    private readonly intervalMs: number = DRAG_FRAME_MS,
    private readonly clock: Clock = systemClock,
  ) {}

  /** Offers a new value: applied now if the interval has passed, else when it has (only the latest survives). */
  push(value: T): void {
    this.latest = { value };
    if (this.timer !== null) return;
    const wait = this.lastAt + this.intervalMs - this.clock.now();
    if (wait <= 0) return this.flush();
    this.timer = this.clock.setTimeout(() => {
      this.timer = null;
      this.flush();
    }, wait);
  }

  /** Drops a value still waiting (the drag ended and the caller applies its own final state). */
  cancel(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
    this.latest = null;
  }

  private flush(): void {
    const latest = this.latest;
    if (!latest) return;
    this.latest = null;
    this.lastAt = this.clock.now();
    this.apply(latest.value);
  }
}
