/**
 * Real-browser test helpers: Debian's chromium through playwright-core, a preview per suite, and readers for
 * page data. Suites fail (not skip) when chromium is missing, unless SKIP_UI_TESTS=1 is set explicitly.
 */
import * as fs from 'fs';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Where Debian's `chromium` package installs the browser. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Flags for a quiet headless run in containers and CI (no GPU, no sandbox, no background traffic). */
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
];

/** How long a UI step may take on a busy shared 2-core machine before the test gives up (not a timing assertion). */
export const STEP_TIMEOUT_MS = 15_000;

const MISSING = `${CHROMIUM_PATH} is missing: install it with \`apt-get update && apt-get install -y chromium fonts-noto-cjk\` ` +
  '(CI does this in .ci/run), or set SKIP_UI_TESTS=1 to skip the browser tests on purpose.';

/** `describe` for browser suites: runs them, skips them only on SKIP_UI_TESTS=1, and fails loudly otherwise. */
export function uiDescribe(name: string, body: () => void): void {
  if (fs.existsSync(CHROMIUM_PATH)) {
    describe(name, body);
  } else if (process.env.SKIP_UI_TESTS === '1') {
    describe.skip(name, body);
  } else {
    describe(name, () => {
      test('chromium is installed', () => {
        throw new Error(MISSING);
      });
    });
  }
}

/** Launches chromium with the flags above. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/** Opens the preview as one user and waits until the app has booted (or throws the boot error). */
export async function openApp(page: Page, url: string, query = ''): Promise<void> {
  await page.goto(`${url}${query ? `?${query}` : ''}`);
  await page.waitForFunction(() => {
    const p = (window as unknown as { __preview?: { ready: boolean; error: string | null } }).__preview;
    return Boolean(p && (p.ready || p.error));
  }, null, { timeout: STEP_TIMEOUT_MS });
  const error = await page.evaluate(() => (window as unknown as { __preview: { error: string | null } }).__preview.error);
  if (error) throw new Error(`the app failed to boot in the browser: ${error}`);
}

/** The top page's `data`, as WeChat's getCurrentPages() shows it. */
export function topData<T = Record<string, unknown>>(page: Page): Promise<T> {
  return page.evaluate(() => {
    const pages = (window as unknown as { getCurrentPages(): Array<{ data: unknown }> }).getCurrentPages();
    return JSON.parse(JSON.stringify(pages[pages.length - 1].data)) as unknown;
  }) as Promise<T>;
}

/** Waits until a predicate over the top page's data holds (the predicate runs in the browser). */
export async function waitForData(page: Page, predicate: string): Promise<void> {
  await page.waitForFunction(
    (src) => {
      const pages = (window as unknown as { getCurrentPages(): Array<{ data: unknown }> }).getCurrentPages();
      // eslint-disable-next-line no-new-func
      return Boolean(new Function('data', `return (${src});`)(pages[pages.length - 1].data));
    },
    predicate,
    { timeout: STEP_TIMEOUT_MS },
  );
}

/** What the wx shim recorded (toasts, clipboard, the simulated openid, …). */
export function previewRecord(page: Page): Promise<{ openid: string; toasts: string[]; clipboard: string[]; modals: string[]; warnings: string[] }> {
  return page.evaluate(() => {
    const p = (window as unknown as { __preview: { openid: string; toasts: string[]; clipboard: string[]; modals: string[]; warnings: string[] } }).__preview;
    return { openid: p.openid, toasts: p.toasts, clipboard: p.clipboard, modals: p.modals, warnings: p.warnings };
  });
}
