/* Built by `npm run build` from cloudfunctions/coze/src. Do not edit. */
"use strict";
var __create = Object.create;
var __defProp = Object.defineProperty;
var __getOwnPropDesc = Object.getOwnPropertyDescriptor;
var __getOwnPropNames = Object.getOwnPropertyNames;
var __getProtoOf = Object.getPrototypeOf;
var __hasOwnProp = Object.prototype.hasOwnProperty;
var __export = (target, all) => {
  for (var name in all)
    __defProp(target, name, { get: all[name], enumerable: true });
};
var __copyProps = (to, from, except, desc) => {
  if (from && typeof from === "object" || typeof from === "function") {
    for (let key of __getOwnPropNames(from))
      if (!__hasOwnProp.call(to, key) && key !== except)
        __defProp(to, key, { get: () => from[key], enumerable: !(desc = __getOwnPropDesc(from, key)) || desc.enumerable });
  }
  return to;
};
var __toESM = (mod, isNodeMode, target) => (target = mod != null ? __create(__getProtoOf(mod)) : {}, __copyProps(
  // If the importer is in node compatibility mode or this is not an ESM
  // file that has been converted to a CommonJS file using a Babel-
  // compatible transform (i.e. "__esModule" has not been set), then set
  // "default" to the CommonJS "module.exports" for node compatibility.
  isNodeMode || !mod || !mod.__esModule ? __defProp(target, "default", { value: mod, enumerable: true }) : target,
  mod
));
var __toCommonJS = (mod) => __copyProps(__defProp({}, "__esModule", { value: true }), mod);

// cloudfunctions/coze/src/index.ts
var index_exports = {};
__export(index_exports, {
  localFiles: () => localFiles,
  localStreams: () => localStreams,
  main: () => main
});
module.exports = __toCommonJS(index_exports);

// miniprogram/shared/protocol.ts
var STREAM_COLLECTION = "coze_streams";
var FINAL_CHAT_STATUSES = ["completed", "failed", "canceled", "requires_action"];
var ACTION_NAMES = [
  "bot.info",
  "conversation.create",
  "conversation.list",
  "conversation.rename",
  "conversation.delete",
  "conversation.clear",
  "message.list",
  "chat.send",
  "chat.poll",
  "chat.cancel",
  "message.feedback",
  "audio.transcribe",
  "audio.speech"
];
var STREAM_ID_PATTERN = /^[0-9a-f]{32}$/;

// cloudfunctions/coze/src/coze/permissions.ts
var RULES = [
  [/^POST \/v3\/chat$/, "chat"],
  [/^(GET|POST) \/v3\/chat\/retrieve$/, "getChat"],
  [/^GET \/v3\/chat\/message\/list$/, "chat + listMessage"],
  [/^POST \/v3\/chat\/cancel$/, "cancelChat"],
  [/^POST \/v1\/conversation\/create$/, "createConversation"],
  [/^GET \/v1\/conversation\/retrieve$/, "retrieveConversation"],
  [/^GET \/v1\/conversations$/, "listConversation"],
  [/^(PUT|DELETE) \/v1\/conversations\/\d+$/, "editConversation"],
  [/^POST \/v1\/conversations\/\d+\/clear$/, "editConversation"],
  [/^(POST|DELETE) \/v1\/conversations\/\d+\/messages\/\d+\/feedback$/, "feedback"],
  [/^POST \/v1\/conversation\/message\/list$/, "chat + listMessage"],
  [/^POST \/v1\/conversation\/message\/delete$/, "deleteMessage"],
  [/^GET \/v1\/bots\/\d+$/, "getMetadata"],
  [/^POST \/v1\/audio\/transcriptions$/, "createTranscription"],
  [/^POST \/v1\/audio\/speech$/, "createSpeech"],
  [/^GET \/v1\/conversation\/message\/retrieve$/, "retrieveMessage"]
];
function permissionFor(endpoint) {
  var _a2;
  return (_a2 = RULES.find(([pattern]) => pattern.test(endpoint))) == null ? void 0 : _a2[1];
}

// cloudfunctions/coze/src/log.ts
var import_crypto = require("crypto");
var REDACTIONS = [
  [/-----BEGIN [A-Z ]*KEY-----[\s\S]*?(-----END [A-Z ]*KEY-----|$)/g, "[redacted key]"],
  [/\beyJ[\w-]{4,}\.[\w-]{4,}\.[\w-]*/g, "[redacted jwt]"],
  [/(bearer\s+)[^\s"']+/gi, "$1[redacted]"],
  [/\b(czs|pat|sat|cztei)_[\w-]+/gi, "[redacted token]"]
];
function redact(text2) {
  return REDACTIONS.reduce((out, [pattern, replacement]) => out.replace(pattern, replacement), text2);
}
function withoutOpenid(text2, openid) {
  return openid ? text2.split(openid).join("[openid]") : text2;
}
var USER_TAG_LENGTH = 12;
function userTag(openid) {
  return (0, import_crypto.createHash)("sha256").update(`coze-weapp-log:${openid}`).digest("hex").slice(0, USER_TAG_LENGTH);
}
function write(level, event, fields) {
  const line = { level, event };
  for (const [key, value] of Object.entries(fields)) {
    if (value === void 0) continue;
    line[key] = typeof value === "string" ? redact(value) : value;
  }
  const text2 = JSON.stringify(line);
  if (level === "error") console.error(text2);
  else if (level === "warn") console.warn(text2);
  else console.log(text2);
}
var log = {
  info: (event, fields = {}) => write("info", event, fields),
  warn: (event, fields = {}) => write("warn", event, fields),
  error: (event, fields = {}) => write("error", event, fields)
};

// cloudfunctions/coze/src/errors.ts
var USER_MESSAGES = {
  BAD_REQUEST: "请求参数有误，请检查后重试。",
  UNAUTHENTICATED: "无法识别当前用户，请重新打开小程序后再试。",
  NOT_FOUND: "会话或消息不存在，可能已被删除。",
  RATE_LIMITED: "请求太频繁了，请稍后再试。",
  QUOTA_EXCEEDED: "今日额度已用完，请稍后再试或联系开发者。",
  CONTENT_BLOCKED: "内容未通过安全审核，请修改后重试。",
  BUSY: "上一条回复还在生成中，请稍候。",
  BOT_UNAVAILABLE: "智能体暂时不可用，请联系开发者。",
  COZE_AUTH: "服务鉴权失败，请联系开发者检查配置。",
  CONFIG: "服务配置有误，请联系开发者。",
  UPSTREAM: "网络开小差了，请稍后重试。",
  CANCELED: "已停止生成。",
  INTERNAL: "服务出现异常，请稍后重试。"
};
var RETRYABLE = /* @__PURE__ */ new Set(["RATE_LIMITED", "BUSY", "UPSTREAM", "INTERNAL"]);
var AppError = class extends Error {
  constructor(code, detail, extra = {}) {
    super(`${code}: ${detail}`);
    this.name = "AppError";
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
  toApiError() {
    const error = { code: this.code, message: this.userMessage, retryable: RETRYABLE.has(this.code) };
    if (this.logid && safeLogid(this.logid)) error.logid = this.logid;
    if (this.action) error.action = this.action;
    return error;
  }
};
function badRequest(what) {
  return new AppError("BAD_REQUEST", what, { userMessage: `请求参数有误：${what}` });
}
function notFound(detail) {
  return new AppError("NOT_FOUND", detail);
}
var COZE_BUSY_MESSAGE = "当前使用人数较多，请稍后再试。";
var COZE_QUOTA_MESSAGE = "服务额度暂时用完了，请稍后再试；如持续出现请联系开发者。";
var CONTEXT_TOO_LONG_MESSAGE = "对话太长，超出了模型能记住的长度。请清除上下文或开始新的对话后再发送。";
var COZE_CODES = {
  4e3: { code: "BAD_REQUEST", fix: "Coze rejected the request parameters; see msg" },
  4001: { code: "NOT_FOUND", fix: "chat id unknown or not visible to this user" },
  4002: { code: "NOT_FOUND", fix: "conversation id unknown or not visible to this user" },
  4005: { code: "NOT_FOUND", fix: "message id unknown or not visible to this user" },
  4006: { code: "BOT_UNAVAILABLE", fix: "COZE_BOT_ID is wrong or the OAuth app cannot access it; check the id and the app workspace" },
  4008: { code: "QUOTA_EXCEEDED", fix: "Coze's per-user daily limit of this bot is reached (用户限流); raise the bot's per-user limit in Coze, or lower CHAT_DAILY_QUOTA so users hit ours first", userMessage: "今天的对话次数已达上限，请明天再试。" },
  4009: { code: "RATE_LIMITED", fix: "Coze's system request ceiling is reached; retry later, or buy a higher plan (RPM) in Coze / Volcengine", userMessage: COZE_BUSY_MESSAGE },
  4020: { code: "RATE_LIMITED", fix: "the RPM of the purchased Coze plan is exceeded; buy more RPM (Coze 扣子专业版 / Volcengine) or lower CHAT_RATE_PER_MINUTE", userMessage: COZE_BUSY_MESSAGE },
  4011: { code: "QUOTA_EXCEEDED", fix: "the Coze token balance is insufficient; top up the Coze account (resource points / 扣子专业版)", userMessage: COZE_QUOTA_MESSAGE },
  4019: { code: "QUOTA_EXCEEDED", fix: "the Volcengine pay-as-you-go account is in arrears; top up the Volcengine account", userMessage: COZE_QUOTA_MESSAGE },
  4022: { code: "QUOTA_EXCEEDED", fix: "the model (Volcengine Ark) account is in arrears; top up Ark or switch the bot to another model", userMessage: COZE_QUOTA_MESSAGE },
  4028: { code: "QUOTA_EXCEEDED", fix: "free quota used up (Coze 4028); upgrade the Coze account to a paid plan (扣子专业版)", userMessage: COZE_QUOTA_MESSAGE },
  4015: { code: "BOT_UNAVAILABLE", fix: 'the bot is not published to the API channel; publish it to "API" in Coze and retry' },
  4016: { code: "BUSY", fix: "a chat is already running in this conversation" },
  4100: { code: "COZE_AUTH", fix: "access token invalid; check COZE_API_BASE region (api.coze.cn vs api.coze.com) and the OAuth app keys" },
  4101: { code: "COZE_AUTH", fix: "the OAuth app lacks a permission for this endpoint; grant chat, getChat, cancelChat, listMessage, createConversation, retrieveConversation, listConversation, editConversation, deleteMessage, feedback, getMetadata and createTranscription in the app settings, and check the region" },
  4102: { code: "RATE_LIMITED", fix: 'Coze risk control (风控) refused the call for now ("请稍后重试"); retry later, and contact Coze with the logid if it persists', userMessage: "请求暂时被扣子风控拦截，请稍后重试。" },
  4003: { code: "BAD_REQUEST", fix: "meta_data is over the limits (≤16 pairs, key 1–64, value 1–512 characters); this is our request, fix the code that builds it", userMessage: "请求的附加信息超出了扣子的限制，请联系开发者。" },
  4004: { code: "BAD_REQUEST", fix: "additional_messages is over the limits (≤100 items); fix the code that builds it", userMessage: "一次发送的消息超出了扣子的限制，请联系开发者。" },
  4007: { code: "BAD_REQUEST", fix: "stream=false is only allowed with auto_save_history=true; fix the request", userMessage: "请求方式不被扣子支持，请联系开发者。" },
  4010: { code: "BAD_REQUEST", fix: "the prompt exceeds the model's context length; retrying cannot help: the user must clear the context (conversation.clear) or start a new conversation, or shorten the bot's prompt/knowledge", userMessage: CONTEXT_TOO_LONG_MESSAGE, action: "clear-context" },
  4012: { code: "BOT_UNAVAILABLE", fix: "the bot's model is invalid; choose an available model in the bot settings and publish it again", userMessage: "智能体配置的模型不可用，请联系开发者。" },
  4013: { code: "UPSTREAM", fix: "the model service failed (模型错误); retry later or switch the bot to another model", userMessage: "模型服务出错了，请稍后重试。" },
  4014: { code: "BAD_REQUEST", fix: "the model cannot answer this question (问题无法回答)", userMessage: "这个问题暂时无法回答，请换个问法试试。" },
  4021: { code: "BOT_UNAVAILABLE", fix: "the bot's workflow is not configured; configure and publish it in Coze", userMessage: "智能体的工作流未配置，请联系开发者。" },
  700012006: { code: "COZE_AUTH", fix: "access token invalid (700012006); the token is dropped and exchanged again once; if it persists check COZE_API_BASE region and the OAuth app keys" },
  4105: { code: "CONTENT_BLOCKED", fix: "content contains sensitive information" },
  5e3: { code: "UPSTREAM", fix: "Coze internal error; retry later" },
  4200: { code: "BOT_UNAVAILABLE", fix: "resource not found: check COZE_BOT_ID (a string, all digits) and the region" }
};
var PERMISSION_DENIED = 4101;
var HTTP_SERVER_ERROR = 500;
var HTTP_TOO_MANY = 429;
var HTTP_UNAUTHORIZED = 401;
var HTTP_FORBIDDEN = 403;
function cozeError(failure) {
  const { status, cozeCode, msg, logid, network, endpoint } = failure;
  const where = `${endpoint ? `${endpoint}: ` : ""}HTTP ${status ?? "-"} code ${cozeCode ?? "-"} msg ${JSON.stringify(msg ?? "")}`;
  if (network) return new AppError("UPSTREAM", `network: ${network}`, { logid, transient: true });
  const known = cozeCode !== void 0 ? COZE_CODES[cozeCode] : void 0;
  if (known) {
    const permission = cozeCode === PERMISSION_DENIED && endpoint ? permissionFor(endpoint) : void 0;
    const fix = permission ? `the OAuth app lacks the "${permission}" permission needed here; add it in the app settings (or check the region: api.coze.cn vs api.coze.com)` : known.fix;
    return new AppError(known.code, `${where}: ${fix}`, { logid, cozeCode, httpStatus: status, userMessage: known.userMessage, action: known.action });
  }
  const extra = { logid, cozeCode, httpStatus: status };
  if (status !== void 0 && status >= HTTP_SERVER_ERROR) return new AppError("UPSTREAM", `${where}: Coze server error, retry later`, extra);
  if (status === HTTP_TOO_MANY) return new AppError("RATE_LIMITED", `${where}: slow down`, { ...extra, userMessage: COZE_BUSY_MESSAGE });
  if (status === HTTP_UNAUTHORIZED || status === HTTP_FORBIDDEN) return new AppError("COZE_AUTH", `${where}: check the OAuth app keys and permissions`, extra);
  const what = cozeCode !== void 0 ? `（错误码 ${cozeCode}）` : "";
  return new AppError("UPSTREAM", `${where}: a Coze answer this function does not know; look the code up in Coze's error-code page (coze_error_codes) and add it to COZE_CODES`, {
    ...extra,
    userMessage: `扣子服务返回了无法处理的错误${what}，请稍后重试；如持续出现请联系开发者。`
  });
}
var LOGID_PATTERN = /^[\w.-]{1,128}$/;
function safeLogid(logid) {
  return LOGID_PATTERN.test(logid) && redact(logid) === logid;
}
function toAppError(error) {
  if (error instanceof AppError) return error;
  const message2 = error instanceof Error ? error.message : String(error);
  return new AppError("INTERNAL", `unexpected: ${message2}`);
}

// cloudfunctions/coze/src/identity.ts
var cloud = __toESM(require("wx-server-sdk"));
cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV });
function readOpenid() {
  var _a2;
  let value;
  try {
    value = (_a2 = cloud.getWXContext()) == null ? void 0 : _a2.OPENID;
  } catch {
    return void 0;
  }
  if (typeof value === "number") return String(value);
  return typeof value === "string" && value.trim() !== "" ? value : void 0;
}
function inCloudBase() {
  return Boolean(process.env.TCB_ENV);
}

// cloudfunctions/coze/src/auth/private-key.ts
var import_crypto2 = require("crypto");

// cloudfunctions/coze/src/settings.ts
var SettingError = class extends Error {
};
function setting(name, fallback, parse, doc) {
  return { name, fallback, parse, doc };
}
function text(raw) {
  const value = raw.trim();
  if (!value) throw new SettingError("is empty");
  return value;
}
function integer(min, max) {
  return (raw) => {
    const value = raw.trim();
    if (!/^\d+$/.test(value)) throw new SettingError(`must be a whole number between ${min} and ${max}`);
    const parsed = Number(value);
    if (parsed < min || parsed > max) throw new SettingError(`must be between ${min} and ${max}`);
    return parsed;
  };
}
function httpUrl(raw) {
  let url;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new SettingError("must be an http(s) URL such as https://api.coze.cn");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new SettingError("must start with https:// (or http:// for a local emulator), e.g. https://api.coze.cn");
  }
  if (url.username || url.password) throw new SettingError("must not carry credentials (user:password@): give only the scheme and host, e.g. https://api.coze.cn");
  if (url.pathname !== "/" || url.search || url.hash) {
    throw new SettingError(`must be only the scheme and host (and port), without a path, query or #: use ${url.origin}`);
  }
  return url;
}
function botId(raw) {
  const value = raw.trim();
  if (!/^\d{6,32}$/.test(value)) {
    throw new SettingError("must be the numeric bot id (about 19 digits) from the bot page URL …/bot/<id>; keep it a string");
  }
  return value;
}
function optionalId(what, where) {
  return (raw) => {
    const value = raw.trim();
    if (value !== "" && !/^\d{6,32}$/.test(value)) throw new SettingError(`must be the numeric ${what} (about 19 digits) from ${where}; keep it a string, or leave it empty`);
    return value;
  };
}
function modulePath(raw) {
  const value = raw.trim();
  if (!/\.(c?js)$/.test(value)) throw new SettingError("must name a .js file, e.g. user-context.js (relative to the cloud function folder) or an absolute path");
  return value;
}
function voiceId(raw) {
  const value = raw.trim();
  if (value && !/^[A-Za-z0-9_.-]{1,128}$/.test(value)) {
    throw new SettingError('must be a Coze voice id (letters, digits, "_", "-", "."), from 扣子 → 音色 or GET /v1/audio/voices');
  }
  return value;
}
function speed(raw) {
  const value = raw.trim();
  const parsed = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || parsed < MIN_TTS_SPEED || parsed > MAX_TTS_SPEED) {
    throw new SettingError(`must be a number between ${MIN_TTS_SPEED} and ${MAX_TTS_SPEED} (1 = normal speed)`);
  }
  return parsed;
}
var MIN_TTS_SPEED = 0.2;
var MAX_TTS_SPEED = 3;
function oneOf(allowed) {
  return (raw) => {
    const value = raw.trim().toLowerCase();
    const found = allowed.find((candidate) => candidate === value);
    if (found === void 0) throw new SettingError(`must be one of ${allowed.join(", ")}`);
    return found;
  };
}
var CONTENT_CHECK_MODES = ["auto", "off", "input", "output", "both"];
var REVIEW_POLICIES = ["block", "allow"];
var CHECK_FAILURE_POLICIES = ["closed", "open"];
var MAX_TOKEN_TTL_SECONDS = 86399;
var HOUR_SECONDS = 3600;
var SETTINGS = {
  apiBase: setting("COZE_API_BASE", "https://api.coze.cn", httpUrl, "Coze API base URL, scheme and host (and port) only (https://api.coze.cn for the China site; http://127.0.0.1:PORT for the emulator)."),
  clientId: setting("COZE_JWT_OAUTH_CLIENT_ID", void 0, text, 'OAuth app id of the Coze "JWT" (service) app: the JWT `iss`.'),
  keyId: setting("COZE_JWT_OAUTH_PUBLIC_KEY_ID", void 0, text, "Public key fingerprint of that app: the JWT header `kid`."),
  privateKey: setting("COZE_JWT_OAUTH_PRIVATE_KEY", void 0, text, "The app private key, PKCS#8 or PKCS#1 PEM; literal `\\n` sequences are accepted."),
  botId: setting("COZE_BOT_ID", void 0, botId, "The bot users talk to (digits, kept as a string)."),
  tokenTtlSeconds: setting("COZE_TOKEN_TTL_SECONDS", "21600", integer(2 * HOUR_SECONDS, MAX_TOKEN_TTL_SECONDS), "Lifetime asked for each per-user access token (2 h … 86399 s). 6 h: one exchange per active user per working session, while a token never outlives a working day."),
  tokenMarginSeconds: setting("COZE_TOKEN_MARGIN_SECONDS", "60", integer(0, HOUR_SECONDS), "A cached token is replaced this long before it expires."),
  jwtTtlSeconds: setting("COZE_JWT_TTL_SECONDS", "600", integer(60, HOUR_SECONDS), "Lifetime of the signed JWT itself (exp - iat, at most 1 h)."),
  tokenCacheSize: setting("COZE_TOKEN_CACHE_SIZE", "5000", integer(1, 1e6), "Most users whose token is kept per instance (LRU), so memory stays flat."),
  ownerCacheSize: setting("COZE_OWNER_CACHE_SIZE", "20000", integer(1, 1e6), "Most verified (user, conversation) ownership facts kept per instance (LRU)."),
  timeoutMs: setting("COZE_TIMEOUT_MS", "15000", integer(100, 12e4), "Timeout of one Coze request; for a stream, the longest silence between two chunks."),
  botInfoTtlSeconds: setting("COZE_BOT_INFO_TTL_SECONDS", "300", integer(0, 86400), "How long bot.info answers are cached per instance."),
  maxText: setting("CHAT_MAX_TEXT", "2000", integer(1, 1e5), "Longest message a user may send, in characters."),
  deadlineMs: setting("CHAT_DEADLINE_MS", "55000", integer(100, 9e5), "Time budget of one call: chat.send stops reading the stream after this long and answers `detached`, and no Coze call (or retry) outlives it. Keep it below the function timeout."),
  cancelCheckMs: setting("CHAT_CANCEL_CHECK_MS", "1000", integer(50, 6e4), "How often a running chat.send asks the stream channel whether chat.cancel (from any instance) stopped its chat; in CloudBase each ask is one database read. Coze's cancel does not end the stream, so this is what stops the function reading and writing."),
  streamWriteMs: setting("CHAT_STREAM_WRITE_MS", "1500", integer(0, 1e4), "Least time between two writes of live progress to the stream channel. 1500 ms keeps live text under one database write per second of answer (the first text and reasoning, and the final state, are written at once); the mini-program animates between writes."),
  ratePerMinute: setting("CHAT_RATE_PER_MINUTE", "20", integer(0, 1e5), "Most messages (chat.send) one user may send per minute; 0 turns the limit off. Over it: RATE_LIMITED."),
  callsPerMinute: setting("CHAT_CALLS_PER_MINUTE", "120", integer(0, 1e5), "Most calls of every other action that reaches Coze (list, poll, cancel, create, rename, clear, delete, feedback, transcribe, bot info) one user may make per minute, counted across instances; a cheaper bucket than chat.send's. 0 turns it off. Over it: RATE_LIMITED."),
  dailyQuota: setting("CHAT_DAILY_QUOTA", "300", integer(0, 1e7), "Most messages one user may send per day (Beijing time, resets at 00:00); 0 turns the quota off. Over it: QUOTA_EXCEEDED."),
  contentCheck: setting("CHAT_CONTENT_CHECK", "auto", oneOf(CONTENT_CHECK_MODES), "Which texts WeChat msgSecCheck judges: `input` (the user's text, before Coze), `output` (the answer, before it is final), `both`, `off`; `auto` = both in CloudBase (TCB_ENV set), off locally."),
  contentReview: setting("CHAT_CONTENT_REVIEW", "block", oneOf(REVIEW_POLICIES), "What a `review` verdict (uncertain) does: `block` treats it like `risky`, `allow` lets it through."),
  inputCheckFailure: setting("CHAT_INPUT_CHECK_FAILURE", "closed", oneOf(CHECK_FAILURE_POLICIES), "When checking the user's text fails (WeChat error): `closed` refuses the message (UPSTREAM, retryable), `open` sends it unchecked."),
  outputCheckFailure: setting("CHAT_OUTPUT_CHECK_FAILURE", "open", oneOf(CHECK_FAILURE_POLICIES), "When checking the answer fails: `open` keeps the answer (logged), `closed` withholds it (UPSTREAM, retryable)."),
  ttsVoiceId: setting("COZE_TTS_VOICE_ID", "", voiceId, "Voice that reads answers aloud (`audio.speech`): a voice id from 扣子 → 音色 or GET /v1/audio/voices (Coze does not expose the bot's own voice through the API). Empty: read-aloud answers CONFIG."),
  ttsSpeed: setting("COZE_TTS_SPEED", "1", speed, "Speed of read-aloud, 0.2 … 3 (0.5 … 2 for large-model voices); 1 = normal."),
  speechMaxText: setting("CHAT_SPEECH_MAX_TEXT", "3000", integer(1, 1e5), "Longest part of one answer that is read aloud, in characters (longer answers are cut at a sentence end): bounds the synthesis cost of one tap."),
  retryMax: setting("COZE_RETRY_MAX", "2", integer(0, 5), "Retries of an idempotent Coze call (reads, token exchange) after a 5xx, 429 or network error; a chat is never resent."),
  retryBaseMs: setting("COZE_RETRY_BASE_MS", "200", integer(1, 1e4), "First retry waits up to this long (full jitter), doubling each time, always inside CHAT_DEADLINE_MS."),
  workflowId: setting("COZE_WORKFLOW_ID", "", optionalId("workflow id", "the chatflow editor URL …workflow_id=<id>"), "When set, chats run this published chatflow (对话流) through /v1/workflows/chat instead of the bot; empty = chat with the bot."),
  appId: setting("COZE_APP_ID", "", optionalId("app id", "the app editor URL …/project-ide/<id>"), "The low-code app (应用) the chatflow belongs to; when set, the chatflow runs with app_id instead of bot_id (Coze accepts only one of them)."),
  contextHook: setting("COZE_USER_CONTEXT_HOOK", "user-context.js", modulePath, "The user-context hook: a .js file relative to the cloud function folder (or absolute) whose function gets the trusted openid and returns what the bot may know about the user."),
  contextTimeoutMs: setting("COZE_USER_CONTEXT_TIMEOUT_MS", "2000", integer(0, 3e4), "Longest time the user-context hook may take; it counts in the call budget. Past it the chat goes on without context (logged).")
};

