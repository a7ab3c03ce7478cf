/**
 * The route table's types and matcher: each business endpoint names its method, path pattern and the
 * OAuth permissions it needs, so permission checks (4101) happen in one place.
 */
import type { IncomingMessage, ServerResponse } from 'http';
import type { AuthRegistry, Caller } from './auth';
import { CozeApiError } from './http-io';
import type { FaultQueue } from './faults';
import type { Store } from './store';
import type { EmulatorStats, Fault, Permission } from './types';

/** HTTP methods the emulator routes. */
export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** Mutable settings and shared state handlers read. */
export interface EmulatorState {
  store: Store;
  auth: AuthRegistry;
  faults: FaultQueue;
  stats: EmulatorStats;
  botId: string;
  workflowId: string;
  chatflowAppId: string;
  deltaDelayMs: number;
  onboardingCase: 'snake' | 'pascal';
  suggestedQuestions: boolean;
  botPublished: boolean;
  seed: number;
  authErrorsAsHttp: boolean;
  cancelEndsStream: boolean;
  stopped: boolean;
}

/** Everything a handler gets for one request. */
export interface RouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  logId: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  rawBody: Buffer;
  params: Record<string, string>;
  caller: Caller;
  /** Chat-shaped faults already taken from the queue for this request. */
  faults: Fault[];
  state: EmulatorState;
}

/** What a handler answers: an envelope payload, or 'handled' when it wrote the response itself (SSE). */
export type Reply = { data?: unknown; extra?: Record<string, unknown>; key?: 'data' | 'message' } | 'handled';

/** One business endpoint. */
export interface Route {
  method: Method | readonly Method[];
  pattern: RegExp;
  permissions: readonly Permission[];
  handle(ctx: RouteContext): Reply | Promise<Reply>;
}

/** Finds the route for method + path and its named path parameters. */
export function matchRoute(routes: readonly Route[], method: string, path: string): { route: Route; params: Record<string, string> } | undefined {
  for (const route of routes) {
    const methods: readonly string[] = typeof route.method === 'string' ? [route.method] : route.method;
    if (!methods.includes(method)) continue;
    const m = route.pattern.exec(path);
    if (m) return { route, params: { ...(m.groups ?? {}) } };
  }
  return undefined;
}

/** Reads a string field of a JSON body (or undefined). */
export function field(body: unknown, name: string): unknown {
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[name] : undefined;
}

/** Validates a meta_data map (≤16 pairs, key 1–64, value 1–512 chars) or throws 4003. */
export function metaDataOf(value: unknown): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw new MetaDataError('meta_data must be an object of strings');
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length > 16) throw new MetaDataError('meta_data holds at most 16 pairs');
  for (const [k, v] of entries) {
    if (k.length < 1 || k.length > 64 || typeof v !== 'string' || v.length < 1 || v.length > 512) {
      throw new MetaDataError(`meta_data key 1–64 chars and string value 1–512 chars (bad key '${k}')`);
    }
  }
  return Object.fromEntries(entries) as Record<string, string>;
}


/** 4003: meta_data over Coze's limits. */
export class MetaDataError extends CozeApiError {
  constructor(detail: string) {
    super(4003, `invalid meta_data: ${detail}`);
  }
}
