/** `chat.poll`: the state of a chat after `detached` — retrieve the chat, and its messages once it is final (checked). */
import { FINAL_CHAT_STATUSES } from '../../../../miniprogram/shared/protocol';
import { ChatReducer } from '../chat/reducer';
import { arr, obj } from '../coze/json';
import { requireId } from './params';
import { outputBlocked } from '../content/content-guard';
import { withholdAnswer } from './withhold';
import type { ActionHandler } from './types';

/** Handler of `chat.poll`. */
export const chatPoll: ActionHandler<'chat.poll'> = async (ctx, params) => {
  const conversationId = requireId(params, 'conversationId');
  const chatId = requireId(params, 'chatId');
  const { coze, owners } = ctx.runtime;
  await owners.verify(coze, ctx, conversationId);
  const query = { conversation_id: conversationId, chat_id: chatId };
  const chat = await coze.json(ctx, { method: 'GET', idempotent: true, path: '/v3/chat/retrieve', query });
  const reducer = new ChatReducer(conversationId);
  reducer.applyChat(obj(chat.data));
  if (FINAL_CHAT_STATUSES.includes(reducer.status)) {
    const messages = await coze.json(ctx, { method: 'GET', idempotent: true, path: '/v3/chat/message/list', query });
    for (const message of arr(messages, 'data')) reducer.applyCompleted(obj(message));
    // A detached chat becomes final here: its answer is checked like chat.send's before the client sees it.
    if ((await ctx.runtime.content.checkAnswer(ctx, reducer.answer())) === 'withhold') {
      await withholdAnswer(ctx, reducer);
      throw outputBlocked(`msgSecCheck withheld the answer of chat ${chatId} (poll)`);
    }
  }
  return reducer.result();
};
