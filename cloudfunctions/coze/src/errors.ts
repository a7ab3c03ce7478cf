/**
 * The function's one error type and the one factory that maps Coze answers to our error codes,
 * so every failure reaches the client as the same envelope with a Chinese, user-safe message.
 */
import type { ApiError, ErrorAction, ErrorCode } from '../../../miniprogram/shared/protocol';
import { permissionFor } from './coze/permissions';
import { redact } from './log';

/** Chinese text shown to users for each code; never contains developer detail. */
export const USER_MESSAGES: Record<ErrorCode, string> = {
  BAD_REQUEST: '请求参数有误，请检查后重试。',
  UNAUTHENTICATED: '无法识别当前用户，请重新打开小程序后再试。',
  NOT_FOUND: '会话或消息不存在，可能已被删除。',
  RATE_LIMITED: '请求太频繁了，请稍后再试。',
  QUOTA_EXCEEDED: '今日额度已用完，请稍后再试或联系开发者。',
  CONTENT_BLOCKED: '内容未通过安全审核，请修改后重试。',
  BUSY: '上一条回复还在生成中，请稍候。',
  BOT_UNAVAILABLE: '智能体暂时不可用，请联系开发者。',
  COZE_AUTH: '服务鉴权失败，请联系开发者检查配置。',
  CONFIG: '服务配置有误，请联系开发者。',
  UPSTREAM: '网络开小差了，请稍后重试。',
  CANCELED: '已停止生成。',
  INTERNAL: '服务出现异常，请稍后重试。',
};

const RETRYABLE: ReadonlySet<ErrorCode> = new Set<ErrorCode>(['RATE_LIMITED', 'BUSY', 'UPSTREAM', 'INTERNAL']);

/** Optional facts an AppError carries besides its code and developer detail. */
export interface AppErrorExtra {
  logid?: string;
  cozeCode?: number;
  userMessage?: string;
  httpStatus?: number;
  transient?: boolean;
  action?: ErrorAction;
}

/** A failure with our code; `detail` is for the developer log only and never reaches the client. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly detail: string;
  readonly logid?: string;
  readonly cozeCode?: number;
  readonly userMessage: string;
  /** HTTP status of the Coze answer, when there was one (retry decisions). */
  readonly httpStatus?: number;
  /** True for network failures and timeouts: an idempotent call may be retried. */
  readonly transient: boolean;
  /** What the client can offer besides a retry (e.g. clear the context on Coze 4010). */
  readonly action?: ErrorAction;

  constructor(code: ErrorCode, detail: string, extra: AppErrorExtra = {}) {
    super(`${code}: ${detail}`);
    this.name = 'AppError';
    this.code = code;
    this.detail = detail;
    this.logid = extra.logid;
    this.cozeCode = extra.cozeCode;
    this.userMessage = extra.userMessage ?? USER_MESSAGES[code];
    this.httpStatus = extra.httpStatus;
    this.transient = extra.transient ?? false;
    this.action = extra.action;
  }

  /** The client-facing half: code, Chinese message, retry hint, Coze logid. */
  toApiError(): ApiError {
    const error: ApiError = { code: this.code, message: this.userMessage, retryable: RETRYABLE.has(this.code) };
    if (this.logid && safeLogid(this.logid)) error.logid = this.logid;
    if (this.action) error.action = this.action;
    return error;
  }
}

/** A BAD_REQUEST whose user message says exactly what was wrong with the parameters. */
export function badRequest(what: string): AppError {
  return new AppError('BAD_REQUEST', what, { userMessage: `请求参数有误：${what}` });
}

/** NOT_FOUND used both for missing and for foreign conversations, so answers never reveal existence. */
export function notFound(detail: string): AppError {
  return new AppError('NOT_FOUND', detail);
}

/** What the user reads when Coze itself is out of quota: nothing they did, so "try later". */
const COZE_BUSY_MESSAGE = '当前使用人数较多，请稍后再试。';
const COZE_QUOTA_MESSAGE = '服务额度暂时用完了，请稍后再试；如持续出现请联系开发者。';
/** Coze 4010: the conversation no longer fits the model; only a clear context or a new conversation helps. */
export const CONTEXT_TOO_LONG_MESSAGE = '对话太长，超出了模型能记住的长度。请清除上下文或开始新的对话后再发送。';

