/** `conversation.delete`: deletes one of the caller's conversations, messages included. */
import { requireId } from './params';
import type { ActionHandler } from './types';

/** Handler of `conversation.delete`. */
export const conversationDelete: ActionHandler<'conversation.delete'> = async (ctx, params) => {
  const conversationId = requireId(params, 'conversationId');
  const { coze, owners } = ctx.runtime;
  await owners.verify(coze, ctx, conversationId);
  await coze.json(ctx, { method: 'DELETE', path: `/v1/conversations/${conversationId}` });
  owners.forget(ctx.openid, conversationId);
  return {};
};
