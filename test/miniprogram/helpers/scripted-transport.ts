/** An in-memory ChatTransport the test drives by hand: it records calls and lets the test push progress and results. */
import type { ActionResult, ChatResult, Feedback } from '../../../miniprogram/shared/protocol';
import type { ChatTransport, SendHandle, StreamProgress } from '../../../miniprogram/core/chat-transport';

/** One send the controller made, with the controls to answer it. */
export interface PendingSend {
  params: Parameters<ChatTransport['send']>[0];
  progress(p: Partial<StreamProgress> & { text: string }): void;
  resolve(result: ActionResult<'chat.send'>): void;
  /** Makes the call itself fail (callFunction rejected: network lost, function timeout). */
  reject(error: Error): void;
  closed: boolean;
}

/** A finished ChatResult with sensible defaults. */
export function chatResult(over: Partial<ChatResult> & { text?: string } = {}): ChatResult {
  const { text, ...rest } = over;
  return {
    conversationId: 'conv-1',
    chatId: 'chat-1',
    status: 'completed',
    answer: text === undefined ? null : { id: 'ans-1', role: 'assistant', type: 'answer', content: text, contentType: 'text', createdAt: 1 },
    followUps: [],
    ...rest,
  };
}

/** Records every call; polls are answered from a queue the test fills. */
export class ScriptedTransport implements ChatTransport {
  readonly sends: PendingSend[] = [];
  readonly cancels: Array<{ conversationId: string; chatId: string }> = [];
  readonly polls: Array<{ conversationId: string; chatId: string }> = [];
  pollAnswers: Array<ActionResult<'chat.poll'>> = [];
  history: ActionResult<'message.list'> = { ok: true, data: { messages: [], hasMore: false, firstId: '', lastId: '' } };
  /** Pages of older history, answered in order to calls with a `beforeId`. */
  olderPages: Array<ActionResult<'message.list'>> = [];
  readonly listCalls: Array<{ conversationId: string; beforeId?: string }> = [];
  readonly clears: string[] = [];
  clearAnswer: ActionResult<'conversation.clear'> = { ok: true, data: { sectionId: 'section-2' } };
  readonly feedbacks: Array<{ conversationId: string; messageId: string; feedback: Feedback }> = [];
  feedbackAnswer: ActionResult<'message.feedback'> = { ok: true, data: {} };

  send(params: Parameters<ChatTransport['send']>[0], onProgress: (p: StreamProgress) => void): SendHandle {
    let resolve!: (r: ActionResult<'chat.send'>) => void;
    let reject!: (e: Error) => void;
    const result = new Promise<ActionResult<'chat.send'>>((ok, fail) => {
      resolve = ok;
      reject = fail;
    });
    const pending: PendingSend = {
      params,
      closed: false,
      progress: (p) => {
        if (!pending.closed) onProgress({ seq: 1, status: 'in_progress', conversationId: 'conv-1', chatId: 'chat-1', ...p });
      },
      resolve,
      reject,
    };
    this.sends.push(pending);
    return { result, close: () => (pending.closed = true) };
  }
  async poll(conversationId: string, chatId: string): Promise<ActionResult<'chat.poll'>> {
    this.polls.push({ conversationId, chatId });
    const next = this.pollAnswers.shift();
    if (!next) throw new Error('ScriptedTransport: no poll answer queued; push one to pollAnswers in the test.');
    return next;
  }
  async cancel(conversationId: string, chatId: string): Promise<ActionResult<'chat.cancel'>> {
    this.cancels.push({ conversationId, chatId });
    return { ok: true, data: { status: 'canceled' } };
  }
  async botInfo(): Promise<ActionResult<'bot.info'>> {
    return { ok: true, data: { botId: 'b', name: '小助手', description: '', iconUrl: 'https://x/icon.png', prologue: '你好', suggestedQuestions: ['能做什么？'] } };
  }
  async listMessages(conversationId: string, beforeId?: string): Promise<ActionResult<'message.list'>> {
    this.listCalls.push(beforeId ? { conversationId, beforeId } : { conversationId });
    if (!beforeId) return this.history;
    const next = this.olderPages.shift();
    if (!next) throw new Error('ScriptedTransport: no older page queued; push one to olderPages in the test.');
    return next;
  }
  async clearContext(conversationId: string): Promise<ActionResult<'conversation.clear'>> {
    this.clears.push(conversationId);
    return this.clearAnswer;
  }
  async feedback(conversationId: string, messageId: string, feedback: Feedback): Promise<ActionResult<'message.feedback'>> {
    this.feedbacks.push({ conversationId, messageId, feedback });
    return this.feedbackAnswer;
  }
}

/** Lets pending promise callbacks run (several microtask turns). */
export async function flush(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}
