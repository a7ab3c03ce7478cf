/**
 * Turns each section's raw result into table rows with targets and pass/miss marks. The targets are the
 * ones issue 8 sets; each is written once here, next to the figure it judges.
 */
import { wholeRatio, type ColdStartResult } from './cold-start';
import type { ThroughputResult } from './emulator-throughput';
import { bytes, fine, ms, percent, times } from './format';
import type { MarkdownFigures } from './markdown-cost';
import { overheadAllowedMs, type RelayResult } from './relay-overhead';
import { info, judged, type Row } from './report';
import type { SetDataFigures } from './setdata-traffic';
import type { StreamWriteFigures } from './stream-writes';
import type { TokenReuseResult } from './token-reuse';
import type { StreamPathsResult } from './stream-paths';

/** Largest acceptable bundle, bytes (150 KiB). */
export const MAX_BUNDLE_BYTES = 150 * 1024;
/** Largest acceptable require time of the bundle's own code (wx-server-sdk preloaded) relative to require('@coze/api'). */
export const MAX_REQUIRE_RATIO = 0.2;
/**
 * Largest acceptable require time of the whole bundle relative to @coze/api + wx-server-sdk: what a function built
 * on the SDK loads, since it needs wx-server-sdk for the trusted openid just the same (issue 17 replaced the old
 * "whole bundle ≤ 0.2× of @coze/api", which no function that trusts WeChat's openid can meet).
 */
export const MAX_WHOLE_RATIO = 0.95;
/** Most setData calls per simulated second while streaming. */
export const MAX_SETDATA_PER_SECOND = 12;
/** Largest acceptable growth of bytes per call from 10 to 1,000 messages of history. */
export const MAX_HISTORY_GROWTH = 1.1;
/** Largest acceptable growth of bytes per call from the first to the last quarter of a stream. */
export const MAX_QUARTER_GROWTH = 1.5;
/** 4 KB → 16 KB is 4× the text: linear cost grows ~4×, quadratic ~16×; more than 8× counts as quadratic. */
export const MAX_MARKDOWN_SCALE = 8;
/** Most in-progress stream documents (live reasoning or text) per second of answer (issue 17). */
export const MAX_LIVE_WRITES_PER_SECOND = 1;
/** The whole run must fit in five minutes. */
export const MAX_RUN_SECONDS = 300;

/** Rows of one relay phase; `judge` false makes them context only. */
export function relayRows(r: RelayResult, judge: boolean): Row[] {
  const section = `1 relay: ${r.label}`;
  const row = (metric: string, relay: number, direct: number): Row => {
    const value = `relay ${ms(relay)} vs direct ${ms(direct)} (+${ms(relay - direct)}, ${times(relay / direct)})`;
    const allowed = overheadAllowedMs(direct);
    return judge ? judged(section, metric, value, `overhead ≤ ${ms(allowed)} (1 ms or 5 %)`, relay - direct <= allowed) : info(section, metric, value);
  };
  return [
    row(`first delta p50 (N=${r.turns})`, r.relayFirst.p50, r.directFirst.p50),
    info(section, 'first delta p99', `relay ${ms(r.relayFirst.p99)} vs direct ${ms(r.directFirst.p99)}; paired median +${ms(r.pairedFirstMs)}`),
    row(`turn total p50 (N=${r.turns})`, r.relayTotal.p50, r.directTotal.p50),
    info(section, 'turn total p99', `relay ${ms(r.relayTotal.p99)} vs direct ${ms(r.directTotal.p99)}; paired median +${ms(r.pairedTotalMs)}`),
    info(section, 'first text doc was the final doc', `${percent(r.firstTextWasFinal)} of turns; ${r.writesPerTurn.toFixed(1)} doc writes/turn`),
  ];
}

/** Rows of the stream-writes section; only the shipped default is judged, the other interval is context. */
export function streamWriteRows(figures: readonly StreamWriteFigures[]): Row[] {
  const rows: Row[] = [];
  for (const f of figures) {
    const s = `1b stream writes: CHAT_STREAM_WRITE_MS ${f.streamWriteMs}`;
    const value = `${f.liveWritesPerAnswerSecond.toFixed(2)} (${f.liveWrites} live writes in ${f.answerSeconds.toFixed(2)} s of answer; ${f.totalWrites} writes in all)`;
    const metric = 'live writes per answer-second';
    rows.push(
      f.streamWriteMs === 'default' ? judged(s, metric, value, `≤ ${MAX_LIVE_WRITES_PER_SECOND}`, f.liveWritesPerAnswerSecond <= MAX_LIVE_WRITES_PER_SECOND) : info(s, metric, value),
      info(s, 'first reasoning / first text written after chat.send', `${ms(f.firstReasoningMs)} / ${ms(f.firstTextMs)}`),
    );
  }
  return rows;
}

