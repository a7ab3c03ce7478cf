/**
 * How a client recovers a reply whose `chat.send` did not end it: the mini-program's chat controller and the
 * terminal chat (`npm start`) both follow these rules, so a dropped stream or a detached reply ends the same way
 * everywhere. Pure: the caller brings the poll call, the clock and the stop flag.
 */
import type { ApiError, ChatResult, Result } from '../shared/protocol';
import { FINAL_CHAT_STATUSES } from '../shared/protocol';

/** Interval between `chat.poll` calls after the function detached from a long answer. */
export const POLL_INTERVAL_MS = 1500;
/** How many polls a followed answer gets before the turn fails with a retry. */
export const POLL_BUDGET = 80;

/** Shown when the network or the call itself failed and no envelope came back. */
export const NETWORK_ERROR: ApiError = { code: 'UPSTREAM', message: '网络不稳定，请检查网络后重试', retryable: true };
/** Shown when a followed answer did not finish within the poll budget. */
export const POLL_TIMEOUT_ERROR: ApiError = { code: 'UPSTREAM', message: '回答时间过长，请稍后重试', retryable: true };

/** True when Coze will not change the chat any more. */
export function isFinal(result: ChatResult): boolean {
  return FINAL_CHAT_STATUSES.includes(result.status);
}

/** What to do once `chat.send` answered: show the result, follow the chat with polls, or fail. */
export type SendVerdict =
  | { kind: 'done'; result: ChatResult }
  | { kind: 'follow'; conversationId: string; chatId: string }
  | { kind: 'fail'; error: ApiError };

/**
 * Decides after `chat.send`. A final result is done; a detached one is followed. A retryable failure (the stream
 * dropped, the call was lost) after the live text already named the chat is followed too: the chat still runs
 * in Coze, so a resend would only get BUSY, and `chat.poll` recovers the whole answer.
 */
export function afterSend(res: Result<ChatResult>, known: { conversationId?: string | null; chatId?: string | null }): SendVerdict {
  if (res.ok) return isFinal(res.data) ? { kind: 'done', result: res.data } : { kind: 'follow', conversationId: res.data.conversationId, chatId: res.data.chatId };
  if (res.error.retryable && known.conversationId && known.chatId) return { kind: 'follow', conversationId: known.conversationId, chatId: known.chatId };
  return { kind: 'fail', error: res.error };
}

/** What following needs from the client. */
export interface FollowOptions {
  /** One `chat.poll`; a rejection counts as a network failure (retried). */
  poll(conversationId: string, chatId: string): Promise<Result<ChatResult>>;
  sleep(ms: number): Promise<void>;
  /** True once the user stopped the reply: following ends without another poll. */
  stopped(): boolean;
  /** Each polled result, final or not (its text is the whole answer so far). */
  onResult(result: ChatResult): void;
  intervalMs?: number;
  budget?: number;
}

/** How following ended. */
export type FollowOutcome = { kind: 'final'; result: ChatResult } | { kind: 'failed'; error: ApiError } | { kind: 'stopped' };

/** Polls every interval until the chat is final, a non-retryable error, a stop, or the budget runs out. */
export async function followChat(conversationId: string, chatId: string, options: FollowOptions): Promise<FollowOutcome> {
  const interval = options.intervalMs ?? POLL_INTERVAL_MS;
  const budget = options.budget ?? POLL_BUDGET;
  for (let polls = 0; polls < budget; polls++) {
    await options.sleep(interval);
    if (options.stopped()) return { kind: 'stopped' };
    const next = await options.poll(conversationId, chatId).catch((): Result<ChatResult> => ({ ok: false, error: NETWORK_ERROR }));
    if (options.stopped()) return { kind: 'stopped' };
    if (!next.ok) {
      if (next.error.retryable) continue;
      return { kind: 'failed', error: next.error };
    }
    options.onResult(next.data);
    if (isFinal(next.data)) return { kind: 'final', result: next.data };
  }
  return { kind: 'failed', error: POLL_TIMEOUT_ERROR };
}
