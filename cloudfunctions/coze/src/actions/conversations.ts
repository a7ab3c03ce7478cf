/** Shared conversation operations used by several actions (create with owner tag, the Coze connector). */
import type { Conversation } from '../../../../miniprogram/shared/protocol';
import { toConversation } from '../coze/mappers';
import type { CallContext } from './types';

/** Coze's API channel; conversations must be listed from the channel they were created in. */
export const API_CONNECTOR_ID = '1024';
/** Coze's limit for conversation names. */
export const MAX_CONVERSATION_NAME = 100;

/** Creates a conversation tagged with the caller as owner, and remembers it as verified. */
export async function createConversation(ctx: CallContext, name: string | undefined): Promise<Conversation> {
  const { coze, owners, config } = ctx.runtime;
  const body = await coze.json(ctx, {
    method: 'POST',
    path: '/v1/conversation/create',
    json: { bot_id: config.botId, connector_id: API_CONNECTOR_ID, meta_data: owners.metaFor(ctx.openid), ...(name ? { name } : {}) },
  });
  const conversation = toConversation(body.data);
  owners.remember(ctx.openid, conversation.id);
  return { ...conversation, name: conversation.name || name || '' };
}
