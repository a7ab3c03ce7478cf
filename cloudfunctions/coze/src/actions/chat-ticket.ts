/**
 * `chat.ticket` (extension, issue 21): called through callFunction, so the openid is WeChat's; answers a
 * short-lived, single-use ticket that lets the HTTP function `coze-http` stream one chat for this openid, this
 * conversation and this stream. A conversation that is not the caller's is NOT_FOUND here, before any ticket.
 */
import { STREAM_ID_PATTERN } from '../../../../miniprogram/shared/protocol';
import { badRequest } from '../errors';
import { optionalId, optionalPattern } from './params';
import type { ActionHandler } from './types';

/** Handler of `chat.ticket`. */
export const chatTicket: ActionHandler<'chat.ticket'> = async (ctx, params) => {
  const conversationId = optionalId(params, 'conversationId');
  const streamId = optionalPattern(params, 'streamId', STREAM_ID_PATTERN, ' 32 位小写十六进制字符');
  if (!streamId) throw badRequest('streamId 必填：每次发送生成新的 32 位小写十六进制 streamId');
  if (conversationId) await ctx.runtime.owners.verify(ctx.runtime.coze, ctx, conversationId);
  return ctx.runtime.tickets.issue(ctx.openid, conversationId ?? '', streamId);
};
