/**
 * The HTTP face of the local cloud, for a browser preview and for tests: `POST /__cloud/:name` plays
 * `wx.cloud.callFunction`, `GET /__stream/:streamId` plays the DB watch as Server-Sent Events, and
 * `/__http/:name/:path` plays `wx.cloud.callHTTPFunction` (the HTTP function `coze-http`, issue 21). The user is
 * the `x-wx-openid` header (or `?openid=` on the stream, since a browser EventSource cannot set headers).
 * Loopback only, with bounded bodies, connections and lifetimes.
 */
import * as http from 'http';
import type { AddressInfo } from 'net';
import { FINAL_CHAT_STATUSES, STREAM_ID_PATTERN, type StreamDoc } from '../../miniprogram/shared/protocol';
import { FUNCTION_TIMEOUT_MS, OPENID_PATTERN, type LocalCloud } from './local-cloud';
import { decodeOrNull, guardRequests, MALFORMED_URL_MESSAGE, parseRequestUrl } from './request-guard';
import { handleStorage, STORAGE_ROUTE } from './storage-routes';

/** Header that names the simulated WeChat user. */
export const OPENID_HEADER = 'x-wx-openid';

/** WeChat recommends at most 256 KB of `data` per callFunction. */
export const MAX_BODY_BYTES = 256 * 1024;

/** Open stream watches at once; more get 503 (a leak in a client should not exhaust the machine). */
export const MAX_STREAMS = 64;

/** Open stream watches of one openid at once: one client cannot take every slot of {@link MAX_STREAMS}. */
export const MAX_STREAMS_PER_OPENID = 8;

/** A stream connection closes after this long even if the chat never ends. */
export const MAX_STREAM_MS = 10 * 60_000;

/** A comment line keeps idle SSE connections open through proxies. */
export const HEARTBEAT_MS = 15_000;

/** A client must send its request headers within this time. */
export const HEADERS_TIMEOUT_MS = 10_000;

/** More headers than a browser or tool ever sends. */
const MAX_HEADERS = 50;

/** A call may take as long as the function's own timeout, plus a little for the answer to travel. */
const REQUEST_GRACE_MS = 5_000;

/** Hosts the server may bind: loopback only. */
export type LoopbackHost = '127.0.0.1' | '::1';

/** Options of {@link startDevServer}. */
export interface DevServerOptions {
  cloud: LocalCloud;
  /** 0 (default) picks a free port. */
  port?: number;
  host?: LoopbackHost;
}

/** A running dev server. */
export interface DevServer {
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

type HttpStatus = 200 | 400 | 401 | 403 | 404 | 405 | 413 | 415 | 500 | 503;

const CLOUD_ROUTE = /^\/__cloud\/([A-Za-z0-9_-]{1,64})$/;
/** `wx.cloud.callHTTPFunction({ name, path })` → `/__http/:name/:path` (issue 21). */
const HTTP_ROUTE = /^\/__http\/([A-Za-z0-9_-]{1,64})(\/[A-Za-z0-9_./-]*)$/;
const STREAM_ROUTE = /^\/__stream\/([^/]+)$/;
/** Read-aloud audio the function keeps in process outside CloudBase (`audio.speech`, SpeechResult.urls). */
const FILE_ROUTE = /^\/__file\/(coze-speech\/[0-9a-f]{32}\/[0-9a-f]{32}-\d{1,3}\.mp3)$/;

/** Statuses after which the stream document never changes (the client polls after `detached`). */
const CLOSING_STATUSES = new Set<string>([...FINAL_CHAT_STATUSES, 'detached']);

function sendJson(res: http.ServerResponse, status: HttpStatus, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' });
  res.end(text);
}

function fail(res: http.ServerResponse, status: HttpStatus, message: string): void {
  sendJson(res, status, { errMsg: message });
}

/** Reads the whole body up to the limit; resolves null (and answers 413) when it is larger. */
function readBody(req: http.IncomingMessage, res: http.ServerResponse): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        if (!over) {
          over = true;
          res.setHeader('connection', 'close');
          fail(res, 413, `Request body over ${MAX_BODY_BYTES} bytes: WeChat recommends at most 256 KB of data per callFunction; send less.`);
          resolve(null);
        }
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!over) resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', reject);
  });
}

