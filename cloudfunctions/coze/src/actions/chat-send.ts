/**
 * `chat.send`: streams one chat turn from Coze, publishes throttled progress to the stream channel when a
 * streamId is given, and answers the final ChatResult — or `detached` with the text so far at the deadline.
 */
import type { ChatResult, ChatStatus, ErrorCode } from '../../../../miniprogram/shared/protocol';
import { STREAM_ID_PATTERN } from '../../../../miniprogram/shared/protocol';
import { AppError, toAppError } from '../errors';
import { ChatReducer } from '../chat/reducer';
import { readEvents } from '../coze/stream-reader';
import { streamChannel } from '../runtime';
import { StreamPublisher, StreamState } from '../stream/publisher';
import { createConversation, MAX_CONVERSATION_NAME } from './conversations';
import { optionalId, optionalPattern, requireText, truncate } from './params';
import type { ActionHandler, CallContext } from './types';

/** Builds the /v3/chat body: the openid is the Coze user_id, history is saved so chat.poll works. */
function chatBody(ctx: CallContext, text: string): Record<string, unknown> {
  return {
    bot_id: ctx.runtime.config.botId,
    user_id: ctx.openid,
    stream: true,
    auto_save_history: true,
    additional_messages: [{ role: 'user', content: text, content_type: 'text' }],
  };
}

/** The live-progress snapshot of the reducer's current state. */
function streamState(reducer: ChatReducer, status: ChatStatus, error: { code: ErrorCode; message: string } | null): StreamState {
  return {
    status,
    text: reducer.answer()?.content ?? '',
    conversationId: reducer.conversationId,
    chatId: reducer.chatId,
    followUps: reducer.suggestions(),
    error,
  };
}

/** Handler of `chat.send`. */
export const chatSend: ActionHandler<'chat.send'> = async (ctx, params) => {
  const { config, coze, owners } = ctx.runtime;
  const text = requireText(params, 'text', config.maxText);
  let conversationId = optionalId(params, 'conversationId');
  const streamId = optionalPattern(params, 'streamId', STREAM_ID_PATTERN, ' 32 位小写十六进制字符');

  const channel = streamChannel();
  if (streamId) await channel.open(streamId, ctx.openid);
  if (conversationId) await owners.verify(coze, ctx.openid, conversationId);
  else conversationId = (await createConversation(ctx, truncate(text, MAX_CONVERSATION_NAME))).id;

  const reducer = new ChatReducer(conversationId);
  const publisher = streamId ? new StreamPublisher(channel, streamId, ctx.openid, config.streamWriteMs) : undefined;
  try {
    const res = await coze.stream(ctx.openid, {
      method: 'POST',
      path: '/v3/chat',
      query: { conversation_id: conversationId },
      json: chatBody(ctx, text),
    });
    const outcome = await readEvents(
      res,
      (event) => {
        reducer.apply(event);
        publisher?.offer(streamState(reducer, reducer.status, null));
        return reducer.finished;
      },
      ctx.startedAt + config.deadlineMs,
    );
    let result: ChatResult;
    if (outcome === 'deadline') result = reducer.result('detached');
    else if (!reducer.finished) throw new AppError('UPSTREAM', 'the Coze stream ended without chat.completed/failed/done (dropped connection)');
    else result = reducer.result();
    await publisher?.finish(streamState(reducer, result.status, result.error ?? null));
    return result;
  } catch (error) {
    const failure = toAppError(error);
    await publisher?.finish(streamState(reducer, 'failed', { code: failure.code, message: failure.userMessage }));
    throw failure;
  }
};
