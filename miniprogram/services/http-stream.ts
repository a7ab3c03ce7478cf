/**
 * One chat turn over the HTTP function `coze-http` (issue 21): a ticket from `chat.ticket` (callFunction, so
 * WeChat vouches for the openid), then `wx.cloud.callHTTPFunction` with chunked delivery. The chunks are SSE:
 * `doc` frames become live progress (the same StreamDoc snapshots the watch delivers), the `result` frame is
 * chat.send's final envelope. A stream that breaks before its result answers NETWORK_ERROR, which the controller
 * recovers with chat.poll once the live text named the chat.
 */
import { HTTP_EVENTS, HTTP_FUNCTION_NAME, HTTP_PATHS, type ActionEvent, type ActionResult, type HttpChatRequest } from '../shared/protocol';
import { NETWORK_ERROR } from '../core/chat-recovery';
import type { CallAction, StreamProgress } from '../core/chat-transport';
import { SseFrameReader, Utf8Stream } from '../core/sse-frames';
import type { CloudApi } from './cloud-api';
import { isStreamDoc, progressOf } from './stream-watcher';

/** Longer than the function's own deadline (CHAT_DEADLINE_MS 55 s by default): the function ends the stream first. */
export const HTTP_CHAT_TIMEOUT_MS = 70_000;

/** What the HTTP turn needs besides wx.cloud. */
export interface HttpTurn {
  call: CallAction;
  event: ActionEvent<'chat.send'>;
  streamId: string;
  onProgress(progress: StreamProgress): void;
  /** The HTTP function did not answer at all: forget that it was deployed. */
  onUnreachable(): void;
}

/** Runs the turn; resolves to chat.send's envelope, never rejects. */
export async function sendOverHttp(cloud: CloudApi, turn: HttpTurn): Promise<ActionResult<'chat.send'>> {
  const { event, streamId } = turn;
  const grant = await turn.call(event.conversationId ? { action: 'chat.ticket', streamId, conversationId: event.conversationId } : { action: 'chat.ticket', streamId });
  if (!grant.ok) return grant;
  const body: HttpChatRequest = { ticket: grant.data.ticket, text: event.text, streamId };
  if (event.conversationId) body.conversationId = event.conversationId;
  if (event.attachments && event.attachments.length) body.attachments = event.attachments;
  const utf8 = new Utf8Stream();
  const reader = new SseFrameReader();
  let lastSeq = -1;
  let heard = false;
  let result: ActionResult<'chat.send'> | undefined;
  const take = (text: string): void => {
    for (const frame of reader.push(text)) {
      let value: unknown;
      try {
        value = JSON.parse(frame.data);
      } catch {
        continue;
      }
      if (frame.event === HTTP_EVENTS.result) result = value as ActionResult<'chat.send'>;
      else if (frame.event === HTTP_EVENTS.doc && isStreamDoc(value) && value.seq > lastSeq) {
        lastSeq = value.seq;
        turn.onProgress(progressOf(value));
      }
    }
  };
  return new Promise((resolve) => {
    const end = (): void => resolve(result ?? { ok: false, error: NETWORK_ERROR });
    try {
      cloud.callHTTPFunction?.({
        name: HTTP_FUNCTION_NAME,
        path: HTTP_PATHS.chat,
        method: 'POST',
        header: { 'content-type': 'application/json' },
        data: body as unknown as Record<string, unknown>,
        timeout: HTTP_CHAT_TIMEOUT_MS,
        enableChunked: true,
        onChunkedReceived: (res) => {
          heard = true;
          take(utf8.push(new Uint8Array(res.data)));
        },
        success: (res) => {
          // Where the whole body comes in success instead of chunks (undocumented either way), read it here.
          if (!heard && typeof res.data === 'string') take(res.data.endsWith('\n\n') ? res.data : `${res.data}\n\n`);
          end();
        },
        fail: () => {
          if (!heard) turn.onUnreachable();
          end();
        },
      });
    } catch {
      turn.onUnreachable();
      end();
    }
  });
}
