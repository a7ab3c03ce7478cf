import { REQUIRES_ACTION_MESSAGE, applyEvent } from '../../../miniprogram/core/apply-event';
import type { ChatMessage } from '../../../miniprogram/core/chat-types';
import { chatResult } from '../helpers/scripted-transport';

const pending: ChatMessage = { id: 'a', role: 'assistant', text: '', status: 'pending', error: null, followUps: [], chatId: '' };

describe('applyEvent', () => {
  it('live text makes the message stream and never goes backwards', () => {
    const m = applyEvent(pending, { type: 'progress', text: 'abc', chatId: 'c1' });
    expect(m).toMatchObject({ status: 'streaming', text: 'abc', chatId: 'c1' });
    expect(applyEvent(m, { type: 'progress', text: 'ab', chatId: 'c1' })).toBe(m);
  });

  it.each([
    ['completed', 'complete'],
    ['canceled', 'stopped'],
    ['failed', 'error'],
    ['requires_action', 'error'],
    ['detached', 'streaming'],
  ] as const)('result %s → message %s; the final text replaces the live text', (wire, status) => {
    const live = applyEvent(pending, { type: 'progress', text: 'li', chatId: 'c' });
    const m = applyEvent(live, { type: 'result', result: chatResult({ status: wire, text: 'final', followUps: ['f'] }) });
    expect(m.status).toBe(status);
    expect(m.text).toBe('final');
    expect(m.followUps).toEqual(['f']);
  });

  it('carries the envelope error into the message; requires_action gets its own copy', () => {
    const failed = applyEvent(pending, { type: 'result', result: chatResult({ status: 'failed', error: { code: 'CONTENT_BLOCKED', message: '内容不合规' } }) });
    expect(failed.error).toMatchObject({ code: 'CONTENT_BLOCKED', message: '内容不合规', retryable: true });
    expect(applyEvent(pending, { type: 'result', result: chatResult({ status: 'requires_action' }) }).error?.message).toBe(REQUIRES_ACTION_MESSAGE);
  });

  it('drops the live text when the answer is judged risky (CONTENT_BLOCKED), by the call or by the result', () => {
    const live = applyEvent(pending, { type: 'progress', text: 'unchecked live text', chatId: 'c' });
    const byCall = applyEvent(live, { type: 'failure', error: { code: 'CONTENT_BLOCKED', message: '回答内容未通过安全审核，已隐藏', retryable: false }, beforeCoze: false });
    expect(byCall).toMatchObject({ status: 'error', text: '' });
    const byResult = applyEvent(live, { type: 'result', result: chatResult({ status: 'failed', error: { code: 'CONTENT_BLOCKED', message: '已隐藏' } }) });
    expect(byResult).toMatchObject({ status: 'error', text: '' });
    const dropped = applyEvent(live, { type: 'failure', error: { code: 'UPSTREAM', message: '网络开小差了', retryable: true }, beforeCoze: false });
    expect(dropped.text).toBe('unchecked live text');
  });

  it('ignores every event after a final status (a stopped answer stays as it was)', () => {
    const stopped = applyEvent({ ...pending, text: 'part', status: 'streaming' }, { type: 'stop' });
    expect(stopped.status).toBe('stopped');
    expect(applyEvent(stopped, { type: 'result', result: chatResult({ text: 'part and more' }) })).toBe(stopped);
    expect(applyEvent(stopped, { type: 'progress', text: 'part and', chatId: 'c' })).toBe(stopped);
  });

  it("a chatflow question's options become the message's chips, marked as a question; without options the suggestions stay", () => {
    const asked = applyEvent(pending, { type: 'result', result: chatResult({ text: '选哪个？', followUps: ['建议'], question: { text: '选哪个？', options: ['甲', '乙'] } }) });
    expect(asked).toMatchObject({ status: 'complete', text: '选哪个？', followUps: ['甲', '乙'], question: true });
    const typed = applyEvent(pending, { type: 'result', result: chatResult({ text: '请输入地址', followUps: ['建议'], question: { text: '请输入地址', options: [] } }) });
    expect(typed).toMatchObject({ status: 'complete', followUps: ['建议'], question: true });
    expect(applyEvent(pending, { type: 'result', result: chatResult({ text: '普通回答', followUps: ['建议'] }) })).not.toHaveProperty('question');
  });
});

describe('applyEvent: thinking and tool steps', () => {
  it('reasoning streams before the text; the thinking time runs from the first reasoning to the first answer text', () => {
    let m = applyEvent(pending, { type: 'progress', text: '', chatId: 'c', reasoning: '想', at: 1000 });
    expect(m).toMatchObject({ status: 'streaming', text: '', reasoning: '想', thinkingSince: 1000 });
    m = applyEvent(m, { type: 'progress', text: '', chatId: 'c', reasoning: '想一想', at: 2500 });
    expect(m).toMatchObject({ reasoning: '想一想', thinkingSince: 1000 });
    m = applyEvent(m, { type: 'progress', text: '答', chatId: 'c', reasoning: '想一想', at: 13_400 });
    expect(m.thinkingMs).toBe(12_400);
    expect(m.thinkingSince).toBeUndefined();
    const done = applyEvent(m, { type: 'result', result: chatResult({ text: '答案', answer: { id: 'x', role: 'assistant', type: 'answer', content: '答案', contentType: 'text', createdAt: 1, reasoning: '想一想。' } }), at: 20_000 });
    expect(done).toMatchObject({ status: 'complete', text: '答案', reasoning: '想一想。', thinkingMs: 12_400 });
  });

  it('steps-only progress updates the steps in order; the result carries the final steps', () => {
    let m = applyEvent(pending, { type: 'progress', text: '', chatId: 'c', steps: [{ name: '天气查询', done: false }] });
    expect(m.steps).toEqual([{ name: '天气查询', done: false }]);
    m = applyEvent(m, { type: 'progress', text: '', chatId: 'c', steps: [{ name: '天气查询', done: true }] });
    expect(m.steps).toEqual([{ name: '天气查询', done: true }]);
    const done = applyEvent(m, { type: 'result', result: chatResult({ text: 'a', steps: [{ name: '天气查询', done: true }, { name: '搜索', done: true }] }) });
    expect(done.steps?.map((s) => s.name)).toEqual(['天气查询', '搜索']);
  });

  it('a blocked answer loses its live reasoning with its text', () => {
    const live = applyEvent(pending, { type: 'progress', text: 'x', chatId: 'c', reasoning: 'risky thought' });
    const failed = applyEvent(live, { type: 'failure', error: { code: 'CONTENT_BLOCKED', message: 'm', retryable: false }, beforeCoze: false });
    expect(failed.text).toBe('');
    expect(failed.reasoning).toBeUndefined();
    const result = applyEvent(live, { type: 'result', result: chatResult({ status: 'failed', error: { code: 'CONTENT_BLOCKED', message: 'm' } }) });
    expect(result.reasoning).toBeUndefined();
  });
});
