/** The chat status machine: the legal transitions, listed once, so the controller and its tests share them. */
import type { ChatStatus } from './chat-types';

/**
 * Legal transitions. ready → submitted (send); submitted → streaming (first live text); submitted → ready
 * (the final result came before any live text, or stop); streaming → ready (finish or stop);
 * submitted | streaming → error (failure); error → submitted (retry or a new send); error → ready (dismiss).
 */
export const CHAT_TRANSITIONS: Readonly<Record<ChatStatus, readonly ChatStatus[]>> = {
  ready: ['submitted'],
  submitted: ['streaming', 'ready', 'error'],
  streaming: ['ready', 'error'],
  error: ['submitted', 'ready'],
};

/** Every chat status, for table tests and validation. */
export const CHAT_STATUSES: readonly ChatStatus[] = ['ready', 'submitted', 'streaming', 'error'];

/** Whether the machine may move from `from` to `to`; a no-op (same status) is always allowed. */
export function canTransition(from: ChatStatus, to: ChatStatus): boolean {
  return from === to || CHAT_TRANSITIONS[from].includes(to);
}

/** Whether a reply is being generated, i.e. the composer shows stop instead of send. */
export function isGenerating(status: ChatStatus): boolean {
  return status === 'submitted' || status === 'streaming';
}
