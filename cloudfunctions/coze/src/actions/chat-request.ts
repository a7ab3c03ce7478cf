/**
 * The Coze call that runs one chat turn: the bot's `/v3/chat`, or, when COZE_WORKFLOW_ID is set, the chatflow's
 * `/v1/workflows/chat` (same SSE event family, so one reducer reads both). The trusted user context goes where
 * Coze documents it for each: prompt variables (`custom_variables`) for a bot, start-node `parameters` for a
 * chatflow. Nothing here reads the request beyond the user's message (text and checked attachments, built by
 * attachments.ts): no parameter of the client reaches Coze.
 */
import type { CozeRequest } from '../coze/client';
import type { UserContext } from '../user-context/user-context';
import type { CallContext } from './types';

/** The user's message of this turn, as Coze's `additional_messages` item (attachments.ts `userMessage`). */
type UserMessage = Record<string, unknown>;

/** The /v3/chat request: the openid is the Coze user_id, history is saved so chat.poll works. */
function botChat(ctx: CallContext, conversationId: string, message: UserMessage, context: UserContext): CozeRequest {
  const json: Record<string, unknown> = {
    bot_id: ctx.runtime.config.botId,
    user_id: ctx.openid,
    stream: true,
    auto_save_history: true,
    additional_messages: [message],
  };
  if (Object.keys(context).length > 0) json.custom_variables = context;
  return { method: 'POST', path: '/v3/chat', query: { conversation_id: conversationId }, json };
}

/**
 * The /v1/workflows/chat request (workflow_chat doc): app_id for a chatflow of a low-code app, bot_id otherwise
 * (Coze refuses both); the conversation goes in the body; the reply to a question node is just the next user
 * message. The openid is passed as ext.user_id, like user_id on /v3/chat.
 */
function workflowChat(ctx: CallContext, conversationId: string, message: UserMessage, context: UserContext): CozeRequest {
  const { workflowId, appId, botId } = ctx.runtime.config;
  return {
    method: 'POST',
    path: '/v1/workflows/chat',
    json: {
      workflow_id: workflowId,
      ...(appId ? { app_id: appId } : { bot_id: botId }),
      conversation_id: conversationId,
      additional_messages: [message],
      parameters: { ...context },
      ext: { user_id: ctx.openid },
    },
  };
}

/** The streaming request of one turn, for the configured target (bot or chatflow). */
export function chatRequest(ctx: CallContext, conversationId: string, message: UserMessage, context: UserContext): CozeRequest {
  return ctx.runtime.config.workflowId ? workflowChat(ctx, conversationId, message, context) : botChat(ctx, conversationId, message, context);
}
