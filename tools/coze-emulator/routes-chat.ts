/**
 * Chat v3 endpoints (coze-api.md §2): POST /v3/chat (SSE or background), retrieve (GET and POST),
 * /v3/chat/message/list and cancel.
 */
import { CozeApiError } from './http-io';
import { runChat, type ChatRunEnv } from './chat-runner';
import { answerFault, triggerFaults } from './faults';
import { SseWriter, startSse } from './sse-writer';
import { chatJson, FINAL_STATUSES, messageJson, type FileRecord } from './store';
import { field, metaDataOf, type EmulatorState, type Reply, type Route, type RouteContext } from './router';

/** Most additional_messages a chat accepts (else 4004). */
export const MAX_ADDITIONAL_MESSAGES = 100;

/** Longest conversation name taken from a first user message. */
const NAME_FROM_MESSAGE_CHARS = 100;

/** A validated additional_messages item. */
export interface EnterMessage {
  role: 'user' | 'assistant';
  content: string;
  contentType: string;
  metaData: Record<string, string>;
}

/** One attachment of an object_string message, as the scripted bot echoes it. */
export interface ReceivedItem {
  type: 'image' | 'file' | 'audio';
  fileId: string;
  fileName: string;
  bytes: number;
}

const OBJECT_ITEM_TYPES: readonly string[] = ['text', 'image', 'file', 'audio'];

/**
 * The items of an object_string content, checked by chat_v3.md's rules: a JSON array of `{type, text | file_id |
 * file_url}`, at most one text item, and a text item only beside a file or image. A file_id must be one this
 * session uploaded (UNCONFIRMED which code real Coze answers for a foreign or unknown id: 4000 chosen).
 */
export function objectItems(content: string, file: (id: string) => FileRecord | undefined, where: string): { text: string; received: ReceivedItem[] } {
  let items: unknown;
  try {
    items = JSON.parse(content);
  } catch {
    throw new CozeApiError(4000, `${where}: content_type object_string needs content to be a JSON string of an array`);
  }
  if (!Array.isArray(items) || items.length === 0) throw new CozeApiError(4000, `${where}: object_string content must be a non-empty JSON array of {type, text|file_id|file_url}`);
  const texts: string[] = [];
  const received: ReceivedItem[] = [];
  items.forEach((item: unknown, i) => {
    const type = field(item, 'type');
    if (typeof type !== 'string' || !OBJECT_ITEM_TYPES.includes(type)) throw new CozeApiError(4000, `${where}[${i}].type must be text, image, file or audio`);
    if (type === 'text') {
      const text = field(item, 'text');
      if (typeof text !== 'string') throw new CozeApiError(4000, `${where}[${i}]: a text item needs a string text`);
      texts.push(text);
      return;
    }
    const fileId = field(item, 'file_id');
    const fileUrl = field(item, 'file_url');
    if (typeof fileId === 'string' && fileId !== '') {
      const known = file(fileId);
      if (!known) throw new CozeApiError(4000, `${where}[${i}].file_id ${fileId} is not a file you uploaded: upload it with POST /v1/files/upload first`);
      received.push({ type: type as ReceivedItem['type'], fileId, fileName: known.fileName, bytes: known.bytes });
    } else if (typeof fileUrl === 'string' && /^https?:\/\//.test(fileUrl)) {
      received.push({ type: type as ReceivedItem['type'], fileId: '', fileName: fileUrl, bytes: 0 });
    } else {
      throw new CozeApiError(4000, `${where}[${i}]: a ${type} item needs file_id (from /v1/files/upload) or an http(s) file_url`);
    }
  });
  if (texts.length > 1) throw new CozeApiError(4000, `${where}: at most one text item per object_string message`);
  if (texts.length === 1 && !received.some((r) => r.type === 'image' || r.type === 'file')) {
    throw new CozeApiError(4000, `${where}: a text item needs an image or file beside it; send pure text as content_type text`);
  }
  return { text: texts.join(' ').trim(), received };
}

/** Validates additional_messages (else 4000/4004). */
export function enterMessages(value: unknown): EnterMessage[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new CozeApiError(4000, 'additional_messages must be an array of {role, content, content_type}');
  if (value.length > MAX_ADDITIONAL_MESSAGES) throw new CozeApiError(4004, `additional_messages holds at most ${MAX_ADDITIONAL_MESSAGES} items`);
  return value.map((m: unknown, i) => {
    const role = field(m, 'role');
    const content = field(m, 'content');
    const contentType = field(m, 'content_type') ?? 'text';
    if ((role !== 'user' && role !== 'assistant') || typeof content !== 'string' || (contentType !== 'text' && contentType !== 'object_string')) {
      throw new CozeApiError(4000, `additional_messages[${i}] needs role user|assistant, string content and content_type text|object_string`);
    }
    return { role, content, contentType, metaData: metaDataOf(field(m, 'meta_data')) };
  });
}

/** The text a user asked and the files it carried: text content, or the items of an object_string array. */
export function questionOf(msg: EnterMessage | undefined, file: (id: string) => FileRecord | undefined): { text: string; received: ReceivedItem[] } {
  if (!msg) return { text: '', received: [] };
  if (msg.contentType === 'text') return { text: msg.content, received: [] };
  return objectItems(msg.content, file, 'additional_messages content');
}

function runEnv(state: EmulatorState): ChatRunEnv {
  return { store: state.store, deltaDelayMs: state.deltaDelayMs, suggestedQuestions: state.suggestedQuestions, cancelEndsStream: state.cancelEndsStream, isStopped: () => state.stopped };
}

