/** The recovery rules both clients (chat controller, terminal chat) follow after chat.send. */
import { afterSend, followChat, NETWORK_ERROR, POLL_TIMEOUT_ERROR } from '../../../miniprogram/core/chat-recovery';
import type { ChatResult, Result } from '../../../miniprogram/shared/protocol';

const chat = (status: ChatResult['status'], text = ''): ChatResult => ({
  conversationId: 'c1',
  chatId: 'h1',
  status,
  answer: text ? { id: 'm1', role: 'assistant', type: 'answer', content: text, contentType: 'text', createdAt: 0 } : null,
  followUps: [],
});
const dropped: Result<ChatResult> = { ok: false, error: { code: 'UPSTREAM', message: '网络开小差了', retryable: true } };

describe('afterSend', () => {
  it('is done with a final result and follows a detached one', () => {
    expect(afterSend({ ok: true, data: chat('completed') }, {})).toEqual({ kind: 'done', result: chat('completed') });
    expect(afterSend({ ok: true, data: chat('detached') }, {})).toEqual({ kind: 'follow', conversationId: 'c1', chatId: 'h1' });
  });

  it('follows a retryable failure once the live text named the chat, and fails otherwise', () => {
    expect(afterSend(dropped, { conversationId: 'c9', chatId: 'h9' })).toEqual({ kind: 'follow', conversationId: 'c9', chatId: 'h9' });
    expect(afterSend(dropped, { conversationId: 'c9', chatId: '' })).toEqual({ kind: 'fail', error: dropped.ok ? undefined : dropped.error });
    const refused: Result<ChatResult> = { ok: false, error: { code: 'COZE_AUTH', message: '鉴权失败', retryable: false } };
    expect(afterSend(refused, { conversationId: 'c9', chatId: 'h9' }).kind).toBe('fail');
  });
});

describe('followChat', () => {
  const now = (): Promise<void> => Promise.resolve();

  it('polls through lost calls until the chat is final, reporting each result', async () => {
    const answers: Array<Promise<Result<ChatResult>>> = [Promise.reject(new Error('offline')), Promise.resolve({ ok: true, data: chat('in_progress', 'ab') }), Promise.resolve({ ok: true, data: chat('completed', 'abc') })];
    const seen: string[] = [];
    const outcome = await followChat('c1', 'h1', { poll: () => answers.shift() as Promise<Result<ChatResult>>, sleep: now, stopped: () => false, onResult: (r) => seen.push(r.answer?.content ?? '') });
    expect(outcome).toEqual({ kind: 'final', result: chat('completed', 'abc') });
    expect(seen).toEqual(['ab', 'abc']);
  });

  it('ends on a non-retryable error, a stop, or the budget', async () => {
    const notFound: Result<ChatResult> = { ok: false, error: { code: 'NOT_FOUND', message: '不存在', retryable: false } };
    expect(await followChat('c1', 'h1', { poll: async () => notFound, sleep: now, stopped: () => false, onResult: () => undefined })).toEqual({ kind: 'failed', error: notFound.ok ? undefined : notFound.error });
    expect(await followChat('c1', 'h1', { poll: async () => ({ ok: true, data: chat('in_progress') }), sleep: now, stopped: () => true, onResult: () => undefined })).toEqual({ kind: 'stopped' });
    let polls = 0;
    const outcome = await followChat('c1', 'h1', { poll: async () => (polls++, { ok: false, error: NETWORK_ERROR }), sleep: now, stopped: () => false, onResult: () => undefined, budget: 3 });
    expect(outcome).toEqual({ kind: 'failed', error: POLL_TIMEOUT_ERROR });
    expect(polls).toBe(3);
  });
});
