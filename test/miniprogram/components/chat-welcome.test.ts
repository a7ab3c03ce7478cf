/** @jest-environment jsdom */
import { load, mount, simulate, textOf } from '../helpers/simulate';

describe('chat-welcome', () => {
  let id: string;
  beforeAll(() => {
    id = load('components/chat-welcome/chat-welcome', 'chat-welcome');
  });

  it('shows the bot name, avatar, prologue and suggested questions, and emits suggestion-tap', async () => {
    const comp = mount(id, { bot: { botId: 'b', name: '小助手', description: '', iconUrl: 'https://x/i.png', prologue: '你好呀', suggestedQuestions: ['问一', '问二'] } });
    expect(textOf(comp.querySelector('.name'))).toBe('小助手');
    expect(textOf(comp.querySelector('.prologue'))).toBe('你好呀');
    expect(comp.querySelector('.avatar')).toBeTruthy();
    expect(comp.querySelectorAll('.suggestion').map(textOf)).toEqual(['问一', '问二']);
    const seen: unknown[] = [];
    comp.addEventListener('suggestion-tap', (e) => seen.push(e.detail));
    comp.querySelectorAll('.suggestion')[1].dispatchEvent('tap');
    await simulate.sleep(0);
    expect(seen).toEqual([{ text: '问二' }]);
  });

  it('drops the {{user_name}} placeholder of a Coze prologue (no nickname in a mini-program)', () => {
    const comp = mount(id, { bot: { botId: 'b', name: 'n', description: '', iconUrl: '', prologue: '你好，{{user_name}}！我是助手。', suggestedQuestions: [] } });
    expect(textOf(comp.querySelector('.prologue'))).toBe('你好！我是助手。');
  });
});
