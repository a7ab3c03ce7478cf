/**
 * @jest-environment jsdom
 *
 * Read-aloud on the chat page with a scripted cloud function behind the wx fake: the speaker on an answer plays
 * and stops, one answer at a time, and stops when the page hides; the voice mode goes hold → transcribe → send →
 * read aloud → listen, and can be left from any state.
 */
import type { Message } from '../../../miniprogram/shared/protocol';
import { currentConversation } from '../../../miniprogram/core/current-conversation';
import { VOICE_MODE_HINTS, type VoiceModeState } from '../../../miniprogram/core/voice-mode';
import { installWxFake, type WxFake } from '../../helpers/wx-fake';
import { load, mount, textOf, until, type SimNode } from '../helpers/simulate';

const history: Message[] = [
  { id: '7001', role: 'user', type: 'question', content: '问题一', contentType: 'text', createdAt: 1 },
  { id: '7002', role: 'assistant', type: 'answer', content: '回答一。', contentType: 'text', createdAt: 2 },
  { id: '7003', role: 'user', type: 'question', content: '问题二', contentType: 'text', createdAt: 3 },
  { id: '7004', role: 'assistant', type: 'answer', content: '回答二。', contentType: 'text', createdAt: 4 },
];

describe('chat page: read aloud and voice mode', () => {
  let fake: WxFake;
  let pageId: string;

  beforeAll(() => {
    fake = installWxFake({
      callFunction: async (_openid, data) => {
        switch (data.action) {
          case 'bot.info':
            return { ok: true, data: { botId: '1', name: '测试助手', description: '', iconUrl: '', prologue: '你好', suggestedQuestions: [] } };
          case 'message.list':
            return { ok: true, data: { messages: data.conversationId === 'conv-s' ? history : [], hasMore: false, firstId: '', lastId: '' } };
          case 'audio.speech':
            return { ok: true, data: { urls: [`/__file/${String(data.messageId)}-0.mp3`, `/__file/${String(data.messageId)}-1.mp3`], cached: false, expiresAt: 0, truncated: false } };
          case 'audio.transcribe':
            return { ok: true, data: { text: '讲个笑话' } };
          case 'chat.send':
            return { ok: true, data: { conversationId: 'conv-s', chatId: 'c9', status: 'completed', answer: { id: '7009', role: 'assistant', type: 'answer', content: '好的。', contentType: 'text', createdAt: 9 }, followUps: [] } };
          default:
            throw new Error(`test: unexpected action ${String(data.action)}`);
        }
      },
    });
    fake.permissions.authSetting['scope.record'] = true;
    pageId = load('pages/chat/chat', 'chat-page');
  });
  afterAll(() => fake.uninstall());
  beforeEach(() => {
    fake.calls.length = 0;
  });

  async function open(): Promise<SimNode> {
    const page = mount(pageId);
    currentConversation.set('conv-s');
    await until(() => (page.data.messages as unknown[]).length === 4, 'history');
    return page;
  }
  const bubble = (page: SimNode, id: string) => page.querySelector(`#msg-${id}`) as SimNode;
  const speaker = (page: SimNode, id: string) => bubble(page, id).querySelector('.speak') as SimNode;
  /** What the speaker shows: stop while its answer plays, else play. */
  const shows = (page: SimNode, id: string) => (speaker(page, id).dom.className.includes('speak-on') ? '停止' : '朗读');

  it('the speaker plays an answer part by part, switches to another answer, and stops on a second tap', async () => {
    const page = await open();
    expect(bubble(page, '7001').querySelector('.speak')).toBeUndefined();
    speaker(page, '7002').dispatchEvent('tap');
    await until(() => fake.audio.playing === '/__file/7002-0.mp3', 'first part playing');
    expect(fake.calls.find((c) => c.action === 'audio.speech')).toMatchObject({ conversationId: 'conv-s', messageId: '7002' });
    expect(shows(page, '7002')).toBe('停止');
    expect(shows(page, '7004')).toBe('朗读');
    fake.audio.end();
    expect(fake.audio.playing).toBe('/__file/7002-1.mp3');

    speaker(page, '7004').dispatchEvent('tap');
    await until(() => fake.audio.playing === '/__file/7004-0.mp3', 'the other answer playing');
    expect(shows(page, '7002')).toBe('朗读');
    expect(shows(page, '7004')).toBe('停止');

    speaker(page, '7004').dispatchEvent('tap');
    await until(() => fake.audio.playing === null, 'stopped');
    expect(shows(page, '7004')).toBe('朗读');
    expect(fake.audio.options[0]).toMatchObject({ obeyMuteSwitch: true });
    page.detach();
  });

  it('reading stops when the page hides', async () => {
    const page = await open();
    speaker(page, '7002').dispatchEvent('tap');
    await until(() => fake.audio.playing !== null, 'playing');
    (page as unknown as { triggerPageLifeTime(name: string): void }).triggerPageLifeTime('hide');
    await until(() => fake.audio.playing === null, 'stopped on hide');
    expect(page.data.speech).toEqual({ id: null, loading: false });
    page.detach();
  });

  it('voice mode: hold → transcribe → send → read the answer aloud → listen again; exit leaves it', async () => {
    const page = await open();
    const states: VoiceModeState[] = [];
    const setData = page.instance.setData.bind(page.instance);
    page.instance.setData = (data: Record<string, unknown>) => {
      if (typeof data.voiceMode === 'string') states.push(data.voiceMode as VoiceModeState);
      setData(data);
    };
    expect(page.querySelector('.voice-mode')).toBeUndefined();
    page.querySelector('.voice-mode-toggle')?.dispatchEvent('tap');
    await until(() => page.querySelector('.voice-mode') !== undefined, 'voice mode bar');
    expect(textOf(page.querySelector('.voice-mode-hint'))).toBe(VOICE_MODE_HINTS.listening);

    page.querySelector('.voice-mode-hold')?.dispatchEvent('touchstart', { touches: [{ x: 10, y: 600 }] });
    await until(() => page.data.voiceMode === 'recording', 'recording');
    page.querySelector('.voice-mode-hold')?.dispatchEvent('touchend', { changedTouches: [{ x: 10, y: 600 }] });
    await until(() => fake.audio.playing === '/__file/7009-0.mp3', 'the answer read aloud');
    expect(fake.calls.find((c) => c.action === 'chat.send')?.text).toBe('讲个笑话');
    expect(textOf(page.querySelector('.voice-mode-hint'))).toBe(VOICE_MODE_HINTS.speaking);
    fake.audio.end();
    fake.audio.end();
    await until(() => page.data.voiceMode === 'listening', 'listening again');
    expect(states).toEqual(['listening', 'recording', 'transcribing', 'answering', 'speaking', 'listening']);
    // The composer was not touched: what the user may have typed there stays.
    expect(page.data.draft).toBe('');

    page.querySelector('.voice-mode-exit')?.dispatchEvent('tap');
    await until(() => page.querySelector('.voice-mode') === undefined, 'voice mode left');
    expect(page.data.voiceMode).toBe('off');
    page.detach();
  });

  it('voice mode: exit while the answer is read stops it', async () => {
    const page = await open();
    page.querySelector('.voice-mode-toggle')?.dispatchEvent('tap');
    await until(() => page.querySelector('.voice-mode-hold') !== undefined, 'voice mode bar');
    page.querySelector('.voice-mode-hold')?.dispatchEvent('touchstart', { touches: [{ x: 10, y: 600 }] });
    await until(() => page.data.voiceMode === 'recording', 'recording');
    page.querySelector('.voice-mode-hold')?.dispatchEvent('touchend', { changedTouches: [{ x: 10, y: 600 }] });
    await until(() => page.data.voiceMode === 'speaking' && fake.audio.playing !== null, 'speaking');
    page.querySelector('.voice-mode-toggle')?.dispatchEvent('tap');
    await until(() => page.data.voiceMode === 'off', 'off');
    expect(fake.audio.playing).toBeNull();
    page.detach();
  });
});
