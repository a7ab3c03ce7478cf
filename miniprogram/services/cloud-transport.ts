/**
 * The chat transport over WeChat cloud: every action is one `wx.cloud.callFunction({ name: 'coze' })`
 * returning the envelope; live text comes from a stream-document watch started BEFORE `chat.send`.
 */
import { FUNCTION_NAME, type ActionEvent, type ActionName, type ActionResult, type Feedback } from '../shared/protocol';
import { NETWORK_ERROR } from '../core/chat-controller';
import type { ChatTransport, SendHandle, StreamProgress } from '../core/chat-transport';
import { makeStreamId, type RandomSource } from '../core/ids';
import type { CloudApi } from './cloud-api';
import { warnWatchError, watchStream } from './stream-watcher';

/** Shown when the function answered something that is not an envelope (usually an outdated deployment). */
export const BAD_ENVELOPE_MESSAGE = '服务返回异常，请确认云函数 coze 已重新部署';

function isEnvelope(value: unknown): boolean {
  return typeof value === 'object' && value !== null && typeof (value as { ok?: unknown }).ok === 'boolean';
}

/** ChatTransport implemented with `wx.cloud` (or anything shaped like it). */
export class CloudTransport implements ChatTransport {
  constructor(
    private readonly cloud: CloudApi,
    private readonly random: RandomSource = Math.random,
  ) {}

  /** Calls one action; network failures and non-envelope answers become error envelopes, never throws. */
  async call<A extends ActionName>(event: ActionEvent<A>): Promise<ActionResult<A>> {
    try {
      const res = await this.cloud.callFunction({ name: FUNCTION_NAME, data: event as unknown as Record<string, unknown> });
      if (!isEnvelope(res.result)) return { ok: false, error: { code: 'INTERNAL', message: BAD_ENVELOPE_MESSAGE, retryable: true } };
      return res.result as ActionResult<A>;
    } catch {
      return { ok: false, error: NETWORK_ERROR };
    }
  }

  send(params: { conversationId?: string; text: string }, onProgress: (p: StreamProgress) => void): SendHandle {
    const streamId = makeStreamId(this.random);
    const close = watchStream(this.cloud, streamId, onProgress, warnWatchError);
    const event: ActionEvent<'chat.send'> = { action: 'chat.send', text: params.text, streamId };
    if (params.conversationId) event.conversationId = params.conversationId;
    return { result: this.call(event), close };
  }

  poll(conversationId: string, chatId: string): Promise<ActionResult<'chat.poll'>> {
    return this.call({ action: 'chat.poll', conversationId, chatId });
  }

  cancel(conversationId: string, chatId: string): Promise<ActionResult<'chat.cancel'>> {
    return this.call({ action: 'chat.cancel', conversationId, chatId });
  }

  botInfo(): Promise<ActionResult<'bot.info'>> {
    // protocol.ts types bot.info's params as Record<string, never>, which `{ action }` cannot satisfy.
    return this.call({ action: 'bot.info' } as unknown as ActionEvent<'bot.info'>);
  }

  listMessages(conversationId: string, beforeId?: string): Promise<ActionResult<'message.list'>> {
    return this.call(beforeId ? { action: 'message.list', conversationId, beforeId } : { action: 'message.list', conversationId });
  }

  clearContext(conversationId: string): Promise<ActionResult<'conversation.clear'>> {
    return this.call({ action: 'conversation.clear', conversationId });
  }

  feedback(conversationId: string, messageId: string, feedback: Feedback): Promise<ActionResult<'message.feedback'>> {
    return this.call({ action: 'message.feedback', conversationId, messageId, feedback });
  }
}
