/** @jest-environment jsdom */
/** The thinking block and tool-step lines inside the real chat bubble (j-component), from the view model. */
import type { ChatMessage } from '../../../miniprogram/core/chat-types';
import { tokenize } from '../../../miniprogram/core/markdown';
import { toViewMessage } from '../../../miniprogram/services/view-model';
import { load, mount, simulate, textOf, type SimNode } from '../helpers/simulate';

const base: ChatMessage = { id: 'm1', role: 'assistant', text: '', status: 'streaming', error: null, followUps: [], chatId: 'c' };
const view = (over: Partial<ChatMessage>) => {
  const m = { ...base, ...over };
  return toViewMessage(m, tokenize(m.text));
};

describe('chat-thinking in chat-bubble', () => {
  let id: string;
  beforeAll(() => {
    id = load('components/chat-bubble/chat-bubble', 'chat-bubble');
  });
  /** A node inside the bubble's chat-thinking child. */
  const part = (comp: SimNode, selector: string): SimNode | undefined => comp.querySelector('#thinking-m1')?.querySelector(selector);

  it('is open with 思考中… while thinking, closes by itself with the duration when the answer starts, and opens on tap', async () => {
    const comp = mount(id, { message: view({ reasoning: '先想一想' }) });
    expect(textOf(part(comp, '.reasoning-label'))).toBe('思考中…');
    expect(textOf(part(comp, '.reasoning-body'))).toBe('先想一想');
    comp.setData({ message: view({ reasoning: '先想一想', text: '答案', thinkingMs: 3200 }) });
    expect(textOf(part(comp, '.reasoning-label'))).toBe('已深度思考（用时 3 秒）');
    expect(part(comp, '.reasoning-body')).toBeFalsy();
    part(comp, '.reasoning-head')?.dispatchEvent('tap');
    await simulate.sleep(0);
    expect(textOf(part(comp, '.reasoning-body'))).toBe('先想一想');
    comp.setData({ message: view({ reasoning: '先想一想', text: '答案更多', thinkingMs: 3200 }) });
    expect(part(comp, '.reasoning-body')).toBeTruthy();
  });

  it('history shows the reasoning closed, without a duration; a plain answer has no block', () => {
    const comp = mount(id, { message: view({ status: 'complete', text: '答', reasoning: '想过' }) });
    expect(textOf(part(comp, '.reasoning-label'))).toBe('已深度思考');
    expect(part(comp, '.reasoning-body')).toBeFalsy();
    expect(part(mount(id, { message: view({ status: 'complete', text: '答' }) }), '.reasoning')).toBeFalsy();
  });

  it('shows one line per tool step, by name only', () => {
    const comp = mount(id, { message: view({ steps: [{ name: '天气查询', done: true }, { name: '搜索', done: false }] }) });
    const lines = (comp.querySelector('#thinking-m1')?.querySelectorAll('.step-label') ?? []).map((node) => textOf(node));
    expect(lines).toEqual(['已调用 天气查询', '正在调用 搜索…']);
  });
});
