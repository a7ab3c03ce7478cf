/**
 * Load benchmark of the built `coze` function through the local dev server (tools/dev-server) against the
 * Coze emulator: concurrent chats (throughput, p50/p99 latency, errors) and many distinct users through the
 * bounded token cache (heap before/after). Prints numbers; asserts nothing about time.
 *
 *   npx tsx --expose-gc scripts/load-test.ts [--concurrency 100] [--chats 300] [--users 5000] [--token-cache 1000]
 *
 * The emulator runs in a child process (`npm run emulator -- --port 0`), so the heap figures are the
 * function's (plus the dev server's), not the emulator's stored conversations and tokens.
 *
 * The jest test test/cloudfunctions/coze/load.e2e.test.ts reuses the drivers exported here.
 */
import { ChildProcess, spawn } from 'child_process';
import http from 'http';
import { createRequire } from 'module';
import path from 'path';
import type { Result } from '../miniprogram/shared/protocol';
import { createLocalCloud, loadFunctionModule, OPENID_HEADER, startDevServer } from '../tools/dev-server/index';

const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });
/** Longest wait for one call: the dev server's function timeout (60 s) plus a margin; a hung call fails the run instead of stalling it. */
export const REQUEST_TIMEOUT_MS = 70_000;

/** One `wx.cloud.callFunction` through the dev server's HTTP face, as a simulated user. */
export function postCall(baseUrl: string, openid: string, data: Record<string, unknown>): Promise<Result<unknown>> {
  const body = Buffer.from(JSON.stringify(data));
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${baseUrl}/__cloud/coze`,
      { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': body.length, [OPENID_HEADER]: openid } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if (res.statusCode !== 200) return reject(new Error(`dev server answered HTTP ${res.statusCode}: ${text.slice(0, 200)}`));
          resolve((JSON.parse(text) as { result: Result<unknown> }).result);
        });
        res.on('error', reject);
      },
    );
    req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(new Error(`no answer from the dev server within ${REQUEST_TIMEOUT_MS} ms: is it stuck? (see its log)`)));
    req.on('error', reject);
    req.end(body);
  });
}

/** What a load run measured. */
export interface LoadStats {
  requests: number;
  errors: Array<{ code: string; message: string }>;
  elapsedMs: number;
  latenciesMs: number[];
  maxInFlight: number;
}

/** The q-quantile (0…1) of sorted numbers. */
export function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

/** Runs `total` calls with at most `concurrency` in flight; `make(i)` gives the user and the event of call i. */
export async function runLoad(
  baseUrl: string,
  total: number,
  concurrency: number,
  make: (i: number) => { openid: string; data: Record<string, unknown> },
): Promise<LoadStats> {
  const stats: LoadStats = { requests: 0, errors: [], elapsedMs: 0, latenciesMs: [], maxInFlight: 0 };
  let next = 0;
  let inFlight = 0;
  const started = Date.now();
  const worker = async (): Promise<void> => {
    while (next < total) {
      const i = next;
      next += 1;
      const { openid, data } = make(i);
      inFlight += 1;
      stats.maxInFlight = Math.max(stats.maxInFlight, inFlight);
      const t0 = Date.now();
      try {
        const result = await postCall(baseUrl, openid, data);
        if (!result.ok) stats.errors.push({ code: result.error.code, message: result.error.message });
      } catch (error) {
        stats.errors.push({ code: 'TRANSPORT', message: error instanceof Error ? error.message : String(error) });
      } finally {
        inFlight -= 1;
      }
      stats.latenciesMs.push(Date.now() - t0);
      stats.requests += 1;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  stats.elapsedMs = Date.now() - started;
  stats.latenciesMs.sort((a, b) => a - b);
  return stats;
}

/** One line of numbers for a run. */
export function summary(name: string, stats: LoadStats): string {
  const perSecond = stats.requests / Math.max(stats.elapsedMs / 1000, 0.001);
  return `${name}: ${stats.requests} calls, ${stats.errors.length} errors, max ${stats.maxInFlight} in flight, ${perSecond.toFixed(1)} calls/s, p50 ${quantile(stats.latenciesMs, 0.5)} ms, p99 ${quantile(stats.latenciesMs, 0.99)} ms`;
}

function arg(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at >= 0 ? Number(process.argv[at + 1]) : fallback;
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive whole number`);
  return value;
}

