/**
 * readEvents against a real SSE server on 127.0.0.1 through the function's own request() (keep-alive agent):
 * a turn that stops at its terminal event leaves the socket for the next turn, and a stream that never ends
 * after the stop is cut instead of holding the socket.
 */
import http from 'http';
import type { AddressInfo } from 'net';
import { request } from '../../../cloudfunctions/coze/src/coze/http';
import { readEvents } from '../../../cloudfunctions/coze/src/coze/stream-reader';
import { NO_DEADLINE } from '../../../cloudfunctions/coze/src/deadline';

const TERMINAL = 'conversation.chat.completed';
const FAR_DEADLINE_MS = 60_000;

interface SseServer {
  base: URL;
  connections: number;
  /** Resolves when the server saw the client close the connection. */
  closed: Promise<void>;
  stop(): Promise<void>;
}

/** Streams a delta, the terminal chat event and `done`; `endAfterDone: false` keeps the stream open forever. */
async function startSseServer(endAfterDone: boolean): Promise<SseServer> {
  let onClosed: () => void = () => undefined;
  const closed = new Promise<void>((resolve) => (onClosed = resolve));
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/event-stream' });
    res.write('event:conversation.message.delta\ndata:{"type":"answer","content":"hi"}\n\n');
    res.write(`event:${TERMINAL}\ndata:{"status":"completed"}\n\n`);
    // The last bytes come a moment later, as they may from Coze: the reader has stopped by then.
    setImmediate(() => {
      res.write('event:done\ndata:"[DONE]"\n\n');
      if (endAfterDone) res.end();
    });
  });
  const state = { connections: 0 };
  server.on('connection', (socket) => {
    state.connections += 1;
    socket.on('close', onClosed);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: new URL(`http://127.0.0.1:${port}`),
    get connections() {
      return state.connections;
    },
    closed,
    stop: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** One turn: read until the terminal event, then wait until the response has fully gone (drained or cut). */
async function turn(base: URL, drainLimitMs?: number): Promise<string[]> {
  const res = await request(base, { method: 'POST', path: '/v3/chat', json: {}, bearer: 'test', timeoutMs: FAR_DEADLINE_MS }, NO_DEADLINE);
  const seen: string[] = [];
  const outcome = await readEvents(res, (event) => seen.push(event.event) > 0 && event.event === TERMINAL, Date.now() + FAR_DEADLINE_MS, drainLimitMs);
  expect(outcome).toBe('stopped');
  if (!res.complete && !res.destroyed) await new Promise((resolve) => res.once('close', resolve));
  await new Promise((resolve) => setImmediate(resolve));
  return seen;
}

test('turns that stop at the terminal chat event reuse one keep-alive connection (the rest is drained, not cut)', async () => {
  const server = await startSseServer(true);
  try {
    for (let i = 0; i < 3; i += 1) {
      expect(await turn(server.base)).toEqual(['conversation.message.delta', TERMINAL]);
    }
    expect(server.connections).toBe(1);
  } finally {
    await server.stop();
  }
});

test('a stream that does not end after the stop is cut once the drain limit passes', async () => {
  const server = await startSseServer(false);
  try {
    await turn(server.base, 0);
    await server.closed;
    await turn(server.base, 0);
    expect(server.connections).toBe(2);
  } finally {
    await server.stop();
  }
});
