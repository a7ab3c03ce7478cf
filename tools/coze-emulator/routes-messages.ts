/**
 * Message endpoints (coze-api.md §3): list with id paging and top-level first_id/last_id/has_more,
 * create, retrieve, modify (answer under `message`), delete, and answer feedback.
 */
import { CozeApiError } from './http-io';
import { byId, messageJson, type MessageRecord } from './store';
import { compareIds, isId } from './ids';
import { field, metaDataOf, type Route, type RouteContext } from './router';

/** Largest page of the message list. */
export const MAX_MESSAGE_PAGE = 50;
/** Longest feedback comment. */
export const MAX_FEEDBACK_COMMENT = 250;
/** Message types the conversation message list shows. */
const LISTED_TYPES: ReadonlySet<string> = new Set(['question', 'answer', '']);

function idOrZero(value: unknown, name: string): string | undefined {
  if (value === undefined || value === null || value === '' || value === '0') return undefined;
  if (!isId(value)) throw new CozeApiError(4000, `${name} must be a message id string`);
  return value;
}

function conv(ctx: RouteContext) {
  return ctx.state.store.conversation(ctx.caller, ctx.query.conversation_id);
}

function contentFields(body: unknown): { content?: string; contentType?: string } {
  const content = field(body, 'content');
  const contentType = field(body, 'content_type');
  if (content !== undefined && typeof content !== 'string') throw new CozeApiError(4000, 'content must be a string');
  if (contentType !== undefined && contentType !== 'text' && contentType !== 'object_string') {
    throw new CozeApiError(4000, 'content_type must be text or object_string');
  }
  return { content, contentType };
}

/**
 * One page of a conversation's messages, as list_message.md documents it: `before_id` = messages NEWER than
 * that id ("向前翻页" with first_id), `after_id` = messages OLDER than it ("向后翻页" with last_id), the page
 * holds the `limit` messages nearest the cursor (the newest ones without a cursor) sorted by `order`, and
 * has_more says whether more exist beyond the page in the direction of travel.
 */
export function pageMessages(all: readonly MessageRecord[], body: unknown): { page: MessageRecord[]; hasMore: boolean } {
  const order = nullable(field(body, 'order')) ?? 'desc';
  if (order !== 'asc' && order !== 'desc') throw new CozeApiError(4000, "order must be 'asc' or 'desc'");
  const limit = nullable(field(body, 'limit')) ?? MAX_MESSAGE_PAGE;
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > MAX_MESSAGE_PAGE) {
    throw new CozeApiError(4000, `limit must be an integer 1..${MAX_MESSAGE_PAGE}`);
  }
  const newerThan = idOrZero(field(body, 'before_id'), 'before_id');
  const olderThan = idOrZero(field(body, 'after_id'), 'after_id');
  const chatId = nullable(field(body, 'chat_id'));
  let list = all.filter((m) => LISTED_TYPES.has(m.type) && (chatId === undefined || m.chatId === chatId)).sort(byId);
  if (newerThan) list = list.filter((m) => compareIds(m.id, newerThan) > 0);
  if (olderThan) list = list.filter((m) => compareIds(m.id, olderThan) < 0);
  // Walking newer (before_id) takes the oldest `limit` of what is left (nearest the cursor); otherwise the newest.
  const page = newerThan && !olderThan ? list.slice(0, limit) : list.slice(Math.max(0, list.length - limit));
  const hasMore = list.length > page.length;
  if (order === 'desc') page.reverse();
  return { page, hasMore };
}

/** SDKs send unset optional fields as JSON null (coze-py's model dump, coze-go's zero values): null = absent. */
function nullable(value: unknown): unknown {
  return value === null ? undefined : value;
}

