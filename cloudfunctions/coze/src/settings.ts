/**
 * Every environment setting of the function in ONE table: name, default, parser and a doc line.
 * The README's settings table is generated from (and tested against) this list.
 */

/** Thrown by a parser; the text names what is wrong and how to fix it, never the value itself. */
export class SettingError extends Error {}

/** One row of the settings table. `fallback: undefined` means the variable is required. */
export interface Setting<T> {
  name: string;
  fallback: string | undefined;
  parse: (raw: string) => T;
  doc: string;
}

function setting<T>(name: string, fallback: string | undefined, parse: (raw: string) => T, doc: string): Setting<T> {
  return { name, fallback, parse, doc };
}

function text(raw: string): string {
  const value = raw.trim();
  if (!value) throw new SettingError('is empty');
  return value;
}

function integer(min: number, max: number): (raw: string) => number {
  return (raw) => {
    const value = raw.trim();
    if (!/^\d+$/.test(value)) throw new SettingError(`must be a whole number between ${min} and ${max}`);
    const parsed = Number(value);
    if (parsed < min || parsed > max) throw new SettingError(`must be between ${min} and ${max}`);
    return parsed;
  };
}

function httpUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new SettingError('must be an http(s) URL such as https://api.coze.cn');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new SettingError('must start with https:// (or http:// for a local emulator), e.g. https://api.coze.cn');
  }
  if (url.username || url.password) throw new SettingError('must not carry credentials (user:password@): give only the scheme and host, e.g. https://api.coze.cn');
  // Every request path starts at the root (/v3/chat, /api/permission/oauth2/token), so a path here would be dropped.
  if (url.pathname !== '/' || url.search || url.hash) {
    throw new SettingError(`must be only the scheme and host (and port), without a path, query or #: use ${url.origin}`);
  }
  return url;
}

function botId(raw: string): string {
  const value = raw.trim();
  if (!/^\d{6,32}$/.test(value)) {
    throw new SettingError('must be the numeric bot id (about 19 digits) from the bot page URL …/bot/<id>; keep it a string');
  }
  return value;
}

/** An optional Coze id (workflow, app): empty means "not used"; digits otherwise, kept as a string. */
function optionalId(what: string, where: string): (raw: string) => string {
  return (raw) => {
    const value = raw.trim();
    if (value !== '' && !/^\d{6,32}$/.test(value)) throw new SettingError(`must be the numeric ${what} (about 19 digits) from ${where}; keep it a string, or leave it empty`);
    return value;
  };
}

/** A module path for the user-context hook: relative to the function folder, or absolute. */
function modulePath(raw: string): string {
  const value = raw.trim();
  if (!/\.(c?js)$/.test(value)) throw new SettingError('must name a .js file, e.g. user-context.js (relative to the cloud function folder) or an absolute path');
  return value;
}

function voiceId(raw: string): string {
  const value = raw.trim();
  if (value && !/^[A-Za-z0-9_.-]{1,128}$/.test(value)) {
    throw new SettingError('must be a Coze voice id (letters, digits, "_", "-", "."), from 扣子 → 音色 or GET /v1/audio/voices');
  }
  return value;
}

function speed(raw: string): number {
  const value = raw.trim();
  const parsed = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || parsed < MIN_TTS_SPEED || parsed > MAX_TTS_SPEED) {
    throw new SettingError(`must be a number between ${MIN_TTS_SPEED} and ${MAX_TTS_SPEED} (1 = normal speed)`);
  }
  return parsed;
}

/** Speech speed range of Coze's text-to-speech (0.5–2 for large-model voices). */
export const MIN_TTS_SPEED = 0.2;
/** See MIN_TTS_SPEED. */
export const MAX_TTS_SPEED = 3;

function oneOf<T extends string>(allowed: readonly T[]): (raw: string) => T {
  return (raw) => {
    const value = raw.trim().toLowerCase();
    const found = allowed.find((candidate) => candidate === value);
    if (found === undefined) throw new SettingError(`must be one of ${allowed.join(', ')}`);
    return found;
  };
}

/** What CHAT_CONTENT_CHECK may say: which texts go through msgSecCheck (`auto`: both in CloudBase, none locally). */
export const CONTENT_CHECK_MODES = ['auto', 'off', 'input', 'output', 'both'] as const;
/** What to do with msgSecCheck's `review` verdict. */
export const REVIEW_POLICIES = ['block', 'allow'] as const;
/** What to do when the check itself fails (throws): refuse the text (closed) or let it through (open). */
export const CHECK_FAILURE_POLICIES = ['closed', 'open'] as const;
/** What to do with an image whose asynchronous media check has no verdict yet: refuse it, or send it and act on a late verdict. */
export const PENDING_IMAGE_POLICIES = ['block', 'send'] as const;

