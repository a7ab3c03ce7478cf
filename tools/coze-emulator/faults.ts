/**
 * Fault injection: a queue of failures to play on upcoming requests (API), and the `#fault:` trigger
 * words a person can type into the chat to see each failure in the terminal or browser.
 */
import type { ServerResponse } from 'http';
import { sendJson } from './http-io';
import type { Fault, FaultKind } from './types';

/** Faults that only make sense on a streaming /v3/chat. */
const STREAM_ONLY: ReadonlySet<FaultKind> = new Set<FaultKind>(['drop-mid-stream', 'slow-first-byte', 'split-chunks', 'malformed-sse']);
/** Faults that shape a chat run (streaming or not). */
const CHAT_KINDS: ReadonlySet<FaultKind> = new Set<FaultKind>(['chat-failed', 'stream-error-event', 'long-answer', ...STREAM_ONLY]);

/** Default msg for the Coze codes people inject most (coze-api.md §6). */
export const COZE_ERROR_MESSAGES: Readonly<Record<number, string>> = {
  4000: 'The request parameters are invalid.',
  4002: 'invalid conversation',
  4003: 'meta_data exceeds the limits.',
  4004: 'additional_messages exceeds the limits.',
  4007: 'Non-streaming chat is only allowed with auto_save_history=true.',
  4010: 'The prompt tokens exceed the model limit.',
  4012: 'Invalid model.',
  4008: 'The daily usage limit of this bot for the user has been exceeded (用户限流).',
  4009: 'The system request ceiling has been reached, please try again later.',
  4011: 'The balance of Coze Token is insufficient.',
  4013: 'Model error.',
  4014: 'The question cannot be answered.',
  4015: 'The bot has not been published to the API channel (bot 未发布到API).',
  4016: 'A chat is already running in this conversation.',
  4019: 'Your Volcengine account is in arrears.',
  4020: 'The RPM has exceeded the purchased quota.',
  4021: 'The workflow is not configured.',
  4028: 'Your free quota has been used up. Please upgrade to a paid plan to continue',
  4100: 'authentication is invalid',
  4101: 'The token you entered is incorrect. Please double-check and try again.',
  4102: '风控拦截，请稍后重试',
  4104: 'The chat cannot be canceled in its current state.',
  4200: 'Requested resource does not exist. Ensure you are the correct resource identifier.',
  5000: 'internal server error',
  700012006: 'access token invalid',
};

/** What a request looks like to the fault matcher. */
export interface FaultContext {
  path: string;
  isToken: boolean;
  isChat: boolean;
  stream: boolean;
}

interface Queued {
  fault: Fault;
  left: number;
}

function applies(f: Fault, ctx: FaultContext): boolean {
  const pathOk = f.path === undefined || ctx.path.startsWith(f.path);
  if (CHAT_KINDS.has(f.kind)) return ctx.isChat && (ctx.stream || !STREAM_ONLY.has(f.kind)) && pathOk;
  if (f.kind === 'token-exchange-error') return ctx.isToken && pathOk;
  return f.path === undefined ? !ctx.isToken : pathOk;
}

/** The queue behind `emulator.inject()`. */
export class FaultQueue {
  private queue: Queued[] = [];

  add(fault: Fault): void {
    const times = fault.times ?? 1;
    if (!Number.isInteger(times) || times < 1) throw new Error('fault.times must be a positive integer (default 1)');
    this.queue.push({ fault, left: times });
  }

  clear(): void {
    this.queue = [];
  }

  /** Takes (and counts down) the faults for this request: at most one per kind, oldest first. */
  take(ctx: FaultContext): Fault[] {
    const seen = new Set<FaultKind>();
    const out: Fault[] = [];
    for (const q of this.queue) {
      if (seen.has(q.fault.kind) || !applies(q.fault, ctx)) continue;
      seen.add(q.fault.kind);
      out.push(q.fault);
      q.left -= 1;
    }
    this.queue = this.queue.filter((q) => q.left > 0);
    return out;
  }
}

/** Pause of the `#fault:slow` trigger word, ms. */
export const SLOW_TRIGGER_MS = 3000;
/** Length of the `#fault:long` answer, characters. */
export const LONG_TRIGGER_CHARS = 6000;

/** Faults named by `#fault:WORD` trigger words in a user's chat text. */
export function triggerFaults(text: string): Fault[] {
  const out: Fault[] = [];
  for (const match of text.matchAll(/#fault:([a-z0-9-]+)/gi)) {
    const word = match[1].toLowerCase();
    switch (word) {
      case 'drop': out.push({ kind: 'drop-mid-stream' }); break;
      case 'failed': out.push({ kind: 'chat-failed' }); break;
      case 'error': out.push({ kind: 'stream-error-event' }); break;
      case 'slow': out.push({ kind: 'slow-first-byte', ms: SLOW_TRIGGER_MS }); break;
      case 'long': out.push({ kind: 'long-answer', chars: LONG_TRIGGER_CHARS }); break;
      case 'split': out.push({ kind: 'split-chunks' }); break;
      case 'malformed': out.push({ kind: 'malformed-sse' }); break;
      case 'token': out.push({ kind: 'token-invalid' }); break;
      case '500': out.push({ kind: 'http-500' }); break;
      case '502': out.push({ kind: 'http-502' }); break;
      case '429': out.push({ kind: 'http-429' }); break;
      default:
        if (/^[45]\d{3}$/.test(word)) out.push({ kind: 'coze-error', code: Number(word) });
    }
  }
  return out;
}

/** Answers a response-replacing fault (HTTP 5xx/429, Coze error code, token invalid); false if `f` is not one. */
export function answerFault(res: ServerResponse, f: Fault, logId: string): boolean {
  const envelope = (code: number, msg?: string): Record<string, unknown> => ({
    code,
    msg: msg ?? COZE_ERROR_MESSAGES[code] ?? `emulated Coze error ${code}`,
    detail: { logid: logId },
  });
  switch (f.kind) {
    case 'http-500':
      sendJson(res, 500, envelope(5000, 'internal server error (emulated HTTP 500)'), logId);
      return true;
    case 'http-502':
      res.writeHead(502, { 'Content-Type': 'text/html', 'X-Tt-Logid': logId });
      res.end('<html><body><h1>502 Bad Gateway</h1></body></html>');
      return true;
    case 'http-429':
      sendJson(res, 429, envelope(4009), logId);
      return true;
    case 'coze-error':
      sendJson(res, 200, { ...envelope(f.code, f.msg), detail: { logid: f.logid ?? logId } }, f.logid ?? logId);
      return true;
    case 'token-invalid':
      sendJson(res, 200, envelope(4100, 'authentication is invalid (emulated: token invalidated)'), logId);
      return true;
    default:
      return false;
  }
}
