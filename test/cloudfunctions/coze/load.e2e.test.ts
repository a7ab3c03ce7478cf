/**
 * Load through the local dev server (tools/dev-server): 100 chats at once with zero errors, and a token cache
 * that stays bounded (an LRU of COZE_TOKEN_CACHE_SIZE) however many distinct users come. Numbers (throughput,
 * p50/p99) are printed, never asserted: `npx tsx --expose-gc scripts/load-test.ts` is the benchmark.
 */
import { createLocalCloud, startDevServer, DevServer } from '../../../tools/dev-server/index';
import { runLoad, summary } from '../../../scripts/load-test';
import { FunctionHarness, startFunctionHarness } from '../../helpers/function-harness';

const CONCURRENT_CHATS = 100;
const CACHE_SIZE = 20;
const DISTINCT_USERS = 200;

let h: FunctionHarness;
let server: DevServer;
beforeAll(async () => {
  h = await startFunctionHarness({ env: { COZE_TOKEN_CACHE_SIZE: String(CACHE_SIZE) } });
  server = await startDevServer({ cloud: createLocalCloud(h.bundle) });
});
afterAll(async () => {
  await server.stop();
  await h.stop();
});

test(`${CONCURRENT_CHATS} concurrent chats through the dev server: zero errors`, async () => {
  const chats = h.emulator.stats.chats;
  const stats = await runLoad(server.url, CONCURRENT_CHATS, CONCURRENT_CHATS, (i) => ({
    openid: `o_load_${i % CACHE_SIZE}`,
    data: { action: 'chat.send', text: `并发问题 ${i}`, ...(i % 2 ? { streamId: (i + 1).toString(16).padStart(32, 'a') } : {}) },
  }));
  process.stdout.write(`${summary('load.e2e chat.send', stats)}\n`);
  expect(stats.errors).toEqual([]);
  expect(stats.requests).toBe(CONCURRENT_CHATS);
  expect(stats.maxInFlight).toBe(CONCURRENT_CHATS);
  expect(h.emulator.stats.chats - chats).toBe(CONCURRENT_CHATS);
});

test(`${DISTINCT_USERS} distinct users through a token cache of ${CACHE_SIZE}: only the last ${CACHE_SIZE} keep a token`, async () => {
  const list = (prefix: string, from: number, count: number) =>
    runLoad(server.url, count, 1, (i) => ({ openid: `${prefix}${from + i}`, data: { action: 'conversation.list' } }));
  // One at a time, so "the most recent users" is well defined.
  const first = await list('o_many_', 0, DISTINCT_USERS);
  expect(first.errors).toEqual([]);
  // The most recent CACHE_SIZE users are cached: calling them again needs no exchange.
  let exchanges = h.emulator.stats.tokenExchanges;
  const recent = await runLoad(server.url, CACHE_SIZE, 1, (i) => ({ openid: `o_many_${DISTINCT_USERS - CACHE_SIZE + i}`, data: { action: 'conversation.list' } }));
  expect(recent.errors).toEqual([]);
  expect(h.emulator.stats.tokenExchanges - exchanges).toBe(0);
  // Everyone older was evicted: each needs a new exchange, so the cache never held more than CACHE_SIZE users.
  exchanges = h.emulator.stats.tokenExchanges;
  const old = await runLoad(server.url, CACHE_SIZE, 1, (i) => ({ openid: `o_many_${i}`, data: { action: 'conversation.list' } }));
  expect(old.errors).toEqual([]);
  expect(h.emulator.stats.tokenExchanges - exchanges).toBe(CACHE_SIZE);
});
