/** @jest-environment jsdom */
/** The speaker action of an answer: shown on finished answers Coze knows, its three states, and its event. */
import type { ChatMessage } from '../../../miniprogram/core/chat-types';
import { tokenize } from '../../../miniprogram/core/markdown';
import { toViewMessage } from '../../../miniprogram/services/view-model';
import { load, mount, simulate, textOf } from '../helpers/simulate';

const base: ChatMessage = { id: 'm1', role: 'assistant', text: '答案。', status: 'complete', error: null, followUps: [], chatId: 'c', remoteId: '7001' };
const view = (over: Partial<ChatMessage> = {}) => {
  const m = { ...base, ...over };
  return toViewMessage(m, tokenize(m.text));
};

let id: string;
beforeAll(() => {
  id = load('components/chat-bubble/chat-bubble', 'chat-bubble');
});

it('is shown only on complete answers that have a Coze id', () => {
  expect(mount(id, { message: view() }).querySelector('.speak')).toBeTruthy();
  expect(mount(id, { message: view({ remoteId: undefined }) }).querySelector('.speak')).toBeUndefined();
  expect(mount(id, { message: view({ status: 'stopped' }) }).querySelector('.speak')).toBeUndefined();
  expect(mount(id, { message: view({ role: 'user' }) }).querySelector('.speak')).toBeUndefined();
});

it('shows play, loading and stop', () => {
  const idle = mount(id, { message: view() }).querySelector('.speak');
  expect(textOf(idle)).toBe('朗读');
  expect(idle?.dom.className).not.toContain('speak-on');
  expect(textOf(mount(id, { message: view(), speech: 'loading' }).querySelector('.speak'))).toBe('加载中');
  const playing = mount(id, { message: view(), speech: 'playing' }).querySelector('.speak');
  expect(textOf(playing)).toBe('停止');
  expect(playing?.dom.className).toContain('speak-on');
});

it('emits speak with the message id', async () => {
  const comp = mount(id, { message: view() });
  const events: unknown[] = [];
  comp.addEventListener('speak', (e) => events.push(e.detail));
  comp.querySelector('.speak')?.dispatchEvent('tap');
  await simulate.sleep(0);
  expect(events).toEqual([{ id: 'm1' }]);
});
