/**
 * Issue 21: the same chats through both roads of live text, locally. Latency: the REAL client transport
 * (CloudTransport) over the wx fake — the watch road reads the in-process stream channel (shipped
 * CHAT_STREAM_WRITE_MS), the HTTP road a real HTTP request to the bundle's handler, chunked. First text: from
 * the first byte of Coze's first text delta to the page's first text; last text: from Coze's last byte to the page
 * holding the whole answer (a pass-through proxy in front of the emulator sees Coze's bytes). What a road adds. Database writes: the same chats in cloud mode (TCB_ENV, the fake cloud database), counting writes
 * to `coze_streams` per answer.
 */
import * as http from 'http';
import type { AddressInfo } from 'net';
import { callAs, type FunctionHarness } from '../test/helpers/function-harness';
import { postChat, startHttpFunction, type HttpHandler } from '../test/helpers/http-function';
import { createWxFake, installWxFake } from '../test/helpers/wx-fake';
import type { FakeDatabase } from '../test/helpers/wx-cloud-fake';
import { CloudTransport } from '../miniprogram/services/cloud-transport';
import { StreamPathChooser, type PathStorage } from '../miniprogram/services/stream-path';
import { type ChatResult, type Result, type StreamTicketGrant } from '../miniprogram/shared/protocol';
import { mean, median, percentile } from './stats';

const QUESTION = '基准测试：两条路上的同一个问题';

/** p50/p99 of one road. */
export interface RoadStats {
  p50: number;
  p99: number;
}

/** What one road measured. */
export interface RoadFigures {
  firstText: RoadStats;
  lastText: RoadStats;
  /** Writes to coze_streams per answer (claim + progress documents on the watch road; the ticket record on HTTP). */
  streamWrites: number;
  /** Of those, writes of stream documents (live text). */
  streamDocWrites: number;
}

/** Both roads side by side. */
export interface StreamPathsResult {
  chats: number;
  watch: RoadFigures;
  http: RoadFigures;
}

/** When Coze sent the first text delta and the last byte of the latest /v3/chat stream. */
interface CozeMarks {
  firstText: bigint;
  lastByte: bigint;
}