// cloudfunctions/coze/src/auth/private-key.ts
function parsePrivateKey(raw) {
  const pem = raw.trim().replace(/\\r/g, "").replace(/\\n/g, "\n").replace(/\r/g, "");
  if (/BEGIN (RSA )?PUBLIC KEY|BEGIN CERTIFICATE/.test(pem)) {
    throw new SettingError("holds a PUBLIC key; paste the PRIVATE key that Coze let you download when you created the key pair (the public key stays in Coze)");
  }
  if (!/-{5}BEGIN (RSA )?PRIVATE KEY-{5}/.test(pem)) {
    throw new SettingError('is not a PEM private key; it must start with the line "BEGIN PRIVATE KEY" (PKCS#8) or "BEGIN RSA PRIVATE KEY" (PKCS#1) between five dashes, as in the file Coze let you download');
  }
  let key;
  try {
    key = (0, import_crypto2.createPrivateKey)({ key: pem, format: "pem" });
  } catch {
    throw new SettingError("could not be read as a PEM private key; paste the whole file including the BEGIN/END lines (line breaks or literal \\n)");
  }
  if (key.asymmetricKeyType !== "rsa") {
    throw new SettingError("must be an RSA key (Coze signs with RS256)");
  }
  return key;
}
function deriveOwnerSecret(key) {
  const der = key.export({ format: "der", type: "pkcs8" });
  return (0, import_crypto2.createHash)("sha256").update("coze-weapp-owner-v1").update(der).digest();
}

// cloudfunctions/coze/src/config.ts
var DEFAULT_AUDIENCE = "api.coze.cn";
function audienceFor(base) {
  const host = base.hostname.replace(/^\[|\]$/g, "");
  const local = host === "localhost" || /^\d+(\.\d+){3}$/.test(host) || host.includes(":");
  return local ? DEFAULT_AUDIENCE : host;
}
var KEYS = Object.keys(SETTINGS);
var cached;
function configError(name, problem) {
  const fix = "Set it in the cloud function's environment variables (CloudBase console → function → configuration) or in your shell for npm start";
  return new AppError("CONFIG", `${name} ${problem}. ${fix}.`, { userMessage: `服务配置有误：${name} ${problem}。请开发者在云函数环境变量中修正。` });
}
function readAll(env) {
  const values = {};
  for (const key of KEYS) {
    const row = SETTINGS[key];
    const given = env[row.name];
    const raw = given !== void 0 && given.trim() !== "" ? given : row.fallback;
    if (raw === void 0) throw configError(row.name, "is missing");
    try {
      values[key] = row.parse(raw);
    } catch (error) {
      if (error instanceof SettingError) throw configError(row.name, error.message);
      throw error;
    }
  }
  const config = values;
  let signingKey;
  try {
    signingKey = parsePrivateKey(config.privateKey);
  } catch (error) {
    if (error instanceof SettingError) throw configError(SETTINGS.privateKey.name, error.message);
    throw error;
  }
  return {
    ...config,
    signingKey,
    ownerSecret: deriveOwnerSecret(signingKey),
    audience: audienceFor(config.apiBase)
  };
}
function loadConfig(env = process.env) {
  const raw = KEYS.map((key) => env[SETTINGS[key].name] ?? "").join("\0");
  if (cached && cached.raw === raw) return cached.config;
  const config = readAll(env);
  cached = { raw, config };
  return config;
}

// cloudfunctions/coze/src/lru.ts
var Lru = class {
  constructor(max) {
    this.max = max;
    this.map = /* @__PURE__ */ new Map();
  }
  /** The value, refreshed as most recently used. */
  get(key) {
    const value = this.map.get(key);
    if (value === void 0) return void 0;
    this.map.delete(key);
    this.map.set(key, value);
    return value;
  }
  /** Stores the value and evicts the least recently used entry when full. */
  set(key, value) {
    this.map.delete(key);
    this.map.set(key, value);
    while (this.map.size > this.max) {
      const oldest = this.map.keys().next();
      if (oldest.done) break;
      this.map.delete(oldest.value);
    }
  }
  /** Forgets one entry. */
  delete(key) {
    this.map.delete(key);
  }
  /** Number of entries, for tests that prove the bound. */
  get size() {
    return this.map.size;
  }
};

// cloudfunctions/coze/src/auth/token-cache.ts
var TokenCache = class {
  constructor(exchange, options) {
    this.exchange = exchange;
    this.options = options;
    this.inflight = /* @__PURE__ */ new Map();
    /** Number of exchanges started, for diagnostics and tests. */
    this.exchanges = 0;
    this.tokens = new Lru(options.maxUsers);
    this.now = options.now ?? (() => Math.floor(Date.now() / 1e3));
  }
  /** A valid token for the user: cached, joined in flight, or freshly exchanged. */
  async get(openid) {
    const cached2 = this.tokens.get(openid);
    if (cached2 && cached2.expiresAt - this.options.marginSeconds > this.now()) return cached2.token;
    let pending = this.inflight.get(openid);
    if (!pending) {
      this.exchanges += 1;
      pending = this.exchange(openid).then((token) => {
        this.tokens.set(openid, token);
        return token;
      }).finally(() => this.inflight.delete(openid));
      this.inflight.set(openid, pending);
    }
    return (await pending).token;
  }
  /** Drops the token after Coze rejected it (4100), unless another request already replaced it. */
  invalidate(openid, token) {
    var _a2;
    if (((_a2 = this.tokens.get(openid)) == null ? void 0 : _a2.token) === token) this.tokens.delete(openid);
  }
  /** Number of users with a cached token. */
  get size() {
    return this.tokens.size;
  }
};

// cloudfunctions/coze/src/coze/http.ts
var import_http = __toESM(require("http"));
var import_https = __toESM(require("https"));

// cloudfunctions/coze/src/call-scope.ts
var import_async_hooks = require("async_hooks");
var storage = new import_async_hooks.AsyncLocalStorage();
function runInScope(scope, work) {
  return storage.run(scope, work);
}
function remainingMs(now = Date.now()) {
  const scope = storage.getStore();
  return scope ? scope.deadlineAt - now : Number.POSITIVE_INFINITY;
}
function assertTimeLeft(what) {
  if (remainingMs() <= 0) {
    throw new AppError("UPSTREAM", `${what}: the call's time budget (CHAT_DEADLINE_MS) is spent; the client may retry`, { userMessage: "处理超时，请稍后重试。" });
  }
}
function withDeadline(work, what, floorMs = 0) {
  const budget = Math.max(remainingMs(), floorMs);
  if (!Number.isFinite(budget)) return work;
  return settleWithin(work, budget, () => new AppError("UPSTREAM", `${what} did not answer within the call's remaining time (${Math.max(0, Math.round(budget))} ms of CHAT_DEADLINE_MS); check the WeChat service status, the client may retry`, { userMessage: "处理超时，请稍后重试。" }));
}
function settleWithin(work, ms, timeout) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(timeout()), Math.max(0, ms));
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error) => {
        clearTimeout(timer);
        reject(error);
      }
    );
  });
}

// cloudfunctions/coze/src/coze/http.ts
var MAX_SOCKETS = 64;
var agents = {
  "http:": new import_http.default.Agent({ keepAlive: true, maxSockets: MAX_SOCKETS }),
  "https:": new import_https.default.Agent({ keepAlive: true, maxSockets: MAX_SOCKETS })
};
function buildUrl(base, path2, query = {}) {
  const url = new URL(base.toString());
  url.pathname = `${url.pathname.replace(/\/+$/, "")}${path2}`;
  for (const [key, value] of Object.entries(query)) {
    if (value !== void 0) url.searchParams.set(key, String(value));
  }
  return url;
}
function request(base, req) {
  var _a2, _b;
  const url = buildUrl(base, req.path, req.query);
  try {
    assertTimeLeft(`${req.method} ${req.path}`);
  } catch (error) {
    return Promise.reject(error);
  }
  const budget = Math.min(req.timeoutMs, Math.max(1, Math.floor(remainingMs())));
  const payload = req.json !== void 0 ? Buffer.from(JSON.stringify(req.json)) : (_a2 = req.body) == null ? void 0 : _a2.data;
  const headers = {
    Authorization: `Bearer ${req.bearer}`,
    Accept: "application/json, text/event-stream"
  };
  if (payload) {
    headers["Content-Type"] = req.json !== void 0 ? "application/json" : ((_b = req.body) == null ? void 0 : _b.contentType) ?? "application/octet-stream";
    headers["Content-Length"] = payload.length;
  }
  const transport = url.protocol === "http:" ? import_http.default : import_https.default;
  return new Promise((resolve, reject) => {
    const outgoing = transport.request(url, { method: req.method, headers, agent: agents[url.protocol === "http:" ? "http:" : "https:"] }, (res) => {
      clearTimeout(hardStop);
      res.on("error", () => void 0);
      resolve(res);
    });
    const timeout = () => {
      outgoing.destroy(new AppError("UPSTREAM", `no answer from ${url.host}${url.pathname} within ${budget} ms (COZE_TIMEOUT_MS or the rest of CHAT_DEADLINE_MS)`, { transient: true }));
    };
    const hardStop = setTimeout(timeout, budget);
    outgoing.setTimeout(budget, timeout);
    outgoing.on("error", (error) => {
      clearTimeout(hardStop);
      reject(error instanceof AppError ? error : cozeError({ network: `${url.host}${url.pathname}: ${error.code ?? error.message}` }));
    });
    outgoing.end(payload);
  });
}
function readBody(res) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    res.on("data", (chunk) => chunks.push(chunk));
    res.on("end", () => resolve(Buffer.concat(chunks)));
    res.on("aborted", () => reject(cozeError({ network: "connection closed while reading the answer" })));
    res.on("error", (error) => reject(error instanceof AppError ? error : cozeError({ network: error.message })));
    res.on("close", () => {
      if (!res.complete) reject(cozeError({ network: "connection closed while reading the answer" }));
    });
  });
}

// cloudfunctions/coze/src/coze/json.ts
function obj(value) {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? value : {};
}
function str(source, key) {
  const value = source[key];
  if (typeof value === "string") return value;
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return "";
}
function num(source, key) {
  const value = source[key];
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "string" && /^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  return 0;
}
function arr(source, key) {
  const value = source[key];
  return Array.isArray(value) ? value : [];
}
function parseJson(text2) {
  try {
    return JSON.parse(text2);
  } catch {
    return void 0;
  }
}

// cloudfunctions/coze/src/auth/jwt.ts
var import_crypto3 = require("crypto");

// node_modules/jose/dist/node/esm/runtime/base64url.js
var import_node_buffer = require("node:buffer");

// node_modules/jose/dist/node/esm/lib/buffer_utils.js
var encoder = new TextEncoder();
var decoder = new TextDecoder();
var MAX_INT32 = 2 ** 32;
function concat(...buffers) {
  const size = buffers.reduce((acc, { length }) => acc + length, 0);
  const buf = new Uint8Array(size);
  let i = 0;
  for (const buffer of buffers) {
    buf.set(buffer, i);
    i += buffer.length;
  }
  return buf;
}

// node_modules/jose/dist/node/esm/runtime/base64url.js
var encode = (input) => import_node_buffer.Buffer.from(input).toString("base64url");

// node_modules/jose/dist/node/esm/util/errors.js
var JOSEError = class extends Error {
  static code = "ERR_JOSE_GENERIC";
  code = "ERR_JOSE_GENERIC";
  constructor(message2, options) {
    var _a2;
    super(message2, options);
    this.name = this.constructor.name;
    (_a2 = Error.captureStackTrace) == null ? void 0 : _a2.call(Error, this, this.constructor);
  }
};
var JOSENotSupported = class extends JOSEError {
  static code = "ERR_JOSE_NOT_SUPPORTED";
  code = "ERR_JOSE_NOT_SUPPORTED";
};
var JWSInvalid = class extends JOSEError {
  static code = "ERR_JWS_INVALID";
  code = "ERR_JWS_INVALID";
};
var JWTInvalid = class extends JOSEError {
  static code = "ERR_JWT_INVALID";
  code = "ERR_JWT_INVALID";
};

// node_modules/jose/dist/node/esm/runtime/is_key_object.js
var util = __toESM(require("node:util"), 1);
var is_key_object_default = (obj2) => util.types.isKeyObject(obj2);

// node_modules/jose/dist/node/esm/runtime/webcrypto.js
var crypto = __toESM(require("node:crypto"), 1);
var util2 = __toESM(require("node:util"), 1);
var webcrypto2 = crypto.webcrypto;
var webcrypto_default = webcrypto2;
var isCryptoKey = (key) => util2.types.isCryptoKey(key);

