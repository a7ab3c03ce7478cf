/**
 * Live reload and the error overlay in a real browser: an edit on disk reaches the open page through the file
 * watcher, esbuild's rebuild and the SSE reload; wcc, postcss and esbuild errors appear with their file:line and
 * disappear once fixed. The edit-to-screen latency is printed (measured, never asserted).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Browser, Page } from 'playwright-core';
import { type Preview, startPreview } from '../../tools/preview/server';
import { createLocalCloud } from '../../tools/dev-server/index';
import { fakeEchoFunction } from './fake-function';
import { STEP_TIMEOUT_MS, launchBrowser, openApp, topData, uiDescribe, waitForData } from './harness';

const FIXTURE = path.join(__dirname, 'fixtures', 'mini');

uiDescribe('live reload and the build-error overlay', () => {
  let root: string;
  let preview: Preview;
  let browser: Browser;
  let page: Page;

  const edit = (rel: string, change: (text: string) => string): void => {
    const file = path.join(root, rel);
    fs.writeFileSync(file, change(fs.readFileSync(file, 'utf8')));
  };
  const overlayText = async (): Promise<string> => {
    await page.waitForSelector('#wx-overlay:not([hidden])', { timeout: STEP_TIMEOUT_MS });
    return (await page.textContent('#wx-overlay')) ?? '';
  };
  const waitForText = (selector: string, text: string): Promise<unknown> =>
    page.waitForFunction(([s, t]) => document.querySelector(s)?.textContent === t, [selector, text] as const, { timeout: STEP_TIMEOUT_MS });

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'preview-live-'));
    fs.cpSync(FIXTURE, root, { recursive: true });
    preview = await startPreview({ root, port: 0, cloud: createLocalCloud(fakeEchoFunction()) });
    browser = await launchBrowser();
    page = await browser.newPage();
    await openApp(page, preview.url);
  });

  afterAll(async () => {
    await browser?.close();
    await preview?.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  test('an edited .wxml, .wxss and .ts show in the open page without a manual reload', async () => {
    const started = Date.now();
    edit('utils/footer.wxml', (t) => t.replace('included footer', 'edited footer'));
    await waitForText('wx-view.footer', 'edited footer');
    const wxmlMs = Date.now() - started;
    await openApp(page, preview.url); // the reload itself has happened; wait for the app to be ready again

    // A style-only edit swaps the stylesheet in place: page state (count after a tap) survives it.
    await page.click('wx-view.item');
    await waitForData(page, 'data.count === 2');
    edit('components/card/card.wxss', (t) => t.replace('rgb(200, 0, 0)', 'rgb(0, 0, 200)'));
    await page.waitForFunction(() => {
      const el = document.querySelector('card .card--title');
      return el !== null && getComputedStyle(el).color === 'rgb(0, 0, 200)';
    }, null, { timeout: STEP_TIMEOUT_MS });
    expect((await topData<{ count: number }>(page)).count).toBe(2);

    edit('pages/index/label.ts', (t) => t.replace('`Item ${', '`Row ${'));
    await waitForText('wx-view.item', 'Row A');
    console.log(`live reload: .wxml edit visible in the browser after ${wxmlMs} ms (last build ${preview.build.ms} ms)`);
  });

  test('wcc, postcss and esbuild errors show in the overlay with file:line, and the app comes back when fixed', async () => {
    const wxml = 'pages/second/second.wxml';
    const original = fs.readFileSync(path.join(root, wxml), 'utf8');
    edit(wxml, (t) => t.replace('</view></view>', '</view>'));
    expect(await overlayText()).toMatch(/second\.wxml:\d+:\d+/);
    fs.writeFileSync(path.join(root, wxml), original);
    await page.waitForSelector('#wx-overlay', { state: 'hidden', timeout: STEP_TIMEOUT_MS });
    await openApp(page, preview.url);

    edit('pages/index/index.wxss', (t) => `${t}\n.broken { color: red;\n`);
    expect(await overlayText()).toMatch(/index\.wxss:\d+:\d+/);
    edit('pages/index/index.wxss', (t) => t.replace('\n.broken { color: red;\n', ''));
    await page.waitForSelector('#wx-overlay', { state: 'hidden', timeout: STEP_TIMEOUT_MS });

    edit('pages/index/label.ts', (t) => `${t}\nexport const broken = ;\n`);
    expect(await overlayText()).toMatch(/label\.ts:\d+:\d+/);
    edit('pages/index/label.ts', (t) => t.replace('\nexport const broken = ;\n', ''));
    await page.waitForSelector('#wx-overlay', { state: 'hidden', timeout: STEP_TIMEOUT_MS });
    await openApp(page, preview.url);
    expect(await page.textContent('wx-text.greeting')).toBe('HELLO!');
  });
});