/** The openid of a request, or null after answering 401. */
function openidOf(req: http.IncomingMessage, res: http.ServerResponse, url: URL): string | null {
  const header = req.headers[OPENID_HEADER];
  const openid = typeof header === 'string' ? header : url.searchParams.get('openid');
  if (!openid || !OPENID_PATTERN.test(openid)) {
    fail(res, 401, `Missing or invalid "${OPENID_HEADER}" header: send the simulated user's openid (1-64 letters, digits, "_" or "-").`);
    return null;
  }
  return openid;
}

/** Only accept Host headers that name the loopback address we listen on (blocks DNS rebinding from web pages). */
function hostAllowed(req: http.IncomingMessage, port: number): boolean {
  const host = req.headers.host;
  return host === `127.0.0.1:${port}` || host === `localhost:${port}` || host === `[::1]:${port}`;
}

async function handleCall(cloud: LocalCloud, req: http.IncomingMessage, res: http.ServerResponse, url: URL, name: string): Promise<void> {
  if (req.method !== 'POST') return fail(res, 405, 'Use POST for /__cloud/:name.');
  const type = req.headers['content-type'] ?? '';
  if (!type.startsWith('application/json')) return fail(res, 415, 'Send the callFunction data as Content-Type: application/json.');
  const openid = openidOf(req, res, url);
  if (!openid) return;
  const body = await readBody(req, res);
  if (body === null) return;
  let data: unknown;
  try {
    data = body.length ? JSON.parse(body) : {};
  } catch {
    return fail(res, 400, 'The body is not valid JSON: send the callFunction `data` object.');
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return fail(res, 400, 'The body must be a JSON object (the callFunction `data`), e.g. {"action":"bot.info"}.');
  }
  try {
    sendJson(res, 200, await cloud.client(openid).callFunction({ name, data: data as Record<string, unknown> }));
  } catch (err) {
    const message = (err as Error).message;
    fail(res, message.includes('FunctionName') ? 404 : 500, message);
  }
}

/**
 * Plays `wx.cloud.callHTTPFunction`: the function's own handler answers, with the path the mini-program asked for
 * and the simulated user in `x-wx-openid` (the handler only uses it to refuse a ticket issued to someone else).
 */
function handleHttpFunction(cloud: LocalCloud, req: http.IncomingMessage, res: http.ServerResponse, url: URL, name: string, path: string): void {
  const openid = openidOf(req, res, url);
  if (!openid) return;
  const handler = cloud.httpFunction(name);
  if (!handler) return fail(res, 404, `cloud.callHTTPFunction:fail HTTP function "${name}" is not deployed here: the project's is "coze-http" (npm run build; not turned off with --stream watch).`);
  req.url = `${path}${url.search}`;
  handler(req, res);
}

/** The open stream watches: all of them, and how many each openid holds. */
interface OpenStreams {
  all: Set<http.ServerResponse>;
  perOpenid: Map<string, number>;
}

function handleStream(cloud: LocalCloud, req: http.IncomingMessage, res: http.ServerResponse, url: URL, streamId: string, open: OpenStreams): void {
  if (req.method !== 'GET') return fail(res, 405, 'Use GET for /__stream/:streamId.');
  const openid = openidOf(req, res, url);
  if (!openid) return;
  const id = decodeOrNull(streamId);
  if (id === null) return fail(res, 400, MALFORMED_URL_MESSAGE);
  if (!STREAM_ID_PATTERN.test(id)) return fail(res, 400, `Invalid stream id ${JSON.stringify(id)}: it must be 32 lowercase hex characters.`);
  if (open.all.size >= MAX_STREAMS) return fail(res, 503, `Too many open streams (${MAX_STREAMS}): close the ones you no longer watch.`);
  const held = open.perOpenid.get(openid) ?? 0;
  if (held >= MAX_STREAMS_PER_OPENID) return fail(res, 503, `Too many open streams for this user (${MAX_STREAMS_PER_OPENID}): close the ones you no longer watch.`);
  // Headers go out before subscribing: a channel may deliver an existing document synchronously inside watch(),
  // and a write before writeHead would make writeHead throw ERR_HTTP_HEADERS_SENT in the request handler.
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive' });
  res.write(': watching\n\n');
  open.all.add(res);
  open.perOpenid.set(openid, held + 1);
  let released = false;
  let unsubscribe: () => void = () => undefined;
  const heartbeat = setInterval(() => res.write(': ping\n\n'), HEARTBEAT_MS);
  const finish = (): void => {
    unsubscribe();
    clearInterval(heartbeat);
    clearTimeout(lifetime);
    open.all.delete(res);
    if (!released) {
      released = true;
      const left = (open.perOpenid.get(openid) ?? 1) - 1;
      if (left > 0) open.perOpenid.set(openid, left);
      else open.perOpenid.delete(openid);
    }
    if (!res.writableEnded) res.end();
  };
  const lifetime = setTimeout(finish, MAX_STREAM_MS);
  heartbeat.unref();
  lifetime.unref();
  req.on('close', finish);
  try {
    unsubscribe = cloud.client(openid).watchStream(id, (doc: StreamDoc) => {
      if (res.writableEnded) return;
      res.write(`event:doc\ndata:${JSON.stringify(doc)}\n\n`);
      if (CLOSING_STATUSES.has(doc.status)) setImmediate(finish);
    });
  } catch (err) {
    res.write(`event:error\ndata:${JSON.stringify({ message: (err as Error).message })}\n\n`);
    finish();
  }
}

