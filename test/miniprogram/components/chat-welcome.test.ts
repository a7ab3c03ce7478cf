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
    expect(comp.querySelector('.avatar-image')).toBeTruthy();
    expect(comp.querySelector('.avatar-fallback')).toBeUndefined();
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

  const bot = (name: string, iconUrl: string) => ({ botId: 'b', name, description: '', iconUrl, prologue: '', suggestedQuestions: [] });

  it('no iconUrl: the name\'s first character in a coloured circle instead of an image', () => {
    const comp = mount(id, { bot: bot('扣子助手', '') });
    expect(comp.querySelector('.avatar-image')).toBeUndefined();
    const fallback = comp.querySelector('.avatar-fallback');
    expect(textOf(fallback)).toBe('扣');
    expect(fallback?.dom.className).toMatch(/avatar-tone-[0-3]\b/);
  });

  it('an icon that fails to load (binderror) is replaced by the fallback; a new icon is tried again', async () => {
    const comp = mount(id, { bot: bot('helper', 'https://x/broken.png') });
    comp.querySelector('.avatar-image')?.dispatchEvent('error', { detail: { errMsg: 'GET https://x/broken.png 404 (Not Found)' } });
    await simulate.sleep(0);
    expect(comp.querySelector('.avatar-image')).toBeUndefined();
    expect(textOf(comp.querySelector('.avatar-fallback'))).toBe('H');
    comp.setData({ bot: bot('helper', 'https://x/new.png') });
    await simulate.sleep(0);
    expect(comp.querySelector('.avatar-image')).toBeTruthy();
    expect(comp.querySelector('.avatar-fallback')).toBeUndefined();
  });

  it('the fallback keeps an emoji whole, shows AI without a name, and gives a name the same colour every time', () => {
    expect(textOf(mount(id, { bot: bot('🤖机器人', '') }).querySelector('.avatar-fallback'))).toBe('🤖');
    expect(textOf(mount(id, { bot: bot('', '') }).querySelector('.avatar-fallback'))).toBe('AI');
    const tone = (name: string) => /avatar-tone-\d/.exec(mount(id, { bot: bot(name, '') }).querySelector('.avatar-fallback')?.dom.className ?? '')?.[0];
    expect(tone('扣子助手')).toBe(tone('扣子助手'));
    expect(new Set(['a', 'b', 'c', 'd'].map(tone)).size).toBe(4);
  });
});