/** A pass-through proxy in front of the emulator that marks the /v3/chat stream's first text delta and last byte. */
async function markingProxy(target: string): Promise<{ url: string; marks: () => CozeMarks; stop(): Promise<void> }> {
  let marks: CozeMarks = { firstText: 0n, lastByte: 0n };
  const server = http.createServer((req, res) => {
    const upstream = http.request(new URL(req.url ?? '/', target), { method: req.method, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      const chat = req.method === 'POST' && (req.url ?? '').startsWith('/v3/chat?');
      let sawText = false;
      up.on('data', (chunk: Buffer) => {
        const now = process.hrtime.bigint();
        if (chat && !sawText && chunk.includes('conversation.message.delta')) {
          sawText = true;
          marks = { firstText: now, lastByte: now };
        }
        if (chat && sawText) marks.lastByte = now;
        res.write(chunk);
      });
      up.on('end', () => res.end());
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    marks: () => marks,
    stop: () => new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

function memoryStorage(): PathStorage {
  const map = new Map<string, unknown>();
  return { get: (k) => map.get(k), set: (k, v) => void map.set(k, v), remove: (k) => void map.delete(k) };
}

/** One chat through a transport: what the road added to Coze's first text and to Coze's last byte (ms). */
async function timedChat(transport: CloudTransport, conversationId: string, marks: () => CozeMarks): Promise<{ first: number; last: number }> {
  const seen: Array<{ at: bigint; text: string }> = [];
  const handle = transport.send({ conversationId, text: QUESTION }, (p) => seen.push({ at: process.hrtime.bigint(), text: p.text }));
  const result = await handle.result;
  const resultAt = process.hrtime.bigint();
  handle.close();
  if (!result.ok) throw new Error(`stream-paths chat failed: ${result.error.code} ${result.error.message}`);
  const answer = result.data.answer?.content ?? '';
  const coze = marks();
  const firstText = seen.find((s) => s.text !== '');
  const whole = seen.find((s) => s.text === answer);
  if (!firstText) throw new Error('no live text arrived: the comparison would be unfair');
  const lastAt = whole && whole.at < resultAt ? whole.at : resultAt;
  return { first: Number(firstText.at - coze.firstText) / 1e6, last: Number(lastAt - coze.lastByte) / 1e6 };
}

function stats(values: number[]): RoadStats {
  return { p50: median(values), p99: percentile(values, 0.99) };
}

/** Latency of both roads, interleaved (ABBA…), on a harness whose emulator streams with a small pause. */
export async function measureRoadLatency(h: FunctionHarness, chats: number, warmup: number): Promise<Record<'watch' | 'http', { firstText: RoadStats; lastText: RoadStats }>> {
  const proxy = await markingProxy(h.emulator.url);
  const savedBase = process.env.COZE_API_BASE;
  process.env.COZE_API_BASE = proxy.url;
  const server = await startHttpFunction((h.bundle as unknown as { handleHttp: HttpHandler }).handleHttp);
  const openid = 'bench-roads-user';
  const handler = (o: string, data: Record<string, unknown>) => callAs(h.bundle, o, data);
  const watchFake = createWxFake({ openid, callFunction: handler, watch: (id, o, l) => h.bundle.localStreams.watch(id, o, l) });
  const httpFake = installWxFake({ openid, callFunction: handler, httpFunctionUrl: server.url });
  try {
    const roads = {
      watch: new CloudTransport(watchFake.cloud, Math.random, new StreamPathChooser(watchFake.cloud, memoryStorage())),
      http: new CloudTransport(httpFake.cloud, Math.random, new StreamPathChooser(httpFake.cloud, memoryStorage())),
    };
    const created = await callAs(h.bundle, openid, { action: 'conversation.create' });
    if (!created.ok) throw new Error(`conversation.create failed: ${created.error.message}`);
    const conversationId = (created.data as { conversation: { id: string } }).conversation.id;
    const runs = { watch: [] as Array<{ first: number; last: number }>, http: [] as Array<{ first: number; last: number }> };
    for (let i = 0; i < warmup + chats; i++) {
      const order = i % 2 === 0 ? (['watch', 'http'] as const) : (['http', 'watch'] as const);
      for (const road of order) {
        const timing = await timedChat(roads[road], conversationId, proxy.marks);
        if (i >= warmup) runs[road].push(timing);
      }
    }
    const figures = (road: 'watch' | 'http') => ({ firstText: stats(runs[road].map((r) => r.first)), lastText: stats(runs[road].map((r) => r.last)) });
    return { watch: figures('watch'), http: figures('http') };
  } finally {
    httpFake.uninstall();
    if (savedBase === undefined) delete process.env.COZE_API_BASE;
    else process.env.COZE_API_BASE = savedBase;
    await server.stop();
    await proxy.stop();
  }
}

/** Writes to coze_streams per answer on both roads, on a harness in cloud mode with the fake database. */
export async function measureRoadWrites(h: FunctionHarness, db: FakeDatabase, chats: number): Promise<Record<'watch' | 'http', { streamWrites: number; streamDocWrites: number }>> {
  const server = await startHttpFunction((h.bundle as unknown as { handleHttp: HttpHandler }).handleHttp);
  const openid = 'bench-roads-writes';
  const writes = (from: number) => db.ops.slice(from).filter((op) => /^coze_streams\.(add|set|update)$/.test(op));
  try {
    const counts = { watch: [] as number[], http: [] as number[], watchDocs: [] as number[], httpDocs: [] as number[] };
    for (let i = 0; i < chats; i++) {
      const streamId = (i * 2 + 1).toString(16).padStart(32, 'e');
      let from = db.ops.length;
      const sent = (await callAs(h.bundle, openid, { action: 'chat.send', text: QUESTION, streamId })) as Result<ChatResult>;
      if (!sent.ok) throw new Error(`chat.send failed: ${sent.error.message}`);
      counts.watch.push(writes(from).length);
      counts.watchDocs.push(writes(from).filter((op) => op.endsWith('.set')).length);

      const httpStream = (i * 2 + 2).toString(16).padStart(32, 'e');
      from = db.ops.length;
      const grant = (await callAs(h.bundle, openid, { action: 'chat.ticket', streamId: httpStream })) as Result<StreamTicketGrant>;
      if (!grant.ok) throw new Error(`chat.ticket failed: ${grant.error.message}`);
      const chat = await postChat(server.url, { ticket: grant.data.ticket, text: QUESTION, streamId: httpStream });
      if (!chat.result?.ok) throw new Error('the HTTP chat failed');
      counts.http.push(writes(from).length);
      counts.httpDocs.push(writes(from).filter((op) => op.endsWith('.set')).length);
    }
    return {
      watch: { streamWrites: mean(counts.watch), streamDocWrites: mean(counts.watchDocs) },
      http: { streamWrites: mean(counts.http), streamDocWrites: mean(counts.httpDocs) },
    };
  } finally {
    await server.stop();
  }
}
