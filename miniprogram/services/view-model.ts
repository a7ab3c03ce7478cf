/**
 * What a message looks like in the page's `data`: plain serialisable view state. User text stays text;
 * assistant text crosses only as markdown blocks (the full text stays in the controller, for copying).
 */
import type { ChatMessage, ChatRole, MessageStatus } from '../core/chat-types';
import type { MdBlock } from '../core/markdown';

/** The error part of a rendered message. */
export interface ViewError {
  message: string;
  retryable: boolean;
}

/** One rendered message, keyed by `id` in the list (`wx:key="id"`); a `system` message is the divider. */
export interface ViewMessage {
  id: string;
  role: ChatRole;
  status: MessageStatus;
  /** User messages only. */
  text?: string;
  /** Assistant messages only. */
  blocks?: MdBlock[];
  error: ViewError | null;
  followUps: string[];
  /** The chips are a chatflow question's options (styled as choices, not suggestions). */
  question?: boolean;
  /** Assistant answers Coze knows (they have a remote id): like / unlike can be sent. */
  canRate?: boolean;
  /** The current like / unlike; null = none. */
  feedback?: 'like' | 'unlike' | null;
}

/** Builds the view of a message from its model and its (already tokenised) blocks. */
export function toViewMessage(message: ChatMessage, blocks: MdBlock[]): ViewMessage {
  const view: ViewMessage = {
    id: message.id,
    role: message.role,
    status: message.status,
    error: message.error ? { message: message.error.message, retryable: message.error.retryable } : null,
    followUps: message.followUps,
  };
  if (message.role === 'assistant') {
    view.blocks = blocks;
    view.canRate = !!message.remoteId;
    view.feedback = message.feedback ?? null;
    if (message.question) view.question = true;
  } else {
    view.text = message.text;
  }
  return view;
}
