/** @jest-environment jsdom */
/** chat-bubble: the "context cleared" divider and like / unlike. */
import type { ChatMessage } from '../../../miniprogram/core/chat-types';
import { tokenize } from '../../../miniprogram/core/markdown';
import { toViewMessage } from '../../../miniprogram/services/view-model';
import { load, mount, textOf, until } from '../helpers/simulate';

const base: ChatMessage = { id: 'm1', role: 'assistant', text: '答案', status: 'complete', error: null, followUps: [], chatId: 'c' };
const view = (over: Partial<ChatMessage>) => {
  const m = { ...base, ...over };
  return toViewMessage(m, tokenize(m.text));
};

describe('chat-bubble extras', () => {
  let id: string;
  beforeAll(() => {
    id = load('components/chat-bubble/chat-bubble', 'chat-bubble');
  });

  it('renders a system message as a divider with its text, no bubble and no actions', () => {
    const comp = mount(id, { message: view({ id: 'd', role: 'system', text: '上下文已清除' }) });
    expect(textOf(comp.querySelector('.divider'))).toBe('上下文已清除');
    expect(comp.querySelector('.bubble')).toBeUndefined();
    expect(comp.querySelector('.actions')).toBeUndefined();
  });

  it('shows like / unlike only on answers Coze knows, marks the chosen one, and emits feedback', async () => {
    expect(mount(id, { message: view({}) }).querySelector('.like')).toBeUndefined();
    const comp = mount(id, { message: view({ remoteId: 'r1', feedback: 'like' }) });
    expect(comp.querySelector('.like.rate-on') ?? comp.querySelector('.rate-on')).toBeTruthy();
    expect(comp.querySelector('.unlike')?.dom.className).not.toContain('rate-on');
    const events: unknown[] = [];
    comp.addEventListener('feedback', (e) => events.push(e.detail));
    comp.querySelector('.unlike')?.dispatchEvent('tap');
    comp.querySelector('.like')?.dispatchEvent('tap');
    await until(() => events.length === 2, 'feedback events');
    expect(events).toEqual([{ id: 'm1', choice: 'unlike' }, { id: 'm1', choice: 'like' }]);
  });
});