/** Rows of the token-reuse section. */
export function tokenRows(t: TokenReuseResult): Row[] {
  const s = '2 token reuse';
  return [
    judged(s, `exchanges for ${t.messages} messages of one user`, String(t.exchangesForMessages), '1', t.exchangesForMessages === 1),
    judged(s, `exchanges for ${t.concurrent} concurrent first messages`, String(t.exchangesForConcurrent), '1', t.exchangesForConcurrent === 1),
    info(s, `cold-cache sign + exchange (median of ${t.coldUsers} users)`, `${ms(t.exchangeCostMs)} (first call ${ms(t.coldCallMs)} − cached ${ms(t.warmCallMs)})`),
    info(s, 'RS256 sign alone / plain-client sign + exchange', `${ms(t.signMs)} / ${ms(t.directExchangeMs)}`),
  ];
}

/** Rows of the cold-start section. */
export function coldRows(c: ColdStartResult): Row[] {
  const s = '3 cold start';
  const rows: Row[] = [judged(s, 'bundle size', `${bytes(c.bundleBytes)} (gzip ${bytes(c.bundleGzipBytes)})`, `≤ ${bytes(MAX_BUNDLE_BYTES)}`, c.bundleBytes <= MAX_BUNDLE_BYTES)];
  for (const n of c.nodes) {
    const m = n.medians;
    const whole = m.bundle / m.sdk;
    const own = m.bundleOwn / m.sdk;
    rows.push(
      info(s, `${n.version} require bundle (with wx-server-sdk) vs @coze/api`, `${ms(m.bundle)} vs ${ms(m.sdk)} = ${times(whole)} (median of ${n.runs})`),
      judged(s, `${n.version} require bundle own code (wx-server-sdk preloaded)`, `${ms(m.bundleOwn)} = ${times(own)} of @coze/api`, `≤ ${times(MAX_REQUIRE_RATIO)}`, own <= MAX_REQUIRE_RATIO),
      info(s, `${n.version} require wx-server-sdk alone / @coze/api on top of it`, `${ms(m.wx)} / ${ms(m.sdkOwn)}`),
      judged(
        s,
        `${n.version} bundle vs @coze/api + wx-server-sdk (an SDK-based function needs both)`,
        `(${ms(m.wx)} + ${ms(m.bundleOwn)}) vs (${ms(m.wx)} + ${ms(m.sdkOwn)}) = ${times(wholeRatio(m))}; direct medians ${ms(m.bundle)} vs ${ms(m.sdkWithWx)} = ${times(m.bundle / m.sdkWithWx)}`,
        `≤ ${times(MAX_WHOLE_RATIO)}`,
        wholeRatio(m) <= MAX_WHOLE_RATIO,
      ),
    );
  }
  for (const missing of c.missing) {
    const version = /node-versions\/([\d.]+)\//.exec(missing)?.[1] ?? missing;
    rows.push(info(s, `Node ${version}`, 'not present (bash scripts/install-old-nodes.sh installs it)'));
  }
  return rows;
}

/** Rows of the setData section. */
export function setDataRows(figures: readonly SetDataFigures[]): Row[] {
  const s = '4 setData (4,000 chars, 1,000 deltas)';
  const rows: Row[] = [];
  for (const f of figures) {
    rows.push(
      judged(s, `history ${f.history}: calls/s`, `${f.callsPerSecond.toFixed(2)} (${f.calls} calls in ${f.simulatedSeconds.toFixed(2)} simulated s)`, `≤ ${MAX_SETDATA_PER_SECOND}`, f.callsPerSecond <= MAX_SETDATA_PER_SECOND),
      info(s, `history ${f.history}: bytes/call mean / max`, `${bytes(f.meanBytesPerCall)} / ${bytes(f.maxBytesPerCall)}`),
      info(s, `history ${f.history}: total vs final message`, `${bytes(f.totalBytes)} total; final message alone ${bytes(f.finalMessageBytes)} (${times(f.totalBytes / f.finalMessageBytes)})`),
      judged(s, `history ${f.history}: last/first quarter bytes/call`, times(f.lastOverFirstQuarter), `≤ ${times(MAX_QUARTER_GROWTH)}`, f.lastOverFirstQuarter <= MAX_QUARTER_GROWTH),
    );
  }
  const small = figures[0];
  const large = figures[figures.length - 1];
  const growth = large.meanBytesPerCall / small.meanBytesPerCall;
  rows.push(judged(s, `bytes/call history ${large.history} / ${small.history}`, times(growth), `≤ ${times(MAX_HISTORY_GROWTH)}`, growth <= MAX_HISTORY_GROWTH));
  return rows;
}