// node_modules/jose/dist/node/esm/lib/crypto_key.js
function unusable(name, prop = "algorithm.name") {
  return new TypeError(`CryptoKey does not support this operation, its ${prop} must be ${name}`);
}
function isAlgorithm(algorithm, name) {
  return algorithm.name === name;
}
function getHashLength(hash) {
  return parseInt(hash.name.slice(4), 10);
}
function getNamedCurve(alg) {
  switch (alg) {
    case "ES256":
      return "P-256";
    case "ES384":
      return "P-384";
    case "ES512":
      return "P-521";
    default:
      throw new Error("unreachable");
  }
}
function checkUsage(key, usages) {
  if (usages.length && !usages.some((expected) => key.usages.includes(expected))) {
    let msg = "CryptoKey does not support this operation, its usages must include ";
    if (usages.length > 2) {
      const last = usages.pop();
      msg += `one of ${usages.join(", ")}, or ${last}.`;
    } else if (usages.length === 2) {
      msg += `one of ${usages[0]} or ${usages[1]}.`;
    } else {
      msg += `${usages[0]}.`;
    }
    throw new TypeError(msg);
  }
}
function checkSigCryptoKey(key, alg, ...usages) {
  switch (alg) {
    case "HS256":
    case "HS384":
    case "HS512": {
      if (!isAlgorithm(key.algorithm, "HMAC"))
        throw unusable("HMAC");
      const expected = parseInt(alg.slice(2), 10);
      const actual = getHashLength(key.algorithm.hash);
      if (actual !== expected)
        throw unusable(`SHA-${expected}`, "algorithm.hash");
      break;
    }
    case "RS256":
    case "RS384":
    case "RS512": {
      if (!isAlgorithm(key.algorithm, "RSASSA-PKCS1-v1_5"))
        throw unusable("RSASSA-PKCS1-v1_5");
      const expected = parseInt(alg.slice(2), 10);
      const actual = getHashLength(key.algorithm.hash);
      if (actual !== expected)
        throw unusable(`SHA-${expected}`, "algorithm.hash");
      break;
    }
    case "PS256":
    case "PS384":
    case "PS512": {
      if (!isAlgorithm(key.algorithm, "RSA-PSS"))
        throw unusable("RSA-PSS");
      const expected = parseInt(alg.slice(2), 10);
      const actual = getHashLength(key.algorithm.hash);
      if (actual !== expected)
        throw unusable(`SHA-${expected}`, "algorithm.hash");
      break;
    }
    case "EdDSA": {
      if (key.algorithm.name !== "Ed25519" && key.algorithm.name !== "Ed448") {
        throw unusable("Ed25519 or Ed448");
      }
      break;
    }
    case "Ed25519": {
      if (!isAlgorithm(key.algorithm, "Ed25519"))
        throw unusable("Ed25519");
      break;
    }
    case "ES256":
    case "ES384":
    case "ES512": {
      if (!isAlgorithm(key.algorithm, "ECDSA"))
        throw unusable("ECDSA");
      const expected = getNamedCurve(alg);
      const actual = key.algorithm.namedCurve;
      if (actual !== expected)
        throw unusable(expected, "algorithm.namedCurve");
      break;
    }
    default:
      throw new TypeError("CryptoKey does not support this operation");
  }
  checkUsage(key, usages);
}

// node_modules/jose/dist/node/esm/lib/invalid_key_input.js
function message(msg, actual, ...types4) {
  var _a2;
  types4 = types4.filter(Boolean);
  if (types4.length > 2) {
    const last = types4.pop();
    msg += `one of type ${types4.join(", ")}, or ${last}.`;
  } else if (types4.length === 2) {
    msg += `one of type ${types4[0]} or ${types4[1]}.`;
  } else {
    msg += `of type ${types4[0]}.`;
  }
  if (actual == null) {
    msg += ` Received ${actual}`;
  } else if (typeof actual === "function" && actual.name) {
    msg += ` Received function ${actual.name}`;
  } else if (typeof actual === "object" && actual != null) {
    if ((_a2 = actual.constructor) == null ? void 0 : _a2.name) {
      msg += ` Received an instance of ${actual.constructor.name}`;
    }
  }
  return msg;
}
var invalid_key_input_default = (actual, ...types4) => {
  return message("Key must be ", actual, ...types4);
};
function withAlg(alg, actual, ...types4) {
  return message(`Key for the ${alg} algorithm must be `, actual, ...types4);
}

// node_modules/jose/dist/node/esm/runtime/is_key_like.js
var is_key_like_default = (key) => is_key_object_default(key) || isCryptoKey(key);
var types3 = ["KeyObject"];
var _a;
if (globalThis.CryptoKey || ((_a = webcrypto_default) == null ? void 0 : _a.CryptoKey)) {
  types3.push("CryptoKey");
}

// node_modules/jose/dist/node/esm/lib/is_disjoint.js
var isDisjoint = (...headers) => {
  const sources = headers.filter(Boolean);
  if (sources.length === 0 || sources.length === 1) {
    return true;
  }
  let acc;
  for (const header of sources) {
    const parameters = Object.keys(header);
    if (!acc || acc.size === 0) {
      acc = new Set(parameters);
      continue;
    }
    for (const parameter of parameters) {
      if (acc.has(parameter)) {
        return false;
      }
      acc.add(parameter);
    }
  }
  return true;
};
var is_disjoint_default = isDisjoint;

// node_modules/jose/dist/node/esm/lib/is_object.js
function isObjectLike(value) {
  return typeof value === "object" && value !== null;
}
function isObject(input) {
  if (!isObjectLike(input) || Object.prototype.toString.call(input) !== "[object Object]") {
    return false;
  }
  if (Object.getPrototypeOf(input) === null) {
    return true;
  }
  let proto = input;
  while (Object.getPrototypeOf(proto) !== null) {
    proto = Object.getPrototypeOf(proto);
  }
  return Object.getPrototypeOf(input) === proto;
}

// node_modules/jose/dist/node/esm/runtime/get_named_curve.js
var import_node_crypto = require("node:crypto");

// node_modules/jose/dist/node/esm/lib/is_jwk.js
function isJWK(key) {
  return isObject(key) && typeof key.kty === "string";
}
function isPrivateJWK(key) {
  return key.kty !== "oct" && typeof key.d === "string";
}
function isPublicJWK(key) {
  return key.kty !== "oct" && typeof key.d === "undefined";
}
function isSecretJWK(key) {
  return isJWK(key) && key.kty === "oct" && typeof key.k === "string";
}

// node_modules/jose/dist/node/esm/runtime/get_named_curve.js
var namedCurveToJOSE = (namedCurve) => {
  switch (namedCurve) {
    case "prime256v1":
      return "P-256";
    case "secp384r1":
      return "P-384";
    case "secp521r1":
      return "P-521";
    case "secp256k1":
      return "secp256k1";
    default:
      throw new JOSENotSupported("Unsupported key curve for this operation");
  }
};
var getNamedCurve2 = (kee, raw) => {
  let key;
  if (isCryptoKey(kee)) {
    key = import_node_crypto.KeyObject.from(kee);
  } else if (is_key_object_default(kee)) {
    key = kee;
  } else if (isJWK(kee)) {
    return kee.crv;
  } else {
    throw new TypeError(invalid_key_input_default(kee, ...types3));
  }
  if (key.type === "secret") {
    throw new TypeError('only "private" or "public" type keys can be used for this operation');
  }
  switch (key.asymmetricKeyType) {
    case "ed25519":
    case "ed448":
      return `Ed${key.asymmetricKeyType.slice(2)}`;
    case "x25519":
    case "x448":
      return `X${key.asymmetricKeyType.slice(1)}`;
    case "ec": {
      const namedCurve = key.asymmetricKeyDetails.namedCurve;
      if (raw) {
        return namedCurve;
      }
      return namedCurveToJOSE(namedCurve);
    }
    default:
      throw new TypeError("Invalid asymmetric key type for this operation");
  }
};
var get_named_curve_default = getNamedCurve2;

// node_modules/jose/dist/node/esm/runtime/check_key_length.js
var import_node_crypto2 = require("node:crypto");
var check_key_length_default = (key, alg) => {
  var _a2;
  let modulusLength;
  try {
    if (key instanceof import_node_crypto2.KeyObject) {
      modulusLength = (_a2 = key.asymmetricKeyDetails) == null ? void 0 : _a2.modulusLength;
    } else {
      modulusLength = Buffer.from(key.n, "base64url").byteLength << 3;
    }
  } catch {
  }
  if (typeof modulusLength !== "number" || modulusLength < 2048) {
    throw new TypeError(`${alg} requires key modulusLength to be 2048 bits or larger`);
  }
};

// node_modules/jose/dist/node/esm/lib/check_key_type.js
var tag = (key) => key == null ? void 0 : key[Symbol.toStringTag];
var jwkMatchesOp = (alg, key, usage) => {
  var _a2, _b;
  if (key.use !== void 0 && key.use !== "sig") {
    throw new TypeError("Invalid key for this operation, when present its use must be sig");
  }
  if (key.key_ops !== void 0 && ((_b = (_a2 = key.key_ops).includes) == null ? void 0 : _b.call(_a2, usage)) !== true) {
    throw new TypeError(`Invalid key for this operation, when present its key_ops must include ${usage}`);
  }
  if (key.alg !== void 0 && key.alg !== alg) {
    throw new TypeError(`Invalid key for this operation, when present its alg must be ${alg}`);
  }
  return true;
};
var symmetricTypeCheck = (alg, key, usage, allowJwk) => {
  if (key instanceof Uint8Array)
    return;
  if (allowJwk && isJWK(key)) {
    if (isSecretJWK(key) && jwkMatchesOp(alg, key, usage))
      return;
    throw new TypeError(`JSON Web Key for symmetric algorithms must have JWK "kty" (Key Type) equal to "oct" and the JWK "k" (Key Value) present`);
  }
  if (!is_key_like_default(key)) {
    throw new TypeError(withAlg(alg, key, ...types3, "Uint8Array", allowJwk ? "JSON Web Key" : null));
  }
  if (key.type !== "secret") {
    throw new TypeError(`${tag(key)} instances for symmetric algorithms must be of type "secret"`);
  }
};
var asymmetricTypeCheck = (alg, key, usage, allowJwk) => {
  if (allowJwk && isJWK(key)) {
    switch (usage) {
      case "sign":
        if (isPrivateJWK(key) && jwkMatchesOp(alg, key, usage))
          return;
        throw new TypeError(`JSON Web Key for this operation be a private JWK`);
      case "verify":
        if (isPublicJWK(key) && jwkMatchesOp(alg, key, usage))
          return;
        throw new TypeError(`JSON Web Key for this operation be a public JWK`);
    }
  }
  if (!is_key_like_default(key)) {
    throw new TypeError(withAlg(alg, key, ...types3, allowJwk ? "JSON Web Key" : null));
  }
  if (key.type === "secret") {
    throw new TypeError(`${tag(key)} instances for asymmetric algorithms must not be of type "secret"`);
  }
  if (usage === "sign" && key.type === "public") {
    throw new TypeError(`${tag(key)} instances for asymmetric algorithm signing must be of type "private"`);
  }
  if (usage === "decrypt" && key.type === "public") {
    throw new TypeError(`${tag(key)} instances for asymmetric algorithm decryption must be of type "private"`);
  }
  if (key.algorithm && usage === "verify" && key.type === "private") {
    throw new TypeError(`${tag(key)} instances for asymmetric algorithm verifying must be of type "public"`);
  }
  if (key.algorithm && usage === "encrypt" && key.type === "private") {
    throw new TypeError(`${tag(key)} instances for asymmetric algorithm encryption must be of type "public"`);
  }
};
function checkKeyType(allowJwk, alg, key, usage) {
  const symmetric = alg.startsWith("HS") || alg === "dir" || alg.startsWith("PBES2") || /^A\d{3}(?:GCM)?KW$/.test(alg);
  if (symmetric) {
    symmetricTypeCheck(alg, key, usage, allowJwk);
  } else {
    asymmetricTypeCheck(alg, key, usage, allowJwk);
  }
}
var check_key_type_default = checkKeyType.bind(void 0, false);
var checkKeyTypeWithJwk = checkKeyType.bind(void 0, true);

// node_modules/jose/dist/node/esm/lib/validate_crit.js
function validateCrit(Err, recognizedDefault, recognizedOption, protectedHeader, joseHeader) {
  if (joseHeader.crit !== void 0 && (protectedHeader == null ? void 0 : protectedHeader.crit) === void 0) {
    throw new Err('"crit" (Critical) Header Parameter MUST be integrity protected');
  }
  if (!protectedHeader || protectedHeader.crit === void 0) {
    return /* @__PURE__ */ new Set();
  }
  if (!Array.isArray(protectedHeader.crit) || protectedHeader.crit.length === 0 || protectedHeader.crit.some((input) => typeof input !== "string" || input.length === 0)) {
    throw new Err('"crit" (Critical) Header Parameter MUST be an array of non-empty strings when present');
  }
  let recognized;
  if (recognizedOption !== void 0) {
    recognized = new Map([...Object.entries(recognizedOption), ...recognizedDefault.entries()]);
  } else {
    recognized = recognizedDefault;
  }
  for (const parameter of protectedHeader.crit) {
    if (!recognized.has(parameter)) {
      throw new JOSENotSupported(`Extension Header Parameter "${parameter}" is not recognized`);
    }
    if (joseHeader[parameter] === void 0) {
      throw new Err(`Extension Header Parameter "${parameter}" is missing`);
    }
    if (recognized.get(parameter) && protectedHeader[parameter] === void 0) {
      throw new Err(`Extension Header Parameter "${parameter}" MUST be integrity protected`);
    }
  }
  return new Set(protectedHeader.crit);
}
var validate_crit_default = validateCrit;

// node_modules/jose/dist/node/esm/runtime/dsa_digest.js
function dsaDigest(alg) {
  switch (alg) {
    case "PS256":
    case "RS256":
    case "ES256":
    case "ES256K":
      return "sha256";
    case "PS384":
    case "RS384":
    case "ES384":
      return "sha384";
    case "PS512":
    case "RS512":
    case "ES512":
      return "sha512";
    case "Ed25519":
    case "EdDSA":
      return void 0;
    default:
      throw new JOSENotSupported(`alg ${alg} is not supported either by JOSE or your javascript runtime`);
  }
}

// node_modules/jose/dist/node/esm/runtime/node_key.js
var import_node_crypto3 = require("node:crypto");
var ecCurveAlgMap = /* @__PURE__ */ new Map([
  ["ES256", "P-256"],
  ["ES256K", "secp256k1"],
  ["ES384", "P-384"],
  ["ES512", "P-521"]
]);
function keyForCrypto(alg, key) {
  let asymmetricKeyType;
  let asymmetricKeyDetails;
  let isJWK2;
  if (key instanceof import_node_crypto3.KeyObject) {
    asymmetricKeyType = key.asymmetricKeyType;
    asymmetricKeyDetails = key.asymmetricKeyDetails;
  } else {
    isJWK2 = true;
    switch (key.kty) {
      case "RSA":
        asymmetricKeyType = "rsa";
        break;
      case "EC":
        asymmetricKeyType = "ec";
        break;
      case "OKP": {
        if (key.crv === "Ed25519") {
          asymmetricKeyType = "ed25519";
          break;
        }
        if (key.crv === "Ed448") {
          asymmetricKeyType = "ed448";
          break;
        }
        throw new TypeError("Invalid key for this operation, its crv must be Ed25519 or Ed448");
      }
      default:
        throw new TypeError("Invalid key for this operation, its kty must be RSA, OKP, or EC");
    }
  }
  let options;
  switch (alg) {
    case "Ed25519":
      if (asymmetricKeyType !== "ed25519") {
        throw new TypeError(`Invalid key for this operation, its asymmetricKeyType must be ed25519`);
      }
      break;
    case "EdDSA":
      if (!["ed25519", "ed448"].includes(asymmetricKeyType)) {
        throw new TypeError("Invalid key for this operation, its asymmetricKeyType must be ed25519 or ed448");
      }
      break;
    case "RS256":
    case "RS384":
    case "RS512":
      if (asymmetricKeyType !== "rsa") {
        throw new TypeError("Invalid key for this operation, its asymmetricKeyType must be rsa");
      }
      check_key_length_default(key, alg);
      break;
    case "PS256":
    case "PS384":
    case "PS512":
      if (asymmetricKeyType === "rsa-pss") {
        const { hashAlgorithm, mgf1HashAlgorithm, saltLength } = asymmetricKeyDetails;
        const length = parseInt(alg.slice(-3), 10);
        if (hashAlgorithm !== void 0 && (hashAlgorithm !== `sha${length}` || mgf1HashAlgorithm !== hashAlgorithm)) {
          throw new TypeError(`Invalid key for this operation, its RSA-PSS parameters do not meet the requirements of "alg" ${alg}`);
        }
        if (saltLength !== void 0 && saltLength > length >> 3) {
          throw new TypeError(`Invalid key for this operation, its RSA-PSS parameter saltLength does not meet the requirements of "alg" ${alg}`);
        }
      } else if (asymmetricKeyType !== "rsa") {
        throw new TypeError("Invalid key for this operation, its asymmetricKeyType must be rsa or rsa-pss");
      }
      check_key_length_default(key, alg);
      options = {
        padding: import_node_crypto3.constants.RSA_PKCS1_PSS_PADDING,
        saltLength: import_node_crypto3.constants.RSA_PSS_SALTLEN_DIGEST
      };
      break;
    case "ES256":
    case "ES256K":
    case "ES384":
    case "ES512": {
      if (asymmetricKeyType !== "ec") {
        throw new TypeError("Invalid key for this operation, its asymmetricKeyType must be ec");
      }
      const actual = get_named_curve_default(key);
      const expected = ecCurveAlgMap.get(alg);
      if (actual !== expected) {
        throw new TypeError(`Invalid key curve for the algorithm, its curve must be ${expected}, got ${actual}`);
      }
      options = { dsaEncoding: "ieee-p1363" };
      break;
    }
    default:
      throw new JOSENotSupported(`alg ${alg} is not supported either by JOSE or your javascript runtime`);
  }
  if (isJWK2) {
    return { format: "jwk", key, ...options };
  }
  return options ? { ...options, key } : key;
}

// node_modules/jose/dist/node/esm/runtime/sign.js
var crypto2 = __toESM(require("node:crypto"), 1);
var import_node_util = require("node:util");

// node_modules/jose/dist/node/esm/runtime/hmac_digest.js
function hmacDigest(alg) {
  switch (alg) {
    case "HS256":
      return "sha256";
    case "HS384":
      return "sha384";
    case "HS512":
      return "sha512";
    default:
      throw new JOSENotSupported(`alg ${alg} is not supported either by JOSE or your javascript runtime`);
  }
}

// node_modules/jose/dist/node/esm/runtime/get_sign_verify_key.js
var import_node_crypto4 = require("node:crypto");
function getSignVerifyKey(alg, key, usage) {
  if (key instanceof Uint8Array) {
    if (!alg.startsWith("HS")) {
      throw new TypeError(invalid_key_input_default(key, ...types3));
    }
    return (0, import_node_crypto4.createSecretKey)(key);
  }
  if (key instanceof import_node_crypto4.KeyObject) {
    return key;
  }
  if (isCryptoKey(key)) {
    checkSigCryptoKey(key, alg, usage);
    return import_node_crypto4.KeyObject.from(key);
  }
  if (isJWK(key)) {
    if (alg.startsWith("HS")) {
      return (0, import_node_crypto4.createSecretKey)(Buffer.from(key.k, "base64url"));
    }
    return key;
  }
  throw new TypeError(invalid_key_input_default(key, ...types3, "Uint8Array", "JSON Web Key"));
}

