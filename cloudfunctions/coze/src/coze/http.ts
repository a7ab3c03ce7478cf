/**
 * THE request function to Coze: node:http/https with keep-alive agents and timeouts, no global fetch
 * (the function must run on Node 16). Everything else (envelopes, tokens, SSE) is layered on top.
 */
import http from 'http';
import https from 'https';
import type { IncomingMessage } from 'http';
import { AppError, cozeError } from '../errors';
import type { Deadline } from '../deadline';

/** HTTP verbs Coze uses. */
export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** One request; `json` and `body` are exclusive. */
export interface HttpRequest {
  method: Method;
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  json?: unknown;
  body?: { data: Buffer; contentType: string };
  bearer: string;
  /** Longest silence on the socket (connect, headers, and between chunks of a stream). */
  timeoutMs: number;
}

const MAX_SOCKETS = 64;
const agents = {
  'http:': new http.Agent({ keepAlive: true, maxSockets: MAX_SOCKETS }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: MAX_SOCKETS }),
};

/** Builds the full URL of a request against the configured base (which may carry a path prefix). */
export function buildUrl(base: URL, path: string, query: HttpRequest['query'] = {}): URL {
  const url = new URL(base.toString());
  url.pathname = `${url.pathname.replace(/\/+$/, '')}${path}`;
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined) url.searchParams.set(key, String(value));
  }
  return url;
}

/**
 * Sends a request and resolves with the response head; the body is left for the caller to read or stream.
 * The wait for the head never outlives the call's `deadline` (NO_DEADLINE outside a call), nor COZE_TIMEOUT_MS of silence.
 */
export function request(base: URL, req: HttpRequest, deadline: Deadline): Promise<IncomingMessage> {
  const url = buildUrl(base, req.path, req.query);
  try {
    deadline.assertTimeLeft(`${req.method} ${req.path}`);
  } catch (error) {
    return Promise.reject(error);
  }
  const budget = Math.min(req.timeoutMs, Math.max(1, Math.floor(deadline.remainingMs())));
  const payload = req.json !== undefined ? Buffer.from(JSON.stringify(req.json)) : req.body?.data;
  const headers: Record<string, string | number> = {
    Authorization: `Bearer ${req.bearer}`,
    Accept: 'application/json, text/event-stream',
  };
  if (payload) {
    headers['Content-Type'] = req.json !== undefined ? 'application/json' : req.body?.contentType ?? 'application/octet-stream';
    headers['Content-Length'] = payload.length;
  }
  const transport = url.protocol === 'http:' ? http : https;
  return new Promise((resolve, reject) => {
    const outgoing = transport.request(url, { method: req.method, headers, agent: agents[url.protocol === 'http:' ? 'http:' : 'https:'] }, (res) => {
      clearTimeout(hardStop);
      res.on('error', () => undefined);
      resolve(res);
    });
    const timeout = (): void => {
      outgoing.destroy(new AppError('UPSTREAM', `no answer from ${url.host}${url.pathname} within ${budget} ms (COZE_TIMEOUT_MS or the rest of CHAT_DEADLINE_MS)`, { transient: true }));
    };
    const hardStop = setTimeout(timeout, budget);
    outgoing.setTimeout(budget, timeout);
    outgoing.on('error', (error) => {
      clearTimeout(hardStop);
      reject(error instanceof AppError ? error : cozeError({ network: `${url.host}${url.pathname}: ${(error as NodeJS.ErrnoException).code ?? error.message}` }));
    });
    outgoing.end(payload);
  });
}

/** Reads a whole (small) response body; a socket timeout or reset becomes UPSTREAM. */
export function readBody(res: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('end', () => resolve(Buffer.concat(chunks)));
    res.on('aborted', () => reject(cozeError({ network: 'connection closed while reading the answer' })));
    res.on('error', (error) => reject(error instanceof AppError ? error : cozeError({ network: error.message })));
    res.on('close', () => {
      if (!res.complete) reject(cozeError({ network: 'connection closed while reading the answer' }));
    });
  });
}
