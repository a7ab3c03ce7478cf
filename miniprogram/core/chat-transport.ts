/**
 * What the controller needs from the network, as an interface: the cloud transport implements it with
 * wx.cloud (services/cloud-transport.ts); tests implement it in memory or over the real cloud function.
 */
import type { ActionResult, ChatStatus as WireChatStatus } from '../shared/protocol';

/** One live snapshot of the answer: the whole text so far, never a delta. */
export interface StreamProgress {
  text: string;
  seq: number;
  status: WireChatStatus;
  conversationId: string;
  chatId: string;
}

/** A running `chat.send`: its final (authoritative) result, and a way to stop listening to live text. */
export interface SendHandle {
  result: Promise<ActionResult<'chat.send'>>;
  /** Stops the live-text watch; the result promise still settles. */
  close(): void;
}

/** The network as the chat controller sees it. */
export interface ChatTransport {
  /** Starts a chat turn; `onProgress` gets live text snapshots (in order, stale ones dropped). */
  send(params: { conversationId?: string; text: string }, onProgress: (progress: StreamProgress) => void): SendHandle;
  poll(conversationId: string, chatId: string): Promise<ActionResult<'chat.poll'>>;
  cancel(conversationId: string, chatId: string): Promise<ActionResult<'chat.cancel'>>;
  botInfo(): Promise<ActionResult<'bot.info'>>;
  listMessages(conversationId: string, beforeId?: string): Promise<ActionResult<'message.list'>>;
}
