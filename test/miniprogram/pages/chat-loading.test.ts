/**
 * @jest-environment jsdom
 *
 * Loading states of the chat page: a skeleton while bot.info is on its way (never a blank page), then the
 * welcome; a bot.info failure becomes the error state with 重试 when a retry can help, and plain Chinese only.
 */
import { installWxFake, type WxFake } from '../../helpers/wx-fake';
import { expectConsoleWarning, load, mount, textOf, until } from '../helpers/simulate';

describe('chat page loading states', () => {
  let fake: WxFake;
  let pageId: string;
  let release: () => void = () => undefined;
  let botAnswer: unknown;

  beforeAll(() => {
    fake = installWxFake({
      callFunction: async (_openid, data) => {
        if (data.action !== 'bot.info') return { ok: true, data: {} };
        await new Promise<void>((resolve) => {
          release = resolve;
        });
        return botAnswer;
      },
    });
    pageId = load('pages/chat/chat', 'chat-loading-page');
  });
  afterAll(() => fake.uninstall());

  it('shows a skeleton until bot.info answers, then the welcome', async () => {
    botAnswer = { ok: true, data: { botId: '1', name: '助手', description: '', iconUrl: '', prologue: '你好', suggestedQuestions: [] } };
    const page = mount(pageId);
    await until(() => fake.calls.some((c) => c.action === 'bot.info'), 'bot.info called');
    expect(page.querySelector('.skeleton')).toBeTruthy();
    expect(page.querySelector('#welcome')).toBeUndefined();
    release();
    await until(() => page.querySelector('#welcome') !== undefined, 'welcome');
    expect(page.querySelector('.skeleton')).toBeUndefined();
    page.detach();
  });

  it('a retryable bot.info failure shows plain Chinese and 重试, which loads the welcome', async () => {
    expectConsoleWarning(/\[coze\] bot\.info failed: UPSTREAM/);
    botAnswer = { ok: false, error: { code: 'UPSTREAM', message: 'fetch failed: ECONNRESET', retryable: true } };
    const page = mount(pageId);
    await until(() => fake.calls.filter((c) => c.action === 'bot.info').length === 2, 'bot.info called');
    release();
    await until(() => page.querySelector('.failure') !== undefined, 'error state');
    expect(textOf(page.querySelector('.failure-text'))).not.toMatch(/[A-Za-z]/);
    expect(page.querySelector('.skeleton')).toBeUndefined();
    botAnswer = { ok: true, data: { botId: '1', name: '助手', description: '', iconUrl: '', prologue: '你好', suggestedQuestions: [] } };
    page.querySelector('.failure-retry')?.dispatchEvent('tap');
    await until(() => fake.calls.filter((c) => c.action === 'bot.info').length === 3, 'bot.info again');
    release();
    await until(() => page.querySelector('#welcome') !== undefined, 'welcome after retry');
    page.detach();
  });
});
