/**
 * Coze resources on top of the one request function: attaches the user's token, retries once with a fresh
 * token on 4100 / 700012006, unwraps the `{code,msg,data}` envelope and routes every failure through cozeError.
 */
import type { IncomingMessage } from 'http';
import type { LoadedConfig } from '../config';
import { AppError, cozeError } from '../errors';
import type { TokenCache } from '../auth/token-cache';
import { HttpRequest, readBody, request } from './http';
import { Json, num, obj, parseJson, str } from './json';
import { withRetry } from './retry';
import type { Caller, Deadline } from '../deadline';

/** A request without the token and timeout, which the client adds; `idempotent` ones may be retried. */
export type CozeRequest = Omit<HttpRequest, 'bearer' | 'timeoutMs'> & { idempotent?: boolean };

/** Codes that mean "this access token is no good": drop it and exchange once more (coze_error_codes: 4100; the doc's example body 700012006 "access token invalid"). */
const TOKEN_INVALID: ReadonlySet<number> = new Set([4100, 700012006]);
const HTTP_OK_MAX = 299;

function logidOf(res: IncomingMessage, body: Json): string | undefined {
  const header = res.headers['x-tt-logid'];
  return str(obj(body.detail), 'logid') || (typeof header === 'string' ? header : undefined) || undefined;
}

function endpointOf(req: CozeRequest): string {
  return `${req.method} ${req.path}`;
}

/** Reads a JSON answer and throws the mapped error unless it is a success envelope. */
async function readEnvelope(res: IncomingMessage, endpoint: string): Promise<Json> {
  return envelopeOf(res, (await readBody(res)).toString('utf8'), endpoint);
}

function envelopeOf(res: IncomingMessage, text: string, endpoint: string): Json {
  const status = res.statusCode ?? 0;
  const parsed = parseJson(text);
  const body = obj(parsed);
  const code = 'code' in body ? num(body, 'code') : undefined;
  const logid = logidOf(res, body);
  if (parsed === undefined || (code === undefined && status > HTTP_OK_MAX)) {
    throw cozeError({ status, logid, endpoint, msg: parsed === undefined ? 'answer is not JSON' : str(body, 'msg') });
  }
  if (code !== undefined && code !== 0) throw cozeError({ status, cozeCode: code, msg: str(body, 'msg'), logid, endpoint });
  if (status > HTTP_OK_MAX) throw cozeError({ status, logid, endpoint });
  return body;
}

/** Per-configuration Coze client; every call is made on behalf of one caller (its openid), within its deadline. */
export class CozeClient {
  constructor(private readonly config: LoadedConfig, private readonly tokens: TokenCache) {}

  /** A JSON call; resolves with the whole envelope (callers read `data`, or top-level paging keys). */
  json(caller: Caller, req: CozeRequest): Promise<Json> {
    const once = (): Promise<Json> => this.withToken(caller, async (bearer) => readEnvelope(await this.send(req, bearer, caller.deadline), endpointOf(req)));
    if (!req.idempotent) return once();
    return withRetry({ max: this.config.retryMax, baseMs: this.config.retryBaseMs }, caller.deadline, once);
  }

  /** A streaming call; resolves with the SSE response once Coze accepted it (a JSON answer is an error). */
  stream(caller: Caller, req: CozeRequest): Promise<IncomingMessage> {
    return this.withToken(caller, async (bearer) => {
      const res = await this.send(req, bearer, caller.deadline);
      const type = String(res.headers['content-type'] ?? '');
      if (type.includes('text/event-stream') && (res.statusCode ?? 0) <= HTTP_OK_MAX) return res;
      await readEnvelope(res, endpointOf(req));
      throw new AppError('UPSTREAM', `Coze answered ${type || 'no content type'} instead of an event stream`);
    });
  }

  /** A call answered with a file (text-to-speech audio); a JSON answer is Coze's error envelope. */
  binary(caller: Caller, req: CozeRequest): Promise<{ data: Buffer; contentType: string }> {
    return this.withToken(caller, async (bearer) => {
      const res = await this.send(req, bearer, caller.deadline);
      const contentType = String(res.headers['content-type'] ?? '');
      const data = await readBody(res);
      const endpoint = endpointOf(req);
      if (contentType.includes('application/json') || (res.statusCode ?? 0) > HTTP_OK_MAX) {
        envelopeOf(res, data.toString('utf8'), endpoint);
        throw new AppError('UPSTREAM', `${endpoint} answered JSON without an error instead of a file`);
      }
      if (data.length === 0) throw new AppError('UPSTREAM', `${endpoint} answered an empty file`, { transient: true });
      return { data, contentType };
    });
  }

  private send(req: CozeRequest, bearer: string, deadline: Deadline): Promise<IncomingMessage> {
    const { idempotent: _idempotent, ...http } = req;
    return request(this.config.apiBase, { ...http, bearer, timeoutMs: this.config.timeoutMs }, deadline);
  }

  private async withToken<T>({ openid, deadline }: Caller, call: (bearer: string) => Promise<T>): Promise<T> {
    const token = await this.tokens.get(openid, deadline);
    try {
      return await call(token);
    } catch (error) {
      if (!(error instanceof AppError) || error.cozeCode === undefined || !TOKEN_INVALID.has(error.cozeCode)) throw error;
      this.tokens.invalidate(openid, token);
      return call(await this.tokens.get(openid, deadline));
    }
  }
}
