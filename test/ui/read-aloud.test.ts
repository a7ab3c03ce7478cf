/**
 * Read-aloud in a real browser: the preview's wx shim plays the REAL function's `audio.speech` answer (MP3 the
 * emulator generated, kept by the dev server) through an HTML audio element, part after part, to the end. The
 * file is served to its user only.
 */
import * as path from 'path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Preview } from '../../tools/preview/server';
import { type ChatPreview, STEP_TIMEOUT_MS, launchBrowser, openApp, startChatPreview, topData, uiDescribe, waitForData } from './harness';

const ROOT = path.join(__dirname, '..', '..', 'miniprogram');

interface SpeechData {
  messages: Array<{ id: string; role: string; status: string }>;
  speech: { id: string | null; loading: boolean };
}

function audioLog(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __preview: { audio: string[] } }).__preview.audio.slice());
}

uiDescribe('read-aloud in the browser preview', () => {
  let preview: Preview;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let chat: ChatPreview;

  beforeAll(async () => {
    chat = await startChatPreview(ROOT, 0, { CHAT_RATE_PER_MINUTE: '0', CHAT_DAILY_QUOTA: '0' });
    ({ preview } = chat);
    expect(preview.build.problems).toEqual([]);
    browser = await launchBrowser();
    context = await browser.newContext();
    page = await context.newPage();
    await openApp(page, preview.url, 'openid=alice');
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await chat?.stop();
  });

  test('the speaker plays the answer to its end in the browser, and the audio is served to its user only', async () => {
    await waitForData(page, 'data.bot !== null');
    await page.click('chat-welcome .chat-welcome--suggestion >> nth=0');
    await waitForData(page, "data.messages.length === 2 && data.messages[1].status === 'complete'");
    await page.click('chat-bubble .chat-bubble--speak');
    await waitForData(page, 'data.speech.id !== null && !data.speech.loading');
    expect(await page.$('chat-bubble .chat-bubble--speak .chat-bubble--icon-speaker-stop')).not.toBeNull();
    // Read to the end: the page's speech state returns to none after the last part ended.
    await waitForData(page, 'data.speech.id === null');
    const log = await audioLog(page);
    const played = log.filter((l) => l.startsWith('play ')).map((l) => l.slice(5));
    expect(played.length).toBeGreaterThan(0);
    expect(log.filter((l) => l.startsWith('error '))).toEqual([]);
    for (const src of played) {
      expect(src).toMatch(/^\/__file\/coze-speech\//);
      expect(log).toContain(`ended ${src}`);
    }
    expect(await page.$('chat-bubble .chat-bubble--speak .chat-bubble--icon-speaker')).not.toBeNull();
    const speech = (await topData<SpeechData>(page)).speech;
    expect(speech).toEqual({ id: null, loading: false });

    // The same URL as another simulated user: the dev server answers 404, as for a file that does not exist.
    const statuses = await page.evaluate(async (src) => [
      (await fetch(`${src}?openid=alice`)).status,
      (await fetch(`${src}?openid=bob`)).status,
    ], played[0]);
    expect(statuses).toEqual([200, 404]);
  }, STEP_TIMEOUT_MS * 4);
});
