/** `conversation.rename`: renames one of the caller's conversations. */
import { toConversation } from '../coze/mappers';
import { MAX_CONVERSATION_NAME } from './conversations';
import { requireId, requireText } from './params';
import type { ActionHandler } from './types';

/** Handler of `conversation.rename`. */
export const conversationRename: ActionHandler<'conversation.rename'> = async (ctx, params) => {
  const conversationId = requireId(params, 'conversationId');
  const name = requireText(params, 'name', MAX_CONVERSATION_NAME);
  const { coze, owners } = ctx.runtime;
  await owners.verify(coze, ctx, conversationId);
  const body = await coze.json(ctx, { method: 'PUT', path: `/v1/conversations/${conversationId}`, json: { name } });
  const conversation = toConversation(body.data);
  return { conversation: { ...conversation, id: conversation.id || conversationId, name: conversation.name || name } };
};
