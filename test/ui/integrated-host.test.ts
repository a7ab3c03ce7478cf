/**
 * A host mini-program after `npm run integrate`, in the real browser preview (`--app` resolves its
 * miniprogramRoot): the host's own home page shows the floating entry button; a tap opens our chat page in the
 * subpackage, and a message gets a streamed answer from the REAL cloud function and the Coze emulator.
 */
import * as path from 'path';
import type { Browser, Page } from 'playwright-core';
import { type CozeEmulator, cloudFunctionEnv, generateAppKeys, startEmulator } from '../../tools/coze-emulator/index';
import { integrate } from '../../tools/integrate/integrate';
import { appRootOf } from '../../tools/preview/app-root';
import { PreviewBuilder } from '../../tools/preview/build/builder';
import { scanApp } from '../../tools/preview/build/scan-app';
import { type Preview, startPreview } from '../../tools/preview/server';
import { copyHost } from '../tools/integrate/host-copy';
import { STEP_TIMEOUT_MS, launchBrowser, openApp, topData, uiDescribe, waitForData } from './harness';

const COZE_VARS = ['COZE_API_BASE', 'COZE_JWT_OAUTH_CLIENT_ID', 'COZE_JWT_OAUTH_PUBLIC_KEY_ID', 'COZE_JWT_OAUTH_PRIVATE_KEY', 'COZE_BOT_ID'] as const;

function route(page: Page): Promise<string> {
  return page.evaluate(() => {
    const pages = (window as unknown as { getCurrentPages(): Array<{ route: string }> }).getCurrentPages();
    return pages[pages.length - 1].route;
  });
}

describe('the preview builds every integrated fixture host', () => {
  test.each([
    ['plain-js', 'pages/index/index'],
    ['ts-cloud', 'pages/index/index'],
    ['tabbar-sub', 'pages/home/home'],
  ])('%s', async (name, entryPage) => {
    const dir = copyHost(name);
    integrate({ into: dir, entryPage });
    const builder = new PreviewBuilder(appRootOf(dir));
    try {
      const out = await builder.build();
      expect(out.problems).toEqual([]);
      const pages = scanApp(appRootOf(dir)).components.filter((c) => c.isPage).map((c) => c.path);
      expect(pages).toEqual(expect.arrayContaining([entryPage, 'coze-chat/pages/chat/chat', 'coze-chat/pages/conversations/conversations']));
      expect(out.wxmlJs).toContain('./coze-entry/components/coze-entry/coze-entry.wxml');
    } finally {
      await builder.dispose();
    }
  });
});

uiDescribe('an integrated host in the browser preview', () => {
  let emulator: CozeEmulator;
  let preview: Preview;
  let browser: Browser;
  let host: string;
  const savedEnv: Partial<Record<(typeof COZE_VARS)[number], string | undefined>> = {};

  beforeAll(async () => {
    jest.spyOn(console, 'log').mockImplementation(() => undefined);
    host = copyHost('plain-js');
    integrate({ into: host, entryPage: 'pages/index/index' });
    const keys = generateAppKeys();
    emulator = await startEmulator({ port: 0, apps: [{ appId: keys.appId, keyId: keys.keyId, publicKeyPem: keys.publicKeyPem }], deltaDelayMs: 20 });
    const settings = cloudFunctionEnv(emulator, keys);
    for (const name of COZE_VARS) {
      savedEnv[name] = process.env[name];
      process.env[name] = settings[name];
    }
    preview = await startPreview({ root: appRootOf(host), port: 0 });
    expect(preview.build.problems).toEqual([]);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await preview?.stop();
    await emulator?.stop();
    for (const name of COZE_VARS) {
      if (savedEnv[name] === undefined) delete process.env[name];
      else process.env[name] = savedEnv[name];
    }
    jest.restoreAllMocks();
  });

  test('--app resolves the project folder to its miniprogramRoot', () => {
    expect(appRootOf(host)).toBe(path.join(host, '.'));
    expect(appRootOf(copyHost('ts-cloud'))).toMatch(/ts-cloud[\\/]miniprogram[\\/]?$/);
  });

  test('the host home page shows the entry button; a tap opens the chat in the subpackage, which answers', async () => {
    const page = await (await browser.newContext()).newPage();
    await openApp(page, preview.url, 'openid=host-user');
    expect(await route(page)).toBe('pages/index/index');
    expect(await page.textContent('.motto')).toBe('Welcome to My Shop');
    await page.click('coze-entry .coze-entry--entry');
    await page.waitForFunction(() => {
      const pages = (window as unknown as { getCurrentPages(): Array<{ route: string }> }).getCurrentPages();
      return pages[pages.length - 1].route === 'coze-chat/pages/chat/chat';
    }, null, { timeout: STEP_TIMEOUT_MS });
    await waitForData(page, 'data.bot !== null');
    await page.click('chat-composer wx-textarea textarea');
    await page.keyboard.type('你好');
    await page.click('chat-composer .chat-composer--send');
    await waitForData(page, "data.messages.length === 2 && data.messages[1].status === 'complete'");
    const data = await topData<{ messages: Array<{ role: string; text?: string; blocks?: unknown[] }> }>(page);
    expect(data.messages[0]).toMatchObject({ role: 'user', text: '你好' });
    expect(data.messages[1].role).toBe('assistant');
    expect(data.messages[1].blocks?.length).toBeGreaterThan(0);
    expect(await page.textContent('chat-bubble markdown-view')).not.toBe('');
    // Our app.wxss came along (imported by the page's WXSS): the chat's colour variables resolve inside the host
    // (--coze-chat-bg is #ffffff in the light theme; an unresolved variable would leave it transparent).
    const frame = '.wx-page-frame[data-route="coze-chat/pages/chat/chat"]';
    expect(await page.$eval(`${frame} .chat`, (el) => getComputedStyle(el).backgroundColor)).toBe('rgb(255, 255, 255)');
  });
});
