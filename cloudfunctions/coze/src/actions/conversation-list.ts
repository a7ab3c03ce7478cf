/** `conversation.list`: the caller's conversations, newest first, filtered by the owner tag. */
import { arr, obj } from '../coze/json';
import { toConversation } from '../coze/mappers';
import { API_CONNECTOR_ID } from './conversations';
import { optionalInt } from './params';
import type { ActionHandler } from './types';

const MAX_PAGE_SIZE = 50;
const DEFAULT_PAGE_SIZE = 20;
const MAX_PAGE_NUM = 10_000;

/** Handler of `conversation.list`. */
export const conversationList: ActionHandler<'conversation.list'> = async (ctx, params) => {
  const pageNum = optionalInt(params, 'pageNum', 1, MAX_PAGE_NUM, 1);
  const pageSize = optionalInt(params, 'pageSize', 1, MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE);
  const { coze, owners, config } = ctx.runtime;
  const body = await coze.json(ctx.openid, {
    method: 'GET',
    idempotent: true,
    path: '/v1/conversations',
    query: { bot_id: config.botId, page_num: pageNum, page_size: pageSize, sort_order: 'DESC', connector_id: API_CONNECTOR_ID },
  });
  const data = obj(body.data);
  const mine = arr(data, 'conversations').filter((c) => owners.owns(ctx.openid, c));
  for (const c of mine) owners.remember(ctx.openid, toConversation(c).id);
  return { conversations: mine.map(toConversation), hasMore: data.has_more === true };
};
