/**
 * Saves PNGs of the main states of the real mini-program (through the preview, the real cloud function and the
 * embedded Coze emulator) for the README: `npx tsx tools/preview/screenshots.ts [--out docs/screenshots]`.
 * It always uses the emulator (COZE_* credentials are ignored), so the pictures never show a real conversation.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Page } from 'playwright-core';
import { launchChromium, openApp } from './browser';
import { startPreview } from './server';

/** Emulator pause between deltas: slow enough to catch the answer half-written. */
export const SHOT_DELTA_DELAY_MS = 120;
/** Browser window: room for the toolbar and the 375×740 phone. */
const WINDOW = { width: 420, height: 830 };
const ANSWER_TIMEOUT_MS = 30_000;
const CONVERSATIONS_ROUTE = 'pages/conversations/conversations';

type ChatState = { status: string; messages: Array<{ role: string; status: string; blocks?: unknown[] }> };

function topData(page: Page): Promise<ChatState> {
  return page.evaluate(() => {
    const pages = (window as unknown as { getCurrentPages(): Array<{ data: unknown }> }).getCurrentPages();
    return JSON.parse(JSON.stringify(pages[pages.length - 1].data)) as ChatState;
  });
}

async function until(page: Page, test: (d: ChatState) => boolean, what: string): Promise<void> {
  const deadline = Date.now() + ANSWER_TIMEOUT_MS;
  // A live reload (someone editing miniprogram/) can swap the page under us: treat that as "not yet".
  while (!test(await topData(page).catch(() => ({ status: '', messages: [] })))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await page.waitForTimeout(50);
  }
}

async function shoot(page: Page, out: string, name: string): Promise<void> {
  const file = path.join(out, `${name}.png`);
  await page.locator('.wx-device').screenshot({ path: file });
  console.log(`saved ${path.relative(process.cwd(), file)}`);
}

async function main(): Promise<void> {
  const outIndex = process.argv.indexOf('--out');
  const out = path.resolve(outIndex > 0 ? process.argv[outIndex + 1] : path.join('docs', 'screenshots'));
  fs.mkdirSync(out, { recursive: true });
  for (const name of Object.keys(process.env)) if (name.startsWith('COZE_')) delete process.env[name];
  const preview = await startPreview({ root: 'miniprogram', port: 0, deltaDelayMs: SHOT_DELTA_DELAY_MS });
  if (!preview.build.ok) throw new Error(`the preview build failed: ${preview.build.problems.map((p) => p.message).join('; ')}`);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: WINDOW, deviceScaleFactor: 2 });
    await openApp(page, preview.url, 'openid=screenshots');
    await page.waitForSelector('chat-welcome');
    await shoot(page, out, '01-empty-chat');

    await page.click('chat-composer wx-textarea textarea');
    await page.keyboard.type('用表格比较三种语言，并给一段代码');
    await page.keyboard.press('Enter');
    await until(page, (d) => d.messages[1]?.status === 'streaming' && (d.messages[1].blocks?.length ?? 0) >= 2, 'a half-written answer');
    await shoot(page, out, '02-streaming');

    await until(page, (d) => d.messages[1]?.status === 'complete', 'the complete answer');
    await page.waitForTimeout(300);
    await shoot(page, out, '03-markdown-answer');

    const hasConversations = JSON.parse(fs.readFileSync(path.join('miniprogram', 'app.json'), 'utf8')).pages.includes(CONVERSATIONS_ROUTE) as boolean;
    if (hasConversations) {
      await openApp(page, preview.url, `openid=screenshots&page=${CONVERSATIONS_ROUTE}`);
      await page.waitForTimeout(1000);
      await shoot(page, out, '04-conversation-list');
    } else {
      console.log(`skipped 04-conversation-list: app.json has no ${CONVERSATIONS_ROUTE} yet`);
    }

    await page.emulateMedia({ colorScheme: 'dark' });
    await openApp(page, preview.url, 'openid=screenshots');
    await page.waitForSelector('chat-welcome');
    await shoot(page, out, '05-dark-mode');
  } finally {
    await browser.close();
    await preview.stop();
  }
}

main().catch((err: Error) => {
  console.error(`screenshots: ${err.message}`);
  process.exit(1);
});
