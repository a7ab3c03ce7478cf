/** `conversation.clear`: starts a new context section; the history stays visible. */
import { obj, str } from '../coze/json';
import { requireId } from './params';
import type { ActionHandler } from './types';

/** Handler of `conversation.clear`. */
export const conversationClear: ActionHandler<'conversation.clear'> = async (ctx, params) => {
  const conversationId = requireId(params, 'conversationId');
  const { coze, owners } = ctx.runtime;
  await owners.verify(coze, ctx, conversationId);
  const body = await coze.json(ctx, { method: 'POST', path: `/v1/conversations/${conversationId}/clear` });
  return { sectionId: str(obj(body.data), 'id') };
};
