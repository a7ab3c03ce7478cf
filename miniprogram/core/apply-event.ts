/**
 * The event reducer: how one event of a chat turn changes the assistant message. Pure, so every rule
 * (live text, the authoritative final result, stop, errors) is tested without a view or a network.
 */
import type { ApiError, ChatResult, ToolStep } from '../shared/protocol';
import type { ChatMessage } from './chat-types';

/** Everything that can happen to the assistant message of a running turn. */
export type ChatEvent =
  | { type: 'progress'; text: string; chatId: string; reasoning?: string; steps?: ToolStep[]; at?: number }
  | { type: 'result'; result: ChatResult; at?: number }
  | { type: 'failure'; error: ApiError; beforeCoze: boolean; restored?: boolean }
  | { type: 'stop' };

/** Shown when Coze asks for a client-side action (a plugin confirmation) that this app cannot perform. */
export const REQUIRES_ACTION_MESSAGE = '该回答需要确认插件操作，小程序中暂不支持，请换个问法';

/** Applies one event; events after the message reached a final status are ignored. */
export function applyEvent(message: ChatMessage, event: ChatEvent): ChatMessage {
  if (message.status === 'complete' || message.status === 'stopped' || message.status === 'error') return message;
  switch (event.type) {
    case 'progress': {
      const stale = event.text.length < message.text.length && message.text.startsWith(event.text);
      const reasoning = event.reasoning && event.reasoning.length > (message.reasoning ?? '').length ? event.reasoning : undefined;
      const steps = event.steps && (event.steps.length > (message.steps ?? []).length || event.steps.some((s, i) => s.done !== message.steps?.[i]?.done)) ? event.steps : undefined;
      if (stale && !reasoning && !steps) return message;
      const next: ChatMessage = { ...message, chatId: event.chatId || message.chatId, status: 'streaming' };
      if (!stale) next.text = event.text;
      if (reasoning) next.reasoning = reasoning;
      if (steps) next.steps = steps;
      return timeThinking(next, event.at);
    }
    case 'stop':
      return { ...message, status: 'stopped' };
    case 'failure': {
      const blocked = event.error.code === 'CONTENT_BLOCKED';
      const failed: ChatMessage = {
        ...message,
        // Text judged risky must not stay on screen: the live (unchecked) text and reasoning go with the verdict.
        text: blocked ? '' : message.text,
        status: 'error',
        error: event.restored ? { ...event.error, beforeCoze: event.beforeCoze, restored: true } : { ...event.error, beforeCoze: event.beforeCoze },
      };
      if (blocked) delete failed.reasoning;
      return failed;
    }
    case 'result':
      return timeThinking(fromResult(message, event.result), event.at);
  }
}

/** Starts the thinking clock at the first reasoning and stops it at the first answer text. */
function timeThinking(message: ChatMessage, at: number | undefined): ChatMessage {
  if (at === undefined || !message.reasoning || message.thinkingMs !== undefined) return message;
  if (message.thinkingSince === undefined) return message.text ? message : { ...message, thinkingSince: at };
  if (!message.text) return message;
  const { thinkingSince, ...rest } = message;
  return { ...rest, thinkingMs: at - thinkingSince };
}

function fromResult(message: ChatMessage, result: ChatResult): ChatMessage {
  const blocked = result.error?.code === 'CONTENT_BLOCKED';
  const text = result.answer ? result.answer.content : blocked ? '' : message.text;
  // A chatflow question's options take the follow-up chips' place: tapping one sends it, which resumes the flow.
  const options = result.question?.options ?? [];
  const base: ChatMessage = { ...message, text, chatId: result.chatId || message.chatId, followUps: options.length > 0 ? options : result.followUps };
  if (result.question) base.question = true;
  if (result.answer && result.answer.id) base.remoteId = result.answer.id;
  // The result's reasoning is the checked one; a blocked answer loses its reasoning with its text.
  const reasoning = result.answer ? result.answer.reasoning : blocked ? undefined : message.reasoning;
  if (reasoning) base.reasoning = reasoning;
  else delete base.reasoning;
  if (result.steps && result.steps.length) base.steps = result.steps;
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
