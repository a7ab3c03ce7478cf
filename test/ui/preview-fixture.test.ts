/**
 * The preview machinery in a real browser, on a small fixture app (test/ui/fixtures/mini): WXML features through
 * wcc, WXSS scoping and rpx, built-ins, mouse → tap/longpress, the wx shim, cloud calls and the stream watch
 * through the REAL dev server, navigation, and two users in two pages.
 */
import * as http from 'http';
import * as path from 'path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createLocalCloud } from '../../tools/dev-server/index';
import { type Preview, startPreview } from '../../tools/preview/server';
import { fakeEchoFunction } from './fake-function';
import { STEP_TIMEOUT_MS, launchBrowser, openApp, previewRecord, topData, uiDescribe, waitForData } from './harness';

const FIXTURE = path.join(__dirname, 'fixtures', 'mini');

interface FixtureData {
  taps: string[];
  count: number;
  text: string;
  area: string;
  lines: number;
  reply: string;
  streamText: string;
  lower: number;
  from?: string;
}

uiDescribe('browser preview on the fixture app', () => {
  let preview: Preview;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const fn = fakeEchoFunction();

  beforeAll(async () => {
    preview = await startPreview({ root: FIXTURE, port: 0, cloud: createLocalCloud(fn) });
    expect(preview.build.problems).toEqual([]);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await preview?.stop();
  });

  beforeEach(async () => {
    context = await browser.newContext();
    page = await context.newPage();
    await openApp(page, preview.url, 'openid=alice');
  });

  afterEach(async () => {
    await context.close();
  });

  test('WXML through wcc: file and inline WXS, template import, include, slots, wx:for, wx:if', async () => {
    await expect(page.textContent('wx-text.greeting')).resolves.toBe('HELLO!');
    await expect(page.textContent('wx-view.double')).resolves.toBe('2');
    await expect(page.textContent('wx-text.badge')).resolves.toBe('#1');
    await expect(page.textContent('wx-view.footer')).resolves.toBe('included footer');
    await expect(page.textContent('card .card--title')).resolves.toBe('hello');
    await expect(page.textContent('card wx-text.extra')).resolves.toBe('extra');
    expect(await page.$$eval('wx-view.item', (els) => els.map((e) => e.textContent))).toEqual(['Item A', 'Item B']);
    expect(await page.$('wx-view.many')).toBeNull();
  });

  test('WXSS: classes are prefixed per component, app styles stay out of components, rpx follows the frame width', async () => {
    const style = await page.evaluate(() => {
      const title = document.querySelector('card .card--title') as HTMLElement;
      const card = document.querySelector('card .card--card') as HTMLElement;
      const appWide = document.querySelector('wx-view.app-wide') as HTMLElement;
      return { title: getComputedStyle(title).color, cardWidth: card.getBoundingClientRect().width, appWide: getComputedStyle(appWide).color };
    });
    expect(style.title).toBe('rgb(200, 0, 0)');
    expect(style.appWide).toBe('rgb(1, 2, 3)');
    // 700rpx on a 375 px wide frame is 350 px, plus 2 × 10rpx padding = 360 px (border-box not set).
    expect(style.cardWidth).toBe(360);
  });

  test('a mouse click is a tap: dataset reaches the handler, setData re-renders, wx:if and hidden follow', async () => {
    expect(await page.isVisible('wx-view.hidden-box')).toBe(false);
    await page.click('wx-view.item >> nth=1');
    await waitForData(page, 'data.count === 2');
    expect((await topData<FixtureData>(page)).taps).toEqual(['item:b']);
    await page.waitForSelector('wx-view.many');
    expect(await page.isVisible('wx-view.hidden-box')).toBe(true);
  });

  test('a custom component event bubbles to the page', async () => {
    await page.click('card .card--title');
    await waitForData(page, "data.taps.includes('card:hello')");
  });

  test('input: typing, maxlength, Enter → confirm; textarea grows with auto-height and reports linechange', async () => {
    await page.click('wx-input.field input');
    await page.keyboard.type('abcdefghijklmnop');
    await waitForData(page, "data.text === 'abcdefghij'");
    await page.keyboard.press('Enter');
    await waitForData(page, "data.taps.includes('confirm:abcdefghij')");
    const before = await page.$eval('wx-textarea.area textarea', (e) => e.getBoundingClientRect().height);
    await page.click('wx-textarea.area textarea');
    await page.keyboard.type('one');
    for (const line of ['two', 'three', 'four']) {
      await page.keyboard.press('Shift+Enter');
      await page.keyboard.type(line);
    }
    await waitForData(page, "data.area === 'one\\ntwo\\nthree\\nfour' && data.lines === 4");
    const after = await page.$eval('wx-textarea.area textarea', (e) => e.getBoundingClientRect().height);
    expect(after).toBeGreaterThan(before);
  });

  test('button → toast drawn in the phone, storage kept per openid in localStorage; disabled swallows taps', async () => {
    await page.click('wx-input.field input');
    await page.keyboard.type('kept');
    await page.click('wx-button.btn');
    await page.waitForSelector('.wx-toast');
    expect(await page.textContent('.wx-toast')).toBe('toasted');
    expect((await previewRecord(page)).toasts).toEqual(['toasted']);
    expect(await page.evaluate(() => localStorage.getItem('wx:alice:last'))).toBe(JSON.stringify({ v: 'kept' }));
    await page.evaluate(() => (window as unknown as { getCurrentPages(): Array<{ setData(d: object): void }> }).getCurrentPages()[0].setData({ disabled: true }));
    await page.click('wx-button.btn');
    await page.click('card .card--title');
    await waitForData(page, "data.taps.includes('card:hello')");
    expect((await topData<FixtureData>(page)).taps.filter((t) => t === 'button')).toHaveLength(1);
  });

  test('wx.getRandomValues gives secure bytes from the browser (stream and voice ids take the device path)', async () => {
    const hex = await page.evaluate(
      () =>
        new Promise<string>((resolve, reject) => {
          const w = (window as unknown as { wx: { getRandomValues(o: object): void } }).wx;
          w.getRandomValues({
            length: 16,
            success: (r: { randomValues: ArrayBuffer }) => resolve(Array.from(new Uint8Array(r.randomValues), (b) => b.toString(16).padStart(2, '0')).join('')),
            fail: (e: { errMsg: string }) => reject(new Error(e.errMsg)),
          });
        }),
    );
    expect(hex).toMatch(/^[0-9a-f]{32}$/);
  });

    test('holding the mouse ≥ 350 ms is a longpress and no tap follows; a short click stays a tap', async () => {
    const box = await page.$eval('wx-view.press', (e) => {
      const r = e.getBoundingClientRect();
      return { x: r.left + 5, y: r.top + 5 };
    });
    await page.mouse.move(box.x, box.y);
    await page.mouse.down();
    await waitForData(page, "data.taps.includes('longpress')");
    await page.mouse.up();
    await page.click('wx-view.press');
    await waitForData(page, "data.taps.includes('press-tap')");
    expect((await topData<FixtureData>(page)).taps).toEqual(['longpress', 'press-tap']);
  });

  test('scroll-view: scroll-into-view moves to the element, reaching the end fires scrolltolower', async () => {
    await page.evaluate(() => (window as unknown as { getCurrentPages(): Array<{ setData(d: object): void }> }).getCurrentPages()[0].setData({ intoView: 'row-8' }));
    await page.waitForFunction(() => (document.querySelector('wx-scroll-view.scroller') as HTMLElement).scrollTop > 0, null, { timeout: STEP_TIMEOUT_MS });
    const rows = await page.evaluate(() => {
      const sv = document.querySelector('wx-scroll-view.scroller') as HTMLElement;
      const row = Array.from(sv.children).find((c) => c.textContent === 'row 8') as HTMLElement;
      return Math.round(row.getBoundingClientRect().top - sv.getBoundingClientRect().top);
    });
    expect(rows).toBe(0);
    await page.$eval('wx-scroll-view.scroller', (e) => e.scrollTo({ top: e.scrollHeight }));
    await waitForData(page, 'data.lower >= 1');
  });

  test('image: mode becomes object-fit, the src is served from the app root, a click is a tap', async () => {
    await page.waitForFunction(() => (document.querySelector('wx-image.pic img') as HTMLImageElement | null)?.naturalWidth === 40, null, { timeout: STEP_TIMEOUT_MS });
    expect(await page.$eval('wx-image.pic img', (e) => getComputedStyle(e).objectFit)).toBe('contain');
    await page.click('wx-image.pic');
    await waitForData(page, "data.taps.includes('image')");
  });

  test('cloud call and stream watch reach the real dev server as the page user; two pages are two users', async () => {
    const bob = await context.newPage();
    await openApp(bob, preview.url, 'openid=bob');
    for (const [p, text] of [[page, 'hi-a'], [bob, 'hi-b']] as const) {
      await p.click('wx-input.field input');
      await p.keyboard.type(text);
      await p.click('wx-button.call');
    }
    await waitForData(page, "data.reply === 'alice:hi-a' && data.streamText === 'streamed hi-a'");
    await waitForData(bob, "data.reply === 'bob:hi-b' && data.streamText === 'streamed hi-b'");
    expect(fn.calls.filter((c) => c.event.text === 'hi-a').map((c) => c.openid)).toEqual(['alice']);
    expect(fn.calls.filter((c) => c.event.text === 'hi-b').map((c) => c.openid)).toEqual(['bob']);
    expect(await page.evaluate(() => localStorage.getItem('wx:bob:last'))).toBeNull();
  });

  test('navigateTo with a query, the nav bar title, getCurrentPages and navigateBack', async () => {
    await expect(page.textContent('#wx-nav-title')).resolves.toBe('Index');
    await page.click('wx-view.nav');
    await waitForData(page, "data.from === 'index'");
    await expect(page.textContent('#wx-nav-title')).resolves.toBe('Second');
    expect(await page.evaluate(() => (window as unknown as { getCurrentPages(): Array<{ route: string }> }).getCurrentPages().map((p) => p.route))).toEqual([
      'pages/index/index',
      'pages/second/second',
    ]);
    await expect(page.textContent('wx-page >> nth=1 >> card .card--title')).resolves.toBe('on second');
    await page.click('wx-view.back');
    await waitForData(page, 'data.count === 1');
    await expect(page.textContent('#wx-nav-title')).resolves.toBe('Index');
  });

  test('a request naming another Host is refused (the proxied dev server trusts the openid header)', async () => {
    const status = (host: string): Promise<number> =>
      new Promise((resolve, reject) => {
        const req = http.request(`${preview.url}__cloud/coze`, { method: 'POST', headers: { host, 'content-type': 'application/json', 'x-wx-openid': 'alice' } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end('{"action":"echo","text":"rebind"}');
      });
    expect(await status('evil.example')).toBe(403);
    expect(fn.calls.some((c) => c.event.text === 'rebind')).toBe(false);
    expect(await status(new URL(preview.url).host)).toBe(200);
    expect(fn.calls.filter((c) => c.event.text === 'rebind').map((c) => c.openid)).toEqual(['alice']);
  });

  test('?page= opens a page directly with its query, and App().onLaunch ran first', async () => {
    await openApp(page, preview.url, 'openid=alice&page=pages/second/second&from=deeplink');
    await waitForData(page, "data.from === 'deeplink'");
    expect(await page.evaluate(() => (window as unknown as { getApp(): { globalData: { launched: boolean } } }).getApp().globalData.launched)).toBe(true);
  });
});
