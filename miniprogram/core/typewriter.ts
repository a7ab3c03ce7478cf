/**
 * The typewriter: how much of a streamed text to show at a given time. Live text now arrives in sparse
 * snapshots (the function writes at most every CHAT_STREAM_WRITE_MS), so each newly arrived piece is revealed
 * evenly over the time the previous piece took to arrive (about the arrival rate, never faster), but over at
 * most `maxLagMs`, so the shown text is never more than a fraction of a second behind what has arrived. Pure:
 * the caller passes the clock's time, so tests drive it with a fake clock.
 */

/** Longest time a newly arrived piece takes to be fully shown. */
export const TYPEWRITER_MAX_LAG_MS = 800;

/** True when `code` is the first half of a UTF-16 surrogate pair (a cut there would split a character). */
function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** Reveals one growing text. */
export class Typewriter {
  private target = '';
  /** Characters shown at `fromAt`, the start of the current reveal. */
  private fromCount = 0;
  private fromAt = 0;
  /** When the current reveal ends (everything arrived is shown). */
  private untilAt = 0;
  private lastArrivalAt: number | null = null;
  private shown = 0;

  constructor(private readonly maxLagMs: number = TYPEWRITER_MAX_LAG_MS) {}

  /** A new snapshot of the whole text arrived at `now`. A text that does not extend the old one is shown whole. */
  arrive(text: string, now: number): void {
    if (text === this.target) return;
    const shownNow = this.count(now);
    if (!text.startsWith(this.target.slice(0, shownNow))) {
      // A rewrite (e.g. the authoritative final text differs): no typing over changed text.
      this.target = text;
      this.shown = text.length;
      this.fromCount = text.length;
      this.untilAt = now;
      this.lastArrivalAt = now;
      return;
    }
    const gap = this.lastArrivalAt === null ? this.maxLagMs : now - this.lastArrivalAt;
    this.lastArrivalAt = now;
    this.target = text;
    this.fromCount = Math.min(shownNow, text.length);
    this.fromAt = now;
    this.untilAt = now + Math.max(0, Math.min(gap, this.maxLagMs));
    this.shown = this.fromCount;
  }

  /** Shows everything that arrived at once (the user stopped the answer, or it was judged and replaced). */
  finish(): void {
    this.shown = this.target.length;
    this.fromCount = this.target.length;
    this.untilAt = this.fromAt;
  }

  /** The text to show at `now`: a prefix of what arrived, growing evenly, never shrinking. */
  reveal(now: number): string {
    return this.target.slice(0, this.count(now));
  }

  /** True when everything that arrived is shown at `now` (no more frames are needed until the next arrival). */
  caughtUp(now: number): boolean {
    return this.count(now) >= this.target.length;
  }

  /** The text that arrived so far. */
  arrived(): string {
    return this.target;
  }

  private count(now: number): number {
    const total = this.target.length;
    let n: number;
    if (now >= this.untilAt || this.fromCount >= total) n = total;
    else n = this.fromCount + Math.floor(((total - this.fromCount) * (now - this.fromAt)) / (this.untilAt - this.fromAt));
    if (n > 0 && n < total && isHighSurrogate(this.target.charCodeAt(n - 1))) n -= 1;
    this.shown = Math.max(this.shown, Math.min(n, total));
    return this.shown;
  }
}
