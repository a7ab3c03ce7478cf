/**
 * The doctor's view of Coze answers: one call through the cloud function's own request function, returning
 * the Coze code instead of throwing, so each check can name the exact problem (4015, 4101, 4200 …).
 */
import type { IncomingMessage } from 'http';
import { ChatReducer } from '../../cloudfunctions/coze/src/chat/reducer';
import { readBody, request, type HttpRequest } from '../../cloudfunctions/coze/src/coze/http';
import { num, obj, parseJson, str, type Json } from '../../cloudfunctions/coze/src/coze/json';
import { readEvents } from '../../cloudfunctions/coze/src/coze/stream-reader';
import { AppError } from '../../cloudfunctions/coze/src/errors';
import { NO_DEADLINE } from '../../cloudfunctions/coze/src/deadline';

/** One Coze answer, reduced to what a check needs. `code` is 0 on success. */
export interface ProbeAnswer {
  httpStatus: number;
  code: number;
  msg: string;
  logid?: string;
  body: Json;
}

/** A streamed chat's outcome: the envelope error (code ≠ 0) or the reduced chat. */
export interface ChatProbe extends ProbeAnswer {
  chat?: ChatReducer;
}

/** A request without the credential and timeout, which the probe adds. */
export type ProbeRequest = Omit<HttpRequest, 'bearer' | 'timeoutMs'>;

const HTTP_OK_MAX = 299;

/** Longest wait for the doctor's test chat to finish. */
export const CHAT_PROBE_DEADLINE_MS = 60_000;

async function envelope(res: IncomingMessage): Promise<ProbeAnswer> {
  const text = (await readBody(res)).toString('utf8');
  const body = obj(parseJson(text));
  const header = res.headers['x-tt-logid'];
  const logid = str(obj(body.detail), 'logid') || (typeof header === 'string' ? header : undefined);
  const status = res.statusCode ?? 0;
  const code = 'code' in body ? num(body, 'code') : status > HTTP_OK_MAX ? -status : 0;
  return { httpStatus: status, code, msg: str(body, 'msg') || str(body, 'error_message'), logid, body };
}

/** Sends one JSON request with the token; network failures throw AppError (UPSTREAM). */
export async function probe(base: URL, token: string, req: ProbeRequest, timeoutMs: number): Promise<ProbeAnswer> {
  // The doctor is no function call: only `timeoutMs` bounds each probe.
  return envelope(await request(base, { ...req, bearer: token, timeoutMs }, NO_DEADLINE));
}

/** Starts a streamed chat and reads it to the end through the function's SSE reader and reducer. */
export async function probeChat(base: URL, token: string, req: ProbeRequest, timeoutMs: number, conversationId: string): Promise<ChatProbe> {
  const res = await request(base, { ...req, bearer: token, timeoutMs }, NO_DEADLINE);
  const type = String(res.headers['content-type'] ?? '');
  if (!type.includes('text/event-stream')) return envelope(res);
  const chat = new ChatReducer(conversationId);
  let failed: { code: number; msg: string } | undefined;
  try {
    await readEvents(
      res,
      (event) => {
        if (event.event === 'conversation.chat.failed') {
          const lastError = obj(obj(parseJson(event.data)).last_error);
          failed = { code: num(lastError, 'code'), msg: str(lastError, 'msg') };
        }
        chat.apply(event);
        return event.event === 'done';
      },
      Date.now() + CHAT_PROBE_DEADLINE_MS,
    );
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    failed = { code: err.cozeCode ?? -1, msg: err.detail };
  }
  return { httpStatus: res.statusCode ?? 0, code: failed?.code ?? 0, msg: failed?.msg ?? '', body: {}, chat };
}
