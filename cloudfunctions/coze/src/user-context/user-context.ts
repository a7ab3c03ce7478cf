/**
 * Trusted user context: what the bot may know about the user (a nickname, a membership level, a store id).
 * It comes ONLY from the developer's hook file (`user-context.js` next to the bundle, outside the build), which
 * gets the openid from the WeChat context and the cloud SDK; nothing in the request can set it. A failing,
 * slow or malformed hook never blocks the chat: it is logged with the fix and the chat goes on without context.
 */
import { existsSync } from 'fs';
import path from 'path';
import * as cloud from 'wx-server-sdk';
import { log, userTag } from '../log';
import { settleWithin } from '../deadline';
import type { CallContext } from '../actions/types';

/** The values the bot may see, as Coze takes them (custom_variables: map<string,string>; parameters: map<string,any>). */
export type UserContext = Record<string, string>;

/** What the hook function receives. */
export interface HookInput {
  openid: string;
  cloud: typeof cloud;
}

type HookFunction = (input: HookInput) => unknown;

/** Keys Coze accepts for prompt variables and start-node parameters: letters, digits, underscore. */
const KEY_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
/** Most entries and longest value passed on: enough for a profile, small enough for every request. */
export const MAX_CONTEXT_ENTRIES = 20;
export const MAX_CONTEXT_VALUE = 512;

const FIX = 'fix cloudfunctions/coze/user-context.js (it must export a function ({ openid, cloud }) => object of strings), or set COZE_USER_CONTEXT_HOOK';

/** Node's require, called indirectly so esbuild leaves the hook OUT of the bundle (npm run build never touches it). */
const loadModule: (id: string) => unknown = require;

/** The hook function of a file, undefined when the file does not exist; throws when it exists but is unusable. */
export function resolveHook(file: string, baseDir: string = __dirname): HookFunction | undefined {
  const full = path.resolve(baseDir, file);
  // Only the hook file itself missing means "no hook"; anything failing INSIDE it is a hook bug, reported.
  if (!existsSync(full)) return undefined;
  const exported = loadModule(full);
  const candidate = typeof exported === 'function' ? exported : (exported as { userContext?: unknown } | null)?.userContext;
  if (typeof candidate !== 'function') throw new Error(`${file} exports no function (module.exports = async ({ openid, cloud }) => ({ … }))`);
  return candidate as HookFunction;
}

/** Keeps only well-formed entries (string/number/boolean values under a Coze-safe key); logs what it dropped. */
export function sanitizeContext(raw: unknown, openid: string): UserContext {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    log.warn('user_context.bad_result', { user: userTag(openid), reason: `the hook returned ${Array.isArray(raw) ? 'an array' : typeof raw}`, fix: FIX });
    return {};
  }
  const out: UserContext = {};
  const dropped: string[] = [];
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    const text = typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
    if (!KEY_PATTERN.test(key) || text === undefined || Array.from(text).length > MAX_CONTEXT_VALUE || Object.keys(out).length >= MAX_CONTEXT_ENTRIES) {
      dropped.push(key.slice(0, 64));
      continue;
    }
    out[key] = text;
  }
  if (dropped.length > 0) {
    log.warn('user_context.dropped', {
      user: userTag(openid),
      keys: dropped.join(','),
      fix: `keys must match ${KEY_PATTERN.source}, values be strings/numbers/booleans of at most ${MAX_CONTEXT_VALUE} characters, at most ${MAX_CONTEXT_ENTRIES} entries`,
    });
  }
  return out;
}

/**
 * Runs the hook for the caller, within min(COZE_USER_CONTEXT_TIMEOUT_MS, what is left of the call budget).
 * Never throws: any failure is logged with the fix and answers {} (the chat goes on without context).
 */
export async function userContext(ctx: CallContext, baseDir: string = __dirname): Promise<UserContext> {
  const { contextHook, contextTimeoutMs } = ctx.runtime.config;
  const user = userTag(ctx.openid);
  try {
    const hook = resolveHook(contextHook, baseDir);
    if (!hook) return {};
    const budget = Math.min(contextTimeoutMs, ctx.deadline.remainingMs());
    if (budget <= 0) throw new Error('no time left in the call budget (CHAT_DEADLINE_MS) for the hook');
    const work = Promise.resolve().then(() => hook({ openid: ctx.openid, cloud }));
    const raw = await settleWithin(work, budget, () => new Error(`the hook took longer than ${budget} ms (COZE_USER_CONTEXT_TIMEOUT_MS, and the call budget)`));
    return sanitizeContext(raw, ctx.openid);
  } catch (error) {
    log.warn('user_context.failed', { user, reason: error instanceof Error ? error.message : String(error), fix: FIX });
    return {};
  }
}