// node_modules/jose/dist/node/esm/runtime/sign.js
var oneShotSign = (0, import_node_util.promisify)(crypto2.sign);
var sign2 = async (alg, key, data) => {
  const k = getSignVerifyKey(alg, key, "sign");
  if (alg.startsWith("HS")) {
    const hmac = crypto2.createHmac(hmacDigest(alg), k);
    hmac.update(data);
    return hmac.digest();
  }
  return oneShotSign(dsaDigest(alg), data, keyForCrypto(alg, k));
};
var sign_default = sign2;

// node_modules/jose/dist/node/esm/lib/epoch.js
var epoch_default = (date) => Math.floor(date.getTime() / 1e3);

// node_modules/jose/dist/node/esm/lib/secs.js
var minute = 60;
var hour = minute * 60;
var day = hour * 24;
var week = day * 7;
var year = day * 365.25;
var REGEX = /^(\+|\-)? ?(\d+|\d+\.\d+) ?(seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h|days?|d|weeks?|w|years?|yrs?|y)(?: (ago|from now))?$/i;
var secs_default = (str2) => {
  const matched = REGEX.exec(str2);
  if (!matched || matched[4] && matched[1]) {
    throw new TypeError("Invalid time period format");
  }
  const value = parseFloat(matched[2]);
  const unit = matched[3].toLowerCase();
  let numericDate;
  switch (unit) {
    case "sec":
    case "secs":
    case "second":
    case "seconds":
    case "s":
      numericDate = Math.round(value);
      break;
    case "minute":
    case "minutes":
    case "min":
    case "mins":
    case "m":
      numericDate = Math.round(value * minute);
      break;
    case "hour":
    case "hours":
    case "hr":
    case "hrs":
    case "h":
      numericDate = Math.round(value * hour);
      break;
    case "day":
    case "days":
    case "d":
      numericDate = Math.round(value * day);
      break;
    case "week":
    case "weeks":
    case "w":
      numericDate = Math.round(value * week);
      break;
    default:
      numericDate = Math.round(value * year);
      break;
  }
  if (matched[1] === "-" || matched[4] === "ago") {
    return -numericDate;
  }
  return numericDate;
};

// node_modules/jose/dist/node/esm/jws/flattened/sign.js
var FlattenedSign = class {
  _payload;
  _protectedHeader;
  _unprotectedHeader;
  constructor(payload) {
    if (!(payload instanceof Uint8Array)) {
      throw new TypeError("payload must be an instance of Uint8Array");
    }
    this._payload = payload;
  }
  setProtectedHeader(protectedHeader) {
    if (this._protectedHeader) {
      throw new TypeError("setProtectedHeader can only be called once");
    }
    this._protectedHeader = protectedHeader;
    return this;
  }
  setUnprotectedHeader(unprotectedHeader) {
    if (this._unprotectedHeader) {
      throw new TypeError("setUnprotectedHeader can only be called once");
    }
    this._unprotectedHeader = unprotectedHeader;
    return this;
  }
  async sign(key, options) {
    if (!this._protectedHeader && !this._unprotectedHeader) {
      throw new JWSInvalid("either setProtectedHeader or setUnprotectedHeader must be called before #sign()");
    }
    if (!is_disjoint_default(this._protectedHeader, this._unprotectedHeader)) {
      throw new JWSInvalid("JWS Protected and JWS Unprotected Header Parameter names must be disjoint");
    }
    const joseHeader = {
      ...this._protectedHeader,
      ...this._unprotectedHeader
    };
    const extensions = validate_crit_default(JWSInvalid, /* @__PURE__ */ new Map([["b64", true]]), options == null ? void 0 : options.crit, this._protectedHeader, joseHeader);
    let b64 = true;
    if (extensions.has("b64")) {
      b64 = this._protectedHeader.b64;
      if (typeof b64 !== "boolean") {
        throw new JWSInvalid('The "b64" (base64url-encode payload) Header Parameter must be a boolean');
      }
    }
    const { alg } = joseHeader;
    if (typeof alg !== "string" || !alg) {
      throw new JWSInvalid('JWS "alg" (Algorithm) Header Parameter missing or invalid');
    }
    checkKeyTypeWithJwk(alg, key, "sign");
    let payload = this._payload;
    if (b64) {
      payload = encoder.encode(encode(payload));
    }
    let protectedHeader;
    if (this._protectedHeader) {
      protectedHeader = encoder.encode(encode(JSON.stringify(this._protectedHeader)));
    } else {
      protectedHeader = encoder.encode("");
    }
    const data = concat(protectedHeader, encoder.encode("."), payload);
    const signature = await sign_default(alg, key, data);
    const jws = {
      signature: encode(signature),
      payload: ""
    };
    if (b64) {
      jws.payload = decoder.decode(payload);
    }
    if (this._unprotectedHeader) {
      jws.header = this._unprotectedHeader;
    }
    if (this._protectedHeader) {
      jws.protected = decoder.decode(protectedHeader);
    }
    return jws;
  }
};

// node_modules/jose/dist/node/esm/jws/compact/sign.js
var CompactSign = class {
  _flattened;
  constructor(payload) {
    this._flattened = new FlattenedSign(payload);
  }
  setProtectedHeader(protectedHeader) {
    this._flattened.setProtectedHeader(protectedHeader);
    return this;
  }
  async sign(key, options) {
    const jws = await this._flattened.sign(key, options);
    if (jws.payload === void 0) {
      throw new TypeError("use the flattened module for creating JWS with b64: false");
    }
    return `${jws.protected}.${jws.payload}.${jws.signature}`;
  }
};

// node_modules/jose/dist/node/esm/jwt/produce.js
function validateInput(label, input) {
  if (!Number.isFinite(input)) {
    throw new TypeError(`Invalid ${label} input`);
  }
  return input;
}
var ProduceJWT = class {
  _payload;
  constructor(payload = {}) {
    if (!isObject(payload)) {
      throw new TypeError("JWT Claims Set MUST be an object");
    }
    this._payload = payload;
  }
  setIssuer(issuer) {
    this._payload = { ...this._payload, iss: issuer };
    return this;
  }
  setSubject(subject) {
    this._payload = { ...this._payload, sub: subject };
    return this;
  }
  setAudience(audience) {
    this._payload = { ...this._payload, aud: audience };
    return this;
  }
  setJti(jwtId) {
    this._payload = { ...this._payload, jti: jwtId };
    return this;
  }
  setNotBefore(input) {
    if (typeof input === "number") {
      this._payload = { ...this._payload, nbf: validateInput("setNotBefore", input) };
    } else if (input instanceof Date) {
      this._payload = { ...this._payload, nbf: validateInput("setNotBefore", epoch_default(input)) };
    } else {
      this._payload = { ...this._payload, nbf: epoch_default(/* @__PURE__ */ new Date()) + secs_default(input) };
    }
    return this;
  }
  setExpirationTime(input) {
    if (typeof input === "number") {
      this._payload = { ...this._payload, exp: validateInput("setExpirationTime", input) };
    } else if (input instanceof Date) {
      this._payload = { ...this._payload, exp: validateInput("setExpirationTime", epoch_default(input)) };
    } else {
      this._payload = { ...this._payload, exp: epoch_default(/* @__PURE__ */ new Date()) + secs_default(input) };
    }
    return this;
  }
  setIssuedAt(input) {
    if (typeof input === "undefined") {
      this._payload = { ...this._payload, iat: epoch_default(/* @__PURE__ */ new Date()) };
    } else if (input instanceof Date) {
      this._payload = { ...this._payload, iat: validateInput("setIssuedAt", epoch_default(input)) };
    } else if (typeof input === "string") {
      this._payload = {
        ...this._payload,
        iat: validateInput("setIssuedAt", epoch_default(/* @__PURE__ */ new Date()) + secs_default(input))
      };
    } else {
      this._payload = { ...this._payload, iat: validateInput("setIssuedAt", input) };
    }
    return this;
  }
};

// node_modules/jose/dist/node/esm/jwt/sign.js
var SignJWT = class extends ProduceJWT {
  _protectedHeader;
  setProtectedHeader(protectedHeader) {
    this._protectedHeader = protectedHeader;
    return this;
  }
  async sign(key, options) {
    var _a2;
    const sig = new CompactSign(encoder.encode(JSON.stringify(this._payload)));
    sig.setProtectedHeader(this._protectedHeader);
    if (Array.isArray((_a2 = this._protectedHeader) == null ? void 0 : _a2.crit) && this._protectedHeader.crit.includes("b64") && this._protectedHeader.b64 === false) {
      throw new JWTInvalid("JWTs MUST NOT use unencoded payload");
    }
    return sig.sign(key, options);
  }
};

// cloudfunctions/coze/src/auth/jwt.ts
var JTI_BYTES = 32;
function signJwt(config, openid, nowSeconds = Math.floor(Date.now() / 1e3)) {
  return new SignJWT({ session_name: openid }).setProtectedHeader({ alg: "RS256", typ: "JWT", kid: config.keyId }).setIssuer(config.clientId).setAudience(config.audience).setIssuedAt(nowSeconds).setExpirationTime(nowSeconds + config.jwtTtlSeconds).setJti((0, import_crypto3.randomBytes)(JTI_BYTES).toString("hex")).sign(config.signingKey);
}

// cloudfunctions/coze/src/auth/token-exchange.ts
var TOKEN_PATH = "/api/permission/oauth2/token";
var GRANT_TYPE = "urn:ietf:params:oauth:grant-type:jwt-bearer";
var HTTP_OK_MAX = 299;
var HTTP_SERVER_ERROR2 = 500;
var HTTP_TOO_MANY2 = 429;
async function exchangeToken(config, openid) {
  const jwt = await signJwt(config, openid);
  const res = await request(config.apiBase, {
    method: "POST",
    path: TOKEN_PATH,
    json: { grant_type: GRANT_TYPE, duration_seconds: config.tokenTtlSeconds },
    bearer: jwt,
    timeoutMs: config.timeoutMs
  });
  const status = res.statusCode ?? 0;
  const logid = typeof res.headers["x-tt-logid"] === "string" ? res.headers["x-tt-logid"] : void 0;
  const body = obj(parseJson((await readBody(res)).toString("utf8")));
  const token = str(body, "access_token");
  const expiresAt = num(body, "expires_in");
  if (status <= HTTP_OK_MAX && token && expiresAt > 0) return { token, expiresAt };
  if (status >= HTTP_SERVER_ERROR2 || status === HTTP_TOO_MANY2) throw cozeError({ status, logid, msg: str(body, "error_message"), endpoint: `POST ${TOKEN_PATH}` });
  const oauthCode = str(body, "error_code") || str(body, "error") || String(body.code ?? "");
  throw new AppError(
    "COZE_AUTH",
    `token exchange failed: HTTP ${status} ${oauthCode} ${JSON.stringify(str(body, "error_message") || str(body, "msg"))}. Check COZE_JWT_OAUTH_CLIENT_ID, COZE_JWT_OAUTH_PUBLIC_KEY_ID (the key fingerprint), the private key matching it, and COZE_API_BASE's region.`,
    { logid }
  );
}

