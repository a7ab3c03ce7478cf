/**
 * The HTTP path's stream channel (issue 21): chat.send's publisher writes each StreamDoc snapshot as one
 * Server-Sent Event on the HTTP response instead of a database document, so the database sees no stream writes.
 * A stop still travels through the shared channel (chat.cancel may run in another instance), and a closed
 * connection counts as a stop too.
 */
import { HTTP_EVENTS, type StreamDoc } from '../../../../miniprogram/shared/protocol';
import type { CancelChannel, StreamChannel } from './channel';
import type { Deadline } from '../deadline';

/** Writes raw text to the response; false once the response is gone. */
export type FrameSink = { write(text: string): boolean; readonly closed: boolean };

/** One SSE frame: an event name and its JSON data (one `data:` line; JSON never contains a raw newline). */
export function sseFrame(event: string, data: unknown): string {
  return `event:${event}\ndata:${JSON.stringify(data)}\n\n`;
}

/** StreamChannel over one HTTP response. */
export class SseStreamChannel implements StreamChannel, CancelChannel {
  constructor(private readonly sink: FrameSink, private readonly shared: CancelChannel) {}

  /** Nothing to claim: the single-use ticket already bound this stream to its openid. */
  async open(): Promise<void> {
    return undefined;
  }

  async write(doc: StreamDoc): Promise<void> {
    if (!this.sink.closed) this.sink.write(sseFrame(HTTP_EVENTS.doc, doc));
  }

  requestCancel(chatId: string, openid: string, deadline: Deadline): Promise<void> {
    return this.shared.requestCancel(chatId, openid, deadline);
  }

  async cancelRequested(chatId: string, openid: string, deadline: Deadline): Promise<boolean> {
    return this.sink.closed || this.shared.cancelRequested(chatId, openid, deadline);
  }
}
