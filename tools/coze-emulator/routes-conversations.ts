/**
 * Conversation endpoints (coze-api.md §3): create, retrieve, list (paged, updated desc), rename, delete,
 * clear (new section), all scoped to the caller's session.
 */
import { CozeApiError } from './http-io';
import { conversationJson } from './store';
import { requireBot } from './routes-chat';
import { field, metaDataOf, type Route, type RouteContext } from './router';

/** Largest page of GET /v1/conversations. */
export const MAX_CONVERSATION_PAGE = 50;
/** Longest conversation name. */
export const MAX_CONVERSATION_NAME = 100;

function positiveInt(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new CozeApiError(4000, `${name} must be a positive integer`);
  return n;
}

function nameOf(value: unknown): string {
  if (value === undefined) return '';
  if (typeof value !== 'string' || Array.from(value).length > MAX_CONVERSATION_NAME) {
    throw new CozeApiError(4000, `name must be a string of at most ${MAX_CONVERSATION_NAME} characters`);
  }
  return value;
}

function conversationFromPath(ctx: RouteContext) {
  return ctx.state.store.conversation(ctx.caller, ctx.params.id);
}

/** Conversation routes. */
export const conversationRoutes: Route[] = [
  {
    method: 'POST',
    pattern: /^\/v1\/conversation\/create$/,
    permissions: ['createConversation'],
    handle: (ctx) => {
      const { store } = ctx.state;
      const botIdField = field(ctx.body, 'bot_id');
      const botId = botIdField === undefined ? ctx.state.botId : requireBot(ctx.state, botIdField);
      const messages = field(ctx.body, 'messages');
      if (messages !== undefined && (!Array.isArray(messages) || messages.length > 16)) {
        throw new CozeApiError(4000, 'messages must be an array of at most 16 messages');
      }
      const conv = store.createConversation(ctx.caller, botId, nameOf(field(ctx.body, 'name')), metaDataOf(field(ctx.body, 'meta_data')));
      for (const m of (messages as unknown[] | undefined) ?? []) {
        const role = field(m, 'role');
        const content = field(m, 'content');
        if ((role !== 'user' && role !== 'assistant') || typeof content !== 'string') {
          throw new CozeApiError(4000, 'each message needs role user|assistant and string content');
        }
        store.addMessage(conv, { botId, chatId: '', role, type: '', content, contentType: String(field(m, 'content_type') ?? 'text'), metaData: {} });
        if (conv.name === '' && role === 'user') conv.name = Array.from(content).slice(0, MAX_CONVERSATION_NAME).join('');
      }
      return { data: conversationJson(conv) };
    },
  },
  {
    method: 'GET',
    pattern: /^\/v1\/conversation\/retrieve$/,
    permissions: ['retrieveConversation'],
    handle: (ctx) => ({ data: conversationJson(ctx.state.store.conversation(ctx.caller, ctx.query.conversation_id)) }),
  },
  {
    method: 'GET',
    pattern: /^\/v1\/conversations$/,
    permissions: ['listConversation'],
    handle: (ctx) => {
      const botId = requireBot(ctx.state, ctx.query.bot_id);
      const pageNum = positiveInt(ctx.query.page_num, 1, 'page_num');
      const pageSize = positiveInt(ctx.query.page_size, MAX_CONVERSATION_PAGE, 'page_size');
      if (pageSize > MAX_CONVERSATION_PAGE) throw new CozeApiError(4000, `page_size must be at most ${MAX_CONVERSATION_PAGE}`);
      const order = (ctx.query.sort_order ?? 'DESC').toUpperCase() === 'ASC' ? 'asc' : 'desc';
      const all = ctx.state.store.listConversations(ctx.caller, botId, order);
      const start = (pageNum - 1) * pageSize;
      return { data: { has_more: start + pageSize < all.length, conversations: all.slice(start, start + pageSize).map(conversationJson) } };
    },
  },
  {
    method: 'PUT',
    pattern: /^\/v1\/conversations\/(?<id>[^/]+)$/,
    permissions: ['editConversation'],
    handle: (ctx) => {
      const conv = conversationFromPath(ctx);
      const name = nameOf(field(ctx.body, 'name'));
      if (name === '') throw new CozeApiError(4000, 'name is required to rename a conversation');
      conv.name = name;
      ctx.state.store.touch(conv);
      return { data: conversationJson(conv) };
    },
  },
  {
    method: 'DELETE',
    pattern: /^\/v1\/conversations\/(?<id>[^/]+)$/,
    permissions: ['editConversation'],
    handle: (ctx) => {
      ctx.state.store.deleteConversation(conversationFromPath(ctx));
      return {};
    },
  },
  {
    method: 'POST',
    pattern: /^\/v1\/conversations\/(?<id>[^/]+)\/clear$/,
    permissions: ['editConversation'],
    handle: (ctx) => {
      const conv = conversationFromPath(ctx);
      return { data: { id: ctx.state.store.clearConversation(conv), conversation_id: conv.id } };
    },
  },
];
