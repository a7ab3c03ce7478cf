/**
 * Both roads of live text in a real browser (issue 21): the preview's wx shim has callHTTPFunction (chunked, to
 * the REAL bundle's HTTP handler behind the dev server) unless the URL says `stream=watch`, as an old base library.
 * On each road the answer streams in several states and completes, and stop keeps the partial answer; the page
 * chose the road by itself (the probe, then the storage key), and the network shows which one it took.
 */
import * as path from 'path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { CozeEmulator } from '../../tools/coze-emulator/index';
import type { Preview } from '../../tools/preview/server';
import { STREAM_PATH_KEY } from '../../miniprogram/services/stream-path';
import { type ChatPreview, launchBrowser, openApp, startChatPreview, topData, uiDescribe, waitForData } from './harness';

const ROOT = path.join(__dirname, '..', '..', 'miniprogram');
const DELTA_DELAY_MS = 40;

interface ChatData {
  status: string;
  messages: Array<{ role: string; status: string; blocks?: unknown[] }>;
}

async function typeAndSend(page: Page, text: string): Promise<void> {
  await page.click('chat-composer wx-textarea textarea');
  await page.keyboard.type(text);
  await page.click('chat-composer .chat-composer--send');
}

/** Records each distinct (status, rendered size) of the answer until it leaves the streaming states. */
function recordAnswerStates(page: Page): Promise<void> {
  return page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { __answerStates: string[] }).__answerStates = seen;
    const tick = (): void => {
      const pages = (window as unknown as { getCurrentPages(): Array<{ data: { messages: Array<{ role: string; status: string; blocks?: unknown[] }> } }> }).getCurrentPages();
      const answer = pages[0].data.messages.find((m) => m.role === 'assistant');
      if (answer) {
        const state = `${answer.status}:${JSON.stringify(answer.blocks ?? []).length}`;
        if (seen[seen.length - 1] !== state) seen.push(state);
      }
      if (!answer || answer.status === 'streaming' || answer.status === 'submitted' || answer.status === 'pending') requestAnimationFrame(tick);
    };
    tick();
  });
}

uiDescribe('live text on both roads in the browser preview', () => {
  let emulator: CozeEmulator;
  let preview: Preview;
  let browser: Browser;
  let chat: ChatPreview;

  beforeAll(async () => {
    chat = await startChatPreview(ROOT, DELTA_DELAY_MS);
    ({ emulator, preview } = chat);
    expect(preview.build.problems).toEqual([]);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await chat?.stop();
  });

  for (const road of ['http', 'watch'] as const) {
    test(`${road}: the answer streams in and completes, stop keeps the partial answer, and the page took the ${road} road`, async () => {
      const context: BrowserContext = await browser.newContext();
      try {
        const page = await context.newPage();
        const backend: string[] = [];
        page.on('request', (req) => {
          const { pathname } = new URL(req.url());
          if (pathname.startsWith('/__http/') || pathname.startsWith('/__stream/')) backend.push(`${req.method()} ${pathname.replace(/[0-9a-f]{32}/, ':id')}`);
        });
        const openid = `road-${road}`;
        await openApp(page, preview.url, road === 'watch' ? `openid=${openid}&stream=watch` : `openid=${openid}`);
        await waitForData(page, 'data.bot !== null');

        await recordAnswerStates(page);
        await typeAndSend(page, `${road} 路上的问题`);
        await waitForData(page, "data.messages.length === 2 && data.messages[1].status === 'complete'");
        const states = await page.evaluate(() => (window as unknown as { __answerStates: string[] }).__answerStates);
        const streaming = states.filter((s) => s.startsWith('streaming:'));
        expect(streaming.length).toBeGreaterThanOrEqual(2);

        const stored = await page.evaluate((k) => localStorage.getItem(k), `wx:${openid}:${STREAM_PATH_KEY}`);
        if (road === 'http') {
          expect(JSON.parse(stored ?? '{}')).toMatchObject({ v: { path: 'http' } });
          expect(backend).toEqual(['GET /__http/coze-http/ping', 'POST /__http/coze-http/chat']);
        } else {
          expect(stored).toBeNull();
          expect(backend).toEqual(['GET /__stream/:id']);
        }

        await typeAndSend(page, '讲一个很长的故事 #fault:long');
        await waitForData(page, "data.messages.length === 4 && data.messages[3].status === 'streaming' && (data.messages[3].blocks || []).length > 0");
        await page.click('chat-composer .chat-composer--stop');
        await waitForData(page, "data.messages[3].status === 'stopped' && data.status === 'ready'");
        expect((await topData<ChatData>(page)).messages[3].blocks?.length).toBeGreaterThan(0);
        await page.waitForSelector('chat-bubble .chat-bubble--stopped');
        await page.waitForSelector('chat-composer .chat-composer--send');
        expect(emulator.requests.some((r) => r.path === '/v3/chat/cancel')).toBe(true);
      } finally {
        await context.close();
      }
    });
  }
});
