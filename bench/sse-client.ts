/**
 * A raw node:http SSE client for /v3/chat: the baseline the relay is compared with. It measures the first
 * `conversation.message.delta` and the `done` event, and rebuilds the answer so the run can check that the
 * relay and the baseline did the same work.
 */
import http from 'http';
import { elapsedMs } from './stats';

/** Timings and answer of one streamed chat. */
export interface DirectTurn {
  firstDeltaMs: number;
  doneMs: number;
  answer: string;
}

/** Same socket limit as the function's agent (cloudfunctions/coze/src/coze/http.ts). */
const MAX_SOCKETS = 64;
/** Longest silence on a stream before the bench gives up instead of hanging. */
const SILENCE_TIMEOUT_MS = 30_000;
/** Keep-alive like the function's own agent, so both sides pay the same connection costs. */
const agent = new http.Agent({ keepAlive: true, maxSockets: MAX_SOCKETS });

const DELTA = 'conversation.message.delta';

/** Streams one chat turn; `conversationId` undefined lets Coze create one. */
export function streamChat(baseUrl: string, token: string, body: Record<string, unknown>, conversationId?: string): Promise<DirectTurn> {
  const url = new URL('/v3/chat', baseUrl);
  if (conversationId) url.searchParams.set('conversation_id', conversationId);
  const payload = Buffer.from(JSON.stringify(body));
  const start = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    let firstDeltaMs = Number.NaN;
    let answer = '';
    let buffered = '';
    let done = false;
    const req = http.request(
      url,
      { method: 'POST', agent, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'Content-Length': payload.length, Accept: 'text/event-stream' } },
      (res) => {
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffered += chunk;
          let cut = buffered.indexOf('\n\n');
          while (cut >= 0) {
            const frame = buffered.slice(0, cut);
            buffered = buffered.slice(cut + 2);
            cut = buffered.indexOf('\n\n');
            const event = /^event:(.*)$/m.exec(frame)?.[1];
            const data = /^data:(.*)$/m.exec(frame)?.[1] ?? '';
            if (event === DELTA) {
              if (Number.isNaN(firstDeltaMs)) firstDeltaMs = elapsedMs(start);
              const delta = JSON.parse(data) as { type?: string; content?: string };
              if (delta.type === 'answer') answer += delta.content ?? '';
            } else if (event === 'done') {
              done = true;
              resolve({ firstDeltaMs, doneMs: elapsedMs(start), answer });
            }
          }
        });
        res.on('end', () => {
          if (!done) reject(new Error(`the /v3/chat stream ended without done (HTTP ${res.statusCode}); check the emulator faults and the token`));
        });
        res.on('error', reject);
      },
    );
    req.setTimeout(SILENCE_TIMEOUT_MS, () => req.destroy(new Error(`no SSE bytes from ${url.host} for ${SILENCE_TIMEOUT_MS} ms; is the emulator overloaded or stopped?`)));
    req.on('error', reject);
    req.end(payload);
  });
}
