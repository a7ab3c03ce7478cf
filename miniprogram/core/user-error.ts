/**
 * What an end user reads when something fails: plain Chinese, no variable names, no URLs, and a 重试 only when
 * a retry can help. The function's own text can carry developer detail (a CONFIG error names the environment
 * variable to fix); that detail is kept apart, for the console and for DevTools / the preview only.
 */
import type { ApiError, ErrorCode } from '../shared/protocol';

/** The user-facing half and the developer half of one error. */
export interface UserError {
  message: string;
  retryable: boolean;
  /** The original text when it was replaced (for developers), else ''. */
  detail: string;
}

/** Plain text per code, used when the function's text is not fit for users. */
export const PLAIN_MESSAGES: Partial<Record<ErrorCode, string>> = {
  CONFIG: '服务暂时无法使用，请联系小程序的开发者',
  COZE_AUTH: '服务暂时无法使用，请联系小程序的开发者',
  BOT_UNAVAILABLE: '智能体暂时无法使用，请稍后再来',
  INTERNAL: '服务出了点问题，请稍后重试',
  UPSTREAM: '网络不稳定，请稍后重试',
};
/** Fallback when a code has no plain text of its own. */
export const GENERIC_MESSAGE = '出了点问题，请稍后重试';

/**
 * Where a developer finds the cause, added to the detail (DevTools and the preview only): the function names the
 * variable to fix in its log, never in its answer (DESIGN §4), so the detail points there.
 */
export const DEVELOPER_HINTS: Partial<Record<ErrorCode, string>> = {
  CONFIG: '要改的环境变量及改法写在云函数 coze 的日志里（云开发控制台 → 云函数 → 日志）；本地运行 npm run doctor 可检查全部设置。',
  COZE_AUTH: 'Coze 拒绝了 OAuth 应用的凭据（COZE_JWT_OAUTH_CLIENT_ID、COZE_JWT_OAUTH_PUBLIC_KEY_ID、COZE_JWT_OAUTH_PRIVATE_KEY）：详情见云函数 coze 的日志，或运行 npm run doctor。',
  BOT_UNAVAILABLE: '检查 COZE_BOT_ID，以及智能体是否已发布为 API 服务：详情见云函数 coze 的日志，或运行 npm run doctor。',
};

/** Codes a retry cannot fix (the developer must change a setting): no 重试 is offered. */
export const NOT_RETRYABLE: readonly ErrorCode[] = ['CONFIG', 'COZE_AUTH', 'BOT_UNAVAILABLE', 'CONTENT_BLOCKED', 'BAD_REQUEST'];

/** Latin words of 3+ letters, identifiers, URLs, paths: signs that a text was written for developers. */
const DEVELOPER_TEXT = /[A-Za-z_]{3,}|https?:|[{}<>=]/;

/** Splits an API error into what the user sees and what only developers see. */
export function userError(error: Pick<ApiError, 'code' | 'message' | 'retryable'>): UserError {
  const fit = !!error.message && !DEVELOPER_TEXT.test(error.message) && error.code !== 'CONFIG' && error.code !== 'COZE_AUTH';
  const message = fit ? error.message : PLAIN_MESSAGES[error.code] ?? GENERIC_MESSAGE;
  const hint = DEVELOPER_HINTS[error.code];
  const detail = fit && !hint ? '' : [`${error.code}: ${error.message}`, hint].filter(Boolean).join(' ');
  return { message, retryable: error.retryable && !NOT_RETRYABLE.includes(error.code), detail };
}
