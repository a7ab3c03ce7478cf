/**
 * The wire contract between the mini-program and the `coze` cloud function.
 *
 * This file has no imports on purpose: the mini-program imports it by relative path and the cloud
 * function's build bundles it, so both sides compile against the same types. Changes are additive only.
 * The authoritative description is DESIGN.md section 4 (actions, envelope, error codes) and section 5
 * (the stream channel).
 */

/** Name of the cloud function, as passed to `wx.cloud.callFunction({ name })`. */
export const FUNCTION_NAME = 'coze';

/** Cloud database collection that carries live answer text (DESIGN.md section 5). */
export const STREAM_COLLECTION = 'coze_streams';

/** Every error code an answer can carry; string literals so logs and tests read naturally. */
export const ERROR_CODES = [
  'BAD_REQUEST',
  'UNAUTHENTICATED',
  'NOT_FOUND',
  'RATE_LIMITED',
  'QUOTA_EXCEEDED',
  'CONTENT_BLOCKED',
  'BUSY',
  'BOT_UNAVAILABLE',
  'COZE_AUTH',
  'CONFIG',
  'UPSTREAM',
  'CANCELED',
  'INTERNAL',
] as const;

/** One of {@link ERROR_CODES}. */
export type ErrorCode = (typeof ERROR_CODES)[number];

/** The error half of the envelope: `message` is Chinese and safe to show a user. */
export interface ApiError {
  code: ErrorCode;
  message: string;
  retryable: boolean;
  logid?: string;
  /** Optional: what the client can offer besides a retry (`clear-context` for Coze 4010, the prompt is too long). */
  action?: ErrorAction;
}

/** Actions an error can offer the user (additive extension of the envelope). */
export type ErrorAction = 'clear-context';

/** Every answer of the cloud function is one of these; it never throws to the client. */
export type Result<T> = { ok: true; data: T } | { ok: false; error: ApiError };

/** A conversation as the mini-program sees it; ids are strings (Coze ids have 19 digits). */
export interface Conversation {
  id: string;
  name: string;
  /** Epoch seconds. */
  createdAt: number;
  /** Epoch seconds. */
  updatedAt: number;
}

/** Who wrote a message. */
export type Role = 'user' | 'assistant';

/** A stored message; `type` and `contentType` are Coze's (`answer`, `question`, `text`, …). */
export interface Message {
  id: string;
  role: Role;
  type: string;
  content: string;
  contentType: string;
  /** Epoch seconds. */
  createdAt: number;
  chatId?: string;
  /** A deep-thinking model's reasoning (Coze `reasoning_content`), kept apart from `content`; answers only. */
  reasoning?: string;
  /** The attachments of a multimodal (object_string) question, in the order sent; `content` keeps its text. */
  parts?: MessagePart[];
}

/**
 * One plugin or workflow call of a chat turn (from Coze's `function_call` / `tool_response` messages), in the
 * order the bot made them. Only a short display name: raw arguments and outputs never leave the function.
 */
export interface ToolStep {
  name: string;
  /** True once the tool answered (its `tool_response` arrived). */
  done: boolean;
}

/** What an attachment is: an image (shown inline) or any other file (shown as a chip). */
export type AttachmentKind = 'image' | 'file';

/** One attachment of `chat.send`: uploaded first with wx.cloud.uploadFile under ATTACHMENT_FOLDER. */
export interface Attachment {
  kind: AttachmentKind;
  /** `cloud://<env>/coze-upload/<32 hex>/<file name>` (see ATTACHMENT_FILE_ID_PATTERN). */
  fileID: string;
  /** The name shown to the user (the original file name; any characters but controls, ≤ 64). */
  name: string;
}

/** An attachment of a stored message: the cloud fileID stays displayable (resolve with wx.cloud.getTempFileURL). */
export interface MessagePart {
  kind: AttachmentKind;
  name: string;
  /** Bytes, as uploaded to Coze (0 when Coze's history does not say). */
  size: number;
  /** The cloud-storage file the user sent ('' when unknown, e.g. a message written outside this app). */
  fileID: string;
}

