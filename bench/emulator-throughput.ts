/**
 * Emulator throughput, for context: streamed chats per second with a fixed number of clients in parallel,
 * each chat read to its `done` event over the raw SSE client. Bounds what the other figures could see.
 */
import { generateAppKeys, startEmulator } from '../tools/coze-emulator/index';
import { directToken } from './direct-token';
import { streamChat } from './sse-client';
import { elapsedMs, median } from './stats';

/** The section's result. */
export interface ThroughputResult {
  concurrency: number;
  chatsPerRound: number;
  rounds: number;
  /** Median over rounds. */
  chatsPerSecond: number;
  /** Median per-chat time to done within the rounds, ms. */
  chatMs: number;
}

/** Runs `rounds` rounds of `chats` chats, `concurrency` at a time, each in a new conversation. */
export async function measureThroughput(opts: { concurrency: number; chats: number; rounds: number }): Promise<ThroughputResult> {
  const keys = generateAppKeys();
  const emulator = await startEmulator({ apps: [{ appId: keys.appId, keyId: keys.keyId, publicKeyPem: keys.publicKeyPem }], deltaDelayMs: 0 });
  try {
    const users = await Promise.all(Array.from({ length: opts.concurrency }, async (_, i) => {
      const openid = `bench-throughput-${i}`;
      return { openid, token: await directToken(emulator.url, keys, openid) };
    }));
    const rates: number[] = [];
    const chatTimes: number[] = [];
    for (let round = 0; round < opts.rounds; round++) {
      let next = 0;
      const start = process.hrtime.bigint();
      await Promise.all(users.map(async ({ openid, token }) => {
        while (next < opts.chats) {
          next += 1;
          const body = { bot_id: emulator.botId, user_id: openid, stream: true, auto_save_history: true, additional_messages: [{ role: 'user', content: `吞吐 ${next}`, content_type: 'text' }] };
          chatTimes.push((await streamChat(emulator.url, token, body)).doneMs);
        }
      }));
      rates.push(opts.chats / (elapsedMs(start) / 1000));
    }
    return { concurrency: opts.concurrency, chatsPerRound: opts.chats, rounds: opts.rounds, chatsPerSecond: median(rates), chatMs: median(chatTimes) };
  } finally {
    await emulator.stop();
  }
}
