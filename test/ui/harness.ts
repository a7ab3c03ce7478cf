/**
 * Real-browser test helpers: Debian's chromium through playwright-core, a preview per suite, and readers for
 * page data. Suites fail (not skip) when chromium is missing, unless SKIP_UI_TESTS=1 is set explicitly.
 */
import * as fs from 'fs';
import type { Page } from 'playwright-core';
import { type CozeEmulator, cloudFunctionEnv, generateAppKeys, startEmulator } from '../../tools/coze-emulator/index';
import { CHROMIUM_PATH, INSTALL_HINT, launchChromium, openApp as openPreviewApp } from '../../tools/preview/browser';
import { type Preview, startPreview } from '../../tools/preview/server';

/** How long a UI step may take on a busy shared 2-core machine before the test gives up (not a timing assertion). */
export const STEP_TIMEOUT_MS = 30_000;

const MISSING = `${CHROMIUM_PATH} is missing: ${INSTALL_HINT}. CI does this in .ci/run; set SKIP_UI_TESTS=1 to skip the browser tests on purpose.`;

/** A browser test drives several round trips through the real function; jest's 30 s default is tight on a busy machine. */
export const UI_TEST_TIMEOUT_MS = 120_000;

/** `describe` for browser suites: runs them, skips them only on SKIP_UI_TESTS=1, and fails loudly otherwise. */
export function uiDescribe(name: string, body: () => void): void {
  if (fs.existsSync(CHROMIUM_PATH)) {
    jest.setTimeout(UI_TEST_TIMEOUT_MS);
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

/** Launches Debian's chromium headless (tools/preview/browser.ts). */
export const launchBrowser = launchChromium;

/** Opens the preview as one user and waits until the app has booted (or throws the boot error). */
export function openApp(page: Page, url: string, query = ''): Promise<void> {
  return openPreviewApp(page, url, query, STEP_TIMEOUT_MS);
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

/** The real mini-program in the preview, its real function talking to a fresh emulator (fresh keys). */
export interface ChatPreview {
  emulator: CozeEmulator;
  preview: Preview;
  stop(): Promise<void>;
}

/**
 * Starts an emulator and the preview of `root` with the function pointed at it through COZE_* plus any `env`
 * (all restored by stop()); the function's one-JSON-line logs of expected failures are kept out of the test output.
 */
export async function startChatPreview(root: string, deltaDelayMs: number, env: Record<string, string> = {}): Promise<ChatPreview> {
  for (const level of ['log', 'warn', 'error'] as const) {
    const original = console[level].bind(console);
    jest.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      if (typeof args[0] === 'string' && args[0].startsWith('{"level":')) return;
      original(...args);
    });
  }
  const keys = generateAppKeys();
  const emulator = await startEmulator({ port: 0, apps: [{ appId: keys.appId, keyId: keys.keyId, publicKeyPem: keys.publicKeyPem }], deltaDelayMs });
  const settings: Record<string, string> = { ...cloudFunctionEnv(emulator, keys), ...env };
  const saved: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(settings)) {
    saved[name] = process.env[name];
    process.env[name] = value;
  }
  const preview = await startPreview({ root, port: 0, envFile: null });
  return {
    emulator,
    preview,
    stop: async () => {
      await preview.stop();
      await emulator.stop();
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
      jest.restoreAllMocks();
    },
  };
}
