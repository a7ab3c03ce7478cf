/** `conversation.create`: a new conversation owned by the caller. */
import { createConversation, MAX_CONVERSATION_NAME } from './conversations';
import { optionalText } from './params';
import type { ActionHandler } from './types';

/** Handler of `conversation.create`. */
export const conversationCreate: ActionHandler<'conversation.create'> = async (ctx, params) => {
  const name = optionalText(params, 'name', MAX_CONVERSATION_NAME);
  return { conversation: await createConversation(ctx, name) };
};
