/** Maps Coze objects (snake_case, loosely typed) to the wire types of protocol.ts. */
import type { AttachmentKind, ChatStatus, Conversation, Message, MessagePart, Role, ToolStep, Usage } from '../../../../miniprogram/shared/protocol';
import { Json, num, obj, parseJson, str } from './json';
import { displayContent } from './question';

/** meta_data key prefix our chat.send writes per attachment (actions/attachments.ts). */
export const ATTACHMENT_META_PREFIX = 'attachment_';

/**
 * The text and attachments of an object_string content (a JSON array of `text` / `image` / `file` items). Each
 * image/file item is matched with the meta_data our chat.send stored (by Coze file id, else by position), which
 * keeps the cloud fileID and name: Coze's own file links expire, the cloud file stays resolvable.
 */
export function toParts(content: string, metaData: Json): { text: string; parts: MessagePart[] } {
  const items = parseJson(content);
  if (!Array.isArray(items)) return { text: content, parts: [] };
  const stored = Object.keys(metaData)
    .filter((key) => key.startsWith(ATTACHMENT_META_PREFIX))
    .sort((a, b) => Number(a.slice(ATTACHMENT_META_PREFIX.length)) - Number(b.slice(ATTACHMENT_META_PREFIX.length)))
    .map((key) => obj(parseJson(str(metaData, key))));
  const texts: string[] = [];
  const parts: MessagePart[] = [];
  for (const raw of items) {
    const item = obj(raw);
    const type = str(item, 'type');
    if (type === 'text') texts.push(str(item, 'text'));
    if (type !== 'image' && type !== 'file') continue;
    const kind: AttachmentKind = type;
    const fileId = str(item, 'file_id');
    const meta = stored.find((m) => fileId !== '' && str(m, 'cozeFileId') === fileId) ?? stored[parts.length] ?? {};
    parts.push({ kind, name: str(meta, 'name') || str(item, 'name') || (kind === 'image' ? '图片' : '文件'), size: num(meta, 'size'), fileID: str(meta, 'fileID') });
  }
  return { text: texts.join('\n'), parts };
}

/** A Coze conversation as ours. */
export function toConversation(raw: unknown): Conversation {
  const c = obj(raw);
  const createdAt = num(c, 'created_at');
  return { id: str(c, 'id'), name: str(c, 'name'), createdAt, updatedAt: num(c, 'updated_at') || createdAt };
}

/** A Coze message as ours. */
export function toMessage(raw: unknown): Message {
  const m = obj(raw);
  const role: Role = str(m, 'role') === 'user' ? 'user' : 'assistant';
  const message: Message = {
    id: str(m, 'id'),
    role,
    type: str(m, 'type'),
    // A chatflow question card shows as its question (history and live text alike).
    content: str(m, 'type') === 'answer' ? displayContent(str(m, 'content')) : str(m, 'content'),
    contentType: str(m, 'content_type') || 'text',
    createdAt: num(m, 'created_at'),
  };
  const chatId = str(m, 'chat_id');
  if (chatId) message.chatId = chatId;
  const reasoning = str(m, 'reasoning_content');
  if (reasoning && role === 'assistant') message.reasoning = reasoning;
  if (message.contentType === 'object_string') {
    const { text, parts } = toParts(message.content, obj(m.meta_data));
    message.content = text;
    if (parts.length) message.parts = parts;
  }
  return message;
}

/** Coze's chat status as ours (`created` is still in progress). */
export function toChatStatus(raw: string): ChatStatus {
  switch (raw) {
    case 'completed':
    case 'failed':
    case 'canceled':
    case 'requires_action':
      return raw;
    default:
      return 'in_progress';
  }
}

/** Usage when Coze reports any. */
export function toUsage(chat: Json): Usage | undefined {
  const usage = obj(chat.usage);
  if (!('input_count' in usage) && !('output_count' in usage)) return undefined;
  return { inputTokens: num(usage, 'input_count'), outputTokens: num(usage, 'output_count') };
}

/** Longest tool name shown to a user, in characters. */
const MAX_TOOL_NAME = 30;

/**
 * The display name of a `function_call` message: its plugin (or workflow) name, never its arguments. Coze's
 * content is a JSON string with `plugin_name` / `name` (`plugin-api`); anything unreadable becomes '工具'.
 */
export function toToolStep(content: string): ToolStep {
  const call = obj(parseJson(content));
  const raw = str(call, 'plugin_name') || str(call, 'workflow_name') || str(call, 'name').split('-')[0];
  const chars = Array.from(raw.replace(/\s+/g, ' ').trim());
  const name = chars.length > MAX_TOOL_NAME ? chars.slice(0, MAX_TOOL_NAME).join('') + '…' : chars.join('');
  return { name: name || '工具', done: false };
}
