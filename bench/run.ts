/**
 * `npm run bench`: every figure of issue 8 measured side by side in ONE run, printed as a table with
 * targets and pass/miss marks and written to bench/results.json. `--write-md` also refreshes the generated
 * part of bench/RESULTS.md; `--quick` cuts repetitions for a smoke run (its numbers are not the sample).
 */
import { writeFileSync } from 'fs';
import path from 'path';
import { startFunctionHarness, type FunctionHarness } from '../test/helpers/function-harness';
import { measureColdStart } from './cold-start';
import { measureThroughput } from './emulator-throughput';
import { machineInfo } from './machine';
import { measureMarkdown } from './markdown-cost';
import { measureRelay } from './relay-overhead';
import { renderTable, type Row } from './report';
import { writeResultsMarkdown } from './results-md';
import { coldRows, durationRow, markdownRows, relayRows, setDataRows, streamPathRows, streamWriteRows, throughputRows, tokenRows } from './rows';
import { measureSetData } from './setdata-traffic';
import { elapsedMs } from './stats';
import { measureStreamWrites } from './stream-writes';
import { measureTokenReuse } from './token-reuse';
import { measureRoadLatency, measureRoadWrites, type StreamPathsResult } from './stream-paths';
import { FakeDatabase, FakeMsgSecCheck } from '../test/helpers/wx-cloud-fake';

const QUICK = process.argv.includes('--quick');
const WRITE_MD = process.argv.includes('--write-md');

/** Repetition counts; the full values are the ones the brief asks for (N ≥ 200, ≥ 7 fresh processes). */
const PLAN = QUICK
  ? { relayTurns: 20, relayWarmup: 3, pacedTurns: 3, messages: 1000, concurrent: 20, coldUsers: 5, coldRuns: 2, mdReps: 3, naiveReps: 1, chats: 100, rounds: 1, roadChats: 10, roadWrites: 3 }
  : { relayTurns: 200, relayWarmup: 20, pacedTurns: 15, messages: 1000, concurrent: 20, coldUsers: 15, coldRuns: 7, mdReps: 21, naiveReps: 5, chats: 400, rounds: 3, roadChats: 30, roadWrites: 5 };
/** A small fixed pause between deltas, so a turn lasts long enough for the stream throttle to show. */
const PACED_DELTA_MS = 3;
/** Pause between deltas and answer length of the stream-writes turns: a thinking turn of about 5 s. */
const WRITES_DELTA_MS = 10;
const WRITES_ANSWER_CHARS = 1200;
/** The write interval before issue 17, measured beside the shipped default. */
const PREVIOUS_STREAM_WRITE_MS = '250';
const HISTORIES = [10, 100, 1000] as const;
const MARKDOWN_SIZES = [4000, 16000] as const;
const THROUGHPUT_CONCURRENCY = 20;
/** Rate limit and quota off: the bench sends far more than one user may per minute. */
const UNLIMITED = { CHAT_RATE_PER_MINUTE: '0', CHAT_DAILY_QUOTA: '0' };

/** Seconds each section took, in results.json: tells where the five-minute budget goes. */
const sectionSeconds: Record<string, number> = {};
let sectionStart = process.hrtime.bigint();
let sectionName = '';

function step(name: string): void {
  const now = process.hrtime.bigint();
  if (sectionName) sectionSeconds[sectionName] = Math.round(elapsedMs(sectionStart, now) / 100) / 10;
  sectionName = name;
  sectionStart = now;
  if (name) process.stderr.write(`bench: ${name}…\n`);
}

async function withHarness<T>(deltaDelayMs: number, body: (h: FunctionHarness) => Promise<T>): Promise<T> {
  const h = await startFunctionHarness({ captureLogs: false, emulator: { deltaDelayMs }, env: UNLIMITED });
  try {
    return await body(h);
  } finally {
    await h.stop();
  }
}

