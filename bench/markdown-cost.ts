/**
 * Markdown cost of a streamed answer: the app's incremental tokenizer (StreamingMarkdown, hiding half-typed
 * syntax in and re-lexing only the unfinished tail, exactly as the chat page uses it) on every flush, plus the final whole-text tokenize, against tokenizing once at the
 * end, for 4 KB and 16 KB answers. Re-tokenizing the whole prefix on each flush is shown for contrast.
 */
import { tokenize } from '../miniprogram/core/markdown';
import { StreamingMarkdown } from '../miniprogram/core/streaming-markdown';
import { FLUSH_INTERVAL_MS } from '../miniprogram/services/setdata-chat-state';
import { sampleAnswer } from '../test/helpers/stream-setdata';
import { elapsedMs, median } from './stats';

/** Characters per delta and time between deltas: 4,000 chars in 1,000 deltas, 20 ms apart (as in section 4). */
const CHARS_PER_DELTA = 4;
const DELTA_INTERVAL_MS = 20;

/** Figures for one answer size (medians over repetitions). */
export interface MarkdownFigures {
  chars: number;
  flushes: number;
  /** Whole answer tokenized once. */
  onceMs: number;
  /**
   * Sum over flushes of StreamingMarkdown.update, plus the final tokenize (what the app does). Each flush's
   * time is its median over the repetitions, so a stray GC pause or preemption in one repetition does not
   * land in the total.
   */
  streamedTotalMs: number;
  meanPerFlushMs: number;
  maxPerFlushMs: number;
  /** streamedTotalMs / onceMs. */
  streamedOverOnce: number;
  /** Sum over flushes of tokenize(whole prefix): the quadratic strategy the app avoids. */
  naiveTotalMs: number;
  /** The incremental blocks after the last flush equal tokenize(answer). */
  incrementalMatchesWhole: boolean;
}

function prefixes(answer: string, flushes: number): string[] {
  return Array.from({ length: flushes }, (_, k) => answer.slice(0, Math.round((answer.length * (k + 1)) / flushes)));
}

function timeOnce(answer: string): number {
  const start = process.hrtime.bigint();
  tokenize(answer);
  return elapsedMs(start);
}

function timeStreamed(steps: readonly string[]): number[] {
  const stream = new StreamingMarkdown();
  return steps.map((text) => {
    const start = process.hrtime.bigint();
    stream.update(text);
    return elapsedMs(start);
  });
}

function timeNaive(steps: readonly string[]): number {
  const start = process.hrtime.bigint();
  for (const text of steps) tokenize(text);
  return elapsedMs(start);
}

/** Measures every size `reps` times, interleaved, after one untimed warm-up of all sizes; medians per flush. */
export function measureMarkdown(sizes: readonly number[], reps: number, naiveReps: number): MarkdownFigures[] {
  const cases = sizes.map((chars) => {
    const answer = sampleAnswer(chars);
    // One flush per FLUSH_INTERVAL_MS of streaming, as the app's setData adapter does.
    const flushes = Math.round(((chars / CHARS_PER_DELTA) * DELTA_INTERVAL_MS) / FLUSH_INTERVAL_MS);
    return { chars, answer, flushes, steps: prefixes(answer, flushes) };
  });
  for (const c of cases) timeStreamed(c.steps);
  const samples = cases.map((c) => ({ once: [] as number[], perFlush: c.steps.map(() => [] as number[]), maxes: [] as number[] }));
  for (let r = 0; r < reps; r++) {
    cases.forEach((c, i) => {
      samples[i].once.push(timeOnce(c.answer));
      const perFlush = timeStreamed(c.steps);
      perFlush.forEach((t, k) => samples[i].perFlush[k].push(t));
      samples[i].maxes.push(Math.max(...perFlush));
    });
  }
  return cases.map((c, i) => {
    const once = median(samples[i].once);
    const total = samples[i].perFlush.reduce((sum, times) => sum + median(times), 0) + once;
    return {
      chars: c.chars,
      flushes: c.flushes,
      onceMs: once,
      streamedTotalMs: total,
      meanPerFlushMs: total / c.flushes,
      maxPerFlushMs: median(samples[i].maxes),
      streamedOverOnce: total / once,
      naiveTotalMs: median(Array.from({ length: naiveReps }, () => timeNaive(c.steps))),
      incrementalMatchesWhole: streamedMatchesWhole(c.answer, c.steps),
    };
  });
}

/** True when the incremental tokenizer's last output equals tokenizing the whole answer (a fair comparison). */
function streamedMatchesWhole(answer: string, steps: readonly string[]): boolean {
  const stream = new StreamingMarkdown();
  let last: unknown = [];
  for (const text of steps) last = stream.update(text);
  return JSON.stringify(last) === JSON.stringify(tokenize(answer));
}
