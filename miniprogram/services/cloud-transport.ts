/**
 * The chat transport over WeChat cloud: every action is one `wx.cloud.callFunction({ name: 'coze' })`
 * returning the envelope; live text comes from the HTTP function `coze-http` where it is deployed and reachable
 * (issue 21, services/http-stream.ts), else from a stream-document watch started BEFORE `chat.send`.
 */
import { FUNCTION_NAME, type ActionEvent, type ActionName, type ActionResult, type Feedback } from '../shared/protocol';
import { NETWORK_ERROR } from '../core/chat-recovery';
import type { ChatTransport, SendHandle, StreamProgress } from '../core/chat-transport';
import type { RandomSource } from '../core/ids';
import type { CloudApi } from './cloud-api';
import { insecureHex, randomHex } from './random-hex';
import { warnWatchError, watchStream } from './stream-watcher';
import { sendOverHttp } from './http-stream';
import { StreamPathChooser } from './stream-path';

/** Shown when the function answered something that is not an envelope (usually an outdated deployment). */
export const BAD_ENVELOPE_MESSAGE = '服务返回异常，请确认云函数 coze 已重新部署';

/** Random bytes in a stream id: 16 bytes = the 32 lowercase hex characters DESIGN.md section 5 requires. */
export const STREAM_ID_BYTES = 16;

/** Said once in the console when wx.getRandomValues fails and stream ids fall back to a guessable source. */
export const INSECURE_STREAM_ID_WARNING =
  'wx.getRandomValues failed, so stream ids fall back to Math.random, which is guessable (someone could claim a stream first and block its live text). In WeChat check the base library (2.15.0+); in a simulator or preview, give its wx shim getRandomValues. The error:';

let warnedInsecure = false;

function isEnvelope(value: unknown): boolean {
  return typeof value === 'object' && value !== null && typeof (value as { ok?: unknown }).ok === 'boolean';
}

/** ChatTransport implemented with `wx.cloud` (or anything shaped like it). */
export class CloudTransport implements ChatTransport {
  constructor(
    private readonly cloud: CloudApi,
    /** Used for stream ids only when wx.getRandomValues is missing (base library < 2.15.0) or fails. */
    private readonly random: RandomSource = Math.random,
    /** Picks the road of live text: HTTP where deployed, else the watch (remembered in storage). */
    private readonly paths: StreamPathChooser = new StreamPathChooser(cloud),
  ) {}

  /** Calls one action; network failures and non-envelope answers become error envelopes, never throws. */
  async call<A extends ActionName>(event: ActionEvent<A>): Promise<ActionResult<A>> {
    try {
      const res = await this.cloud.callFunction({ name: FUNCTION_NAME, data: event as unknown as Record<string, unknown> });
      if (!isEnvelope(res.result)) return { ok: false, error: { code: 'INTERNAL', message: BAD_ENVELOPE_MESSAGE, retryable: true } };
      const result = res.result as ActionResult<A>;
      // The developer half of an error (the user sees plain text, core/user-error.ts): the console, with the logid.
      if (!result.ok) console.warn(`[coze] ${event.action} failed: ${result.error.code} ${result.error.message}${result.error.logid ? ` (logid ${result.error.logid})` : ''}`);
      return result;
    } catch {
      return { ok: false, error: NETWORK_ERROR };
    }
  }

  /**
   * Makes an unguessable stream id (wx.getRandomValues; Math.random only where it is missing or fails, with a
   * warning), starts watching it, and only then calls `chat.send`.
   */
  send(params: Parameters<ChatTransport['send']>[0], onProgress: (p: StreamProgress) => void): SendHandle {
    let closed = false;
    let stopWatch: () => void = () => undefined;
    const event: ActionEvent<'chat.send'> = { action: 'chat.send', text: params.text };
    if (params.conversationId) event.conversationId = params.conversationId;
    if (params.attachments && params.attachments.length) event.attachments = params.attachments;
    const result = Promise.all([this.streamId(), this.paths.choose()]).then(([streamId, path]) => {
      if (path === 'http') {
        const live = (p: StreamProgress): void => (closed ? undefined : onProgress(p));
        return sendOverHttp(this.cloud, { call: (e) => this.call(e), event, streamId, onProgress: live, onUnreachable: () => this.paths.forget() });
      }
      if (!closed) stopWatch = watchStream(this.cloud, streamId, onProgress, warnWatchError);
      return this.call({ ...event, streamId });
    });
    const close = (): void => {
      closed = true;
      stopWatch();
    };
    return { result, close };
  }

  private streamId(): Promise<string> {
    return randomHex(STREAM_ID_BYTES, this.random).catch((error: unknown) => {
      if (!warnedInsecure) console.warn(INSECURE_STREAM_ID_WARNING, error instanceof Error ? error.message : String(error));
      warnedInsecure = true;
      return insecureHex(STREAM_ID_BYTES, this.random);
    });
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