/** Upper bound Coze accepts for duration_seconds of the JWT token exchange. */
export const MAX_TOKEN_TTL_SECONDS = 86399;
const HOUR_SECONDS = 3600;

/** The settings table; keys are the config field names. */
export const SETTINGS = {
  apiBase: setting('COZE_API_BASE', 'https://api.coze.cn', httpUrl, 'Coze API base URL, scheme and host (and port) only (https://api.coze.cn for the China site; http://127.0.0.1:PORT for the emulator).'),
  clientId: setting('COZE_JWT_OAUTH_CLIENT_ID', undefined, text, 'OAuth app id of the Coze "JWT" (service) app: the JWT `iss`.'),
  keyId: setting('COZE_JWT_OAUTH_PUBLIC_KEY_ID', undefined, text, 'Public key fingerprint of that app: the JWT header `kid`.'),
  privateKey: setting('COZE_JWT_OAUTH_PRIVATE_KEY', undefined, text, 'The app private key, PKCS#8 or PKCS#1 PEM; literal `\\n` sequences are accepted.'),
  botId: setting('COZE_BOT_ID', undefined, botId, 'The bot users talk to (digits, kept as a string).'),
  tokenTtlSeconds: setting('COZE_TOKEN_TTL_SECONDS', '21600', integer(2 * HOUR_SECONDS, MAX_TOKEN_TTL_SECONDS), 'Lifetime asked for each per-user access token (2 h … 86399 s). 6 h: one exchange per active user per working session, while a token never outlives a working day.'),
  tokenMarginSeconds: setting('COZE_TOKEN_MARGIN_SECONDS', '60', integer(0, HOUR_SECONDS), 'A cached token is replaced this long before it expires.'),
  jwtTtlSeconds: setting('COZE_JWT_TTL_SECONDS', '600', integer(60, HOUR_SECONDS), 'Lifetime of the signed JWT itself (exp - iat, at most 1 h).'),
  tokenCacheSize: setting('COZE_TOKEN_CACHE_SIZE', '5000', integer(1, 1_000_000), 'Most users whose token is kept per instance (LRU), so memory stays flat.'),
  ownerCacheSize: setting('COZE_OWNER_CACHE_SIZE', '20000', integer(1, 1_000_000), 'Most verified (user, conversation) ownership facts kept per instance (LRU).'),
  timeoutMs: setting('COZE_TIMEOUT_MS', '15000', integer(100, 120_000), 'Timeout of one Coze request; for a stream, the longest silence between two chunks.'),
  botInfoTtlSeconds: setting('COZE_BOT_INFO_TTL_SECONDS', '300', integer(0, 86400), 'How long bot.info answers are cached per instance.'),
  maxText: setting('CHAT_MAX_TEXT', '2000', integer(1, 100_000), 'Longest message a user may send, in characters.'),
  deadlineMs: setting('CHAT_DEADLINE_MS', '55000', integer(100, 900_000), 'Time budget of one call: chat.send stops reading the stream after this long and answers `detached`, and no Coze call (or retry) outlives it. Keep it below the function timeout.'),
  cancelCheckMs: setting('CHAT_CANCEL_CHECK_MS', '1000', integer(50, 60_000), 'How often a running chat.send asks the stream channel whether chat.cancel (from any instance) stopped its chat; in CloudBase each ask is one database read. Coze\'s cancel does not end the stream, so this is what stops the function reading and writing.'),
  streamWriteMs: setting('CHAT_STREAM_WRITE_MS', '1500', integer(0, 10_000), 'Least time between two writes of live progress to the stream channel. 1500 ms keeps live text under one database write per second of answer (the first text and reasoning, and the final state, are written at once); the mini-program animates between writes.'),
  ratePerMinute: setting('CHAT_RATE_PER_MINUTE', '20', integer(0, 100_000), 'Most messages (chat.send) one user may send per minute; 0 turns the limit off. Over it: RATE_LIMITED.'),
  callsPerMinute: setting('CHAT_CALLS_PER_MINUTE', '120', integer(0, 100_000), 'Most calls of every other action that reaches Coze (list, poll, cancel, create, rename, clear, delete, feedback, transcribe, bot info) one user may make per minute, counted across instances; a cheaper bucket than chat.send\'s. 0 turns it off. Over it: RATE_LIMITED.'),
  dailyQuota: setting('CHAT_DAILY_QUOTA', '300', integer(0, 10_000_000), 'Most messages one user may send per day (Beijing time, resets at 00:00); 0 turns the quota off. Over it: QUOTA_EXCEEDED.'),
  contentCheck: setting('CHAT_CONTENT_CHECK', 'auto', oneOf(CONTENT_CHECK_MODES), 'Which texts WeChat msgSecCheck judges: `input` (the user\'s text, before Coze), `output` (the answer, before it is final), `both`, `off`; `auto` = both in CloudBase (TCB_ENV set), off locally.'),
  contentReview: setting('CHAT_CONTENT_REVIEW', 'block', oneOf(REVIEW_POLICIES), 'What a `review` verdict (uncertain) does: `block` treats it like `risky`, `allow` lets it through.'),
  inputCheckFailure: setting('CHAT_INPUT_CHECK_FAILURE', 'closed', oneOf(CHECK_FAILURE_POLICIES), 'When checking the user\'s text fails (WeChat error): `closed` refuses the message (UPSTREAM, retryable), `open` sends it unchecked.'),
  outputCheckFailure: setting('CHAT_OUTPUT_CHECK_FAILURE', 'open', oneOf(CHECK_FAILURE_POLICIES), 'When checking the answer fails: `open` keeps the answer (logged), `closed` withholds it (UPSTREAM, retryable).'),
  ttsVoiceId: setting('COZE_TTS_VOICE_ID', '', voiceId, 'Voice that reads answers aloud (`audio.speech`): a voice id from 扣子 → 音色 or GET /v1/audio/voices (Coze does not expose the bot\'s own voice through the API). Empty: read-aloud answers CONFIG.'),
  ttsSpeed: setting('COZE_TTS_SPEED', '1', speed, 'Speed of read-aloud, 0.2 … 3 (0.5 … 2 for large-model voices); 1 = normal.'),
  speechMaxText: setting('CHAT_SPEECH_MAX_TEXT', '3000', integer(1, 100_000), 'Longest part of one answer that is read aloud, in characters (longer answers are cut at a sentence end): bounds the synthesis cost of one tap.'),
  imageCheckWaitMs: setting('CHAT_IMAGE_CHECK_WAIT_MS', '10000', integer(0, 50_000), 'How long chat.send waits for WeChat\'s asynchronous image verdict (security.mediaCheckAsync, delivered to the function by message push) before CHAT_IMAGE_CHECK_PENDING decides. Images are checked whenever the user\'s text is (CHAT_CONTENT_CHECK input/both/auto).'),
  imageCheckPending: setting('CHAT_IMAGE_CHECK_PENDING', 'block', oneOf(PENDING_IMAGE_POLICIES), 'An image still without a verdict after CHAT_IMAGE_CHECK_WAIT_MS: `block` refuses the message (retryable; no unchecked image reaches Coze), `send` sends it, and a late `risky` verdict (or `review` under CHAT_CONTENT_REVIEW=block) deletes that question from the Coze conversation (needs the deleteMessage permission).'),
  retryMax: setting('COZE_RETRY_MAX', '2', integer(0, 5), 'Retries of an idempotent Coze call (reads, token exchange) after a 5xx, 429 or network error; a chat is never resent.'),
  retryBaseMs: setting('COZE_RETRY_BASE_MS', '200', integer(1, 10_000), 'First retry waits up to this long (full jitter), doubling each time, always inside CHAT_DEADLINE_MS.'),
  workflowId: setting('COZE_WORKFLOW_ID', '', optionalId('workflow id', 'the chatflow editor URL …workflow_id=<id>'), 'When set, chats run this published chatflow (对话流) through /v1/workflows/chat instead of the bot; empty = chat with the bot.'),
  appId: setting('COZE_APP_ID', '', optionalId('app id', 'the app editor URL …/project-ide/<id>'), 'The low-code app (应用) the chatflow belongs to; when set, the chatflow runs with app_id instead of bot_id (Coze accepts only one of them).'),
  contextHook: setting('COZE_USER_CONTEXT_HOOK', 'user-context.js', modulePath, 'The user-context hook: a .js file relative to the cloud function folder (or absolute) whose function gets the trusted openid and returns what the bot may know about the user.'),
  contextTimeoutMs: setting('COZE_USER_CONTEXT_TIMEOUT_MS', '2000', integer(0, 30_000), 'Longest time the user-context hook may take; it counts in the call budget. Past it the chat goes on without context (logged).'),
} as const;

/** The key of one setting. */
export type SettingKey = keyof typeof SETTINGS;

/** The parsed configuration, one field per setting. */
export type Config = { [K in SettingKey]: ReturnType<(typeof SETTINGS)[K]['parse']> };