// cloudfunctions/coze/src/coze/retry.ts
var HTTP_TOO_MANY3 = 429;
var HTTP_SERVER_ERROR3 = 500;
function isTransient(error) {
  if (!(error instanceof AppError)) return false;
  if (error.transient) return true;
  const status = error.httpStatus;
  return status !== void 0 && (status >= HTTP_SERVER_ERROR3 || status === HTTP_TOO_MANY3);
}
function pause(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
async function withRetry(policy, attempt) {
  const random = policy.random ?? Math.random;
  for (let tries = 0; ; tries += 1) {
    try {
      return await attempt();
    } catch (error) {
      if (tries >= policy.max || !isTransient(error)) throw error;
      const wait = Math.floor(random() * policy.baseMs * 2 ** tries);
      if (wait >= remainingMs()) throw error;
      await pause(wait);
    }
  }
}

// cloudfunctions/coze/src/coze/client.ts
var TOKEN_INVALID = /* @__PURE__ */ new Set([4100, 700012006]);
var HTTP_OK_MAX2 = 299;
function logidOf(res, body) {
  const header = res.headers["x-tt-logid"];
  return str(obj(body.detail), "logid") || (typeof header === "string" ? header : void 0) || void 0;
}
function endpointOf(req) {
  return `${req.method} ${req.path}`;
}
async function readEnvelope(res, endpoint) {
  return envelopeOf(res, (await readBody(res)).toString("utf8"), endpoint);
}
function envelopeOf(res, text2, endpoint) {
  const status = res.statusCode ?? 0;
  const parsed = parseJson(text2);
  const body = obj(parsed);
  const code = "code" in body ? num(body, "code") : void 0;
  const logid = logidOf(res, body);
  if (parsed === void 0 || code === void 0 && status > HTTP_OK_MAX2) {
    throw cozeError({ status, logid, endpoint, msg: parsed === void 0 ? "answer is not JSON" : str(body, "msg") });
  }
  if (code !== void 0 && code !== 0) throw cozeError({ status, cozeCode: code, msg: str(body, "msg"), logid, endpoint });
  if (status > HTTP_OK_MAX2) throw cozeError({ status, logid, endpoint });
  return body;
}
var CozeClient = class {
  constructor(config, tokens) {
    this.config = config;
    this.tokens = tokens;
  }
  /** A JSON call; resolves with the whole envelope (callers read `data`, or top-level paging keys). */
  json(openid, req) {
    const once = () => this.withToken(openid, async (bearer) => readEnvelope(await this.send(req, bearer), endpointOf(req)));
    if (!req.idempotent) return once();
    return withRetry({ max: this.config.retryMax, baseMs: this.config.retryBaseMs }, once);
  }
  /** A streaming call; resolves with the SSE response once Coze accepted it (a JSON answer is an error). */
  stream(openid, req) {
    return this.withToken(openid, async (bearer) => {
      const res = await this.send(req, bearer);
      const type = String(res.headers["content-type"] ?? "");
      if (type.includes("text/event-stream") && (res.statusCode ?? 0) <= HTTP_OK_MAX2) return res;
      await readEnvelope(res, endpointOf(req));
      throw new AppError("UPSTREAM", `Coze answered ${type || "no content type"} instead of an event stream`);
    });
  }
  /** A call answered with a file (text-to-speech audio); a JSON answer is Coze's error envelope. */
  binary(openid, req) {
    return this.withToken(openid, async (bearer) => {
      const res = await this.send(req, bearer);
      const contentType = String(res.headers["content-type"] ?? "");
      const data = await readBody(res);
      const endpoint = endpointOf(req);
      if (contentType.includes("application/json") || (res.statusCode ?? 0) > HTTP_OK_MAX2) {
        envelopeOf(res, data.toString("utf8"), endpoint);
        throw new AppError("UPSTREAM", `${endpoint} answered JSON without an error instead of a file`);
      }
      if (data.length === 0) throw new AppError("UPSTREAM", `${endpoint} answered an empty file`, { transient: true });
      return { data, contentType };
    });
  }
  send(req, bearer) {
    const { idempotent: _idempotent, ...http2 } = req;
    return request(this.config.apiBase, { ...http2, bearer, timeoutMs: this.config.timeoutMs });
  }
  async withToken(openid, call) {
    const token = await this.tokens.get(openid);
    try {
      return await call(token);
    } catch (error) {
      if (!(error instanceof AppError) || error.cozeCode === void 0 || !TOKEN_INVALID.has(error.cozeCode)) throw error;
      this.tokens.invalidate(openid, token);
      return call(await this.tokens.get(openid));
    }
  }
};

// cloudfunctions/coze/src/ownership.ts
var import_crypto4 = require("crypto");
var OWNER_META_KEY = "owner";
var TAG_HEX_LENGTH = 32;
var PERMISSION_DENIED2 = 4101;
var NOT_VISIBLE_CODES = /* @__PURE__ */ new Set([4001, 4002, PERMISSION_DENIED2, 4200]);
var Ownership = class {
  constructor(secret, maxEntries) {
    this.secret = secret;
    this.verified = new Lru(maxEntries);
  }
  /** The owner tag of an openid (hex, 128 bits). */
  tag(openid) {
    return (0, import_crypto4.createHmac)("sha256", this.secret).update(openid).digest("hex").slice(0, TAG_HEX_LENGTH);
  }
  /** meta_data to attach when creating a conversation for this openid. */
  metaFor(openid) {
    return { [OWNER_META_KEY]: this.tag(openid) };
  }
  /** True when a Coze conversation object carries this openid's tag. */
  owns(openid, conversation) {
    return str(obj(obj(conversation).meta_data), OWNER_META_KEY) === this.tag(openid);
  }
  /** Records a conversation we just created for the openid. */
  remember(openid, conversationId) {
    this.verified.set(this.key(openid, conversationId), true);
  }
  /** Forgets a deleted conversation. */
  forget(openid, conversationId) {
    this.verified.delete(this.key(openid, conversationId));
  }
  /** Throws NOT_FOUND unless the conversation was created for this openid. */
  async verify(coze, openid, conversationId) {
    const key = this.key(openid, conversationId);
    if (this.verified.get(key)) return;
    let conversation;
    try {
      const body = await coze.json(openid, { method: "GET", idempotent: true, path: "/v1/conversation/retrieve", query: { conversation_id: conversationId } });
      conversation = body.data;
    } catch (error) {
      if (error instanceof AppError && error.cozeCode === PERMISSION_DENIED2) {
        log.error("ownership.permission_missing", {
          user: userTag(openid),
          conversation: conversationId,
          fix: "grant the OAuth app the retrieveConversation permission (扣子编程 → API & SDK → 授权 → OAuth 应用 → 权限); without it no existing conversation can be used"
        });
      }
      if (error instanceof AppError && (error.code === "NOT_FOUND" || error.cozeCode !== void 0 && NOT_VISIBLE_CODES.has(error.cozeCode))) {
        throw notFound(`conversation not visible to this user (${error.detail})`);
      }
      throw error;
    }
    if (!this.owns(openid, conversation)) {
      log.warn("ownership.denied", { user: userTag(openid), conversation: conversationId });
      throw notFound("conversation exists but carries another owner tag (or none): not created through this function for this user");
    }
    this.verified.set(key, true);
  }
  /** The cache key: plain ids (no HMAC on every chat.send; this cache is per configuration and never leaves memory). */
  key(openid, conversationId) {
    return `${openid}\0${conversationId}`;
  }
};

// cloudfunctions/coze/src/stream/channel.ts
function cancelKey(chatId) {
  return `cancel-${chatId}`;
}
function streamInUse() {
  return badRequest("streamId 正被另一条进行中的回复使用，请为每次发送生成新的 streamId");
}
var STREAM_DOC_MAX_AGE_MS = 24 * 60 * 60 * 1e3;
var LAST_STATUSES = /* @__PURE__ */ new Set([...FINAL_CHAT_STATUSES, "detached"]);
var MemoryStreamChannel = class {
  constructor() {
    this.docs = /* @__PURE__ */ new Map();
    this.owners = /* @__PURE__ */ new Map();
    this.listeners = /* @__PURE__ */ new Map();
    /** Cancel records by cancelKey(chatId): who asked and when (pruned with the documents). */
    this.cancels = /* @__PURE__ */ new Map();
    /** Streams opened whose chat.send has not written a last status yet (documents may be dropped, this stays). */
    this.running = /* @__PURE__ */ new Set();
  }
  async open(streamId, openid) {
    this.prune();
    const owner = this.owners.get(streamId);
    if (owner && owner.openid !== openid) throw badRequest("streamId 已被占用，请重新生成");
    if (this.running.has(streamId)) throw streamInUse();
    this.owners.set(streamId, { openid, at: Date.now() });
    this.running.add(streamId);
  }
  async requestCancel(chatId, openid) {
    this.cancels.set(cancelKey(chatId), { openid, at: Date.now() });
  }
  async cancelRequested(chatId, openid) {
    var _a2;
    return ((_a2 = this.cancels.get(cancelKey(chatId))) == null ? void 0 : _a2.openid) === openid;
  }
  async write(doc) {
    const snapshot = { ...doc, followUps: [...doc.followUps] };
    this.docs.set(doc._id, snapshot);
    this.owners.set(doc._id, { openid: doc._openid, at: doc.updatedAt });
    if (LAST_STATUSES.has(doc.status)) this.running.delete(doc._id);
    for (const entry of this.listeners.get(doc._id) ?? []) {
      if (entry.openid === snapshot._openid) entry.listener({ ...snapshot, followUps: [...snapshot.followUps] });
    }
    this.dropIfDone(doc._id);
  }
  /** Like a DB watch under the security rules: the current doc (if any) then each write, only for its owner. */
  watch(streamId, openid, listener) {
    const entry = { openid, listener };
    let set = this.listeners.get(streamId);
    if (!set) {
      set = /* @__PURE__ */ new Set();
      this.listeners.set(streamId, set);
    }
    set.add(entry);
    const current2 = this.docs.get(streamId);
    if (current2 && current2._openid === openid) listener({ ...current2, followUps: [...current2.followUps] });
    return () => {
      set == null ? void 0 : set.delete(entry);
      if ((set == null ? void 0 : set.size) === 0 && this.listeners.get(streamId) === set) this.listeners.delete(streamId);
      this.dropIfDone(streamId);
    };
  }
  /** Local documents held now (tests check that finished, unwatched ones are gone). */
  get size() {
    return this.docs.size;
  }
  /** Forgets the document of a finished chat once no one watches it. */
  dropIfDone(streamId) {
    const doc = this.docs.get(streamId);
    if (doc && LAST_STATUSES.has(doc.status) && !this.listeners.has(streamId)) this.docs.delete(streamId);
  }
  /** The current document as its owner would read it, for tests and the dev server. */
  get(streamId, openid) {
    const doc = this.docs.get(streamId);
    return doc && doc._openid === openid ? { ...doc, followUps: [...doc.followUps] } : void 0;
  }
  prune() {
    const cutoff = Date.now() - STREAM_DOC_MAX_AGE_MS;
    for (const [id, owner] of this.owners) {
      if (owner.at < cutoff) {
        this.owners.delete(id);
        this.docs.delete(id);
        this.running.delete(id);
      }
    }
    for (const [key, record] of this.cancels) if (record.at < cutoff) this.cancels.delete(key);
  }
};

// cloudfunctions/coze/src/stream/database-channel.ts
var cloud2 = __toESM(require("wx-server-sdk"));
var CLEANUP_INTERVAL_MS = 60 * 60 * 1e3;
var WHAT = `the ${STREAM_COLLECTION} stream document (cloud database)`;
var FINAL_WRITE_FLOOR_MS = 1e3;
var COLLECTION_NOT_EXIST = -502005;
var MISSING_COLLECTION_TEXT = /collection not exist|Db or Table not exist|DATABASE_COLLECTION_NOT_EXIST/i;
function isMissingCollection(error) {
  const { errCode, errMsg, message: message2 } = error ?? {};
  return errCode === COLLECTION_NOT_EXIST || [errMsg, message2].some((text2) => typeof text2 === "string" && MISSING_COLLECTION_TEXT.test(text2));
}
var DatabaseStreamChannel = class {
  constructor() {
    this.lastCleanup = 0;
    /** Streams opened while `coze_streams` was missing: their writes are skipped (the final result still answers). */
    this.withoutCollection = /* @__PURE__ */ new Set();
  }
  collection() {
    return cloud2.database().collection(STREAM_COLLECTION);
  }
  async open(streamId, openid) {
    try {
      await this.claim(streamId, openid);
    } catch (error) {
      if (!isMissingCollection(error)) throw error;
      log.error("stream.collection_missing", {
        collection: STREAM_COLLECTION,
        fix: `create the ${STREAM_COLLECTION} collection (云开发控制台 → 数据库 → 添加集合) and apply database-rules.json to it; until then answers arrive without live text`
      });
      this.withoutCollection.add(streamId);
      return;
    }
    this.cleanup();
  }
  async write(doc) {
    if (this.withoutCollection.has(doc._id)) {
      if (doc.status !== "in_progress") this.withoutCollection.delete(doc._id);
      return;
    }
    const { _id, ...data } = doc;
    await withDeadline(this.collection().doc(_id).set({ data: { ...data } }), WHAT, FINAL_WRITE_FLOOR_MS);
  }
  /** Claims the id with `add` (atomic: a second add with the same _id fails); BAD_REQUEST if another openid owns it. */
  async claim(streamId, openid) {
    var _a2, _b;
    const claim = { _id: streamId, _openid: openid, status: "in_progress", text: "", seq: 0, conversationId: "", chatId: "", followUps: [], error: null, updatedAt: Date.now() };
    try {
      await withDeadline(this.collection().add({ data: { ...claim } }), WHAT);
    } catch (error) {
      if (error instanceof AppError) throw error;
      const found = await withDeadline(this.collection().where({ _id: streamId }).get(), WHAT);
      const owner = (_a2 = found.data[0]) == null ? void 0 : _a2._openid;
      if (owner === void 0) throw error;
      if (owner !== openid) throw badRequest("streamId 已被占用，请重新生成");
      if (((_b = found.data[0]) == null ? void 0 : _b.status) === "in_progress") throw streamInUse();
    }
  }
  async requestCancel(chatId, openid) {
    const record = { _openid: openid, chatId, canceled: true, updatedAt: Date.now() };
    await withDeadline(this.collection().doc(cancelKey(chatId)).set({ data: record }), WHAT);
  }
  async cancelRequested(chatId, openid) {
    const found = await withDeadline(this.collection().where({ _id: cancelKey(chatId), _openid: openid }).get(), WHAT);
    return found.data.length > 0;
  }
  cleanup() {
    const now = Date.now();
    if (now - this.lastCleanup < CLEANUP_INTERVAL_MS) return;
    this.lastCleanup = now;
    const db = cloud2.database();
    this.collection().where({ updatedAt: db.command.lt(now - STREAM_DOC_MAX_AGE_MS) }).remove().catch((error) => log.warn("stream.cleanup_failed", { reason: error instanceof Error ? error.message : String(error) }));
  }
};

// cloudfunctions/coze/src/limits/limiter.ts
var import_crypto5 = require("crypto");
var MINUTE_MS = 6e4;
var DAY_MS = 24 * 60 * 60 * 1e3;
var BEIJING_OFFSET_MS = 8 * 60 * 60 * 1e3;
var HOUR_MS = 60 * 60 * 1e3;
var SECOND_MS = 1e3;
var KEY_HASH_HEX = 32;
function windowOf(window, now) {
  if (window !== "day") {
    const bucket2 = Math.floor(now / MINUTE_MS);
    return { bucket: bucket2, resetAt: (bucket2 + 1) * MINUTE_MS };
  }
  const bucket = Math.floor((now + BEIJING_OFFSET_MS) / DAY_MS);
  return { bucket, resetAt: (bucket + 1) * DAY_MS - BEIJING_OFFSET_MS };
}
function usageKey(openid, window, bucket) {
  const user = (0, import_crypto5.createHash)("sha256").update(`coze-weapp-usage:${openid}`).digest("hex").slice(0, KEY_HASH_HEX);
  return `${window}-${bucket}-${user}`;
}
var UsageLimiter = class {
  constructor(store, limits, now = Date.now) {
    this.store = store;
    this.limits = limits;
    this.now = now;
  }
  /** Counts one message; throws RATE_LIMITED or QUOTA_EXCEEDED (with the reset time) when over a limit. */
  async admit(openid) {
    await this.count(openid, "minute", this.limits.perMinute);
    await this.count(openid, "day", this.limits.perDay);
  }
  /** Counts one call of another action that reaches Coze (reads, edits, cancel, transcribe); RATE_LIMITED when over. */
  async admitCall(openid) {
    await this.count(openid, "calls", this.limits.callsPerMinute ?? 0);
  }
  async count(openid, window, limit) {
    if (limit <= 0) return;
    const now = this.now();
    const { bucket, resetAt } = windowOf(window, now);
    let count;
    try {
      count = await this.store.increment(usageKey(openid, window, bucket), resetAt);
    } catch (error) {
      log.warn("limits.store_failed", {
        window,
        user: userTag(openid),
        reason: withoutOpenid(error instanceof Error ? error.message : String(error), openid),
        fix: "create the coze_usage collection in the CloudBase console (rules: database-rules-usage.json); until then the limits are not enforced"
      });
      return;
    }
    if (count <= limit) return;
    if (window === "day") throw quotaExceeded(limit, resetAt - now);
    throw window === "minute" ? rateLimited(limit, resetAt - now) : callsLimited(limit, resetAt - now);
  }
};
function rateLimited(limit, waitMs) {
  const seconds = Math.max(1, Math.ceil(waitMs / SECOND_MS));
  return new AppError("RATE_LIMITED", `CHAT_RATE_PER_MINUTE (${limit}) reached by this user; resets in ${seconds} s`, {
    userMessage: `发送太频繁了：每分钟最多 ${limit} 条，请 ${seconds} 秒后再试。`
  });
}
function callsLimited(limit, waitMs) {
  const seconds = Math.max(1, Math.ceil(waitMs / SECOND_MS));
  return new AppError("RATE_LIMITED", `CHAT_CALLS_PER_MINUTE (${limit}) reached by this user; resets in ${seconds} s`, {
    userMessage: `操作太频繁了：每分钟最多 ${limit} 次，请 ${seconds} 秒后再试。`
  });
}
function quotaExceeded(limit, waitMs) {
  const hours = Math.max(1, Math.ceil(waitMs / HOUR_MS));
  return new AppError("QUOTA_EXCEEDED", `CHAT_DAILY_QUOTA (${limit}) reached by this user; resets at 00:00 Beijing time, in about ${hours} h`, {
    userMessage: `今天的 ${limit} 条消息额度已用完，将在北京时间明天 00:00 恢复（约 ${hours} 小时后）。`
  });
}

// cloudfunctions/coze/src/limits/usage-store.ts
var cloud3 = __toESM(require("wx-server-sdk"));
var USAGE_COLLECTION = "coze_usage";
var MEMORY_PRUNE_AT = 1e4;
var MemoryUsageStore = class {
  constructor(now = Date.now) {
    this.now = now;
    this.counts = /* @__PURE__ */ new Map();
  }
  async increment(key, expiresAt) {
    const entry = this.counts.get(key);
    const count = entry && entry.expiresAt > this.now() ? entry.count + 1 : 1;
    this.counts.set(key, { count, expiresAt });
    if (this.counts.size > MEMORY_PRUNE_AT) this.prune();
    return count;
  }
  /** Number of live keys, for tests that prove the map stays bounded. */
  get size() {
    return this.counts.size;
  }
  prune() {
    const now = this.now();
    for (const [key, entry] of this.counts) if (entry.expiresAt <= now) this.counts.delete(key);
  }
};
var CLEANUP_INTERVAL_MS2 = 60 * 60 * 1e3;
var WHAT2 = `the ${USAGE_COLLECTION} counter (cloud database)`;
var DatabaseUsageStore = class {
  constructor() {
    this.lastCleanup = 0;
  }
  collection() {
    return cloud3.database().collection(USAGE_COLLECTION);
  }
  async increment(key, expiresAt) {
    const inc = { count: cloud3.database().command.inc(1) };
    const doc = this.collection().doc(key);
    const first = await withDeadline(doc.update({ data: inc }), WHAT2);
    if (first.stats.updated === 0) {
      try {
        await withDeadline(this.collection().add({ data: { _id: key, count: 1, expiresAt } }), WHAT2);
        this.cleanup();
        return 1;
      } catch (error) {
        if (error instanceof AppError) throw error;
        await withDeadline(doc.update({ data: inc }), WHAT2);
      }
    }
    const read = await withDeadline(doc.get(), WHAT2);
    const count = read.data.count;
    return typeof count === "number" ? count : 1;
  }
  cleanup() {
    const now = Date.now();
    if (now - this.lastCleanup < CLEANUP_INTERVAL_MS2) return;
    this.lastCleanup = now;
    this.collection().where({ expiresAt: cloud3.database().command.lt(now) }).remove().catch((error) => log.warn("usage.cleanup_failed", { reason: error instanceof Error ? error.message : String(error) }));
  }
};

// cloudfunctions/coze/src/content/sec-check.ts
var cloud4 = __toESM(require("wx-server-sdk"));
var MAX_SEGMENT = 2500;
var SCENE_COMMENT = 2;
var API_VERSION = 2;
var VERDICTS = ["pass", "review", "risky"];
var wechatSecCheck = async ({ openid, content }) => {
  var _a2;
  const security = cloud4.openapi.security;
  const answer = await withDeadline(security.msgSecCheck({ version: API_VERSION, openid, scene: SCENE_COMMENT, content }), "msgSecCheck");
  const suggest = (_a2 = answer == null ? void 0 : answer.result) == null ? void 0 : _a2.suggest;
  const verdict = VERDICTS.find((v) => v === suggest);
  if (!verdict) throw new Error(`msgSecCheck answered without a known result.suggest (${JSON.stringify(suggest)}); check the API version (2)`);
  return verdict;
};
function segments(text2, max = MAX_SEGMENT) {
  const chars = [...text2];
  const out = [];
  for (let i = 0; i < chars.length; i += max) out.push(chars.slice(i, i + max).join(""));
  return out;
}
async function judge(check, openid, text2) {
  const verdicts = await Promise.all(segments(text2).map((content) => check({ openid, content })));
  if (verdicts.includes("risky")) return "risky";
  return verdicts.includes("review") ? "review" : "pass";
}

// cloudfunctions/coze/src/content/content-guard.ts
var INPUT_BLOCKED_MESSAGE = "你发送的内容未通过安全审核，请修改后再试。";
var OUTPUT_BLOCKED_MESSAGE = "回答内容未通过安全审核，已隐藏，请换个问法再试。";
var CHECK_FAILED_MESSAGE = "内容安全检查暂时不可用，请稍后重试。";
function outputBlocked(detail) {
  return new AppError("CONTENT_BLOCKED", detail, { userMessage: OUTPUT_BLOCKED_MESSAGE });
}
var ContentGuard = class {
  constructor(config, check = wechatSecCheck) {
    this.config = config;
    this.check = check;
  }
  /** True when texts on this side are checked (`auto` = both in CloudBase, none locally). */
  enabled(side) {
    const mode = this.config.contentCheck;
    if (mode === "auto") return inCloudBase();
    return mode === "both" || mode === side;
  }
  /** Throws CONTENT_BLOCKED for a risky (or, by setting, review) user text; UPSTREAM when failing closed. */
  async checkInput(openid, text2) {
    if (!this.enabled("input")) return;
    const verdict = await this.verdict("input", openid, text2);
    if (verdict === "failed") {
      if (this.config.inputCheckFailure === "open") return;
      throw new AppError("UPSTREAM", "msgSecCheck failed on the user text and CHAT_INPUT_CHECK_FAILURE=closed", { userMessage: CHECK_FAILED_MESSAGE });
    }
    if (this.blocks(verdict)) {
      log.warn("content.input_blocked", { user: userTag(openid), verdict });
      throw new AppError("CONTENT_BLOCKED", `msgSecCheck judged the user text ${verdict}`, { userMessage: INPUT_BLOCKED_MESSAGE });
    }
  }
  /** Whether an answer may become final. Throws UPSTREAM only when failing closed on a failed check. */
  async checkOutput(openid, text2) {
    if (!this.enabled("output") || text2.trim() === "") return "show";
    const verdict = await this.verdict("output", openid, text2);
    if (verdict === "failed") {
      if (this.config.outputCheckFailure === "open") return "show";
      throw new AppError("UPSTREAM", "msgSecCheck failed on the answer and CHAT_OUTPUT_CHECK_FAILURE=closed", { userMessage: CHECK_FAILED_MESSAGE });
    }
    if (!this.blocks(verdict)) return "show";
    log.warn("content.output_withheld", { user: userTag(openid), verdict });
    return "withhold";
  }
  /** Whether an answer may become final: its reasoning is judged exactly like its text, and either withholds both. */
  async checkAnswer(openid, answer) {
    if ((answer == null ? void 0 : answer.reasoning) && await this.checkOutput(openid, answer.reasoning) === "withhold") return "withhold";
    return this.checkOutput(openid, (answer == null ? void 0 : answer.content) ?? "");
  }
  blocks(verdict) {
    return verdict === "risky" || verdict === "review" && this.config.contentReview === "block";
  }
  async verdict(side, openid, text2) {
    try {
      return await judge(this.check, openid, text2);
    } catch (error) {
      const errCode = error == null ? void 0 : error.errCode;
      log.warn("content.check_failed", {
        side,
        user: userTag(openid),
        errCode: typeof errCode === "number" ? errCode : void 0,
        reason: withoutOpenid(error instanceof Error ? error.message : String(error), openid),
        fix: "declare security.msgSecCheck under permissions.openapi in config.json and redeploy; an errCode such as 61010 can mean the user has not opened the mini-program in the last 2 h"
      });
      return "failed";
    }
  }
};

// cloudfunctions/coze/src/speech/speech-store.ts
var cloud5 = __toESM(require("wx-server-sdk"));
var SPEECH_FOLDER = "coze-speech";
var SPEECH_COLLECTION = "coze_speech";
var SPEECH_URL_SECONDS = 3600;
var LOCAL_FILE_ROUTE = "/__file/";
var MEMORY_FILES = 500;
var SECOND_MS2 = 1e3;
function partName(folder, key, index) {
  return `${folder}/${key}-${index}.mp3`;
}
var MemorySpeechStore = class {
  constructor(now = Date.now) {
    this.now = now;
    this.files = new Lru(MEMORY_FILES);
    this.index = new Lru(MEMORY_FILES);
  }
  async lookup(key) {
    return this.index.get(key);
  }
  async save(key, folder, parts, openid, truncated) {
    const fileIDs = parts.map((data, i) => {
      const path2 = partName(folder, key, i);
      this.files.set(path2, { owner: openid, data });
      return path2;
    });
    const entry = { fileIDs, truncated };
    this.index.set(key, entry);
    return entry;
  }
  async urls(fileIDs) {
    if (fileIDs.some((id) => this.files.get(id) === void 0)) return void 0;
    return { urls: fileIDs.map((id) => `${LOCAL_FILE_ROUTE}${id}`), expiresAt: Math.floor(this.now() / SECOND_MS2) + SPEECH_URL_SECONDS };
  }
  /** The file at `path` when `openid` owns it; undefined otherwise (another user's file looks absent). */
  read(path2, openid) {
    const file = this.files.get(path2);
    return file && file.owner === openid ? file.data : void 0;
  }
};
var sdk = cloud5;
var WHAT_INDEX = `the ${SPEECH_COLLECTION} index (cloud database)`;
function reason(error) {
  return error instanceof Error ? error.message : String(error);
}
var CloudSpeechStore = class {
  async lookup(key) {
    try {
      const { data } = await withDeadline(sdk.database().collection(SPEECH_COLLECTION).doc(key).get(), WHAT_INDEX);
      const fileIDs = data.fileIDs;
      if (!Array.isArray(fileIDs) || !fileIDs.every((id) => typeof id === "string")) return void 0;
      return { fileIDs, truncated: data.truncated === true };
    } catch (error) {
      if (error instanceof AppError) throw error;
      if (!/not exist|not found/i.test(reason(error))) log.warn("speech.index_read_failed", { reason: reason(error), fix: `create the ${SPEECH_COLLECTION} collection (README, Read aloud)` });
      return void 0;
    }
  }
  async save(key, folder, parts, _openid, truncated) {
    const fileIDs = [];
    for (let i = 0; i < parts.length; i++) {
      const uploaded = await withDeadline(sdk.uploadFile({ cloudPath: partName(folder, key, i), fileContent: parts[i] }), "cloud.uploadFile");
      fileIDs.push(uploaded.fileID);
    }
    const entry = { fileIDs, truncated };
    try {
      await withDeadline(sdk.database().collection(SPEECH_COLLECTION).doc(key).set({ data: { ...entry, createdAt: Date.now() } }), WHAT_INDEX);
    } catch (error) {
      if (error instanceof AppError) throw error;
      log.warn("speech.index_write_failed", { reason: reason(error), fix: `create the ${SPEECH_COLLECTION} collection (README, Read aloud); until then every read-aloud is synthesised again` });
    }
    return entry;
  }
  async urls(fileIDs) {
    const { fileList } = await withDeadline(sdk.getTempFileURL({ fileList: fileIDs.map((fileID) => ({ fileID, maxAge: SPEECH_URL_SECONDS })) }), "cloud.getTempFileURL");
    const urls = fileIDs.map((id) => fileList.find((f) => f.fileID === id));
    if (urls.some((f) => !f || f.status !== 0 || !f.tempFileURL)) return void 0;
    return { urls: urls.map((f) => f.tempFileURL), expiresAt: Math.floor(Date.now() / SECOND_MS2) + SPEECH_URL_SECONDS };
  }
};

// cloudfunctions/coze/src/runtime.ts
var localStreams = new MemoryStreamChannel();
var databaseStreams;
function streamChannel() {
  if (!inCloudBase()) return localStreams;
  databaseStreams ??= new DatabaseStreamChannel();
  return databaseStreams;
}
var localUsage = new MemoryUsageStore();
var databaseUsage;
function usageStore() {
  if (!inCloudBase()) return localUsage;
  databaseUsage ??= new DatabaseUsageStore();
  return databaseUsage;
}
var localFiles = new MemorySpeechStore();
var cloudSpeech;
function speechStore() {
  if (!inCloudBase()) return localFiles;
  cloudSpeech ??= new CloudSpeechStore();
  return cloudSpeech;
}
var current;
function getRuntime() {
  const config = loadConfig();
  if (current && current.config === config) return current;
  const retry = { max: config.retryMax, baseMs: config.retryBaseMs };
  const tokens = new TokenCache((openid) => withRetry(retry, () => exchangeToken(config, openid)), {
    maxUsers: config.tokenCacheSize,
    marginSeconds: config.tokenMarginSeconds
  });
  current = {
    config,
    tokens,
    coze: new CozeClient(config, tokens),
    owners: new Ownership(config.ownerSecret, config.ownerCacheSize),
    botInfo: { until: 0 },
    limiter: new UsageLimiter({ increment: (key, expiresAt) => usageStore().increment(key, expiresAt) }, { perMinute: config.ratePerMinute, perDay: config.dailyQuota, callsPerMinute: config.callsPerMinute }),
    content: new ContentGuard(config),
    speech: speechStore()
  };
  return current;
}

// cloudfunctions/coze/src/call-budget.ts
var PLATFORM_MARGIN_MS = 5e3;
var MIN_BUDGET_MS = 1e3;
function callBudgetMs(deadlineMs, context) {
  const limit = context !== null && typeof context === "object" ? context.time_limit_in_ms : void 0;
  if (typeof limit !== "number" || !Number.isFinite(limit) || limit <= 0) return deadlineMs;
  return Math.min(deadlineMs, Math.max(MIN_BUDGET_MS, limit - PLATFORM_MARGIN_MS));
}

// cloudfunctions/coze/src/actions/bot-info.ts
var MS_PER_SECOND = 1e3;
function withoutUserName(text2) {
  return text2.replace(/^\s*\{\{\s*user_name\s*\}\}[\s,，、:：!！]*/, "").replace(/[ \t,，、]*\{\{\s*user_name\s*\}\}/g, "").trim();
}
function toBotInfo(botId2, raw) {
  const bot = obj(raw);
  const onboarding = obj(bot.onboarding_info);
  const prologue = withoutUserName(str(onboarding, "prologue") || str(onboarding, "Prologue"));
  const questions = "suggested_questions" in onboarding ? arr(onboarding, "suggested_questions") : arr(onboarding, "SuggestedQuestions");
  return {
    botId: botId2,
    name: str(bot, "name"),
    description: str(bot, "description"),
    iconUrl: str(bot, "icon_url"),
    prologue,
    suggestedQuestions: questions.filter((q) => typeof q === "string" && q.trim() !== "")
  };
}
var botInfo = async ({ openid, runtime }) => {
  const cache = runtime.botInfo;
  if (cache.value && cache.until > Date.now()) return cache.value;
  const { botId: botId2, botInfoTtlSeconds } = runtime.config;
  const body = await runtime.coze.json(openid, { method: "GET", idempotent: true, path: `/v1/bots/${botId2}`, query: { is_published: true } });
  const info = toBotInfo(botId2, body.data);
  runtime.botInfo.value = info;
  runtime.botInfo.until = Date.now() + botInfoTtlSeconds * MS_PER_SECOND;
  return info;
};

// cloudfunctions/coze/src/coze/question.ts
var MAX_OPTIONS = 20;
function parseQuestion(content) {
  if (!content.trimStart().startsWith("{")) return void 0;
  const parsed = parseJson(content);
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) return void 0;
  const card = parsed;
  if (typeof card.question !== "string" || !Array.isArray(card.options)) return void 0;
  const options = card.options.map((o) => typeof o === "string" ? o : o !== null && typeof o === "object" ? o.name : void 0).filter((o) => typeof o === "string" && o.trim() !== "").slice(0, MAX_OPTIONS);
  return { text: card.question, options };
}
function displayContent(content) {
  var _a2;
  return ((_a2 = parseQuestion(content)) == null ? void 0 : _a2.text) ?? content;
}
function isInterrupt(verboseContent) {
  const parsed = parseJson(verboseContent);
  return parsed !== null && typeof parsed === "object" && parsed.msg_type === "interrupt";
}