/** Section 7 (issue 21): both roads of live text; latency in-process, database writes in cloud mode. */
async function streamPaths(): Promise<StreamPathsResult> {
  const latency = await withHarness(PACED_DELTA_MS, (h) => measureRoadLatency(h, PLAN.roadChats, 3));
  const db = new FakeDatabase();
  const h = await startFunctionHarness({ captureLogs: false, emulator: { deltaDelayMs: PACED_DELTA_MS }, env: { ...UNLIMITED, TCB_ENV: 'bench-cloud-mode' }, cloud: { database: db, secCheck: new FakeMsgSecCheck() } });
  try {
    const writes = await measureRoadWrites(h, db, PLAN.roadWrites);
    return { chats: PLAN.roadChats, watch: { ...latency.watch, ...writes.watch }, http: { ...latency.http, ...writes.http } };
  } finally {
    await h.stop();
  }
}

async function main(): Promise<void> {
  const started = process.hrtime.bigint();
  const machine = machineInfo();
  step('4 setData traffic');
  const setData = await measureSetData(HISTORIES);
  step('5 markdown cost');
  const markdown = measureMarkdown(MARKDOWN_SIZES, PLAN.mdReps, PLAN.naiveReps);
  step(`1 relay overhead (${PLAN.relayTurns} interleaved pairs per phase) and 2 token reuse`);
  const { shipped, unthrottled, tokens } = await withHarness(0, async (h) => ({
    shipped: await measureRelay(h, { label: 'shipped stream write interval, deltaDelayMs 0', turns: PLAN.relayTurns, warmup: PLAN.relayWarmup }),
    unthrottled: await measureRelay(h, { label: 'CHAT_STREAM_WRITE_MS=0, deltaDelayMs 0', streamWriteMs: '0', turns: PLAN.relayTurns, warmup: PLAN.relayWarmup }),
    tokens: await measureTokenReuse(h, { messages: PLAN.messages, concurrent: PLAN.concurrent, coldUsers: PLAN.coldUsers }),
  }));
  step(`1 relay overhead, paced stream (${PLAN.pacedTurns} pairs)`);
  const paced = await withHarness(PACED_DELTA_MS, (h) =>
    measureRelay(h, { label: `shipped, deltaDelayMs ${PACED_DELTA_MS}`, turns: PLAN.pacedTurns, warmup: 2 }),
  );
  step('1b stream writes per answer-second (two paced thinking turns)');
  const writes = await withHarness(WRITES_DELTA_MS, async (h) => [
    await measureStreamWrites(h, PREVIOUS_STREAM_WRITE_MS, WRITES_ANSWER_CHARS),
    await measureStreamWrites(h, undefined, WRITES_ANSWER_CHARS),
  ]);
  step(`7 roads of live text (${PLAN.roadChats} chats per road)`);
  const roads = await streamPaths();
  step('6 emulator throughput');
  const throughput = await measureThroughput({ concurrency: THROUGHPUT_CONCURRENCY, chats: PLAN.chats, rounds: PLAN.rounds });
  step(`3 cold start (${PLAN.coldRuns} fresh processes per probe and Node version)`);
  const cold = measureColdStart(PLAN.coldRuns);
  step('');
  const seconds = elapsedMs(started) / 1000;

  const rows: Row[] = [
    ...relayRows(shipped, true),
    ...relayRows(paced, true),
    ...relayRows(unthrottled, false),
    ...streamWriteRows(writes),
    ...tokenRows(tokens),
    ...coldRows(cold),
    ...setDataRows(setData),
    ...markdownRows(markdown),
    ...throughputRows(throughput),
    ...streamPathRows(roads),
    durationRow(seconds),
  ];
  console.log(renderTable(rows));
  const results = { quick: QUICK, machine, seconds, sectionSeconds, plan: PLAN, relay: { shipped, paced, unthrottled }, writes, tokens, cold, setData, markdown, throughput, roads, rows };
  writeFileSync(path.join(__dirname, 'results.json'), JSON.stringify(results, null, 2) + '\n');
  console.log(`\nseconds per section: ${Object.entries(sectionSeconds).map(([k, v]) => `${k.split(' (')[0]} ${v}`).join(', ')}`);
  console.log(`wrote bench/results.json${QUICK ? ' (quick run: fewer repetitions)' : ''}`);
  if (WRITE_MD) {
    writeResultsMarkdown(path.join(__dirname, 'RESULTS.md'), { machine, seconds, rows, quick: QUICK });
    console.log('updated the generated part of bench/RESULTS.md');
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`bench failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    process.exit(1);
  },
);
