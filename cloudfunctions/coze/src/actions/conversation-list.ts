/**
 * `conversation.list`: the caller's conversations, newest created first (Coze sorts by creation time,
 * list_conversations.md), filtered by the owner tag. The filter runs BEFORE our paging: Coze's pages are read
 * until our page is full of the caller's own conversations or Coze has no more, so with Coze's session
 * isolation off a user never sees empty pages or learns how many conversations others have.
 */
import type { Conversation } from '../../../../miniprogram/shared/protocol';
import { arr, obj } from '../coze/json';
import { toConversation } from '../coze/mappers';
import { log, userTag } from '../log';
import { API_CONNECTOR_ID } from './conversations';
import { optionalInt } from './params';
import type { ActionHandler } from './types';

const MAX_PAGE_SIZE = 50;
const DEFAULT_PAGE_SIZE = 20;
const MAX_PAGE_NUM = 10_000;
/** Coze's largest page (list_conversations.md: page_size ≤ 50): fewest calls per scan. */
const COZE_PAGE_SIZE = 50;
/** Most Coze pages one call reads (2 500 conversations): bounds the cost when others own most of them. */
const MAX_COZE_PAGES = 50;

/** Handler of `conversation.list`. */
export const conversationList: ActionHandler<'conversation.list'> = async (ctx, params) => {
  const pageNum = optionalInt(params, 'pageNum', 1, MAX_PAGE_NUM, 1);
  const pageSize = optionalInt(params, 'pageSize', 1, MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE);
  const { coze, owners, config } = ctx.runtime;
  // One more than the pages up to ours: that last one only says whether there is more.
  const wanted = pageNum * pageSize + 1;
  const mine: Conversation[] = [];
  let more = true;
  let capped = false;
  for (let page = 1; more && mine.length < wanted; page += 1) {
    if (page > MAX_COZE_PAGES) {
      capped = true;
      log.warn('conversation.list_scan_capped', { user: userTag(ctx.openid), pages: MAX_COZE_PAGES, fix: "turn Coze's session isolation on (JWT session_name) so Coze lists only this user's conversations" });
      break;
    }
    const body = await coze.json(ctx.openid, {
      method: 'GET',
      idempotent: true,
      path: '/v1/conversations',
      query: { bot_id: config.botId, page_num: page, page_size: COZE_PAGE_SIZE, sort_order: 'DESC', connector_id: API_CONNECTOR_ID },
    });
    const data = obj(body.data);
    for (const c of arr(data, 'conversations')) {
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
