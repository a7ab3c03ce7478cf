/**
 * Relay overhead: the same scripted emulator bot, streamed through the built function's main() (warm
 * instance, cached token, streamId on the in-process channel) and directly over HTTP, interleaved so drift
 * hits both sides alike. First delta through the relay = first stream document that carries text.
 */
import { randomBytes } from 'crypto';
import { callAs, type FunctionHarness } from '../test/helpers/function-harness';
import type { ChatResult, Result, StreamDoc } from '../miniprogram/shared/protocol';
import { directConversation, directToken } from './direct-token';
import { streamChat } from './sse-client';
import { elapsedMs, median, percentile } from './stats';

/** One relay phase's settings. */
export interface RelayPhase {
  /** Label in the table. */
  label: string;
  /** CHAT_STREAM_WRITE_MS for this phase; undefined = the shipped default. */
  streamWriteMs?: string;
  turns: number;
  warmup: number;
}

/** p50/p99 of one side. */
export interface SideStats {
  p50: number;
  p99: number;
}

/** What one phase measured. */
export interface RelayResult {
  label: string;
  turns: number;
  streamWriteMs: string;
  relayFirst: SideStats;
  relayTotal: SideStats;
  directFirst: SideStats;
  directTotal: SideStats;
  /** Median of per-pair differences (relay - direct). */
  pairedFirstMs: number;
  pairedTotalMs: number;
  /** Share of relay turns whose first text-bearing document was already the final one. */
  firstTextWasFinal: number;
  /** Mean number of stream documents written per turn. */
  writesPerTurn: number;
}

const QUESTION = '基准测试：请回答同一个问题';
const STREAM_ID_BYTES = 16;

interface RelayTurn {
  firstMs: number;
  totalMs: number;
  answer: string;
  firstTextFinal: boolean;
  writes: number;
}

async function relayTurn(h: FunctionHarness, openid: string, conversationId: string): Promise<RelayTurn> {
  const streamId = randomBytes(STREAM_ID_BYTES).toString('hex');
  let firstMs = Number.NaN;
  let firstTextFinal = false;
  let writes = 0;
  const start = process.hrtime.bigint();
  const unwatch = h.bundle.localStreams.watch(streamId, openid, (doc: StreamDoc) => {
    writes += 1;
    if (Number.isNaN(firstMs) && doc.text) {
      firstMs = elapsedMs(start);
      firstTextFinal = doc.status !== 'in_progress';
    }
  });
  const result = (await callAs(h.bundle, openid, { action: 'chat.send', conversationId, text: QUESTION, streamId })) as Result<ChatResult>;
  const totalMs = elapsedMs(start);
  unwatch();
  if (!result.ok) throw new Error(`relay chat.send failed: ${result.error.code} ${result.error.message}`);
  return { firstMs, totalMs, answer: result.data.answer?.content ?? '', firstTextFinal, writes };
}

function side(values: number[]): SideStats {
  return { p50: median(values), p99: percentile(values, 0.99) };
}

/** Runs one phase: warm-up, then `turns` pairs, alternating which side goes first (ABBA…). */
export async function measureRelay(h: FunctionHarness, phase: RelayPhase): Promise<RelayResult> {
  const saved = process.env.CHAT_STREAM_WRITE_MS;
  if (phase.streamWriteMs === undefined) delete process.env.CHAT_STREAM_WRITE_MS;
  else process.env.CHAT_STREAM_WRITE_MS = phase.streamWriteMs;
  try {
    const openid = `bench-relay-${randomBytes(4).toString('hex')}`;
    const created = await callAs(h.bundle, openid, { action: 'conversation.create' });
    if (!created.ok) throw new Error(`conversation.create failed: ${created.error.message}`);
    const relayConversation = (created.data as { conversation: { id: string } }).conversation.id;
    const token = await directToken(h.emulator.url, h.keys, openid);
    const directConv = await directConversation(h.emulator.url, token, h.emulator.botId);
    const body = {
      bot_id: h.emulator.botId,
      user_id: openid,
      stream: true,
      auto_save_history: true,
      additional_messages: [{ role: 'user', content: QUESTION, content_type: 'text' }],
    };
    const direct = (): ReturnType<typeof streamChat> => streamChat(h.emulator.url, token, body, directConv);
    const relay = (): Promise<RelayTurn> => relayTurn(h, openid, relayConversation);
    for (let i = 0; i < phase.warmup; i++) {
      await relay();
      await direct();
    }
    const r: RelayTurn[] = [];
    const d: Array<Awaited<ReturnType<typeof streamChat>>> = [];
    for (let i = 0; i < phase.turns; i++) {
      if (i % 2 === 0) {
        r.push(await relay());
        d.push(await direct());
      } else {
        d.push(await direct());
        r.push(await relay());
      }
    }
    const mismatch = r.findIndex((turn, i) => turn.answer !== d[i].answer || Number.isNaN(turn.firstMs));
    if (mismatch >= 0) throw new Error(`relay and direct answers differ (or the relay wrote no text) at turn ${mismatch}: the comparison would be unfair`);
    return {
      label: phase.label,
      turns: phase.turns,
      streamWriteMs: phase.streamWriteMs ?? 'default',
      relayFirst: side(r.map((t) => t.firstMs)),
      relayTotal: side(r.map((t) => t.totalMs)),
      directFirst: side(d.map((t) => t.firstDeltaMs)),
      directTotal: side(d.map((t) => t.doneMs)),
      pairedFirstMs: median(r.map((t, i) => t.firstMs - d[i].firstDeltaMs)),
      pairedTotalMs: median(r.map((t, i) => t.totalMs - d[i].doneMs)),
      firstTextWasFinal: r.filter((t) => t.firstTextFinal).length / r.length,
      writesPerTurn: r.reduce((sum, t) => sum + t.writes, 0) / r.length,
    };
  } finally {
    if (saved === undefined) delete process.env.CHAT_STREAM_WRITE_MS;
    else process.env.CHAT_STREAM_WRITE_MS = saved;
  }
}

/** The brief's target: p50 overhead ≤ 1 ms or ≤ 5 %, whichever allows more. */
export function overheadAllowedMs(directP50: number): number {
  const ABSOLUTE_MS = 1;
  const RELATIVE = 0.05;
  return Math.max(ABSOLUTE_MS, directP50 * RELATIVE);
}