// cloudfunctions/coze/src/coze/mappers.ts
function toConversation(raw) {
  const c = obj(raw);
  const createdAt = num(c, "created_at");
  return { id: str(c, "id"), name: str(c, "name"), createdAt, updatedAt: num(c, "updated_at") || createdAt };
}
function toMessage(raw) {
  const m = obj(raw);
  const role = str(m, "role") === "user" ? "user" : "assistant";
  const message2 = {
    id: str(m, "id"),
    role,
    type: str(m, "type"),
    // A chatflow question card shows as its question (history and live text alike).
    content: str(m, "type") === "answer" ? displayContent(str(m, "content")) : str(m, "content"),
    contentType: str(m, "content_type") || "text",
    createdAt: num(m, "created_at")
  };
  const chatId = str(m, "chat_id");
  if (chatId) message2.chatId = chatId;
  const reasoning = str(m, "reasoning_content");
  if (reasoning && role === "assistant") message2.reasoning = reasoning;
  return message2;
}
function toChatStatus(raw) {
  switch (raw) {
    case "completed":
    case "failed":
    case "canceled":
    case "requires_action":
      return raw;
    default:
      return "in_progress";
  }
}
function toUsage(chat) {
  const usage = obj(chat.usage);
  if (!("input_count" in usage) && !("output_count" in usage)) return void 0;
  return { inputTokens: num(usage, "input_count"), outputTokens: num(usage, "output_count") };
}
var MAX_TOOL_NAME = 30;
function toToolStep(content) {
  const call = obj(parseJson(content));
  const raw = str(call, "plugin_name") || str(call, "workflow_name") || str(call, "name").split("-")[0];
  const chars = Array.from(raw.replace(/\s+/g, " ").trim());
  const name = chars.length > MAX_TOOL_NAME ? chars.slice(0, MAX_TOOL_NAME).join("") + "…" : chars.join("");
  return { name: name || "工具", done: false };
}

// cloudfunctions/coze/src/actions/conversations.ts
var API_CONNECTOR_ID = "1024";
var MAX_CONVERSATION_NAME = 100;
async function createConversation(ctx, name) {
  const { coze, owners, config } = ctx.runtime;
  const body = await coze.json(ctx.openid, {
    method: "POST",
    path: "/v1/conversation/create",
    json: { bot_id: config.botId, connector_id: API_CONNECTOR_ID, meta_data: owners.metaFor(ctx.openid), ...name ? { name } : {} }
  });
  const conversation = toConversation(body.data);
  owners.remember(ctx.openid, conversation.id);
  return { ...conversation, name: conversation.name || name || "" };
}

// cloudfunctions/coze/src/actions/params.ts
var COZE_ID_PATTERN = /^\d{1,32}$/;
function own(params, key) {
  return Object.prototype.hasOwnProperty.call(params, key) ? params[key] : void 0;
}
function requireId(params, key) {
  const value = own(params, key);
  if (typeof value !== "string") throw badRequest(`${key} 必须是数字字符串（如 "7453407973575833389"），不能是 ${kindOf(value)}：JS 数字会丢失 19 位 ID 的精度`);
  if (!COZE_ID_PATTERN.test(value)) throw badRequest(`${key} 必须是数字字符串（1 到 32 位数字）`);
  return value;
}
function optionalId2(params, key) {
  const value = own(params, key);
  if (value === void 0 || value === null || value === "") return void 0;
  return requireId(params, key);
}
var LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
var CONTROL_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
var BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/;
var C1_CONTROL = /[\u0080-\u009F]/;
var INVISIBLE_FORMAT = /[\u200B-\u200F\u2028\u2029\u2060-\u206F\uFEFF\uFFF9-\uFFFB\u{E0000}-\u{E007F}]/u;
var NONCHARACTER = new RegExp(`[\\uFDD0-\\uFDEF\\uFFFE\\uFFFF${Array.from({ length: 16 }, (_, i) => `\\u{${(i + 1).toString(16)}FFFE}\\u{${(i + 1).toString(16)}FFFF}`).join("")}]`, "u");
var EMOJI_SEQUENCES = new RegExp("(?<=\\p{Extended_Pictographic}\\uFE0F?)\\u200D(?=\\p{Extended_Pictographic})|(?<=\\u{1F3F4})[\\u{E0020}-\\u{E007E}]+\\u{E007F}", "gu");
function assertCleanText(key, text2) {
  if (LONE_SURROGATE.test(text2)) throw badRequest(`${key} 含有不完整的字符（孤立的 UTF-16 代理项），请重新输入`);
  if (CONTROL_CHARACTER.test(text2)) throw badRequest(`${key} 含有控制字符（如 NUL），请删除后重试`);
  if (C1_CONTROL.test(text2)) throw badRequest(`${key} 含有不可见的控制字符（U+0080–U+009F），请删除后重试`);
  if (BIDI_CONTROL.test(text2)) throw badRequest(`${key} 含有文字方向控制符（U+202A–U+202E、U+2066–U+2069），请删除后重试`);
  if (INVISIBLE_FORMAT.test(text2.replace(EMOJI_SEQUENCES, ""))) {
    throw badRequest(`${key} 含有看不见的格式字符（如零宽空格 U+200B、BOM U+FEFF、行分隔符 U+2028），请删除后重试（从别处复制的文字常带有这些字符）`);
  }
  if (NONCHARACTER.test(text2)) throw badRequest(`${key} 含有非字符码位（如 U+FFFF），请删除后重试`);
}
function requireText(params, key, max, keepSpace = false) {
  const value = own(params, key);
  if (typeof value !== "string") throw badRequest(`${key} 必须是文本，不能是 ${kindOf(value)}`);
  if (value.length > max * 2 + MAX_SURROUNDING_SPACE) throw badRequest(`${key} 不能超过 ${max} 个字符`);
  const trimmed = value.trim();
  if (!trimmed) throw badRequest(`${key} 不能为空`);
  const text2 = keepSpace ? value : trimmed;
  if ([...text2].length > max) throw badRequest(`${key} 不能超过 ${max} 个字符`);
  assertCleanText(key, text2);
  return text2;
}
var MAX_SURROUNDING_SPACE = 1e3;
function kindOf(value) {
  if (value === void 0) return "空（缺少这个参数）";
  if (value === null) return "null";
  if (Array.isArray(value)) return "数组";
  if (typeof value === "number") return "数字";
  if (typeof value === "boolean") return "布尔值";
  if (typeof value === "object") return "对象";
  return typeof value;
}
function optionalText(params, key, max) {
  const value = own(params, key);
  if (value === void 0 || value === null) return void 0;
  if (typeof value !== "string") throw badRequest(`${key} 必须是文本，不能是 ${kindOf(value)}`);
  if (!value.trim()) return void 0;
  return requireText(params, key, max);
}
function optionalInt(params, key, min, max, fallback) {
  const value = own(params, key);
  if (value === void 0 || value === null) return fallback;
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw badRequest(`${key} 必须是 ${min} 到 ${max} 之间的整数`);
  }
  return value;
}
function optionalPattern(params, key, pattern, what) {
  const value = own(params, key);
  if (value === void 0 || value === null || value === "") return void 0;
  if (typeof value !== "string" || !pattern.test(value)) throw badRequest(`${key} 必须是${what}`);
  return value;
}
function requireOneOf(params, key, allowed) {
  const value = own(params, key);
  const found = allowed.find((candidate) => candidate === value);
  if (found === void 0) throw badRequest(`${key} 必须是 ${allowed.map((v) => JSON.stringify(v)).join(" / ")} 之一`);
  return found;
}
function truncate(text2, max) {
  return [...text2].slice(0, max).join("");
}

// cloudfunctions/coze/src/actions/conversation-create.ts
var conversationCreate = async (ctx, params) => {
  const name = optionalText(params, "name", MAX_CONVERSATION_NAME);
  return { conversation: await createConversation(ctx, name) };
};

// cloudfunctions/coze/src/actions/conversation-list.ts
var MAX_PAGE_SIZE = 50;
var DEFAULT_PAGE_SIZE = 20;
var MAX_PAGE_NUM = 1e4;
var COZE_PAGE_SIZE = 50;
var MAX_COZE_PAGES = 50;
var conversationList = async (ctx, params) => {
  const pageNum = optionalInt(params, "pageNum", 1, MAX_PAGE_NUM, 1);
  const pageSize = optionalInt(params, "pageSize", 1, MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE);
  const { coze, owners, config } = ctx.runtime;
  const wanted = pageNum * pageSize + 1;
  const mine = [];
  let more = true;
  let capped = false;
  for (let page = 1; more && mine.length < wanted; page += 1) {
    if (page > MAX_COZE_PAGES) {
      capped = true;
      log.warn("conversation.list_scan_capped", { user: userTag(ctx.openid), pages: MAX_COZE_PAGES, fix: "turn Coze's session isolation on (JWT session_name) so Coze lists only this user's conversations" });
      break;
    }
    const body = await coze.json(ctx.openid, {
      method: "GET",
      idempotent: true,
      path: "/v1/conversations",
      query: { bot_id: config.botId, page_num: page, page_size: COZE_PAGE_SIZE, sort_order: "DESC", connector_id: API_CONNECTOR_ID }
    });
    const data = obj(body.data);
    for (const c of arr(data, "conversations")) {
      if (!owners.owns(ctx.openid, c)) continue;
      const conversation = toConversation(c);
      owners.remember(ctx.openid, conversation.id);
      mine.push(conversation);
    }
    more = data.has_more === true;
  }
  const start = (pageNum - 1) * pageSize;
  return { conversations: mine.slice(start, start + pageSize), hasMore: mine.length > start + pageSize || capped };
};

// cloudfunctions/coze/src/actions/conversation-rename.ts
var conversationRename = async (ctx, params) => {
  const conversationId = requireId(params, "conversationId");
  const name = requireText(params, "name", MAX_CONVERSATION_NAME);
  const { coze, owners } = ctx.runtime;
  await owners.verify(coze, ctx.openid, conversationId);
  const body = await coze.json(ctx.openid, { method: "PUT", path: `/v1/conversations/${conversationId}`, json: { name } });
  const conversation = toConversation(body.data);
  return { conversation: { ...conversation, id: conversation.id || conversationId, name: conversation.name || name } };
};

// cloudfunctions/coze/src/actions/conversation-delete.ts
var conversationDelete = async (ctx, params) => {
  const conversationId = requireId(params, "conversationId");
  const { coze, owners } = ctx.runtime;
  await owners.verify(coze, ctx.openid, conversationId);
  await coze.json(ctx.openid, { method: "DELETE", path: `/v1/conversations/${conversationId}` });
  owners.forget(ctx.openid, conversationId);
  return {};
};

// cloudfunctions/coze/src/actions/conversation-clear.ts
var conversationClear = async (ctx, params) => {
  const conversationId = requireId(params, "conversationId");
  const { coze, owners } = ctx.runtime;
  await owners.verify(coze, ctx.openid, conversationId);
  const body = await coze.json(ctx.openid, { method: "POST", path: `/v1/conversations/${conversationId}/clear` });
  return { sectionId: str(obj(body.data), "id") };
};