function heapMb(): string {
  (globalThis as { gc?: () => void }).gc?.();
  return (process.memoryUsage().heapUsed / 1024 / 1024).toFixed(1);
}

/** Starts the emulator CLI in a child process and reads the settings it prints (a throwaway dev key). */
function startEmulatorProcess(): Promise<{ child: ChildProcess; env: Record<string, string> }> {
  const cli = path.join(__dirname, '..', 'tools', 'coze-emulator', 'cli.ts');
  const child = spawn(process.execPath, [createRequire(__filename).resolve('tsx/cli'), cli, '--port', '0', '--delay', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let text = '';
    child.on('exit', (code) => reject(new Error(`the emulator exited (${String(code)}) before it printed its settings`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
      if (!text.includes('COZE_BOT_ID=') || !text.endsWith('\n')) return;
      const env: Record<string, string> = {};
      for (const line of text.split('\n')) {
        const match = /^(COZE_[A-Z_]+)=(.*)$/.exec(line);
        if (match) env[match[1]] = match[2].replace(/^"|"$/g, '');
      }
      resolve({ child, env });
    });
  });
}

async function main(): Promise<void> {
  const concurrency = arg('concurrency', 100);
  const chats = arg('chats', 300);
  const users = arg('users', 5000);
  const tokenCache = arg('token-cache', 1000);
  const emulator = await startEmulatorProcess();
  Object.assign(process.env, {
    ...emulator.env,
    COZE_TOKEN_CACHE_SIZE: String(tokenCache),
    CHAT_DAILY_QUOTA: '0',
    CHAT_RATE_PER_MINUTE: '0',
  });
  // The function logs one JSON line per failure; keep the benchmark output to the numbers.
  console.log = () => undefined;
  console.warn = () => undefined;
  const fn = loadFunctionModule();
  const server = await startDevServer({ cloud: createLocalCloud(fn) });
  const out = (line: string): boolean => process.stdout.write(`${line}\n`);
  try {
    out(`emulator ${emulator.env.COZE_API_BASE} (child process), dev server ${server.url}, node ${process.version}, gc ${typeof (globalThis as { gc?: unknown }).gc === 'function' ? 'exposed' : 'not exposed (heap figures are noisy)'}`);
    const warm = await runLoad(server.url, concurrency, concurrency, (i) => ({ openid: `o_load_${i % concurrency}`, data: { action: 'conversation.list' } }));
    out(summary('warm-up (token exchange per user)', warm));
    const chat = await runLoad(server.url, chats, concurrency, (i) => ({ openid: `o_load_${i % concurrency}`, data: { action: 'chat.send', text: `压测问题 ${i}` } }));
    out(summary(`chat.send x${chats} at ${concurrency} concurrent`, chat));
    out(`heap before many users: ${heapMb()} MB`);
    const many = await runLoad(server.url, users, concurrency, (i) => ({ openid: `o_many_${i}`, data: { action: 'conversation.list' } }));
    out(summary(`${users} distinct users (token cache ${tokenCache})`, many));
    out(`heap after ${users} users: ${heapMb()} MB`);
    const again = await runLoad(server.url, users, concurrency, (i) => ({ openid: `o_many_${i}`, data: { action: 'conversation.list' } }));
    out(summary(`the same ${users} users again (evicted ones re-exchange)`, again));
    out(`heap after ${2 * users} calls: ${heapMb()} MB`);
  } finally {
    await server.stop();
    emulator.child.kill('SIGTERM');
    agent.destroy();
  }
}

if (process.argv[1]?.endsWith('load-test.ts')) {
  main().catch((error: unknown) => {
    process.stderr.write(`load test failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