/** Rows of the markdown section. */
export function markdownRows(figures: readonly MarkdownFigures[]): Row[] {
  const s = '5 markdown';
  const rows: Row[] = [];
  for (const f of figures) {
    const kb = `${Math.round(f.chars / 1000)} K chars`;
    rows.push(
      info(s, `${kb}: per flush mean / max (${f.flushes} flushes)`, `${fine(f.meanPerFlushMs)} / ${fine(f.maxPerFlushMs)}`),
      info(s, `${kb}: streamed total vs once at end`, `${fine(f.streamedTotalMs)} vs ${fine(f.onceMs)} = ${times(f.streamedOverOnce)}; whole re-tokenize per flush would be ${fine(f.naiveTotalMs)}`),
      info(s, `${kb}: incremental blocks equal whole tokenize`, f.incrementalMatchesWhole ? 'yes' : 'NO'),
    );
  }
  const small = figures[0];
  const large = figures[figures.length - 1];
  const scale = large.streamedTotalMs / small.streamedTotalMs;
  rows.push(
    judged(s, `streamed total ${Math.round(large.chars / 1000)}K / ${Math.round(small.chars / 1000)}K`, `${times(scale)} (whole re-tokenize: ${times(large.naiveTotalMs / small.naiveTotalMs)})`, `≤ ${times(MAX_MARKDOWN_SCALE)} (linear 4×, quadratic 16×)`, scale <= MAX_MARKDOWN_SCALE),
  );
  return rows;
}

/** Rows of the throughput section. */
export function throughputRows(t: ThroughputResult): Row[] {
  return [info('6 emulator throughput', `streamed chats/s, concurrency ${t.concurrency} (median of ${t.rounds} × ${t.chatsPerRound})`, `${t.chatsPerSecond.toFixed(0)} chats/s; per chat ${ms(t.chatMs)} to done`)];
}

/** The row for the whole run's duration. */
export function durationRow(seconds: number): Row {
  return judged('run', 'npm run bench wall time', `${seconds.toFixed(1)} s`, `< ${MAX_RUN_SECONDS} s`, seconds < MAX_RUN_SECONDS);
}

/** Issue 21: what the HTTP road may add from Coze's first byte to the page's state, at p50. */
export const MAX_HTTP_ADDED_MS = 5;

const count = (value: number): string => String(Math.round(value * 100) / 100);

/** Rows of the two roads of live text (issue 21): delays judged on the HTTP road, the watch road beside it. */
export function streamPathRows(r: StreamPathsResult): Row[] {
  const section = `7 roads of live text (N=${r.chats} each)`;
  const delay = (metric: string, key: 'firstText' | 'lastText'): Row =>
    judged(section, `${metric} p50`, `HTTP ${ms(r.http[key].p50)} (p99 ${ms(r.http[key].p99)}); watch ${ms(r.watch[key].p50)} (p99 ${ms(r.watch[key].p99)})`, `HTTP ≤ ${ms(MAX_HTTP_ADDED_MS)}`, r.http[key].p50 <= MAX_HTTP_ADDED_MS);
  return [
    delay("first text (Coze's first text delta → page's first text)", 'firstText'),
    delay("last text (Coze's last byte → page holds the whole answer)", 'lastText'),
    judged(section, 'stream-document writes per answer', `HTTP ${count(r.http.streamDocWrites)}; watch ${count(r.watch.streamDocWrites)}`, 'HTTP 0', r.http.streamDocWrites === 0),
    info(section, 'all coze_streams writes per answer', `HTTP ${count(r.http.streamWrites)} (the ticket's single-use record); watch ${count(r.watch.streamWrites)} (claim + live text)`),
  ];
}
