/**
 * The `coze` cloud function: event → action → envelope. `main` never throws; every failure becomes
 * `{ ok: false, error }` with a Chinese message, and the developer detail goes to the redacting log.
 */
import { ACTION_NAMES, ActionName, Result } from '../../../miniprogram/shared/protocol';
import { AppError, badRequest, toAppError } from './errors';
import { readOpenid } from './identity';
import { log, userTag, withoutOpenid } from './log';
import { getRuntime, localFiles, localStreams } from './runtime';
import { callBudgetMs } from './call-budget';
import { runInScope } from './call-scope';
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
};

function actionOf(event: Params): ActionName {
  const action = Object.prototype.hasOwnProperty.call(event, 'action') ? event.action : undefined;
  const found = ACTION_NAMES.find((name) => name === action);
  if (!found) throw badRequest(`action 必须是 ${ACTION_NAMES.join(', ')} 之一`);
  return found;
}

/** The cloud function entry: always resolves to the Result envelope of protocol.ts. */
export async function main(event: unknown, context?: unknown): Promise<Result<unknown>> {
  // Identity FIRST and synchronously: the local dev server switches process.env.WX_OPENID between calls.
  const openid = readOpenid();
  const startedAt = Date.now();
  let action = '-';
  try {
    const params: Params = event !== null && typeof event === 'object' && !Array.isArray(event) ? (event as Params) : {};
    // DESIGN §4: with no openid every event answers UNAUTHENTICATED, whatever its action (even an unknown one).
    if (!openid) throw new AppError('UNAUTHENTICATED', 'no OPENID in the WeChat context: call through wx.cloud.callFunction (or set WX_CONTEXT_KEYS/WX_OPENID locally)');
    const name = actionOf(params);
    action = name;
    const runtime = getRuntime();
    const handler = HANDLERS[name] as ActionHandler<ActionName>;
    const deadlineAt = startedAt + callBudgetMs(runtime.config.deadlineMs, context);
    // chat.send counts in its own (message) bucket after validating the text; every other action here can reach Coze.
    if (name !== 'chat.send') await runtime.limiter.admitCall(openid);
    const data = await runInScope({ deadlineAt }, () => handler({ openid, startedAt, deadlineAt, runtime }, params));
    return { ok: true, data };
  } catch (caught) {
    const error = toAppError(caught);
    log.error('action.failed', {
      action,
      code: error.code,
      cozeCode: error.cozeCode,
      logid: error.logid === undefined ? undefined : withoutOpenid(error.logid, openid),
      user: openid ? userTag(openid) : undefined,
      detail: withoutOpenid(error.detail, openid),
      ms: Date.now() - startedAt,
    });
    return { ok: false, error: error.toApiError() };
  }
}

export { localFiles, localStreams };
