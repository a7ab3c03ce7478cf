/**
 * The ONLY place that knows who the caller is: wx-server-sdk's context OPENID. Event fields such as
 * `openid`, `userInfo`, `session_name` or `user_id` are never read.
 */
import * as cloud from 'wx-server-sdk';

// The typings say string, but the SDK documents this symbol as "the environment this function runs in".
cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });

/**
 * The caller's openid, or undefined. Call it SYNCHRONOUSLY at the very start of `main`, before any await:
 * getWXContext reads process.env at call time, and the local dev server runs many simulated users in one
 * process by setting process.env.WX_OPENID right before each call — a read after an await could see the
 * next user's openid.
 */
export function readOpenid(): string | undefined {
  let value: unknown;
  try {
    value = (cloud.getWXContext() as { OPENID?: unknown } | undefined)?.OPENID;
  } catch {
    return undefined;
  }
  if (typeof value === 'number') return String(value);
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** True inside CloudBase (or DevTools local debug), where the cloud database exists. */
export function inCloudBase(): boolean {
  return Boolean(process.env.TCB_ENV);
}
