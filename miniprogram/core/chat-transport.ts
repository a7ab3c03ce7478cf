/**
 * What the controller needs from the network, as an interface: the cloud transport implements it with
 * wx.cloud (services/cloud-transport.ts); tests implement it in memory or over the real cloud function.
 */
import type { ActionEvent, ActionName, ActionResult, Attachment, ChatStatus as WireChatStatus, Feedback, ToolStep } from '../shared/protocol';

/** One live snapshot of the answer: the whole text so far, never a delta. */
export interface StreamProgress {
  text: string;
  seq: number;
  status: WireChatStatus;
  conversationId: string;
  chatId: string;
  /** The reasoning so far (whole text), when the model thinks aloud. */
  reasoning?: string;
  /** Tool calls so far, in order. */
  steps?: ToolStep[];
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
  send(params: { conversationId?: string; text: string; attachments?: Attachment[] }, onProgress: (progress: StreamProgress) => void): SendHandle;
  poll(conversationId: string, chatId: string): Promise<ActionResult<'chat.poll'>>;
  cancel(conversationId: string, chatId: string): Promise<ActionResult<'chat.cancel'>>;
  botInfo(): Promise<ActionResult<'bot.info'>>;
  listMessages(conversationId: string, beforeId?: string): Promise<ActionResult<'message.list'>>;
  /** Starts a new context section (`conversation.clear`); earlier messages stay in the history. */
  clearContext(conversationId: string): Promise<ActionResult<'conversation.clear'>>;
  /** Likes, unlikes or clears the feedback of an answer (`message.feedback`). */
  feedback(conversationId: string, messageId: string, feedback: Feedback): Promise<ActionResult<'message.feedback'>>;
}

/** Calls any action and answers its envelope, never throwing: what the conversations page and voice input need. */
export type CallAction = <A extends ActionName>(event: ActionEvent<A>) => Promise<ActionResult<A>>;
