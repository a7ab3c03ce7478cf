/**
 * The chat's own model: what the controller owns and the view renders. Kept apart from the wire types in
 * shared/protocol.ts so the view never depends on Coze's field names.
 */
import type { Attachment, BotInfo, ErrorAction, ErrorCode, Feedback, ToolStep } from '../shared/protocol';
import type { ChatPart } from './attachments';

/** Status of the whole chat (vercel/ai's vocabulary); transitions are listed once in chat-status.ts. */
export type ChatStatus = 'ready' | 'submitted' | 'streaming' | 'error';

/** Render status of one message (TDesign's vocabulary, with `stopped` for a reply the user cut short). */
export type MessageStatus = 'pending' | 'streaming' | 'complete' | 'stopped' | 'error';

/** Who wrote a message; `system` is a notice in the list (the "context cleared" divider), never sent to Coze. */
export type ChatRole = 'user' | 'assistant' | 'system';

/** An error shown inside a message: `message` is the envelope's Chinese text, safe for users. */
export interface MessageError {
  code: ErrorCode;
  message: string;
  retryable: boolean;
  /** True when the send never reached Coze (nothing was generated), so the text can go back to the composer. */
  beforeCoze: boolean;
  /** What the bubble offers besides a retry (`clear-context`: Coze 4010, the conversation is too long). */
  action?: ErrorAction;
  /** The text was put back into the composer (so the bubble offers no 重试: one way to send it again). */
  restored?: boolean;
}

/** One message as the controller holds it; plain data only (it is snapshotted and serialised). */
export interface ChatMessage {
  /** Client id for optimistic messages, Coze's id once history is loaded. */
  id: string;
  role: ChatRole;
  text: string;
  status: MessageStatus;
  error: MessageError | null;
  /** Coze follow-up suggestions, shown as chips under the last answer. */
  followUps: string[];
  /** True when a chatflow stopped at a question node here: `followUps` then holds its options, and the reply resumes the flow. */
  question?: boolean;
  /** Coze chat id of the turn that produced an assistant message, once known (needed to cancel or poll). */
  chatId: string;
  /** Coze's id of an answer (history id, or the final result's answer id): what `message.feedback` needs. */
  remoteId?: string;
  /** The user's like / unlike of an answer; absent or null = none. */
  feedback?: Feedback;
  /** A deep-thinking model's reasoning, shown apart from the answer (absent = the model did not think aloud). */
  reasoning?: string;
  /** When the reasoning started arriving (clock ms), until the answer text starts. */
  thinkingSince?: number;
  /** How long the model thought (first reasoning to first answer text), once known; absent for history. */
  thinkingMs?: number;
  /** The plugin / workflow calls of the turn, in order. */
  steps?: ToolStep[];
  /** Images and files of a user message, shown in its bubble. */
  parts?: ChatPart[];
  /** What chat.send got with this (user) message, so a retry sends the same attachments. */
  attachments?: Attachment[];
}

/** Whether older history can be loaded: `more` shows the loader at the top, `end` the start of the conversation. */
export type HistoryStatus = 'none' | 'more' | 'loading' | 'end';

/**
 * The state seam between the framework-free controller and a view (vercel/ai's ChatState). The page
 * implements it with setData (services/setdata-chat-state.ts); tests implement it by recording snapshots.
 */
export interface ChatState {
  readonly status: ChatStatus;
  readonly messages: readonly ChatMessage[];
  setStatus(status: ChatStatus): void;
  /** Replaces the whole conversation (history load, conversation switch). */
  setMessages(messages: ChatMessage[]): void;
  pushMessage(message: ChatMessage): void;
  replaceMessage(index: number, message: ChatMessage): void;
  /** Bot name, avatar, prologue and suggested questions for the empty conversation. */
  setBot(bot: BotInfo | null): void;
  /** Gives a failed text back to the composer; false when the view kept the composer's own text instead. */
  restoreDraft(text: string): boolean;
  /** Puts older history above the current messages (scrolling up); the view keeps the reader's place. */
  prependMessages(messages: ChatMessage[]): void;
  /** Whether the top of the list shows "load older", a loader, or the start of the conversation. */
  setHistory(history: HistoryStatus): void;
}
