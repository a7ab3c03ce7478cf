/**
 * @jest-environment jsdom
 *
 * The chat page with a scripted cloud function behind the wx.cloud fake: the parts of the page the
 * emulator cannot easily provoke (a send failing before Coze, taps on links, images and code).
 */
import type { ActionResult, ChatResult } from '../../../miniprogram/shared/protocol';
import { LINK_COPIED, TEXT_COPIED } from '../../../miniprogram/services/ui-actions';
import { installWxFake, type WxFake } from '../../helpers/wx-fake';
import * as fs from 'fs';
import * as path from 'path';
import { ROOT, expectConsoleWarning, load, mount, simulate, textOf, until, type SimNode } from '../helpers/simulate';

type Answer = (text: string) => ActionResult<'chat.send'>;

const ok = (content: string, followUps: string[] = []): ActionResult<'chat.send'> => {
  const data: ChatResult = {
    conversationId: '7000000000000000001',
    chatId: '7000000000000000002',
    status: 'completed',
    answer: { id: '7000000000000000003', role: 'assistant', type: 'answer', content, contentType: 'text', createdAt: 1 },
    followUps,
  };
  return { ok: true, data };
};

describe('chat page (scripted function)', () => {
  let fake: WxFake;
  let pageId: string;
  const answers: Answer[] = [];

  beforeAll(() => {
    fake = installWxFake({
      callFunction: async (_openid, data) => {
        if (data.action === 'bot.info') {
          return { ok: true, data: { botId: '1', name: '测试助手', description: '', iconUrl: '', prologue: '有什么可以帮你？', suggestedQuestions: ['你是谁？'] } };
        }
        if (data.action === 'audio.transcribe') return { ok: true, data: { text: '用语音补充' } };
        if (data.action === 'chat.send') {
          const next = answers.shift();
          if (!next) throw new Error('test: queue an answer for chat.send');
          return next(String(data.text));
        }
        return { ok: true, data: {} };
      },
    });
    pageId = load('pages/chat/chat', 'chat-page');
  });
  afterAll(() => fake.uninstall());
  beforeEach(() => {
    fake.calls.length = 0;
    fake.clipboard.length = 0;
    fake.toasts.length = 0;
  });

  const messages = (page: SimNode) => page.data.messages as Array<{ id: string; status: string }>;
  const sends = () => fake.calls.filter((c) => c.action === 'chat.send').map((c) => c.text);
  const composer = (page: SimNode) => page.querySelector('#composer') as SimNode;

  async function typeAndSend(page: SimNode, text: string): Promise<void> {
    composer(page).querySelector('.input')?.dispatchEvent('input', { detail: { value: text } });
    await until(() => composer(page).data.text === text, 'composer text');
    composer(page).querySelector('.send')?.dispatchEvent('tap');
  }

  it('shows the prologue, and a suggested question is sent with one tap', async () => {
    answers.push(() => ok('我是测试助手。', ['还能做什么？']));
    const page = mount(pageId);
    await until(() => textOf(page.querySelector('#welcome')).includes('有什么可以帮你？'), 'prologue');
    page.querySelector('#welcome')?.querySelector('.suggestion')?.dispatchEvent('tap');
    await until(() => messages(page)[1]?.status === 'complete', 'answer');
    expect(sends()).toEqual(['你是谁？']);
    expect(page.querySelector('#welcome')).toBeUndefined();
    expect(page.querySelectorAll('.message').map((m) => textOf(m.querySelector('.bubble')))).toEqual(['你是谁？', '我是测试助手。']);

    // A follow-up chip sends its text too.
    answers.push(() => ok('很多事。'));
    page.querySelectorAll('.message')[1].querySelector('.follow-up')?.dispatchEvent('tap');
    await until(() => messages(page)[3]?.status === 'complete', 'second answer');
    expect(sends()).toEqual(['你是谁？', '还能做什么？']);
    page.detach();
  });

  it('a send that fails before Coze shows the error in the message and puts the text back; one way to resend it (no 重试), so it is sent once', async () => {
    expectConsoleWarning(/\[coze\] chat\.send failed: RATE_LIMITED/);
    answers.push(() => ({ ok: false, error: { code: 'RATE_LIMITED', message: '请求太频繁了，请稍后再试。', retryable: true } }));
    const page = mount(pageId);
    await typeAndSend(page, '第一个问题');
    await until(() => messages(page)[1]?.status === 'error', 'error');
    const answer = page.querySelectorAll('.message')[1];
    expect(textOf(answer.querySelector('.error-text'))).toBe('请求太频繁了，请稍后再试。');
    await until(() => composer(page).data.text === '第一个问题', 'text back in the composer');
    expect(answer.querySelector('.retry')).toBeUndefined();
    expect(textOf(answer.querySelector('.error-hint'))).toContain('放回输入框');

    answers.push(() => ok('好的'));
    composer(page).querySelector('.send')?.dispatchEvent('tap');
    await until(() => messages(page)[3]?.status === 'complete', 'the answer to the resent text');
    expect(sends()).toEqual(['第一个问题', '第一个问题']);
    expect(composer(page).data.text).toBe('');
    page.detach();
  });

  it('a restored draft survives voice input (the transcript is appended) and comes back again after a second failure', async () => {
    expectConsoleWarning(/\[coze\] chat\.send failed: RATE_LIMITED/);
    const rateLimited = (): ActionResult<'chat.send'> => ({ ok: false, error: { code: 'RATE_LIMITED', message: '请求太频繁了，请稍后再试。', retryable: true } });
    answers.push(rateLimited);
    fake.permissions.authSetting['scope.record'] = true;
    const page = mount(pageId);
    await typeAndSend(page, '原来的问题');
    await until(() => composer(page).data.text === '原来的问题', 'text back in the composer');

    composer(page).querySelector('.mode')?.dispatchEvent('tap');
    await until(() => composer(page).querySelector('.hold') !== undefined, 'hold-to-talk');
    composer(page).querySelector('.hold')?.dispatchEvent('touchstart', { touches: [{ x: 10, y: 600 }] });
    await until(() => fake.recorder.starts.length > 0, 'recording');
    composer(page).querySelector('.hold')?.dispatchEvent('touchend', { changedTouches: [{ x: 10, y: 600 }] });
    await until(() => fake.calls.some((c) => c.action === 'audio.transcribe'), 'transcribed');
    await until(() => composer(page).data.text === '原来的问题 用语音补充', 'both texts in the composer');

    // Sent and refused again: the same text is restored a second time.
    answers.push(rateLimited);
    composer(page).querySelector('.send')?.dispatchEvent('tap');
    await until(() => sends().length === 2, 'second send');
    await until(() => messages(page)[3]?.status === 'error', 'second error');
    await until(() => composer(page).data.text === '原来的问题 用语音补充', 'text back again');
    page.detach();
  });

  it('links are copied with a toast, images preview, code and messages copy, and regenerate re-asks', async () => {
    answers.push(() => ok('看[文档](https://www.coze.cn/docs)\n\n![图](https://x.cn/a.png)\n\n```sh\nnpm test\n```'));
    const page = mount(pageId);
    await typeAndSend(page, '给我链接');
    await until(() => messages(page)[1]?.status === 'complete', 'answer');
    const md = page.querySelectorAll('.message')[1].querySelector('#md-' + messages(page)[1].id) as SimNode;

    md.querySelector('.a')?.dispatchEvent('tap');
    await until(() => fake.toasts.length === 1, 'link toast');
    expect([fake.clipboard[0], fake.toasts[0]]).toEqual(['https://www.coze.cn/docs', LINK_COPIED]);

    md.querySelector('.img')?.dispatchEvent('tap');
    await until(() => fake.previews.length === 1, 'preview');
    expect(fake.previews[0]).toEqual({ current: 'https://x.cn/a.png', urls: ['https://x.cn/a.png'] });

    md.querySelector('.code-copy')?.dispatchEvent('tap');
    await until(() => fake.clipboard.length === 2, 'code copied');
    expect([fake.clipboard[1], fake.toasts[1]]).toEqual(['npm test', TEXT_COPIED]);

    page.querySelectorAll('.message')[1].querySelector('.bubble')?.dispatchEvent('longpress');
    await until(() => fake.clipboard.length === 3, 'message copied');
    // Plain text for the clipboard: link text with its address, the image's alt text, the code exactly as written.
    expect(fake.clipboard[2]).toBe('看文档 (https://www.coze.cn/docs)\n\n图\n\nnpm test');

    answers.push(() => ok('换一个答案'));
    page.querySelectorAll('.message')[1].querySelector('.regenerate')?.dispatchEvent('tap');
    await until(() => textOf(page.querySelectorAll('.message')[1]).includes('换一个答案'), 'regenerated');
    expect(sends()).toEqual(['给我链接', '给我链接']);
    page.detach();
  });

  it('lets the keyboard height pad the composer, which stays in the page flow (no spacer), and keys messages by id', async () => {
    const page = mount(pageId);
    composer(page).querySelector('.input')?.dispatchEvent('keyboardheightchange', { detail: { height: 280 } });
    await until(() => composer(page).data.keyboardHeight === 280, 'keyboard height in the composer');
    expect(composer(page).querySelector('.composer')?.dom.getAttribute('style')).toContain('padding-bottom:280px');
    expect(page.querySelector('.spacer')).toBeUndefined();
    const wxml = fs.readFileSync(path.join(ROOT, 'pages/chat/chat.wxml'), 'utf8');
    expect(wxml).toMatch(/wx:for="\{\{messages\}\}"\s+wx:key="id"/);
    page.detach();
  });

  it('follows new text to the bottom until the user touches the list, and again after a send', async () => {
    answers.push(() => ok('一'));
    const page = mount(pageId);
    await typeAndSend(page, '问一');
    await until(() => messages(page)[1]?.status === 'complete', 'answer');
    const followed = page.data.scrollTop as number;
    expect(followed).toBeGreaterThan(0);
    page.querySelector('.list')?.dispatchEvent('touchstart');
    await simulate.sleep(0);
    answers.push(() => ok('二'));
    page.querySelectorAll('.message')[1].querySelector('.regenerate')?.dispatchEvent('tap');
    await until(() => textOf(page.querySelectorAll('.message')[1]).includes('二'), 'regenerated');
    expect(page.data.scrollTop).toBe(followed);
    answers.push(() => ok('三'));
    await typeAndSend(page, '问三');
    await until(() => messages(page)[3]?.status === 'complete', 'third answer');
    expect(page.data.scrollTop as number).toBeGreaterThan(followed);
    page.detach();
  });
});
