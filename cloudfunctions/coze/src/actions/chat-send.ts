/**
 * `chat.send`: streams one chat turn from Coze, publishes throttled progress to the stream channel when a
 * streamId is given, and answers the final ChatResult — or `detached` with the text so far at the deadline.
 */
import type { ChatResult, ChatStatus, ErrorCode } from '../../../../miniprogram/shared/protocol';
import { STREAM_ID_PATTERN } from '../../../../miniprogram/shared/protocol';
import { AppError, toAppError } from '../errors';
import { obj } from '../coze/json';
import { log, userTag, withoutOpenid } from '../log';
import { outputBlocked } from '../content/content-guard';
import { withholdAnswer } from './withhold';
import { ChatReducer } from '../chat/reducer';
import { readEvents } from '../coze/stream-reader';
import { streamChannel } from '../runtime';
import { StreamPublisher, StreamState } from '../stream/publisher';
import { CancelWatch } from '../stream/cancel-watch';
import { createConversation, MAX_CONVERSATION_NAME } from './conversations';
import { optionalId, optionalPattern, requireText, truncate } from './params';
import { readAttachments, sendAttachments, userMessage } from './attachments';
import { rememberPending } from '../content/late-verdict';
import type { ActionHandler, CallContext } from './types';
import { chatRequest } from './chat-request';
import { userContext } from '../user-context/user-context';

/** What a stream write may show of the answer: all of it, or nothing once it is withheld. */
interface Shown {
  text: string;
  reasoning: string;
}

/** The live-progress snapshot of the reducer's current state (`shown` overrides the answer, e.g. empty when withheld). */
function streamState(reducer: ChatReducer, status: ChatStatus, error: { code: ErrorCode; message: string } | null, shown?: Shown): StreamState {
  const state: StreamState = {
    status,
    text: shown ? shown.text : reducer.answerText(),
    conversationId: reducer.conversationId,
    chatId: reducer.chatId,
    followUps: reducer.suggestions(),
    error,
  };
  const reasoning = shown ? shown.reasoning : reducer.reasoningText();
  if (reasoning) state.reasoning = reasoning;
  const steps = reducer.steps();
  if (steps) state.steps = steps;
  return state;
}

/**
 * The stream ended with `done` but without a final chat event (e.g. a chat canceled where this instance did not
 * see the cancel; what the real stream sends after a cancel is undocumented). Ask Coze for the truth; a chat
 * still running is `detached`, and the client polls.
 */
async function settle(ctx: CallContext, reducer: ChatReducer): Promise<ChatResult> {
  try {
    const body = await ctx.runtime.coze.json(ctx, {
      method: 'GET',
      idempotent: true,
      path: '/v3/chat/retrieve',
      query: { conversation_id: reducer.conversationId, chat_id: reducer.chatId },
    });
    reducer.applyChat(obj(body.data));
  } catch (error) {
    log.warn('chat.settle_failed', { user: userTag(ctx.openid), reason: withoutOpenid(toAppError(error).detail, ctx.openid) });
  }
  return reducer.status === 'in_progress' ? reducer.result('detached') : reducer.result();
}

const NOTHING: Shown = { text: '', reasoning: '' };

/** What the last stream write may carry after a failure: the partial answer and reasoning, unless the output check withholds them. */
async function partialAnswer(ctx: CallContext, reducer: ChatReducer): Promise<Shown> {
  const shown = { text: reducer.answerText(), reasoning: reducer.reasoningText() };
  try {
    const decision = await ctx.runtime.content.checkAnswer(ctx, { content: shown.text, reasoning: shown.reasoning });
    return decision === 'show' ? shown : NOTHING;
  } catch {
    return NOTHING;
  }
}

/** Handler of `chat.send`. */
export const chatSend: ActionHandler<'chat.send'> = async (ctx, params) => {
  const { config, coze, owners, limiter, content } = ctx.runtime;
  const attachments = readAttachments(params);
  // With an attachment the text is optional.
  const typed = Object.prototype.hasOwnProperty.call(params, 'text') ? params.text : undefined;
  const text = attachments.length > 0 && (typed === undefined || typed === null || (typeof typed === 'string' && typed.trim() === '')) ? '' : requireText(params, 'text', config.maxText, true);
  let conversationId = optionalId(params, 'conversationId');
  const streamId = optionalPattern(params, 'streamId', STREAM_ID_PATTERN, ' 32 位小写十六进制字符');

  await limiter.admit(ctx);
  if (text) await content.checkInput(ctx, text);
  const channel = ctx.live?.channel ?? streamChannel();
  if (streamId) await channel.open(streamId, ctx.openid, ctx.deadline);
  if (conversationId) await owners.verify(coze, ctx, conversationId);
  const sent = await sendAttachments(ctx, attachments);
  if (!conversationId) conversationId = (await createConversation(ctx, truncate(text.trim() || attachments[0].name, MAX_CONVERSATION_NAME))).id;

  // From the developer's hook only (never from params); its time counts in the call budget.
  const context = await userContext(ctx);
  const reducer = new ChatReducer(conversationId);
  const publisher = streamId ? new StreamPublisher(channel, streamId, ctx, ctx.live?.writeMs ?? config.streamWriteMs) : undefined;
  // A chat.cancel (in any instance) marks the chat in the shared channel; Coze's stream itself would flow on.
  const cancel = new CancelWatch(channel, ctx, config.cancelCheckMs);
  let withheld = false;
  try {
    // Never retried: once /v3/chat answered, a turn may be running, and a resend would run it twice.
    const res = await coze.stream(ctx, chatRequest(ctx, conversationId, userMessage(text, sent), context));
    const outcome = await readEvents(
      res,
      (event) => {
        reducer.apply(event);
        cancel.watch(reducer.chatId);
        if (cancel.canceled) return true;
        publisher?.offer(streamState(reducer, reducer.status, null));
        return reducer.finished;
      },
      ctx.deadline.at,
      undefined,
      cancel.signal,
    );
    cancel.stop();
    const pending = sent.filter((a) => a.pending && a.traceId).map((a) => a.traceId as string);
    if (pending.length) await rememberPending(ctx.runtime, { openid: ctx.openid, conversationId }, pending, ctx.deadline);
    let result: ChatResult;
    if (cancel.canceled && reducer.status === 'in_progress') result = reducer.result('canceled');
    else if (outcome === 'deadline') result = reducer.result('detached');
    else if (!reducer.finished) throw new AppError('UPSTREAM', 'the Coze stream ended without chat.completed/failed/done (dropped connection)');
    else if (reducer.status === 'in_progress') result = await settle(ctx, reducer);
    else result = reducer.result();
    if (result.status !== 'detached' && (await content.checkAnswer(ctx, result.answer)) === 'withhold') {
      withheld = true;
      await withholdAnswer(ctx, reducer);
      throw outputBlocked(`msgSecCheck withheld the answer of chat ${reducer.chatId}`);
    }
    await publisher?.finish(streamState(reducer, result.status, result.error ?? null));
    return result;
  } catch (error) {
    cancel.stop();
    const failure = toAppError(error);
    const last = withheld ? NOTHING : await partialAnswer(ctx, reducer);
    await publisher?.finish(streamState(reducer, 'failed', { code: failure.code, message: failure.userMessage }, last));
    throw failure;
  }
};
