/**
 * The event reducer: how one event of a chat turn changes the assistant message. Pure, so every rule
 * (live text, the authoritative final result, stop, errors) is tested without a view or a network.
 */
import type { ApiError, ChatResult } from '../shared/protocol';
import type { ChatMessage } from './chat-types';

/** Everything that can happen to the assistant message of a running turn. */
export type ChatEvent =
  | { type: 'progress'; text: string; chatId: string }
  | { type: 'result'; result: ChatResult }
  | { type: 'failure'; error: ApiError; beforeCoze: boolean; restored?: boolean }
  | { type: 'stop' };

/** Shown when Coze asks for a client-side action (a plugin confirmation) that this app cannot perform. */
export const REQUIRES_ACTION_MESSAGE = '该回答需要确认插件操作，小程序中暂不支持，请换个问法';

/** Applies one event; events after the message reached a final status are ignored. */
export function applyEvent(message: ChatMessage, event: ChatEvent): ChatMessage {
  if (message.status === 'complete' || message.status === 'stopped' || message.status === 'error') return message;
  switch (event.type) {
    case 'progress':
      if (event.text.length < message.text.length && message.text.startsWith(event.text)) return message;
      return { ...message, text: event.text, chatId: event.chatId || message.chatId, status: 'streaming' };
    case 'stop':
      return { ...message, status: 'stopped' };
    case 'failure':
      return {
        ...message,
        // Text judged risky must not stay on screen: the live (unchecked) text goes with the verdict.
        text: event.error.code === 'CONTENT_BLOCKED' ? '' : message.text,
        status: 'error',
        error: event.restored ? { ...event.error, beforeCoze: event.beforeCoze, restored: true } : { ...event.error, beforeCoze: event.beforeCoze },
      };
    case 'result':
      return fromResult(message, event.result);
  }
}

function fromResult(message: ChatMessage, result: ChatResult): ChatMessage {
  const blocked = result.error?.code === 'CONTENT_BLOCKED';
  const text = result.answer ? result.answer.content : blocked ? '' : message.text;
  const base: ChatMessage = { ...message, text, chatId: result.chatId || message.chatId, followUps: result.followUps };
  if (result.answer && result.answer.id) base.remoteId = result.answer.id;
  switch (result.status) {
    case 'completed':
      return { ...base, status: 'complete' };
    case 'canceled':
      return { ...base, status: 'stopped' };
    case 'in_progress':
    case 'detached':
      return { ...base, status: text ? 'streaming' : message.status };
    case 'requires_action':
      return { ...base, status: 'error', error: { code: 'BAD_REQUEST', message: REQUIRES_ACTION_MESSAGE, retryable: true, beforeCoze: false } };
    case 'failed': {
      const e = result.error ?? { code: 'UPSTREAM' as const, message: '回答生成失败，请重试' };
      return { ...base, status: 'error', error: { code: e.code, message: e.message, retryable: true, beforeCoze: false } };
    }
  }
}