/** Cloud-storage folder of chat attachments: `coze-upload/<32 lowercase hex per upload>/<file name>`. */
export const ATTACHMENT_FOLDER = 'coze-upload';
/** Most attachments in one message. */
export const MAX_ATTACHMENTS = 4;
/** Largest image, after compression on the phone. */
export const MAX_IMAGE_BYTES = 10 * 1024 * 1024;
/** Largest other file (the function holds it in memory while uploading it to Coze). */
export const MAX_FILE_BYTES = 20 * 1024 * 1024;
/** Longest attachment display name, in characters. */
export const MAX_ATTACHMENT_NAME = 64;
/** Image types Coze accepts (upload_files.md 支持的文件格式), by file extension; the ones a phone's camera and album give. */
export const IMAGE_EXTENSIONS: readonly string[] = ['jpg', 'jpeg', 'png', 'gif', 'webp', 'bmp'];
/** Document and text types Coze accepts (upload_files.md 支持的文件格式: 文档, 文本文件), by file extension. */
export const FILE_EXTENSIONS: readonly string[] = ['pdf', 'doc', 'docx', 'xls', 'xlsx', 'ppt', 'pptx', 'csv', 'numbers', 'c', 'cpp', 'java', 'py'];

/** Status of one chat turn; `detached` means the function stopped reading before the chat ended. */
export type ChatStatus = 'in_progress' | 'completed' | 'failed' | 'canceled' | 'requires_action' | 'detached';

/** Statuses after which a chat never changes again. */
export const FINAL_CHAT_STATUSES: readonly ChatStatus[] = ['completed', 'failed', 'canceled', 'requires_action'];

/** Token usage of one turn, when Coze reports it. */
export interface Usage {
  inputTokens: number;
  outputTokens: number;
}

/** The result of `chat.send` and `chat.poll`: authoritative, replaces whatever the live stream showed. */
export interface ChatResult {
  conversationId: string;
  chatId: string;
  status: ChatStatus;
  /** The full answer text once known (partial when `detached` or `canceled`). */
  answer: Message | null;
  /** Coze follow-up suggestions. */
  followUps: string[];
  usage?: Usage;
  error?: { code: ErrorCode; message: string };
  /** Tool calls of this turn, in order; absent when the bot called none. */
  steps?: ToolStep[];
  /** A chatflow stopped at a question (or input) node: the reply the user sends next resumes the flow. */
  question?: ChatQuestion;
}

/** A chatflow question node: its text and the options to tap (empty: the user types the reply). */
export interface ChatQuestion {
  text: string;
  options: string[];
}

/** What `bot.info` answers: enough for the empty-conversation screen. */
export interface BotInfo {
  botId: string;
  name: string;
  description: string;
  iconUrl: string;
  prologue: string;
  suggestedQuestions: string[];
}

/** User feedback on an answer; `null` clears it. */
export type Feedback = 'like' | 'unlike' | null;

/** Parameters and answers of every action, keyed by action name. */
export interface Actions {
  'bot.info': { params: Record<never, never>; data: BotInfo };
  'conversation.create': { params: { name?: string }; data: { conversation: Conversation } };
  'conversation.list': {
    params: { pageNum?: number; pageSize?: number };
    data: { conversations: Conversation[]; hasMore: boolean };
  };
  'conversation.rename': { params: { conversationId: string; name: string }; data: { conversation: Conversation } };
  'conversation.delete': { params: { conversationId: string }; data: Record<string, never> };
  'conversation.clear': { params: { conversationId: string }; data: { sectionId: string } };
  'message.list': {
    params: { conversationId: string; beforeId?: string; limit?: number };
    data: { messages: Message[]; hasMore: boolean; firstId: string; lastId: string };
  };
  'chat.send': { params: { conversationId?: string; text: string; streamId?: string; attachments?: Attachment[] }; data: ChatResult };
  'chat.poll': { params: { conversationId: string; chatId: string }; data: ChatResult };
  'chat.cancel': { params: { conversationId: string; chatId: string }; data: { status: ChatStatus } };
  'message.feedback': {
    params: { conversationId: string; messageId: string; feedback: Feedback; comment?: string };
    data: Record<string, never>;
  };
  'audio.transcribe': { params: { fileID: string }; data: { text: string } };
  'audio.speech': { params: { conversationId: string; messageId: string }; data: SpeechResult };
  /** Extension (issue 21): a short-lived, single-use ticket for one chat over the HTTP function `coze-http`. */
  'chat.ticket': { params: { conversationId?: string; streamId: string }; data: StreamTicketGrant };
}