/** Coze business codes and what they mean for us, with the fix a developer should apply (log only). */
const COZE_CODES: Record<number, { code: ErrorCode; fix: string; userMessage?: string; action?: ErrorAction }> = {
  4000: { code: 'BAD_REQUEST', fix: 'Coze rejected the request parameters; see msg' },
  4001: { code: 'NOT_FOUND', fix: 'chat id unknown or not visible to this user' },
  4002: { code: 'NOT_FOUND', fix: 'conversation id unknown or not visible to this user' },
  4005: { code: 'NOT_FOUND', fix: 'message id unknown or not visible to this user' },
  4006: { code: 'BOT_UNAVAILABLE', fix: 'COZE_BOT_ID is wrong or the OAuth app cannot access it; check the id and the app workspace' },
  4008: { code: 'QUOTA_EXCEEDED', fix: "Coze's per-user daily limit of this bot is reached (用户限流); raise the bot's per-user limit in Coze, or lower CHAT_DAILY_QUOTA so users hit ours first", userMessage: '今天的对话次数已达上限，请明天再试。' },
  4009: { code: 'RATE_LIMITED', fix: "Coze's system request ceiling is reached; retry later, or buy a higher plan (RPM) in Coze / Volcengine", userMessage: COZE_BUSY_MESSAGE },
  4020: { code: 'RATE_LIMITED', fix: 'the RPM of the purchased Coze plan is exceeded; buy more RPM (Coze 扣子专业版 / Volcengine) or lower CHAT_RATE_PER_MINUTE', userMessage: COZE_BUSY_MESSAGE },
  4011: { code: 'QUOTA_EXCEEDED', fix: 'the Coze token balance is insufficient; top up the Coze account (resource points / 扣子专业版)', userMessage: COZE_QUOTA_MESSAGE },
  4019: { code: 'QUOTA_EXCEEDED', fix: 'the Volcengine pay-as-you-go account is in arrears; top up the Volcengine account', userMessage: COZE_QUOTA_MESSAGE },
  4022: { code: 'QUOTA_EXCEEDED', fix: 'the model (Volcengine Ark) account is in arrears; top up Ark or switch the bot to another model', userMessage: COZE_QUOTA_MESSAGE },
  4028: { code: 'QUOTA_EXCEEDED', fix: 'free quota used up (Coze 4028); upgrade the Coze account to a paid plan (扣子专业版)', userMessage: COZE_QUOTA_MESSAGE },
  4015: { code: 'BOT_UNAVAILABLE', fix: 'the bot is not published to the API channel; publish it to "API" in Coze and retry' },
  4016: { code: 'BUSY', fix: 'a chat is already running in this conversation' },
  4100: { code: 'COZE_AUTH', fix: 'access token invalid; check COZE_API_BASE region (api.coze.cn vs api.coze.com) and the OAuth app keys' },
  4101: { code: 'COZE_AUTH', fix: 'the OAuth app lacks a permission for this endpoint; grant chat, getChat, cancelChat, listMessage, createConversation, retrieveConversation, listConversation, editConversation, deleteMessage, feedback, getMetadata and createTranscription in the app settings, and check the region' },
  4102: { code: 'RATE_LIMITED', fix: 'Coze risk control (风控) refused the call for now ("请稍后重试"); retry later, and contact Coze with the logid if it persists', userMessage: '请求暂时被扣子风控拦截，请稍后重试。' },
  4003: { code: 'BAD_REQUEST', fix: 'meta_data is over the limits (≤16 pairs, key 1–64, value 1–512 characters); this is our request, fix the code that builds it', userMessage: '请求的附加信息超出了扣子的限制，请联系开发者。' },
  4004: { code: 'BAD_REQUEST', fix: 'additional_messages is over the limits (≤100 items); fix the code that builds it', userMessage: '一次发送的消息超出了扣子的限制，请联系开发者。' },
  4007: { code: 'BAD_REQUEST', fix: 'stream=false is only allowed with auto_save_history=true; fix the request', userMessage: '请求方式不被扣子支持，请联系开发者。' },
  4010: { code: 'BAD_REQUEST', fix: "the prompt exceeds the model's context length; retrying cannot help: the user must clear the context (conversation.clear) or start a new conversation, or shorten the bot's prompt/knowledge", userMessage: CONTEXT_TOO_LONG_MESSAGE, action: 'clear-context' },
  4012: { code: 'BOT_UNAVAILABLE', fix: "the bot's model is invalid; choose an available model in the bot settings and publish it again", userMessage: '智能体配置的模型不可用，请联系开发者。' },
  4013: { code: 'UPSTREAM', fix: 'the model service failed (模型错误); retry later or switch the bot to another model', userMessage: '模型服务出错了，请稍后重试。' },
  4014: { code: 'BAD_REQUEST', fix: 'the model cannot answer this question (问题无法回答)', userMessage: '这个问题暂时无法回答，请换个问法试试。' },
  4021: { code: 'BOT_UNAVAILABLE', fix: "the bot's workflow is not configured; configure and publish it in Coze", userMessage: '智能体的工作流未配置，请联系开发者。' },
  700012006: { code: 'COZE_AUTH', fix: 'access token invalid (700012006); the token is dropped and exchanged again once; if it persists check COZE_API_BASE region and the OAuth app keys' },
  4105: { code: 'CONTENT_BLOCKED', fix: 'content contains sensitive information' },
  5000: { code: 'UPSTREAM', fix: 'Coze internal error; retry later' },
  4200: { code: 'BOT_UNAVAILABLE', fix: 'resource not found: check COZE_BOT_ID (a string, all digits) and the region' },
};

