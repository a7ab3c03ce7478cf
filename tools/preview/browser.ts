/**
 * Debian's chromium driven by playwright-core, shared by the UI tests and the screenshot script so both launch
 * the browser the same way and wait for the same "app booted" signal.
 */
import * as fs from 'fs';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Where Debian's `chromium` package installs the browser (no browser download is ever needed). */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Flags for a quiet headless run in containers and CI (no GPU, no sandbox, no background traffic). */
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
];

/** The fix to print when the browser is missing. */
export const INSTALL_HINT = 'install it with `apt-get update && apt-get install -y chromium fonts-noto-cjk` (without the CJK fonts Chinese shows as boxes)';

/** Launches chromium, or explains how to install it. */
export function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM_PATH)) return Promise.reject(new Error(`${CHROMIUM_PATH} is missing: ${INSTALL_HINT}.`));
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/** Opens the preview (optionally with a query such as `openid=alice`) and waits until the app booted; throws its boot error. */
export async function openApp(page: Page, url: string, query = '', timeoutMs = 15_000): Promise<void> {
  await page.goto(`${url}${query ? `?${query}` : ''}`);
  await page.waitForFunction(() => {
    const p = (window as unknown as { __preview?: { ready: boolean; error: string | null } }).__preview;
    return Boolean(p && (p.ready || p.error));
  }, null, { timeout: timeoutMs });
  const error = await page.evaluate(() => (window as unknown as { __preview: { error: string | null } }).__preview.error);
  if (error) throw new Error(`the app failed to boot in the browser: ${error}`);
}
