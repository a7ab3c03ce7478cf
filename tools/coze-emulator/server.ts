/**
 * The HTTP front of the emulator: parses each request, records it, plays queued faults, serves the token
 * endpoint, authenticates business calls, checks permissions and dispatches to the route table.
 */
import type { IncomingMessage, ServerResponse } from 'http';
import { requirePermission, TOKEN_ERROR_STATUS, tokenError } from './auth';
import { answerFault, type FaultContext } from './faults';
import { CozeApiError, readBody, sendCozeError, sendJson } from './http-io';
import { newLogId } from './ids';
import { chatRoutes } from './routes-chat';
import { conversationRoutes } from './routes-conversations';
import { messageRoutes } from './routes-messages';
import { botAndFileRoutes } from './routes-bot-files';
import { workflowRoutes } from './routes-workflow';
import { matchRoute, type EmulatorState, type Route } from './router';
import type { ReceivedRequest } from './types';

/** Every business route, in match order. */
export const ROUTES: readonly Route[] = [...chatRoutes, ...conversationRoutes, ...messageRoutes, ...botAndFileRoutes, ...workflowRoutes];

/** How many received requests the emulator keeps (oldest dropped), so long `npm start` runs stay small. */
export const MAX_RECORDED_REQUESTS = 10000;

/** HTTP status of auth errors when `authErrorsAsHttp` is on. */
const AUTH_HTTP_STATUS: Readonly<Record<number, number>> = { 4100: 401, 4101: 403 };

/** Token endpoint paths: the plain one and the account-scoped variant. */
const TOKEN_PATH = /^\/api\/permission\/oauth2\/(?:account\/[^/]+\/)?token$/;

function redactedHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (v === undefined) continue;
    out[k] = k === 'authorization' ? 'Bearer …' : Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

function parseJsonBody(raw: Buffer, contentType: string | undefined): unknown {
  if (raw.length === 0 || /multipart\/form-data/i.test(contentType ?? '')) return null;
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw new CozeApiError(4000, 'request body is not valid JSON; send Content-Type: application/json with a JSON object');
  }
}

/** Handles one HTTP request end to end; never throws. */
export async function handleRequest(state: EmulatorState, requests: ReceivedRequest[], nowMs: () => number, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const logId = newLogId(nowMs());
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const path = url.pathname;
  const query = Object.fromEntries(url.searchParams.entries());
  const isToken = TOKEN_PATH.test(path);
  try {
    const rawBody = await readBody(req);
    let body: unknown = null;
    let bodyError: CozeApiError | undefined;
    try {
      body = parseJsonBody(rawBody, req.headers['content-type']);
    } catch (e) {
      bodyError = e as CozeApiError;
    }
    requests.push({ method: req.method ?? 'GET', path, query, headers: redactedHeaders(req), body, at: nowMs() });
    if (requests.length > MAX_RECORDED_REQUESTS) requests.splice(0, requests.length - MAX_RECORDED_REQUESTS);

    const isChat = req.method === 'POST' && path === '/v3/chat';
    const stream = typeof body === 'object' && body !== null && (body as Record<string, unknown>).stream === true;
    const fctx: FaultContext = { path, isToken, isChat, stream };
    const faults = state.faults.take(fctx);
    for (const f of faults) {
      if (f.kind === 'token-exchange-error') {
        const answer = tokenError(TOKEN_ERROR_STATUS[f.error_code], f.error_code, `emulated token exchange error ${f.error_code}`);
        sendJson(res, answer.status, answer.body, logId);
        return;
      }
      if (answerFault(res, f, logId)) return;
    }

    if (isToken) {
      if (req.method !== 'POST') throw new CozeApiError(4000, 'the token endpoint takes POST', 405);
      const answer = bodyError ? tokenError(400, 'invalid_request', 'invalid request: body is not JSON') : state.auth.exchange(req.headers.authorization, body);
      if (answer.status === 200) state.stats.tokenExchanges += 1;
      sendJson(res, answer.status, answer.body, logId);
      return;
    }

    const found = matchRoute(ROUTES, req.method ?? 'GET', path);
    if (!found) throw new CozeApiError(4000, `no such Coze endpoint: ${req.method} ${path} (see tools/coze-emulator/README.md)`, 404);
    const caller = state.auth.authenticate(req.headers.authorization);
    requirePermission(caller, ...found.route.permissions);
    if (bodyError) throw bodyError;
    const reply = await found.route.handle({ req, res, logId, path, query, body, rawBody, params: found.params, caller, faults, state });
    if (reply === 'handled') return;
    const payload: Record<string, unknown> = { code: 0, msg: '' };
    if (reply.data !== undefined) payload[reply.key ?? 'data'] = reply.data;
    sendJson(res, 200, { ...payload, ...reply.extra, detail: { logid: logId } }, logId);
  } catch (e) {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    if (e instanceof CozeApiError) {
      const status = state.authErrorsAsHttp ? AUTH_HTTP_STATUS[e.code] : undefined;
      sendCozeError(res, logId, status ? new CozeApiError(e.code, e.msg, status) : e);
      return;
    }
    process.stderr.write(`coze-emulator: internal error on ${req.method} ${path}: ${(e as Error).message}\n`);
    sendCozeError(res, logId, new CozeApiError(5000, 'internal server error (emulator bug; see its stderr)', 500));
  }
}