// cloudfunctions/coze/src/actions/message-list.ts
var MAX_LIMIT = 50;
var DEFAULT_LIMIT = 20;
var VISIBLE_TYPES = /* @__PURE__ */ new Set(["question", "answer"]);
function byAge(a, b) {
  if (a.createdAt !== b.createdAt) return a.createdAt - b.createdAt;
  if (a.id.length !== b.id.length) return a.id.length - b.id.length;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
var messageList = async (ctx, params) => {
  var _a2, _b;
  const conversationId = requireId(params, "conversationId");
  const beforeId = optionalId2(params, "beforeId");
  const limit = optionalInt(params, "limit", 1, MAX_LIMIT, DEFAULT_LIMIT);
  const { coze, owners } = ctx.runtime;
  await owners.verify(coze, ctx.openid, conversationId);
  const body = await coze.json(ctx.openid, {
    method: "POST",
    path: "/v1/conversation/message/list",
    idempotent: true,
    query: { conversation_id: conversationId },
    // list_message.md: with order desc, `after_id` returns messages OLDER than the cursor ("向后翻页…last_id");
    // `before_id` would return newer ones (what is already on screen). Our `beforeId` means "older than this".
    json: { order: "desc", limit, ...beforeId ? { after_id: beforeId } : {} }
  });
  const oldestFirst = arr(body, "data").map(toMessage).sort(byAge);
  const oldest = ((_a2 = oldestFirst[0]) == null ? void 0 : _a2.id) ?? str(body, "last_id");
  const newest = ((_b = oldestFirst[oldestFirst.length - 1]) == null ? void 0 : _b.id) ?? str(body, "first_id");
  return {
    messages: oldestFirst.filter((m) => VISIBLE_TYPES.has(m.type) || m.type === "" && m.role === "user"),
    hasMore: body.has_more === true,
    firstId: oldest,
    lastId: newest
  };
};

// cloudfunctions/coze/src/actions/withhold.ts
var WITHHOLD_GRACE_MS = 3e3;
async function withholdAnswer(ctx, reducer) {
  await runInScope({ deadlineAt: Date.now() + WITHHOLD_GRACE_MS }, () => deleteAnswers(ctx, reducer));
}
async function deleteAnswers(ctx, reducer) {
  for (const messageId of reducer.answerIds()) {
    try {
      await ctx.runtime.coze.json(ctx.openid, {
        method: "POST",
        path: "/v1/conversation/message/delete",
        query: { conversation_id: reducer.conversationId, message_id: messageId }
      });
    } catch (error) {
      log.warn("content.delete_failed", {
        user: userTag(ctx.openid),
        message: messageId,
        reason: withoutOpenid(toAppError(error).detail, ctx.openid),
        fix: "grant the OAuth app the deleteMessage permission so withheld answers leave the conversation history"
      });
    }
  }
}

// cloudfunctions/coze/src/chat/reducer.ts
var CHAT_OBJECT_EVENTS = /* @__PURE__ */ new Set([
  "conversation.chat.created",
  "conversation.chat.in_progress",
  "conversation.chat.completed",
  "conversation.chat.failed",
  "conversation.chat.requires_action"
]);
var ANSWER_SEPARATOR = "\n\n";
var ChatReducer = class {
  constructor(conversationId) {
    this.chatId = "";
    this.status = "in_progress";
    /** True once a terminal chat event or `done` arrived. */
    this.finished = false;
    this.answers = /* @__PURE__ */ new Map();
    this.followUps = [];
    /** Tool calls in order; a `tool_response` finishes the oldest unfinished one. */
    this.toolSteps = [];
    /** A chatflow stopped at a question/input node (the `interrupt` verbose message, or a question card). */
    this.interrupted = false;
    /** True once some answer carries reasoning: until then reasoningText() costs nothing per event. */
    this.hasReasoning = false;
    this.conversationId = conversationId;
  }
  /** Applies one SSE event. Throws UPSTREAM on malformed data and the mapped error on an `error` event. */
  apply(event) {
    if (event.event === "done") {
      this.finished = true;
      if (this.interrupted && this.status === "in_progress") this.status = "completed";
      return;
    }
    const known = event.event === "error" || event.event.startsWith("conversation.chat.") || event.event.startsWith("conversation.message.");
    if (!known) return;
    const parsed = parseJson(event.data);
    if (parsed === void 0 || parsed === null || typeof parsed !== "object") {
      throw new AppError("UPSTREAM", `malformed data in Coze event ${event.event}; the stream is unusable, retry`);
    }
    const data = parsed;
    if (event.event === "error") {
      throw cozeError({ cozeCode: num(data, "code") || void 0, msg: str(data, "msg") || "stream error event" });
    }
    if (CHAT_OBJECT_EVENTS.has(event.event)) this.applyChat(data);
    else if (event.event === "conversation.message.delta") this.applyDelta(data);
    else if (event.event === "conversation.message.completed") this.applyCompleted(data);
  }
  /** Applies a Chat object (from an event or from /v3/chat/retrieve). */
  applyChat(chat) {
    this.chatId = str(chat, "id") || this.chatId;
    this.conversationId = str(chat, "conversation_id") || this.conversationId;
    this.status = toChatStatus(str(chat, "status"));
    if (this.status === "requires_action" && this.interrupted) this.status = "completed";
    this.usage = toUsage(chat) ?? this.usage;
    if (this.status !== "in_progress") {
      this.finished = true;
    }
    if (this.status === "failed") {
      const lastError = obj(chat.last_error);
      this.error = cozeError({ cozeCode: num(lastError, "code") || void 0, msg: str(lastError, "msg") || "chat failed" });
    }
  }
  /** Applies a completed message (from an event or from /v3/chat/message/list). */
  applyCompleted(data) {
    var _a2;
    const type = str(data, "type");
    if (type === "follow_up") {
      const text2 = str(data, "content");
      if (text2 && !this.followUps.includes(text2)) this.followUps.push(text2);
    } else if (type === "verbose" && isInterrupt(str(data, "content"))) {
      this.markInterrupted();
    } else if (type === "answer") {
      const question = parseQuestion(str(data, "content"));
      if (question) {
        this.pendingQuestion = question;
        this.markInterrupted();
      }
      const id = str(data, "id");
      const message2 = toMessage(data);
      const streamed = (_a2 = this.answers.get(id)) == null ? void 0 : _a2.reasoning;
      if (!message2.reasoning && streamed) message2.reasoning = streamed;
      this.answers.set(id, message2);
      this.changed(message2);
      this.chatId = this.chatId || str(data, "chat_id");
    } else if (type === "function_call") {
      this.toolSteps.push(toToolStep(str(data, "content")));
    } else if (type === "tool_response" || type === "tool_output") {
      const open = this.toolSteps.find((step) => !step.done);
      if (open) open.done = true;
    }
  }
  /** The flow waits at a question/input node: in a chatflow, requires_action means exactly that, and the turn is over. */
  markInterrupted() {
    this.interrupted = true;
    if (this.status === "requires_action") this.status = "completed";
  }
  /** A delta adds to `content` or, for a deep-thinking model, to `reasoning_content` (with empty content). */
  applyDelta(data) {
    if (str(data, "type") !== "answer") return;
    const id = str(data, "id");
    let message2 = this.answers.get(id);
    if (message2) {
      message2.content += str(data, "content");
      const reasoning = str(data, "reasoning_content");
      if (reasoning) message2.reasoning = (message2.reasoning ?? "") + reasoning;
    } else {
      message2 = toMessage(data);
      this.answers.set(id, message2);
    }
    this.changed(message2);
    this.chatId = this.chatId || str(data, "chat_id");
  }
  changed(message2) {
    this.joined = void 0;
    this.joinedReasoning = void 0;
    this.hasReasoning ||= Boolean(message2.reasoning);
  }
  /** The answer text so far (all answer messages of the turn, joined), built at most once per change. */
  answerText() {
    this.joined ??= [...this.answers.values()].map((m) => displayContent(m.content)).join(ANSWER_SEPARATOR);
    return this.joined;
  }
  /** The reasoning text so far (of all answer messages that carry one, joined), built at most once per change. */
  reasoningText() {
    if (!this.hasReasoning) return "";
    this.joinedReasoning ??= [...this.answers.values()].flatMap((m) => m.reasoning ? [m.reasoning] : []).join(ANSWER_SEPARATOR);
    return this.joinedReasoning;
  }
  /** The answer so far: the first answer message carrying the text (and reasoning) of all of them. */
  answer() {
    const first = this.answers.values().next();
    if (first.done) return null;
    const message2 = { ...first.value, content: this.answerText() };
    const reasoning = this.reasoningText();
    if (reasoning) message2.reasoning = reasoning;
    else delete message2.reasoning;
    return message2;
  }
  /** Tool steps so far, copied (the caller may keep them while the reducer goes on); undefined when none. */
  steps() {
    return this.toolSteps.length > 0 ? this.toolSteps.map((step) => ({ ...step })) : void 0;
  }
  /** Ids of the answer messages of this turn (to remove a withheld answer from the history). */
  answerIds() {
    return [...this.answers.keys()].filter((id) => id !== "");
  }
  /** The question the flow waits on, once it stopped: the card's, or the last answer's text (input node / no options). */
  question() {
    if (!this.interrupted) return void 0;
    if (this.pendingQuestion) return { text: this.pendingQuestion.text, options: [...this.pendingQuestion.options] };
    const last = [...this.answers.values()].pop();
    return last ? { text: displayContent(last.content), options: [] } : void 0;
  }
  /** Follow-up suggestions so far. */
  suggestions() {
    return [...this.followUps];
  }
  /** The result as the client sees it; `status` may be overridden (e.g. `detached`). */
  result(status = this.status) {
    const result = {
      conversationId: this.conversationId,
      chatId: this.chatId,
      status,
      answer: this.answer(),
      followUps: this.suggestions()
    };
    if (this.usage) result.usage = this.usage;
    const steps = this.steps();
    if (steps) result.steps = steps;
    if (this.error) result.error = { code: this.error.code, message: this.error.userMessage };
    const question = this.question();
    if (question) result.question = question;
    return result;
  }
};

// cloudfunctions/coze/src/coze/sse.ts
var import_string_decoder = require("string_decoder");
var CARRIAGE_RETURN = 13;
var SseParser = class {
  constructor() {
    this.decoder = new import_string_decoder.StringDecoder("utf8");
    this.buffer = "";
    this.event = "";
    this.data = [];
    this.hasData = false;
  }
  /** Parses one chunk and returns the events it completed. */
  push(chunk) {
    this.buffer += typeof chunk === "string" ? chunk : this.decoder.write(chunk);
    const out = [];
    let start = 0;
    let newline = this.buffer.indexOf("\n");
    while (newline >= 0) {
      const end = newline > start && this.buffer.charCodeAt(newline - 1) === CARRIAGE_RETURN ? newline - 1 : newline;
      this.line(this.buffer.slice(start, end), out);
      start = newline + 1;
      newline = this.buffer.indexOf("\n", start);
    }
    if (start > 0) this.buffer = this.buffer.slice(start);
    return out;
  }
  /** Flushes the decoder and the last line, and returns the last event if the body ended without a blank line. */
  end() {
    const out = [];
    this.buffer += this.decoder.end();
    if (this.buffer) {
      this.line(this.buffer.replace(/\r$/, ""), out);
      this.buffer = "";
    }
    this.dispatch(out);
    return out;
  }
  line(line, out) {
    if (line === "") {
      this.dispatch(out);
      return;
    }
    if (line.startsWith(":")) return;
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "event") {
      if (this.hasData) this.dispatch(out);
      this.event = value.trim();
    } else if (field === "data") {
      this.data.push(value);
      this.hasData = true;
    }
  }
  dispatch(out) {
    if (this.hasData || this.event) out.push({ event: this.event || "message", data: this.data.join("\n") });
    this.event = "";
    this.data = [];
    this.hasData = false;
  }
};

// cloudfunctions/coze/src/coze/stream-reader.ts
var DRAIN_LIMIT_MS = 2e3;
function drain(res, limitMs) {
  var _a2;
  if (res.complete) return;
  const cut = setTimeout(() => res.destroy(), limitMs);
  (_a2 = cut.unref) == null ? void 0 : _a2.call(cut);
  const keep = () => clearTimeout(cut);
  res.once("end", keep);
  res.once("close", keep);
  res.resume();
}
function readEvents(res, onEvent, deadlineAt, drainLimitMs = DRAIN_LIMIT_MS, signal) {
  const parser = new SseParser();
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (outcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal == null ? void 0 : signal.removeEventListener("abort", onAbort);
      if (outcome === "ended") return resolve(outcome);
      if (outcome === "stopped") {
        drain(res, drainLimitMs);
        return resolve(outcome);
      }
      res.destroy();
      if (outcome instanceof AppError) reject(outcome);
      else resolve(outcome);
    };
    const feed = (events) => {
      for (const event of events) {
        if (settled) return true;
        if (onEvent(event) === true) {
          finish("stopped");
          return true;
        }
      }
      return false;
    };
    const timer = setTimeout(() => finish("deadline"), Math.max(0, deadlineAt - Date.now()));
    const onAbort = () => finish("stopped");
    if (signal == null ? void 0 : signal.aborted) finish("stopped");
    else signal == null ? void 0 : signal.addEventListener("abort", onAbort);
    res.on("data", (chunk) => {
      if (settled) return;
      try {
        feed(parser.push(chunk));
      } catch (error) {
        finish(toAppError(error));
      }
    });
    res.on("end", () => {
      if (settled) return;
      try {
        if (!feed(parser.end())) finish("ended");
      } catch (error) {
        finish(toAppError(error));
      }
    });
    res.on("error", (error) => finish(error instanceof AppError ? error : cozeError({ network: `stream broken: ${error.message}` })));
    res.on("close", () => {
      if (!res.complete) finish(cozeError({ network: "the Coze stream was cut before it finished" }));
    });
  });
}

// cloudfunctions/coze/src/stream/publisher.ts
function sameState(a, b) {
  var _a2, _b, _c, _d;
  return a.text === b.text && a.reasoning === b.reasoning && sameSteps(a.steps, b.steps) && a.status === b.status && a.chatId === b.chatId && a.conversationId === b.conversationId && ((_a2 = a.error) == null ? void 0 : _a2.code) === ((_b = b.error) == null ? void 0 : _b.code) && ((_c = a.error) == null ? void 0 : _c.message) === ((_d = b.error) == null ? void 0 : _d.message) && a.followUps.length === b.followUps.length && a.followUps.every((text2, i) => text2 === b.followUps[i]);
}
function sameSteps(a, b) {
  const x = a ?? [];
  const y = b ?? [];
  return x.length === y.length && x.every((step, i) => step.name === y[i].name && step.done === y[i].done);
}
var StreamPublisher = class {
  constructor(channel, streamId, openid, intervalMs) {
    this.channel = channel;
    this.streamId = streamId;
    this.openid = openid;
    this.intervalMs = intervalMs;
    this.seq = 0;
    this.lastWrite = 0;
    /** Whether a write carrying answer text went out: until then, the first text skips the window. */
    this.textWritten = false;
    /** The same for reasoning text. */
    this.reasoningWritten = false;
    /** Tool steps in the last write: a state with more skips the window. */
    this.stepsWritten = 0;
    this.chain = Promise.resolve();
  }
  /** Offers the newest state; it is written now (first write, first text, or the window is over) or when the window ends. */
  offer(state) {
    var _a2;
    if (this.offered && sameState(this.offered, state)) return;
    this.offered = state;
    this.pending = state;
    const firstText = !this.textWritten && state.text !== "" || !this.reasoningWritten && Boolean(state.reasoning) || (((_a2 = state.steps) == null ? void 0 : _a2.length) ?? 0) > this.stepsWritten;
    if (this.timer && !firstText) return;
    const wait = firstText ? 0 : this.lastWrite + this.intervalMs - Date.now();
    if (wait <= 0) this.flush();
    else this.timer = setTimeout(() => this.flush(), wait);
  }
  /** Writes the final state at once (always, even if equal) and waits for every write to finish. */
  async finish(state) {
    this.offered = state;
    this.pending = state;
    this.flush();
    await this.chain;
  }
  flush() {
    var _a2;
    if (this.timer) clearTimeout(this.timer);
    this.timer = void 0;
    const state = this.pending;
    if (!state) return;
    this.pending = void 0;
    this.lastWrite = Date.now();
    this.textWritten ||= state.text !== "";
    this.reasoningWritten ||= Boolean(state.reasoning);
    this.stepsWritten = ((_a2 = state.steps) == null ? void 0 : _a2.length) ?? 0;
    this.seq += 1;
    const doc = { ...state, _id: this.streamId, _openid: this.openid, seq: this.seq, updatedAt: this.lastWrite };
    this.chain = this.chain.then(() => this.channel.write(doc)).catch((error) => log.warn("stream.write_failed", { reason: error instanceof Error ? error.message : String(error) }));
  }
};

// cloudfunctions/coze/src/stream/cancel-watch.ts
var CancelWatch = class {
  constructor(channel, openid, intervalMs) {
    this.channel = channel;
    this.openid = openid;
    this.intervalMs = intervalMs;
    /** True once a cancel of the watched chat was seen. */
    this.canceled = false;
    this.controller = new AbortController();
    this.chatId = "";
    this.checking = false;
  }
  /** Aborted when a cancel is seen: pass it to the stream reader. */
  get signal() {
    return this.controller.signal;
  }
  /** Starts watching chat `chatId` (once; a no-op until the chat id is known). */
  watch(chatId) {
    var _a2, _b;
    if (this.chatId || !chatId) return;
    this.chatId = chatId;
    this.timer = setInterval(() => void this.check(), this.intervalMs);
    (_b = (_a2 = this.timer).unref) == null ? void 0 : _b.call(_a2);
    void this.check();
  }
  /** Stops asking (the read is over). */
  stop() {
    if (this.timer) clearInterval(this.timer);
    this.timer = void 0;
  }
  async check() {
    if (this.checking || this.canceled || !this.timer) return;
    this.checking = true;
    try {
      if (await this.channel.cancelRequested(this.chatId, this.openid)) {
        this.canceled = true;
        this.stop();
        this.controller.abort();
      }
    } catch (error) {
      log.warn("stream.cancel_check_failed", { user: userTag(this.openid), reason: withoutOpenid(error instanceof Error ? error.message : String(error), this.openid) });
      this.stop();
    } finally {
      this.checking = false;
    }
  }
};

// cloudfunctions/coze/src/actions/chat-request.ts
function userMessage(text2) {
  return [{ role: "user", content: text2, content_type: "text" }];
}
function botChat(ctx, conversationId, text2, context) {
  const json = {
    bot_id: ctx.runtime.config.botId,
    user_id: ctx.openid,
    stream: true,
    auto_save_history: true,
    additional_messages: userMessage(text2)
  };
  if (Object.keys(context).length > 0) json.custom_variables = context;
  return { method: "POST", path: "/v3/chat", query: { conversation_id: conversationId }, json };
}
function workflowChat(ctx, conversationId, text2, context) {
  const { workflowId, appId, botId: botId2 } = ctx.runtime.config;
  return {
    method: "POST",
    path: "/v1/workflows/chat",
    json: {
      workflow_id: workflowId,
      ...appId ? { app_id: appId } : { bot_id: botId2 },
      conversation_id: conversationId,
      additional_messages: userMessage(text2),
      parameters: { ...context },
      ext: { user_id: ctx.openid }
    }
  };
}
function chatRequest(ctx, conversationId, text2, context) {
  return ctx.runtime.config.workflowId ? workflowChat(ctx, conversationId, text2, context) : botChat(ctx, conversationId, text2, context);
}