/** What a failed Coze HTTP exchange looked like; any field may be missing. */
export interface CozeFailure {
  status?: number;
  cozeCode?: number;
  msg?: string;
  logid?: string;
  network?: string;
  /** `METHOD /path` of the call, for permission hints. */
  endpoint?: string;
}

const PERMISSION_DENIED = 4101;
const HTTP_SERVER_ERROR = 500;
const HTTP_TOO_MANY = 429;
const HTTP_UNAUTHORIZED = 401;
const HTTP_FORBIDDEN = 403;

/** THE error factory: HTTP status + Coze code → our error, with a developer hint in `detail`. */
export function cozeError(failure: CozeFailure): AppError {
  const { status, cozeCode, msg, logid, network, endpoint } = failure;
  const where = `${endpoint ? `${endpoint}: ` : ''}HTTP ${status ?? '-'} code ${cozeCode ?? '-'} msg ${JSON.stringify(msg ?? '')}`;
  if (network) return new AppError('UPSTREAM', `network: ${network}`, { logid, transient: true });
  const known = cozeCode !== undefined ? COZE_CODES[cozeCode] : undefined;
  if (known) {
    const permission = cozeCode === PERMISSION_DENIED && endpoint ? permissionFor(endpoint) : undefined;
    const fix = permission ? `the OAuth app lacks the "${permission}" permission needed here; add it in the app settings (or check the region: api.coze.cn vs api.coze.com)` : known.fix;
    return new AppError(known.code, `${where}: ${fix}`, { logid, cozeCode, httpStatus: status, userMessage: known.userMessage, action: known.action });
  }
  const extra = { logid, cozeCode, httpStatus: status };
  if (status !== undefined && status >= HTTP_SERVER_ERROR) return new AppError('UPSTREAM', `${where}: Coze server error, retry later`, extra);
  if (status === HTTP_TOO_MANY) return new AppError('RATE_LIMITED', `${where}: slow down`, { ...extra, userMessage: COZE_BUSY_MESSAGE });
  if (status === HTTP_UNAUTHORIZED || status === HTTP_FORBIDDEN) return new AppError('COZE_AUTH', `${where}: check the OAuth app keys and permissions`, extra);
  // INTERNAL is for our own bugs: an answer of Coze we do not know is an upstream problem, said honestly.
  const what = cozeCode !== undefined ? `（错误码 ${cozeCode}）` : '';
  return new AppError('UPSTREAM', `${where}: a Coze answer this function does not know; look the code up in Coze's error-code page (coze_error_codes) and add it to COZE_CODES`, {
    ...extra,
    userMessage: `扣子服务返回了无法处理的错误${what}，请稍后重试；如持续出现请联系开发者。`,
  });
}

/** A Coze logid may go to the client only when it looks like one (a short word), never text that could carry a token. */
const LOGID_PATTERN = /^[\w.-]{1,128}$/;
function safeLogid(logid: string): boolean {
  return LOGID_PATTERN.test(logid) && redact(logid) === logid;
}

/** Turns anything thrown into an AppError (unknown errors become INTERNAL with their message for the log). */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new AppError('INTERNAL', `unexpected: ${message}`);
}
