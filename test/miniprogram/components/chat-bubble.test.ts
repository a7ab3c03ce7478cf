/** @jest-environment jsdom */
import type { ChatMessage } from '../../../miniprogram/core/chat-types';
import { tokenize } from '../../../miniprogram/core/markdown';
import { toViewMessage } from '../../../miniprogram/services/view-model';
import { load, mount, simulate, textOf } from '../helpers/simulate';

const base: ChatMessage = { id: 'm1', role: 'assistant', text: '', status: 'complete', error: null, followUps: [], chatId: 'c' };
const view = (over: Partial<ChatMessage>) => {
  const m = { ...base, ...over };
  return toViewMessage(m, tokenize(m.text));
};

describe('chat-bubble', () => {
  let id: string;
  beforeAll(() => {
    id = load('components/chat-bubble/chat-bubble', 'chat-bubble');
  });

  function record(comp: ReturnType<typeof mount>) {
    const events: Array<[string, unknown]> = [];
    for (const name of ['retry', 'copy', 'regenerate', 'follow-up', 'link-tap', 'copy-code']) comp.addEventListener(name, (e) => events.push([name, e.detail]));
    return events;
  }

  it('shows a user message as plain text', () => {
    const comp = mount(id, { message: view({ role: 'user', text: '**不是markdown**' }) });
    expect(textOf(comp.querySelector('.user-text'))).toBe('**不是markdown**');
  });

  it('shows a thinking indicator while pending and a cursor while streaming', () => {
    expect(mount(id, { message: view({ status: 'pending' }) }).querySelector('.thinking')).toBeTruthy();
    const streaming = mount(id, { message: view({ status: 'streaming', text: '正在' }) });
    expect(textOf(streaming.querySelector('.bubble'))).toContain('正在');
  });

  it('marks a stopped answer 已停止 and keeps its text', () => {
    const comp = mount(id, { message: view({ status: 'stopped', text: '一半' }) });
    expect(textOf(comp.querySelector('.stopped'))).toBe('已停止生成');
    expect(textOf(comp.querySelector('.bubble'))).toContain('一半');
  });

  it('shows the error inside the message with a retry that emits the message id', async () => {
    const comp = mount(id, { message: view({ status: 'error', error: { code: 'RATE_LIMITED', message: '发送太频繁，请稍后再试', retryable: true, beforeCoze: true } }) });
    const events = record(comp);
    expect(textOf(comp.querySelector('.error-text'))).toBe('发送太频繁，请稍后再试');
    comp.querySelector('.retry')?.dispatchEvent('tap');
    await simulate.sleep(0);
    expect(events).toEqual([['retry', { id: 'm1' }]]);
  });

  it('offers copy (button and long-press), regenerate on the last answer, and follow-up chips', async () => {
    const comp = mount(id, { message: view({ text: '答案', followUps: ['追问一', '追问二'] }), isLast: true });
    const events = record(comp);
    expect(comp.querySelectorAll('.follow-up').map(textOf)).toEqual(['追问一', '追问二']);
    comp.querySelector('.copy')?.dispatchEvent('tap');
    comp.querySelector('.bubble')?.dispatchEvent('longpress');
    comp.querySelector('.regenerate')?.dispatchEvent('tap');
    comp.querySelectorAll('.follow-up')[1].dispatchEvent('tap');
    await simulate.sleep(0);
    expect(events).toEqual([
      ['copy', { id: 'm1' }],
      ['copy', { id: 'm1' }],
      ['regenerate', { id: 'm1' }],
      ['follow-up', { text: '追问二' }],
    ]);
  });

  it('shows follow-ups and regenerate only under the last answer', () => {
    const comp = mount(id, { message: view({ text: '旧答案', followUps: ['追问'] }), isLast: false });
    expect(comp.querySelector('.follow-up')).toBeUndefined();
    expect(comp.querySelector('.regenerate')).toBeUndefined();
  });

  it('re-emits markdown taps from its markdown-view', async () => {
    const comp = mount(id, { message: view({ text: '[链接](https://a.cn)\n\n```\nx\n```' }) });
    const events = record(comp);
    comp.querySelector('#md-m1')?.querySelector('.a')?.dispatchEvent('tap');
    comp.querySelector('#md-m1')?.querySelector('.code-copy')?.dispatchEvent('tap');
    await simulate.sleep(0);
    expect(events).toEqual([
      ['link-tap', { href: 'https://a.cn' }],
      ['copy-code', { code: 'x' }],
    ]);
  });
});