// cloudfunctions/coze/src/user-context/user-context.ts
var import_fs = require("fs");
var import_path = __toESM(require("path"));
var cloud6 = __toESM(require("wx-server-sdk"));
var KEY_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
var MAX_CONTEXT_ENTRIES = 20;
var MAX_CONTEXT_VALUE = 512;
var FIX = "fix cloudfunctions/coze/user-context.js (it must export a function ({ openid, cloud }) => object of strings), or set COZE_USER_CONTEXT_HOOK";
var loadModule = require;
function resolveHook(file, baseDir = __dirname) {
  const full = import_path.default.resolve(baseDir, file);
  if (!(0, import_fs.existsSync)(full)) return void 0;
  const exported = loadModule(full);
  const candidate = typeof exported === "function" ? exported : exported == null ? void 0 : exported.userContext;
  if (typeof candidate !== "function") throw new Error(`${file} exports no function (module.exports = async ({ openid, cloud }) => ({ … }))`);
  return candidate;
}
function sanitizeContext(raw, openid) {
  if (raw === void 0 || raw === null) return {};
  if (typeof raw !== "object" || Array.isArray(raw)) {
    log.warn("user_context.bad_result", { user: userTag(openid), reason: `the hook returned ${Array.isArray(raw) ? "an array" : typeof raw}`, fix: FIX });
    return {};
  }
  const out = {};
  const dropped = [];
  for (const [key, value] of Object.entries(raw)) {
    const text2 = typeof value === "string" ? value : typeof value === "number" || typeof value === "boolean" ? String(value) : void 0;
    if (!KEY_PATTERN.test(key) || text2 === void 0 || Array.from(text2).length > MAX_CONTEXT_VALUE || Object.keys(out).length >= MAX_CONTEXT_ENTRIES) {
      dropped.push(key.slice(0, 64));
      continue;
    }
    out[key] = text2;
  }
  if (dropped.length > 0) {
    log.warn("user_context.dropped", {
      user: userTag(openid),
      keys: dropped.join(","),
      fix: `keys must match ${KEY_PATTERN.source}, values be strings/numbers/booleans of at most ${MAX_CONTEXT_VALUE} characters, at most ${MAX_CONTEXT_ENTRIES} entries`
    });
  }
  return out;
}
async function userContext(ctx, baseDir = __dirname) {
  const { contextHook, contextTimeoutMs } = ctx.runtime.config;
  const user = userTag(ctx.openid);
  try {
    const hook = resolveHook(contextHook, baseDir);
    if (!hook) return {};
    const budget = Math.min(contextTimeoutMs, ctx.deadlineAt - Date.now());
    if (budget <= 0) throw new Error("no time left in the call budget (CHAT_DEADLINE_MS) for the hook");
    const work = Promise.resolve().then(() => hook({ openid: ctx.openid, cloud: cloud6 }));
    const raw = await settleWithin(work, budget, () => new Error(`the hook took longer than ${budget} ms (COZE_USER_CONTEXT_TIMEOUT_MS, and the call budget)`));
    return sanitizeContext(raw, ctx.openid);
  } catch (error) {
    log.warn("user_context.failed", { user, reason: error instanceof Error ? error.message : String(error), fix: FIX });
    return {};
  }
}

// cloudfunctions/coze/src/actions/chat-send.ts
function streamState(reducer, status, error, shown) {
  const state = {
    status,
    text: shown ? shown.text : reducer.answerText(),
    conversationId: reducer.conversationId,
    chatId: reducer.chatId,
    followUps: reducer.suggestions(),
    error
  };
  const reasoning = shown ? shown.reasoning : reducer.reasoningText();
  if (reasoning) state.reasoning = reasoning;
  const steps = reducer.steps();
  if (steps) state.steps = steps;
  return state;
}
async function settle(ctx, reducer) {
  try {
    const body = await ctx.runtime.coze.json(ctx.openid, {
      method: "GET",
      idempotent: true,
      path: "/v3/chat/retrieve",
      query: { conversation_id: reducer.conversationId, chat_id: reducer.chatId }
    });
    reducer.applyChat(obj(body.data));
  } catch (error) {
    log.warn("chat.settle_failed", { user: userTag(ctx.openid), reason: withoutOpenid(toAppError(error).detail, ctx.openid) });
  }
  return reducer.status === "in_progress" ? reducer.result("detached") : reducer.result();
}
var NOTHING = { text: "", reasoning: "" };
async function partialAnswer(ctx, reducer) {
  const shown = { text: reducer.answerText(), reasoning: reducer.reasoningText() };
  try {
    const decision = await ctx.runtime.content.checkAnswer(ctx.openid, { content: shown.text, reasoning: shown.reasoning });
    return decision === "show" ? shown : NOTHING;
  } catch {
    return NOTHING;
  }
}
var chatSend = async (ctx, params) => {
  const { config, coze, owners, limiter, content } = ctx.runtime;
  const text2 = requireText(params, "text", config.maxText, true);
  let conversationId = optionalId2(params, "conversationId");
  const streamId = optionalPattern(params, "streamId", STREAM_ID_PATTERN, " 32 位小写十六进制字符");
  await limiter.admit(ctx.openid);
  await content.checkInput(ctx.openid, text2);
  const channel = streamChannel();
  if (streamId) await channel.open(streamId, ctx.openid);
  if (conversationId) await owners.verify(coze, ctx.openid, conversationId);
  else conversationId = (await createConversation(ctx, truncate(text2.trim(), MAX_CONVERSATION_NAME))).id;
  const context = await userContext(ctx);
  const reducer = new ChatReducer(conversationId);
  const publisher = streamId ? new StreamPublisher(channel, streamId, ctx.openid, config.streamWriteMs) : void 0;
  const cancel = new CancelWatch(channel, ctx.openid, config.cancelCheckMs);
  let withheld = false;
  try {
    const res = await coze.stream(ctx.openid, chatRequest(ctx, conversationId, text2, context));
    const outcome = await readEvents(
      res,
      (event) => {
        reducer.apply(event);
        cancel.watch(reducer.chatId);
        if (cancel.canceled) return true;
        publisher == null ? void 0 : publisher.offer(streamState(reducer, reducer.status, null));
        return reducer.finished;
      },
      ctx.deadlineAt,
      void 0,
      cancel.signal
    );
    cancel.stop();
    let result;
    if (cancel.canceled && reducer.status === "in_progress") result = reducer.result("canceled");
    else if (outcome === "deadline") result = reducer.result("detached");
    else if (!reducer.finished) throw new AppError("UPSTREAM", "the Coze stream ended without chat.completed/failed/done (dropped connection)");
    else if (reducer.status === "in_progress") result = await settle(ctx, reducer);
    else result = reducer.result();
    if (result.status !== "detached" && await content.checkAnswer(ctx.openid, result.answer) === "withhold") {
      withheld = true;
      await withholdAnswer(ctx, reducer);
      throw outputBlocked(`msgSecCheck withheld the answer of chat ${reducer.chatId}`);
    }
    await (publisher == null ? void 0 : publisher.finish(streamState(reducer, result.status, result.error ?? null)));
    return result;
  } catch (error) {
    cancel.stop();
    const failure = toAppError(error);
    const last = withheld ? NOTHING : await partialAnswer(ctx, reducer);
    await (publisher == null ? void 0 : publisher.finish(streamState(reducer, "failed", { code: failure.code, message: failure.userMessage }, last)));
    throw failure;
  }
};

// cloudfunctions/coze/src/actions/chat-poll.ts
var chatPoll = async (ctx, params) => {
  const conversationId = requireId(params, "conversationId");
  const chatId = requireId(params, "chatId");
  const { coze, owners } = ctx.runtime;
  await owners.verify(coze, ctx.openid, conversationId);
  const query = { conversation_id: conversationId, chat_id: chatId };
  const chat = await coze.json(ctx.openid, { method: "GET", idempotent: true, path: "/v3/chat/retrieve", query });
  const reducer = new ChatReducer(conversationId);
  reducer.applyChat(obj(chat.data));
  if (FINAL_CHAT_STATUSES.includes(reducer.status)) {
    const messages = await coze.json(ctx.openid, { method: "GET", idempotent: true, path: "/v3/chat/message/list", query });
    for (const message2 of arr(messages, "data")) reducer.applyCompleted(obj(message2));
    if (await ctx.runtime.content.checkAnswer(ctx.openid, reducer.answer()) === "withhold") {
      await withholdAnswer(ctx, reducer);
      throw outputBlocked(`msgSecCheck withheld the answer of chat ${chatId} (poll)`);
    }
  }
  return reducer.result();
};

// cloudfunctions/coze/src/actions/chat-cancel.ts
var NOT_CANCELABLE = 4104;
var chatCancel = async (ctx, params) => {
  const conversationId = requireId(params, "conversationId");
  const chatId = requireId(params, "chatId");
  const { coze, owners } = ctx.runtime;
  await owners.verify(coze, ctx.openid, conversationId);
  try {
    await streamChannel().requestCancel(chatId, ctx.openid);
  } catch (error) {
    log.warn("chat.cancel_record_failed", { user: userTag(ctx.openid), reason: withoutOpenid(toAppError(error).detail, ctx.openid) });
  }
  try {
    const body = await coze.json(ctx.openid, { method: "POST", path: "/v3/chat/cancel", json: { conversation_id: conversationId, chat_id: chatId } });
    return { status: toChatStatus(str(obj(body.data), "status") || "canceled") };
  } catch (error) {
    if (!(error instanceof AppError) || error.cozeCode !== NOT_CANCELABLE) throw error;
    const body = await coze.json(ctx.openid, { method: "GET", idempotent: true, path: "/v3/chat/retrieve", query: { conversation_id: conversationId, chat_id: chatId } });
    return { status: toChatStatus(str(obj(body.data), "status")) };
  }
};

// cloudfunctions/coze/src/actions/message-feedback.ts
var MAX_COMMENT = 250;
var FEEDBACK_VALUES = ["like", "unlike", null];
var messageFeedback = async (ctx, params) => {
  const conversationId = requireId(params, "conversationId");
  const messageId = requireId(params, "messageId");
  const feedback = requireOneOf(params, "feedback", FEEDBACK_VALUES);
  const comment = optionalText(params, "comment", MAX_COMMENT);
  const { coze, owners } = ctx.runtime;
  await owners.verify(coze, ctx.openid, conversationId);
  const path2 = `/v1/conversations/${conversationId}/messages/${messageId}/feedback`;
  if (feedback === null) await coze.json(ctx.openid, { method: "DELETE", path: path2 });
  else await coze.json(ctx.openid, { method: "POST", path: path2, json: { feedback_type: feedback, ...comment ? { comment } : {} } });
  return {};
};

// cloudfunctions/coze/src/actions/audio-transcribe.ts
var import_crypto6 = require("crypto");
var cloud7 = __toESM(require("wx-server-sdk"));
var MAX_AUDIO_BYTES = 10 * 1024 * 1024;
var MAX_FILE_ID = 1024;
var VOICE_FOLDER = "coze-voice";
var VOICE_FILE_ID_PATTERN = /^cloud:\/\/[A-Za-z0-9._-]{1,200}\/coze-voice\/[0-9a-f]{32}\/[A-Za-z0-9._-]{1,128}$/;
var BOUNDARY_BYTES = 16;
function multipartFile(fileName, content) {
  const boundary = `----coze-weapp-${(0, import_crypto6.randomBytes)(BOUNDARY_BYTES).toString("hex")}`;
  const safeName = fileName.replace(/["\r\n\\]/g, "_") || "audio";
  const head = `--${boundary}\r
Content-Disposition: form-data; name="file"; filename="${safeName}"\r
Content-Type: application/octet-stream\r
\r
`;
  return { data: Buffer.concat([Buffer.from(head), content, Buffer.from(`\r
--${boundary}--\r
`)]), contentType: `multipart/form-data; boundary=${boundary}` };
}
var audioTranscribe = async (ctx, params) => {
  const fileID = Object.prototype.hasOwnProperty.call(params, "fileID") ? params.fileID : void 0;
  if (typeof fileID !== "string" || fileID.length > MAX_FILE_ID || !VOICE_FILE_ID_PATTERN.test(fileID)) {
    throw badRequest(`fileID 必须是上传到 ${VOICE_FOLDER}/<32 位小写十六进制随机串>/<文件名> 的云存储文件 ID（cloud://…）`);
  }
  if (!inCloudBase()) {
    throw new AppError("CONFIG", "audio.transcribe reads cloud storage, which exists only in CloudBase (TCB_ENV unset): deploy the function, or test voice input in WeChat DevTools", {
      userMessage: "当前环境不支持语音转文字（需要云开发的云存储），请在微信开发者工具或真机上使用。"
    });
  }
  let content;
  try {
    content = (await withDeadline(cloud7.downloadFile({ fileID }), "cloud.downloadFile")).fileContent;
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError("NOT_FOUND", `cloud.downloadFile failed: ${error instanceof Error ? error.message : String(error)}; upload the recording with wx.cloud.uploadFile first`);
  }
  if (!Buffer.isBuffer(content) || content.length === 0) throw badRequest("录音文件是空的");
  if (content.length > MAX_AUDIO_BYTES) throw badRequest("录音文件不能超过 10 MB");
  const fileName = fileID.slice(fileID.lastIndexOf("/") + 1);
  const body = await ctx.runtime.coze.json(ctx.openid, { method: "POST", path: "/v1/audio/transcriptions", body: multipartFile(fileName, content) });
  return { text: str(obj(body.data), "text") };
};

// cloudfunctions/coze/src/actions/audio-speech.ts
var import_crypto7 = require("crypto");

// cloudfunctions/coze/src/speech/speech-text.ts
var MAX_SPEECH_INPUT_BYTES = 1024;
var SENTENCE_END = /(?<=[。！？!?；;…\n])|(?<=\.)(?=\s)/;
function speakableText(markdown) {
  return markdown.replace(/```[^\n]*\n[\s\S]*?(```|$)/g, "\n").replace(/!\[[^\]]*\]\([^)]*\)/g, "").replace(/\[([^\]]*)\]\([^)]*\)/g, "$1").replace(/https?:\/\/\S+/g, "").replace(/^\s{0,3}(#{1,6}\s+|>\s?|[-*+]\s+|\d+[.)]\s+)/gm, "").replace(/^\s*\|?\s*:?-{3,}.*$/gm, "").replace(/[*_~`|]+/g, "").replace(/[ \t]+/g, " ").replace(/ *\n[\s]*/g, "\n").trim();
}
function hardSplit(sentence, maxBytes) {
  const out = [];
  let piece = "";
  for (const char of sentence) {
    if (Buffer.byteLength(piece + char) > maxBytes) {
      out.push(piece);
      piece = "";
    }
    piece += char;
  }
  if (piece) out.push(piece);
  return out;
}
function speechParts(text2, maxChars, maxBytes = MAX_SPEECH_INPUT_BYTES) {
  const sentences = text2.split(SENTENCE_END);
  const kept = [];
  let chars = 0;
  let truncated = false;
  for (const sentence of sentences) {
    const length = [...sentence].length;
    if (chars + length > maxChars) {
      truncated = true;
      if (kept.length === 0) kept.push([...sentence].slice(0, maxChars).join(""));
      break;
    }
    kept.push(sentence);
    chars += length;
  }
  const parts = [];
  let current2 = "";
  for (const sentence of kept.flatMap((s) => hardSplit(s, maxBytes))) {
    if (current2 && Buffer.byteLength(current2 + sentence) > maxBytes) {
      parts.push(current2);
      current2 = "";
    }
    current2 += sentence;
  }
  if (current2.trim()) parts.push(current2);
  return { parts: parts.map((p) => p.trim()).filter(Boolean), truncated };
}

// cloudfunctions/coze/src/actions/audio-speech.ts
var SPEECH_FORMAT = "mp3";
var KEY_HEX = 32;
function speechKey(ownerTag, conversationId, messageId, voice, speed2, maxText) {
  return (0, import_crypto7.createHash)("sha256").update([ownerTag, conversationId, messageId, voice, speed2, maxText, SPEECH_FORMAT].join("\0")).digest("hex").slice(0, KEY_HEX);
}
var audioSpeech = async (ctx, params) => {
  const conversationId = requireId(params, "conversationId");
  const messageId = requireId(params, "messageId");
  const { config, owners, coze, limiter, speech } = ctx.runtime;
  const voice = config.ttsVoiceId;
  if (!voice) {
    throw new AppError("CONFIG", "COZE_TTS_VOICE_ID is not set: pick a voice id (扣子 → 音色, or GET /v1/audio/voices; npm run doctor reports it) and set it in the function environment", {
      userMessage: "朗读功能还没有配置音色，请开发者设置 COZE_TTS_VOICE_ID。"
    });
  }
  const tag2 = owners.tag(ctx.openid);
  const key = speechKey(tag2, conversationId, messageId, voice, config.ttsSpeed, config.speechMaxText);
  const known = await speech.lookup(key);
  const stored = known && await speech.urls(known.fileIDs);
  if (known && stored) return { ...stored, cached: true, truncated: known.truncated };
  await limiter.admit(ctx.openid);
  await owners.verify(coze, ctx.openid, conversationId);
  const body = await coze.json(ctx.openid, { method: "GET", idempotent: true, path: "/v1/conversation/message/retrieve", query: { conversation_id: conversationId, message_id: messageId } });
  const message2 = obj(body.data);
  if (str(message2, "role") !== "assistant" || str(message2, "type") !== "answer") throw badRequest("只能朗读智能体的回答");
  if (str(message2, "content_type") !== "text") throw badRequest("这条回答不是文字，无法朗读");
  const { parts, truncated } = speechParts(speakableText(str(message2, "content")), config.speechMaxText);
  if (parts.length === 0) throw badRequest("这条回答没有可以朗读的文字");
  const audio = [];
  for (const input of parts) {
    const file = await coze.binary(ctx.openid, { method: "POST", path: "/v1/audio/speech", json: { input, voice_id: voice, response_format: SPEECH_FORMAT, speed: config.ttsSpeed } });
    audio.push(file.data);
  }
  const entry = await speech.save(key, `${SPEECH_FOLDER}/${tag2}`, audio, ctx.openid, truncated);
  const urls = await speech.urls(entry.fileIDs);
  if (!urls) throw new AppError("INTERNAL", "the synthesised audio was stored but no URL could be made for it; check cloud storage");
  return { ...urls, cached: false, truncated };
};

// cloudfunctions/coze/src/index.ts
var HANDLERS = {
  "bot.info": botInfo,
  "conversation.create": conversationCreate,
  "conversation.list": conversationList,
  "conversation.rename": conversationRename,
  "conversation.delete": conversationDelete,
  "conversation.clear": conversationClear,
  "message.list": messageList,
  "chat.send": chatSend,
  "chat.poll": chatPoll,
  "chat.cancel": chatCancel,
  "message.feedback": messageFeedback,
  "audio.transcribe": audioTranscribe,
  "audio.speech": audioSpeech
};
function actionOf(event) {
  const action = Object.prototype.hasOwnProperty.call(event, "action") ? event.action : void 0;
  const found = ACTION_NAMES.find((name) => name === action);
  if (!found) throw badRequest(`action 必须是 ${ACTION_NAMES.join(", ")} 之一`);
  return found;
}
async function main(event, context) {
  const openid = readOpenid();
  const startedAt = Date.now();
  let action = "-";
  try {
    const params = event !== null && typeof event === "object" && !Array.isArray(event) ? event : {};
    if (!openid) throw new AppError("UNAUTHENTICATED", "no OPENID in the WeChat context: call through wx.cloud.callFunction (or set WX_CONTEXT_KEYS/WX_OPENID locally)");
    const name = actionOf(params);
    action = name;
    const runtime = getRuntime();
    const handler = HANDLERS[name];
    const deadlineAt = startedAt + callBudgetMs(runtime.config.deadlineMs, context);
    if (name !== "chat.send") await runtime.limiter.admitCall(openid);
    const data = await runInScope({ deadlineAt }, () => handler({ openid, startedAt, deadlineAt, runtime }, params));
    return { ok: true, data };
  } catch (caught) {
    const error = toAppError(caught);
    log.error("action.failed", {
      action,
      code: error.code,
      cozeCode: error.cozeCode,
      logid: error.logid === void 0 ? void 0 : withoutOpenid(error.logid, openid),
      user: openid ? userTag(openid) : void 0,
      detail: withoutOpenid(error.detail, openid),
      ms: Date.now() - startedAt
    });
    return { ok: false, error: error.toApiError() };
  }
}
// Annotate the CommonJS export names for ESM import in node:
0 && (module.exports = {
  localFiles,
  localStreams,
  main
});
