/**
 * `chat.cancel`: stops a running chat; cancelling a finished chat is not an error, it answers the final status.
 * Coze's cancel only switches the chat's status (chat_cancel.md), so the cancel is also recorded in the shared
 * stream channel, where the chat.send reading the stream (in any instance) sees it and stops.
 */
import { AppError, toAppError } from '../errors';
import { log, userTag, withoutOpenid } from '../log';
import { streamChannel } from '../runtime';
import { obj, str } from '../coze/json';
import { toChatStatus } from '../coze/mappers';
import { requireId } from './params';
import type { ActionHandler } from './types';

/** Coze: "chat cannot be canceled in its current state" (already completed/failed/requires_action). */
const NOT_CANCELABLE = 4104;

/** Handler of `chat.cancel`. */
export const chatCancel: ActionHandler<'chat.cancel'> = async (ctx, params) => {
  const conversationId = requireId(params, 'conversationId');
  const chatId = requireId(params, 'chatId');
  const { coze, owners } = ctx.runtime;
  await owners.verify(coze, ctx, conversationId);
  try {
    await streamChannel().requestCancel(chatId, ctx.openid, ctx.deadline);
  } catch (error) {
    log.warn('chat.cancel_record_failed', { user: userTag(ctx.openid), reason: withoutOpenid(toAppError(error).detail, ctx.openid) });
  }
  try {
    const body = await coze.json(ctx, { method: 'POST', path: '/v3/chat/cancel', json: { conversation_id: conversationId, chat_id: chatId } });
    return { status: toChatStatus(str(obj(body.data), 'status') || 'canceled') };
  } catch (error) {
    if (!(error instanceof AppError) || error.cozeCode !== NOT_CANCELABLE) throw error;
    const body = await coze.json(ctx, { method: 'GET', idempotent: true, path: '/v3/chat/retrieve', query: { conversation_id: conversationId, chat_id: chatId } });
    return { status: toChatStatus(str(obj(body.data), 'status')) };
  }
};