/** Message routes. */
export const messageRoutes: Route[] = [
  {
    method: 'POST',
    pattern: /^\/v1\/conversation\/message\/list$/,
    permissions: ['chat', 'listMessage'],
    handle: (ctx) => {
      const { page, hasMore } = pageMessages(ctx.state.store.messagesOf(conv(ctx)), ctx.body);
      return {
        data: page.map(messageJson),
        extra: { first_id: page[0]?.id ?? '', last_id: page[page.length - 1]?.id ?? '', has_more: hasMore },
      };
    },
  },
  {
    method: 'POST',
    pattern: /^\/v1\/conversation\/message\/create$/,
    permissions: ['createMessage'],
    handle: (ctx) => {
      const c = conv(ctx);
      const role = field(ctx.body, 'role');
      const { content, contentType } = contentFields(ctx.body);
      if ((role !== 'user' && role !== 'assistant') || content === undefined || contentType === undefined) {
        throw new CozeApiError(4000, 'message create needs role user|assistant, content and content_type text|object_string');
      }
      const msg = ctx.state.store.addMessage(c, { botId: '', chatId: '', role, type: '', content, contentType, metaData: metaDataOf(field(ctx.body, 'meta_data')) });
      return { data: messageJson(msg) };
    },
  },
  {
    method: 'GET',
    pattern: /^\/v1\/conversation\/message\/retrieve$/,
    permissions: ['retrieveMessage'],
    handle: (ctx) => ({ data: messageJson(ctx.state.store.message(conv(ctx), ctx.query.message_id)) }),
  },
  {
    method: 'POST',
    pattern: /^\/v1\/conversation\/message\/modify$/,
    permissions: ['modifyMessage'],
    handle: (ctx) => {
      const msg = ctx.state.store.message(conv(ctx), ctx.query.message_id);
      const { content, contentType } = contentFields(ctx.body);
      const metaRaw = field(ctx.body, 'meta_data');
      if (content === undefined && metaRaw === undefined) throw new CozeApiError(4000, 'modify needs content or meta_data');
      if (content !== undefined) msg.content = content;
      if (contentType !== undefined) msg.contentType = contentType;
      if (metaRaw !== undefined) msg.metaData = metaDataOf(metaRaw);
      msg.updatedAt = ctx.state.store.now();
      // The real API answers this one under `message`, not `data` (coze-api.md §3).
      return { data: messageJson(msg), key: 'message' };
    },
  },
  {
    method: 'POST',
    pattern: /^\/v1\/conversation\/message\/delete$/,
    permissions: ['deleteMessage'],
    handle: (ctx) => {
      const c = conv(ctx);
      const msg = ctx.state.store.message(c, ctx.query.message_id);
      if (msg.type !== 'question' && msg.type !== 'answer' && msg.type !== '') {
        throw new CozeApiError(4005, 'only question and answer messages can be deleted');
      }
      ctx.state.store.deleteMessage(c, msg);
      return { data: messageJson(msg) };
    },
  },
  {
    method: ['POST', 'DELETE'],
    pattern: /^\/v1\/conversations\/(?<cid>[^/]+)\/messages\/(?<mid>[^/]+)\/feedback$/,
    permissions: ['feedback'],
    handle: (ctx) => {
      const c = ctx.state.store.conversation(ctx.caller, ctx.params.cid);
      const msg = ctx.state.store.message(c, ctx.params.mid);
      if (msg.type !== 'answer') throw new CozeApiError(4005, 'feedback is only allowed on answer messages');
      if (ctx.req.method === 'DELETE') {
        delete msg.feedback;
        return {};
      }
      const type = field(ctx.body, 'feedback_type');
      const comment = field(ctx.body, 'comment');
      if (type !== 'like' && type !== 'unlike') throw new CozeApiError(4000, "feedback_type must be 'like' or 'unlike'");
      if (comment !== undefined && (typeof comment !== 'string' || Array.from(comment).length > MAX_FEEDBACK_COMMENT)) {
        throw new CozeApiError(4000, `comment must be a string of at most ${MAX_FEEDBACK_COMMENT} characters`);
      }
      msg.feedback = { feedbackType: type, comment };
      return {};
    },
  },
];
