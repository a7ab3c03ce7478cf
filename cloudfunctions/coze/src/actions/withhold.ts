/**
 * Removes a withheld (content-blocked) answer from the Coze conversation, so `message.list` never shows it
 * later and it is not context for the next turn. Best effort: a failure is logged (the answer is withheld anyway).
 */
import type { ChatReducer } from '../chat/reducer';
import { type Caller, Deadline } from '../deadline';
import { toAppError } from '../errors';
import { log, userTag, withoutOpenid } from '../log';
import type { CallContext } from './types';

/** How long the deletes may take beyond the call's budget (the function's own timeout leaves room for it). */
const WITHHOLD_GRACE_MS = 3000;

/** Deletes every answer message of the reducer's chat turn. */
export async function withholdAnswer(ctx: CallContext, reducer: ChatReducer): Promise<void> {
  // A fixed grace outside the call's budget: the answer may be withheld right at the deadline, and it must still leave the history.
  const grace: Caller = { openid: ctx.openid, deadline: new Deadline(Date.now() + WITHHOLD_GRACE_MS) };
  for (const messageId of reducer.answerIds()) {
    try {
      await ctx.runtime.coze.json(grace, {
        method: 'POST',
        path: '/v1/conversation/message/delete',
        query: { conversation_id: reducer.conversationId, message_id: messageId },
      });
    } catch (error) {
      log.warn('content.delete_failed', {
        user: userTag(ctx.openid),
        message: messageId,
        reason: withoutOpenid(toAppError(error).detail, ctx.openid),
        fix: 'grant the OAuth app the deleteMessage permission so withheld answers leave the conversation history',
      });
    }
  }
}
