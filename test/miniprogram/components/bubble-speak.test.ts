/** @jest-environment jsdom */
/** The speaker action of an answer: shown on finished answers Coze knows, its three states, and its event. */
import type { ChatMessage } from '../../../miniprogram/core/chat-types';
import { tokenize } from '../../../miniprogram/core/markdown';
import { toViewMessage } from '../../../miniprogram/services/view-model';
import { load, mount, simulate } from '../helpers/simulate';

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
  const idle = mount(id, { message: view() });
  expect(idle.querySelector('.speak .icon-speaker')).toBeTruthy();
  expect(idle.querySelector('.speak')?.dom.className).not.toContain('speak-on');
  const loading = mount(id, { message: view(), speech: 'loading' });
  expect(loading.querySelector('.speak')?.dom.className).toContain('speak-loading');
  expect(loading.querySelector('.speak .icon-speaker')).toBeTruthy();
  const playing = mount(id, { message: view(), speech: 'playing' });
  expect(playing.querySelector('.speak .icon-speaker-stop')).toBeTruthy();
  expect(playing.querySelector('.speak')?.dom.className).toContain('speak-on');
});

it('emits speak with the message id', async () => {
  const comp = mount(id, { message: view() });
  const events: unknown[] = [];
  comp.addEventListener('speak', (e) => events.push(e.detail));
  comp.querySelector('.speak')?.dispatchEvent('tap');
  await simulate.sleep(0);
  expect(events).toEqual([{ id: 'm1' }]);
});
