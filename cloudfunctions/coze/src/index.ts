/**
 * The `coze` cloud function: event → action → envelope. `main` never throws; every failure becomes
 * `{ ok: false, error }` with a Chinese message, and the developer detail goes to the redacting log.
 */
import { ACTION_NAMES, ActionName, Result } from '../../../miniprogram/shared/protocol';
import { AppError, badRequest } from './errors';
import { failureEnvelope } from './failure';
import { readOpenid } from './identity';
import { getRuntime, localStreams, type Runtime } from './runtime';
import { localFiles } from './storage/local-files';
import { verdictOfPush } from './content/media-check';
import { onImageVerdict } from './content/late-verdict';
import { callBudgetMs } from './call-budget';
import { Deadline } from './deadline';
import type { ActionHandler } from './actions/types';
import type { Params } from './actions/params';
import { botInfo } from './actions/bot-info';
import { conversationCreate } from './actions/conversation-create';
import { conversationList } from './actions/conversation-list';
import { conversationRename } from './actions/conversation-rename';
import { conversationDelete } from './actions/conversation-delete';
import { conversationClear } from './actions/conversation-clear';
import { messageList } from './actions/message-list';
import { chatSend } from './actions/chat-send';
import { chatPoll } from './actions/chat-poll';
import { chatCancel } from './actions/chat-cancel';
import { messageFeedback } from './actions/message-feedback';
import { audioTranscribe } from './actions/audio-transcribe';
import { audioSpeech } from './actions/audio-speech';
import { chatTicket } from './actions/chat-ticket';

const HANDLERS: { [A in ActionName]: ActionHandler<A> } = {
  'bot.info': botInfo,
  'conversation.create': conversationCreate,
  'conversation.list': conversationList,
  'conversation.rename': conversationRename,
  'conversation.delete': conversationDelete,
  'conversation.clear': conversationClear,
  'message.list': messageList,
  'chat.send': chatSend,
  'chat.poll': chatPoll,
  'chat.cancel': chatCancel,
  'message.feedback': messageFeedback,
  'audio.transcribe': audioTranscribe,
  'audio.speech': audioSpeech,
  'chat.ticket': chatTicket,
};

function actionOf(event: Params): ActionName {
  const action = Object.prototype.hasOwnProperty.call(event, 'action') ? event.action : undefined;
  const found = ACTION_NAMES.find((name) => name === action);
  if (!found) throw badRequest(`action 必须是 ${ACTION_NAMES.join(', ')} 之一`);
  return found;
}

/** This invocation's deadline: made once here and passed down to every Coze request and WeChat call it makes. */
function deadlineOf(runtime: Runtime, startedAt: number, context: unknown): Deadline {
  return new Deadline(startedAt + callBudgetMs(runtime.config.deadlineMs, context));
}

/** The cloud function entry: always resolves to the Result envelope of protocol.ts. */
export async function main(event: unknown, context?: unknown): Promise<Result<unknown>> {
  // Identity FIRST and synchronously: the local dev server switches process.env.WX_OPENID between calls.
  const openid = readOpenid();
  const startedAt = Date.now();
  let action = '-';
  try {
    const params: Params = event !== null && typeof event === 'object' && !Array.isArray(event) ? (event as Params) : {};
    // WeChat's message push of an image verdict (security.mediaCheckAsync), routed to this function.
    const push = verdictOfPush(params);
    if (push) {
      action = 'wxa_media_check';
      const runtime = getRuntime();
      await onImageVerdict(runtime, push.traceId, push.verdict, deadlineOf(runtime, startedAt, context));
      return { ok: true, data: {} };
    }
    // DESIGN §4: with no openid every event answers UNAUTHENTICATED, whatever its action (even an unknown one).
    if (!openid) throw new AppError('UNAUTHENTICATED', 'no OPENID in the WeChat context: call through wx.cloud.callFunction (or set WX_CONTEXT_KEYS/WX_OPENID locally)');
    const name = actionOf(params);
    action = name;
    const runtime = getRuntime();
    const handler = HANDLERS[name] as ActionHandler<ActionName>;
    const ctx = { openid, startedAt, deadline: deadlineOf(runtime, startedAt, context), runtime };
    // chat.send counts in its own (message) bucket after validating the text; every other action here can reach Coze.
    if (name !== 'chat.send') await runtime.limiter.admitCall(ctx);
    const data = await handler(ctx, params);
    return { ok: true, data };
  } catch (caught) {
    return failureEnvelope(caught, action, openid, startedAt);
  }
}

export { localStreams, localFiles };
/** The HTTP function's request handler, also exported here so the local dev server shares this bundle's channel. */
export { handleHttp } from './http-handler';
