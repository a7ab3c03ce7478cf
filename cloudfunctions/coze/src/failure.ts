/** The one way a failed call becomes the error envelope and a redacted log line (used by `coze` and `coze-http`). */
import type { ApiError } from '../../../miniprogram/shared/protocol';
import { toAppError } from './errors';
import { log, userTag, withoutOpenid } from './log';

/** Logs the failure for the developer (no openid, no secrets) and answers what the user may see. */
export function failureEnvelope(caught: unknown, action: string, openid: string | undefined, startedAt: number): { ok: false; error: ApiError } {
  const error = toAppError(caught);
  log.error('action.failed', {
    action,
    code: error.code,
    cozeCode: error.cozeCode,
    logid: error.logid === undefined ? undefined : withoutOpenid(error.logid, openid),
    user: openid ? userTag(openid) : undefined,
    detail: withoutOpenid(error.detail, openid),
    ms: Date.now() - startedAt,
  });
  return { ok: false, error: error.toApiError() };
}