/** Throws 4200/4015 unless bot_id is the emulator's published bot. */
export function requireBot(state: EmulatorState, botId: unknown): string {
  if (typeof botId !== 'string' || botId === '') throw new CozeApiError(4000, 'bot_id is required (a 19-digit string)');
  if (botId !== state.botId) {
    throw new CozeApiError(4200, `Requested resource bot_id=${botId} does not exist. Ensure you are the correct resource identifier.`);
  }
  if (!state.botPublished) throw new CozeApiError(4015, 'The bot has not been published to the API channel (bot 未发布到API); publish it as an API service');
  return botId;
}

async function createChat(ctx: RouteContext): Promise<Reply> {
  const { state, body } = ctx;
  const botId = requireBot(state, field(body, 'bot_id'));
  const userId = field(body, 'user_id');
  // chat_v3.md: user_id is 必选 (the developer's id of the end user).
  if (typeof userId !== 'string' || userId === '') throw new CozeApiError(4000, 'user_id is required: a string that identifies the end user (e.g. the session_name)');
  const stream = field(body, 'stream') === true;
  const autoSave = field(body, 'auto_save_history') !== false;
  if (!stream && !autoSave) throw new CozeApiError(4007, 'stream=false requires auto_save_history=true');
  const messages = enterMessages(field(body, 'additional_messages'));
  const metaData = metaDataOf(field(body, 'meta_data'));
  const asked = questionOf([...messages].reverse().find((m) => m.role === 'user'), (id) => state.store.file(ctx.caller, id));
  const question = asked.text;

  const triggered = triggerFaults(question);
  const faults = [...ctx.faults, ...triggered.filter((f) => stream || !['drop-mid-stream', 'slow-first-byte', 'split-chunks', 'malformed-sse'].includes(f.kind))];
  for (const f of triggered) if (answerFault(ctx.res, f, ctx.logId)) return 'handled';

  const slow = stream ? faults.find((f) => f.kind === 'slow-first-byte') : undefined;
  if (slow && slow.kind === 'slow-first-byte') {
    // Wait, but give up early if the client hangs up so no timer outlives the request.
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, slow.ms);
      ctx.res.on('close', () => {
        clearTimeout(timer);
        resolve();
      });
    });
    if (ctx.res.destroyed || state.stopped) return 'handled';
  }

  const store = state.store;
  const convId = ctx.query.conversation_id;
  const conv = convId ? store.conversation(ctx.caller, convId) : store.createConversation(ctx.caller, botId, '', {});
  const chat = store.createChat(conv, botId, metaData, autoSave);
  state.stats.chats += 1;
  if (autoSave) {
    for (const m of messages) {
      store.addMessage(conv, { botId, chatId: chat.id, role: m.role, type: m.role === 'user' ? 'question' : 'answer', content: m.content, contentType: m.contentType, metaData: m.metaData });
    }
    if (conv.name === '' && question !== '') conv.name = Array.from(question).slice(0, NAME_FROM_MESSAGE_CHARS).join('');
  }

  if (!stream) {
    chat.status = 'in_progress';
    void runChat(runEnv(state), { conv, chat, question, received: asked.received, faults });
    return { data: chatJson(chat) };
  }

  const split = faults.some((f) => f.kind === 'split-chunks') ? { seed: state.seed } : undefined;
  startSse(ctx.res, ctx.logId);
  const writer = new SseWriter(ctx.res, split, () => ctx.res.socket?.destroy());
  ctx.res.on('close', () => writer.close());
  await runChat(runEnv(state), { conv, chat, question, received: asked.received, faults, writer });
  if (writer.open) ctx.res.end();
  return 'handled';
}

function chatParams(ctx: RouteContext): { conversationId: unknown; chatId: unknown } {
  return {
    conversationId: ctx.query.conversation_id ?? field(ctx.body, 'conversation_id'),
    chatId: ctx.query.chat_id ?? field(ctx.body, 'chat_id'),
  };
}

/** Chat v3 routes. */
export const chatRoutes: Route[] = [
  { method: 'POST', pattern: /^\/v3\/chat$/, permissions: ['chat'], handle: createChat },
  {
    // Doc says GET; @coze/api 1.3.9 and cozepy send POST with query parameters: accept both.
    method: ['GET', 'POST'],
    pattern: /^\/v3\/chat\/retrieve$/,
    permissions: ['getChat'],
    handle: (ctx) => {
      const { conversationId, chatId } = chatParams(ctx);
      const conv = ctx.state.store.conversation(ctx.caller, conversationId);
      return { data: chatJson(ctx.state.store.chat(conv, chatId)) };
    },
  },
  {
    method: 'GET',
    pattern: /^\/v3\/chat\/message\/list$/,
    permissions: ['chat', 'listMessage'],
    handle: (ctx) => {
      const { conversationId, chatId } = chatParams(ctx);
      const store = ctx.state.store;
      const conv = store.conversation(ctx.caller, conversationId);
      const chat = store.chat(conv, chatId);
      return { data: store.messagesOf(conv).filter((m) => m.chatId === chat.id && m.type !== 'question').map(messageJson) };
    },
  },
  {
    method: 'POST',
    pattern: /^\/v3\/chat\/cancel$/,
    permissions: ['cancelChat'],
    handle: (ctx) => {
      const { conversationId, chatId } = chatParams(ctx);
      const store = ctx.state.store;
      const conv = store.conversation(ctx.caller, conversationId);
      const chat = store.chat(conv, chatId);
      if (FINAL_STATUSES.includes(chat.status)) {
        throw new CozeApiError(4104, `chat ${chat.id} is already ${chat.status} and cannot be canceled`);
      }
      chat.cancelRequested = true;
      chat.status = 'canceled';
      return { data: chatJson(chat) };
    },
  },
];