/** Serves a read-aloud file to the openid that owns it; anyone else gets the same 404 as for no file at all. */
function handleFile(cloud: LocalCloud, req: http.IncomingMessage, res: http.ServerResponse, url: URL, path: string): void {
  if (req.method !== 'GET') return fail(res, 405, 'Use GET for /__file/:path.');
  const openid = openidOf(req, res, url);
  if (!openid) return;
  const data = cloud.client(openid).readFile(path);
  if (!data) return fail(res, 404, 'No such file for this user: ask audio.speech for the answer again.');
  res.writeHead(200, { 'content-type': 'audio/mpeg', 'content-length': data.length, 'cache-control': 'private, max-age=3600' });
  res.end(data);
}

/** Starts the HTTP face on loopback. Refuses any other host: the dev server has no authentication. */
export function startDevServer({ cloud, port = 0, host = '127.0.0.1' }: DevServerOptions): Promise<DevServer> {
  if (host !== '127.0.0.1' && host !== '::1') {
    return Promise.reject(new Error(`The dev server binds loopback only (127.0.0.1 or ::1), not ${String(host)}: it trusts the ${OPENID_HEADER} header.`));
  }
  const open: OpenStreams = { all: new Set(), perOpenid: new Map() };
  let boundPort = 0;
  const server = http.createServer(guardRequests((req, res) => {
    if (!hostAllowed(req, boundPort)) return fail(res, 403, `Unexpected Host header: open the dev server as http://127.0.0.1:${boundPort}.`);
    const url = parseRequestUrl(req, `http://127.0.0.1:${boundPort}`);
    if (!url || decodeOrNull(url.pathname) === null) return fail(res, 400, MALFORMED_URL_MESSAGE);
    const call = CLOUD_ROUTE.exec(url.pathname);
    if (call) {
      handleCall(cloud, req, res, url, call[1]).catch((err: Error) => {
        if (!res.headersSent) fail(res, 500, `Dev server error: ${err.message}`);
      });
      return;
    }
    const httpCall = HTTP_ROUTE.exec(url.pathname);
    if (httpCall) return handleHttpFunction(cloud, req, res, url, httpCall[1], httpCall[2]);
    const stream = STREAM_ROUTE.exec(url.pathname);
    if (stream) return handleStream(cloud, req, res, url, stream[1], open);
    const file = FILE_ROUTE.exec(url.pathname);
    if (file) return handleFile(cloud, req, res, url, file[1]);
    const storage = STORAGE_ROUTE.exec(url.pathname);
    if (storage) {
      handleStorage(cloud, storage[1], req, res, url, { fail, sendJson, openid: () => openidOf(req, res, url) }).catch((err: Error) => {
        if (!res.headersSent) fail(res, 500, `Dev server error: ${err.message}`);
      });
      return;
    }
    fail(res, 404, 'Unknown path: use POST /__cloud/:name, GET /__stream/:streamId, /__http/:name/:path, POST /__storage/upload, GET /__storage/file or GET /__file/:path.');
  }, fail));
  server.requestTimeout = FUNCTION_TIMEOUT_MS + REQUEST_GRACE_MS;
  server.headersTimeout = HEADERS_TIMEOUT_MS;
  server.maxHeadersCount = MAX_HEADERS;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      boundPort = (server.address() as AddressInfo).port;
      const shown = host === '::1' ? '[::1]' : host;
      resolve({
        url: `http://${shown}:${boundPort}`,
        port: boundPort,
        stop: () =>
          new Promise<void>((done) => {
            for (const res of open.all) res.end();
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
