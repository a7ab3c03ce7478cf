/**
 * Runs the HTTP function's handler (exported by the built `coze` bundle, the same code as coze-http/index.js) on a
 * real loopback HTTP server, and reads its answers with the mini-program's own SSE reader.
 */
import * as http from 'http';
import type { AddressInfo } from 'net';
import { HTTP_EVENTS, type Result, type StreamDoc } from '../../miniprogram/shared/protocol';
import { SseFrameReader, Utf8Stream } from '../../miniprogram/core/sse-frames';

/** node:http style handler, as the bundle exports it. */
export type HttpHandler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

/** A running HTTP function. */
export interface HttpFunction {
  url: string;
  stop(): Promise<void>;
}

/** What one POST /chat streamed: the snapshots in order, then the final envelope (null if the stream broke). */
export interface HttpChat {
  status: number;
  docs: StreamDoc[];
  result: Result<unknown> | null;
}

/** Listens on 127.0.0.1 with a free port. */
export function startHttpFunction(handler: HttpHandler): Promise<HttpFunction> {
  const server = http.createServer(handler);
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        stop: () => new Promise<void>((done) => {
          server.close(() => done());
          server.closeAllConnections();
        }),
      });
    });
  });
}

/** POSTs a chat and collects its frames; `onDoc` sees each snapshot as it arrives. */
export function postChat(url: string, body: unknown, headers: Record<string, string> = {}, onDoc?: (doc: StreamDoc) => void): Promise<HttpChat> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${url}/chat`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      const utf8 = new Utf8Stream();
      const frames = new SseFrameReader();
      const chat: HttpChat = { status: res.statusCode ?? 0, docs: [], result: null };
      res.on('data', (chunk: Buffer) => {
        for (const frame of frames.push(utf8.push(chunk))) {
          if (frame.event === HTTP_EVENTS.doc) {
            const doc = JSON.parse(frame.data) as StreamDoc;
            chat.docs.push(doc);
            onDoc?.(doc);
          } else if (frame.event === HTTP_EVENTS.result) chat.result = JSON.parse(frame.data) as Result<unknown>;
        }
      });
      res.on('end', () => resolve(chat));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}
