/** `message.list`: a page of questions and answers, oldest first; page back with `beforeId` = previous `firstId`. */
import type { Message } from '../../../../miniprogram/shared/protocol';
import { arr, str } from '../coze/json';
import { toMessage } from '../coze/mappers';
import { optionalId, optionalInt, requireId } from './params';
import type { ActionHandler } from './types';

const MAX_LIMIT = 50;
const DEFAULT_LIMIT = 20;
const VISIBLE_TYPES: ReadonlySet<string> = new Set(['question', 'answer']);

/** Orders messages oldest first: by time, then by id (ids grow with time; compared as digit strings). */
function byAge(a: Message, b: Message): number {
  if (a.createdAt !== b.createdAt) return a.createdAt - b.createdAt;
  if (a.id.length !== b.id.length) return a.id.length - b.id.length;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Handler of `message.list`. */
export const messageList: ActionHandler<'message.list'> = async (ctx, params) => {
  const conversationId = requireId(params, 'conversationId');
  const beforeId = optionalId(params, 'beforeId');
  const limit = optionalInt(params, 'limit', 1, MAX_LIMIT, DEFAULT_LIMIT);
  const { coze, owners } = ctx.runtime;
  await owners.verify(coze, ctx, conversationId);
  const body = await coze.json(ctx, {
    method: 'POST',
    path: '/v1/conversation/message/list',
    idempotent: true,
    query: { conversation_id: conversationId },
    // list_message.md: with order desc, `after_id` returns messages OLDER than the cursor ("向后翻页…last_id");
    // `before_id` would return newer ones (what is already on screen). Our `beforeId` means "older than this".
    json: { order: 'desc', limit, ...(beforeId ? { after_id: beforeId } : {}) },
  });
  const oldestFirst = arr(body, 'data').map(toMessage).sort(byAge);
  const oldest = oldestFirst[0]?.id ?? str(body, 'last_id');
  const newest = oldestFirst[oldestFirst.length - 1]?.id ?? str(body, 'first_id');
  return {
    messages: oldestFirst.filter((m) => VISIBLE_TYPES.has(m.type) || (m.type === '' && m.role === 'user')),
    hasMore: body.has_more === true,
    firstId: oldest,
    lastId: newest,
  };
};
