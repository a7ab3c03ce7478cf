/** `message.feedback`: like / unlike an answer (POST), or clear the feedback with null (DELETE). */
import { optionalText, requireId, requireOneOf } from './params';
import type { ActionHandler } from './types';

const MAX_COMMENT = 250;
const FEEDBACK_VALUES = ['like', 'unlike', null] as const;

/** Handler of `message.feedback`. */
export const messageFeedback: ActionHandler<'message.feedback'> = async (ctx, params) => {
  const conversationId = requireId(params, 'conversationId');
  const messageId = requireId(params, 'messageId');
  const feedback = requireOneOf(params, 'feedback', FEEDBACK_VALUES);
  const comment = optionalText(params, 'comment', MAX_COMMENT);
  const { coze, owners } = ctx.runtime;
  await owners.verify(coze, ctx, conversationId);
  const path = `/v1/conversations/${conversationId}/messages/${messageId}/feedback`;
  if (feedback === null) await coze.json(ctx, { method: 'DELETE', path });
  else await coze.json(ctx, { method: 'POST', path, json: { feedback_type: feedback, ...(comment ? { comment } : {}) } });
  return {};
};