/**
 * An answer read aloud (`audio.speech`): the audio parts in playing order (long answers are synthesised in
 * pieces), each a URL only this user was given, valid until `expiresAt` (epoch seconds).
 */
export interface SpeechResult {
  urls: string[];
  /** True when the audio came from storage (no new synthesis, nothing counted against the limits). */
  cached: boolean;
  expiresAt: number;
  /** True when the answer was longer than CHAT_SPEECH_MAX_TEXT and only its beginning is read. */
  truncated: boolean;
}

/** Every action name. */
export type ActionName = keyof Actions;

/** The list of action names, for validation at runtime. */
export const ACTION_NAMES: readonly ActionName[] = [
  'bot.info',
  'conversation.create',
  'conversation.list',
  'conversation.rename',
  'conversation.delete',
  'conversation.clear',
  'message.list',
  'chat.send',
  'chat.poll',
  'chat.cancel',
  'message.feedback',
  'audio.transcribe',
  'audio.speech',
  'chat.ticket',
];

/** The `data` passed to `wx.cloud.callFunction` for action `A`. */
export type ActionEvent<A extends ActionName> = { action: A } & Actions[A]['params'];

/** The answer of action `A`. */
export type ActionResult<A extends ActionName> = Result<Actions[A]['data']>;

/** Length of a stream id: 32 lowercase hex characters, made by the client. */
export const STREAM_ID_PATTERN = /^[0-9a-f]{32}$/;

/** Live progress of one `chat.send`, as the function writes it to `coze_streams/<streamId>`. */
export interface StreamDoc {
  _id: string;
  _openid: string;
  status: ChatStatus;
  /** The answer text so far (the whole text, not a delta). */
  text: string;
  /** Increases with every write, so a watcher can drop stale snapshots. */
  seq: number;
  conversationId: string;
  chatId: string;
  followUps: string[];
  error: { code: ErrorCode; message: string } | null;
  /** Epoch milliseconds of the write; documents older than a day are removed. */
  updatedAt: number;
  /** The reasoning text so far (the whole text), when the model thinks aloud. */
  reasoning?: string;
  /** Tool calls so far, in order; absent when none. */
  steps?: ToolStep[];
}

/** The HTTP cloud function that streams a chat as Server-Sent Events (issue 21; the DB watch is the fallback). */
export const HTTP_FUNCTION_NAME = 'coze-http';

/** Paths of the HTTP function: the probe that tells the page it is deployed, and the streaming chat. */
export const HTTP_PATHS = { ping: '/ping', chat: '/chat' } as const;

/** What `chat.ticket` answers: the ticket to hand to `coze-http`, and when it stops being valid (epoch ms). */
export interface StreamTicketGrant {
  ticket: string;
  expiresAt: number;
}

/** The body of `POST /chat` on `coze-http`: chat.send's params plus the ticket bound to them. */
export interface HttpChatRequest {
  ticket: string;
  text: string;
  streamId: string;
  conversationId?: string;
  /** As in chat.send: checked by the same rules (upload layout, count, kinds) before anything reaches Coze. */
  attachments?: Attachment[];
}

/** SSE event names on `coze-http`: `doc` carries a StreamDoc snapshot, `result` the final chat.send envelope. */
export const HTTP_EVENTS = { doc: 'doc', result: 'result' } as const;
