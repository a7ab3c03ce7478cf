/**
 * `conversation.list`: the caller's conversations, newest created first (Coze sorts by creation time,
 * list_conversations.md), filtered by the owner tag. When Coze's first page is all the caller's (session isolation
 * on, the usual case) our pages map straight onto Coze's. Otherwise the filter runs BEFORE our paging: Coze's pages
 * are read (each counted against CHAT_CALLS_PER_MINUTE) until our page is full of the caller's own conversations,
 * Coze has no more, or the scan reaches its cap (then the list ends), so a user never sees empty pages or learns
 * how many conversations others have.
 */
import type { Conversation } from '../../../../miniprogram/shared/protocol';
import { arr, obj } from '../coze/json';
import { toConversation } from '../coze/mappers';
import { log, userTag } from '../log';
import { API_CONNECTOR_ID } from './conversations';
import { optionalInt } from './params';
import type { ActionHandler, CallContext } from './types';

const MAX_PAGE_SIZE = 50;
const DEFAULT_PAGE_SIZE = 20;
const MAX_PAGE_NUM = 10_000;
/** Coze's largest page (list_conversations.md: page_size ≤ 50): fewest calls per scan. */
const COZE_PAGE_SIZE = 50;
/**
 * Most Coze pages one call reads with isolation off (2 500 conversations), each counted against the caller's
 * CHAT_CALLS_PER_MINUTE: bounds the cost when others own most of them. Past it the list ends (hasMore false).
 */
const MAX_COZE_PAGES = 50;

/** One Coze page of conversations, counted against the caller's call budget unless it is the call's first read. */
async function readCozePage(ctx: CallContext, page: number, size: number, counted: boolean): Promise<{ items: unknown[]; more: boolean }> {
  const { coze, config, limiter } = ctx.runtime;
  // index.ts admitted one call for the action; every further Coze read costs one more (a scan is not free).
  if (counted) await limiter.admitCall(ctx);
  const body = await coze.json(ctx, {
    method: 'GET',
    idempotent: true,
    path: '/v1/conversations',
    query: { bot_id: config.botId, page_num: page, page_size: size, sort_order: 'DESC', connector_id: API_CONNECTOR_ID },
  });
  const data = obj(body.data);
  return { items: arr(data, 'conversations'), more: data.has_more === true };
}

/** The caller's conversations among Coze's, remembered as theirs. */
function keepMine(ctx: CallContext, items: readonly unknown[], into: Conversation[]): void {
  for (const c of items) {
    if (!ctx.runtime.owners.owns(ctx.openid, c)) continue;
    const conversation = toConversation(c);
    ctx.runtime.owners.remember(ctx.openid, conversation.id);
    into.push(conversation);
  }
}

/** Handler of `conversation.list`. */
export const conversationList: ActionHandler<'conversation.list'> = async (ctx, params) => {
  const pageNum = optionalInt(params, 'pageNum', 1, MAX_PAGE_NUM, 1);
  const pageSize = optionalInt(params, 'pageSize', 1, MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE);
  const start = (pageNum - 1) * pageSize;
  const mine: Conversation[] = [];
  const first = await readCozePage(ctx, 1, COZE_PAGE_SIZE, false);
  keepMine(ctx, first.items, mine);
  // Coze's first page is entirely the caller's: session isolation is on (the usual case), so Coze's pages are the
  // caller's pages and ours map straight onto Coze's (one more read at most, never a scan from page 1).
  if (mine.length === first.items.length) {
    if (start + pageSize <= COZE_PAGE_SIZE || !first.more) {
      return { conversations: mine.slice(start, start + pageSize), hasMore: mine.length > start + pageSize || first.more };
    }
    const direct = await readCozePage(ctx, pageNum, pageSize, true);
    const page: Conversation[] = [];
    keepMine(ctx, direct.items, page);
    return { conversations: page, hasMore: direct.more };
  }
  // Isolation off: read Coze's pages until ours is full, plus one conversation that says whether there is more.
  const wanted = start + pageSize + 1;
  let more = first.more;
  for (let page = 2; more && mine.length < wanted; page += 1) {
    if (page > MAX_COZE_PAGES) {
      // Past the cap the list ends here rather than answering empty pages with hasMore forever.
      log.warn('conversation.list_scan_capped', { user: userTag(ctx.openid), pages: MAX_COZE_PAGES, fix: "turn Coze's session isolation on (JWT session_name) so Coze lists only this user's conversations" });
      return { conversations: mine.slice(start, start + pageSize), hasMore: false };
    }
    const next = await readCozePage(ctx, page, COZE_PAGE_SIZE, true);
    keepMine(ctx, next.items, mine);
    more = next.more;
  }
  return { conversations: mine.slice(start, start + pageSize), hasMore: mine.length > start + pageSize };
};
