/**
 * The HTTP function `coze-http` (issue 21): `GET /ping` tells the page it is deployed; `POST /chat` runs the same
 * chat.send as `coze`, with the openid of a stream ticket (never of the request), and streams its StreamDoc
 * snapshots as Server-Sent Events on the response, then the final envelope (event `result`), then ends.
 * Every answer of /chat is such a stream, a refusal too, so the page reads one format.
 */
import type { IncomingMessage, ServerResponse } from 'http';
import { HTTP_EVENTS, HTTP_PATHS, type Result } from '../../../miniprogram/shared/protocol';
import { badRequest } from './errors';
import { failureEnvelope } from './failure';
import { getRuntime, streamChannel } from './runtime';
import { callBudgetMs } from './call-budget';
import { Deadline } from './deadline';
import { chatSend } from './actions/chat-send';
import { optionalId, optionalPattern } from './actions/params';
import { redeemTicket } from './stream/ticket';
import { SseStreamChannel, sseFrame, type FrameSink } from './stream/sse-channel';
import { STREAM_ID_PATTERN } from '../../../miniprogram/shared/protocol';
import type { Params } from './actions/params';

/** A chat request is small: the text limit, ids, the ticket and up to four attachment references. */
const MAX_BODY_BYTES = 64 * 1024;
/**
 * A caller identity header, where a platform sets one (the local dev server does; whether CloudBase HTTP functions
 * do is not documented). It can only narrow: a ticket issued to another openid is refused, it never replaces one.
 */
export const IDENTITY_HEADER = 'x-wx-openid';
/** HTTP chats publish every change at once: a frame on an open response costs no quota. */
const HTTP_WRITE_MS = 0;

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' });
  res.end(text);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => (size > MAX_BODY_BYTES ? reject(badRequest(`请求体超过 ${MAX_BODY_BYTES} 字节`)) : resolve(Buffer.concat(chunks).toString('utf8'))));
    req.on('error', reject);
  });
}

function parseParams(body: string): Params {
  let value: unknown;
  try {
    value = body ? JSON.parse(body) : {};
  } catch {
    throw badRequest('请求体必须是 JSON：{ ticket, text, streamId, conversationId?, attachments? }');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw badRequest('请求体必须是 JSON 对象：{ ticket, text, streamId, conversationId?, attachments? }');
  return value as Params;
}

/** Runs one ticketed chat.send, writing its frames to `sink`; resolves to the final envelope. */
async function chatOverHttp(req: IncomingMessage, sink: FrameSink, startedAt: number): Promise<Result<unknown>> {
  let openid: string | undefined;
  try {
    const params = parseParams(await readBody(req));
    const runtime = getRuntime();
    const streamId = optionalPattern(params, 'streamId', STREAM_ID_PATTERN, ' 32 位小写十六进制字符') ?? '';
    const header = req.headers[IDENTITY_HEADER];
    const shared = streamChannel();
    // This request's own deadline, passed down: concurrent requests in this process each keep theirs.
    const deadline = new Deadline(startedAt + callBudgetMs(runtime.config.deadlineMs, undefined));
    const claims = await redeemTicket(
      runtime.tickets,
      shared,
      params.ticket,
      { conversationId: optionalId(params, 'conversationId') ?? '', streamId, openid: typeof header === 'string' && header !== '' ? header : undefined },
      deadline,
    );
    openid = claims.openid;
    const live = { channel: new SseStreamChannel(sink, shared), writeMs: HTTP_WRITE_MS };
    const data = await chatSend({ openid: claims.openid, startedAt, deadline, runtime, live }, params);
    return { ok: true, data };
  } catch (caught) {
    return failureEnvelope(caught, 'http.chat', openid, startedAt);
  }
}

/** The request handler of `coze-http` (node:http style); never throws. */
export function handleHttp(req: IncomingMessage, res: ServerResponse): void {
  const startedAt = Date.now();
  const path = (req.url ?? '/').split('?')[0];
  if (req.method === 'GET' && path.endsWith(HTTP_PATHS.ping)) return sendJson(res, 200, { ok: true, data: { function: 'coze-http' } });
  if (req.method !== 'POST' || !path.endsWith(HTTP_PATHS.chat)) {
    return sendJson(res, 404, { ok: false, error: { code: 'NOT_FOUND', message: `未知路径：请用 GET ${HTTP_PATHS.ping} 或 POST ${HTTP_PATHS.chat}`, retryable: false } });
  }
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive' });
  let closed = false;
  res.on('close', () => (closed = true));
  const sink: FrameSink = {
    write: (text) => !closed && res.write(text),
    get closed() {
      return closed || res.writableEnded;
    },
  };
  void chatOverHttp(req, sink, startedAt).then((envelope) => {
    if (!sink.closed) res.end(sseFrame(HTTP_EVENTS.result, envelope));
  });
}
