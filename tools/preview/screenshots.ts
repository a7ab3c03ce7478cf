/**
 * Saves PNGs of the main states of the real mini-program (through the preview, the real cloud function and the
 * embedded Coze emulator), light and dark, on a 375×812 and a 320×568 phone:
 * `npx tsx tools/preview/screenshots.ts [--out docs/screenshots] [--root miniprogram] [--only 375x812-light]`.
 * Files: `<out>/<w>x<h>-<theme>/NN-state.png` (SHOTS lists the states). It always uses the emulator (COZE_*
 * credentials are ignored), so the pictures never show a real conversation; the config-error state runs the
 * real function with a broken COZE_API_BASE.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Browser, Page } from 'playwright-core';
import { createLocalCloud, loadFunctionModule } from '../dev-server/index';
import { launchChromium, openApp } from './browser';
import { startPreview, type Preview } from './server';

/** Emulator pause between deltas: slow enough to catch the answer half-written. */
export const SHOT_DELTA_DELAY_MS = 120;
/** The phones: a current iPhone-sized one and the smallest common one (iPhone SE 1st gen). */
export const SIZES = [
  { width: 375, height: 812 },
  { width: 320, height: 568 },
] as const;
/** The themes (prefers-color-scheme). */
export const THEMES = ['light', 'dark'] as const;
/** The fixed set of states, in file-name order. */
export const SHOTS = [
  '01-empty-chat',
  '02-streaming',
  '03-markdown-answer',
  '04-multiline-draft',
  '05-stopped',
  '06-error-retry',
  '07-config-error',
  '08-conversation-list',
  '09-rename-dialog',
  '10-delete-dialog',
] as const;
type Shot = (typeof SHOTS)[number];

const ANSWER_TIMEOUT_MS = 90_000;
const CONVERSATIONS_ROUTE = 'pages/conversations/conversations';
const COMPOSER_TEXTAREA = 'chat-composer wx-textarea textarea';
const LONG_DRAFT = '帮我把上面的对比整理成一份给团队的说明：先一句话结论，再分别列出三种语言在性能、生态、学习成本上的差异，每点不超过两句话，最后给出推荐和理由。';

type ChatState = { status: string; bot?: unknown; messages: Array<{ role: string; status: string; blocks?: unknown[] }> };

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

/** Scrolls the chat list to its end (what a reader does to see the last answer's actions). */
async function scrollListToEnd(page: Page): Promise<void> {
  await page.evaluate(() => {
    const frames = document.querySelectorAll('.wx-page-frame:not([hidden]) wx-scroll-view');
    frames.forEach((el) => {
      el.scrollTop = el.scrollHeight;
    });
  });
  await page.waitForTimeout(200);
}

async function shoot(page: Page, dir: string, name: Shot): Promise<void> {
  const file = path.join(dir, `${name}.png`);
  await page.locator('.wx-device').screenshot({ path: file, animations: 'disabled', caret: 'initial' });
  console.log(`saved ${path.relative(process.cwd(), file)}`);
}

async function sendText(page: Page, text: string): Promise<void> {
  await page.click(COMPOSER_TEXTAREA);
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

async function clearDraft(page: Page): Promise<void> {
  await page.click(COMPOSER_TEXTAREA);
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Backspace');
}

/** The states that need the working backend (everything but the config error). */
async function chatShots(browser: Browser, preview: Preview, root: string, dir: string, size: { width: number; height: number }, theme: string): Promise<void> {
  const context = await browser.newContext({ viewport: { width: size.width + 60, height: size.height + 90 }, deviceScaleFactor: 2, colorScheme: theme as 'light' | 'dark' });
  try {
    const page = await context.newPage();
    const query = `openid=shots-${size.width}-${theme}&w=${size.width}&h=${size.height}`;
    await openApp(page, preview.url, query);
    await page.waitForSelector('chat-welcome');
    await shoot(page, dir, '01-empty-chat');

    await sendText(page, '用表格比较三种语言，并给一段代码');
    await until(page, (d) => d.messages[1]?.status === 'streaming' && (d.messages[1].blocks?.length ?? 0) >= 2, 'a half-written answer');
    await shoot(page, dir, '02-streaming');
    await until(page, (d) => d.messages[1]?.status === 'complete', 'the complete answer');
    await page.waitForTimeout(300);
    await shoot(page, dir, '03-markdown-answer');

    await page.click(COMPOSER_TEXTAREA);
    await page.keyboard.type(LONG_DRAFT);
    await scrollListToEnd(page);
    await shoot(page, dir, '04-multiline-draft');
    await clearDraft(page);

    await sendText(page, '讲一个很长的故事 #fault:long');
    await until(page, (d) => d.messages[3]?.status === 'streaming' && (d.messages[3].blocks?.length ?? 0) >= 1, 'a long answer streaming');
    await page.waitForTimeout(600);
    await page.click('chat-composer .chat-composer--stop');
    await until(page, (d) => d.messages[3]?.status === 'stopped' && d.status === 'ready', 'the stopped answer');
    await scrollListToEnd(page);
    await shoot(page, dir, '05-stopped');

    await sendText(page, '这个回答会失败 #fault:failed');
    await until(page, (d) => d.messages[5]?.status === 'error', 'the failed answer');
    await scrollListToEnd(page);
    await shoot(page, dir, '06-error-retry');

    const hasConversations = JSON.parse(fs.readFileSync(path.join(root, 'app.json'), 'utf8')).pages.includes(CONVERSATIONS_ROUTE) as boolean;
    if (!hasConversations) return;
    // A second conversation, so the list shows more than one; then the list, opened from the chat's header.
    await page.click('.wx-page-frame:not([hidden]) .new-conversation');
    await until(page, (d) => d.messages.length === 0, 'a new conversation');
    await sendText(page, '介绍一下你自己');
    await until(page, (d) => d.messages[1]?.status === 'complete', 'the second conversation');
    await page.click('.wx-page-frame:not([hidden]) .conversations');
    await page.waitForSelector('.wx-page-frame:not([hidden]) wx-view.item >> nth=1');
    await page.waitForTimeout(300);
    await shoot(page, dir, '08-conversation-list');
    await page.click('.wx-page-frame:not([hidden]) wx-view.item >> nth=0 >> wx-view.rename');
    await page.waitForSelector('.wx-modal');
    await shoot(page, dir, '09-rename-dialog');
    await page.click('.wx-modal-cancel');
    await page.click('.wx-page-frame:not([hidden]) wx-view.item >> nth=0 >> wx-view.delete');
    await page.waitForSelector('.wx-modal');
    await shoot(page, dir, '10-delete-dialog');
  } finally {
    await context.close();
  }
}

/** bot.info failing because the function is misconfigured (COZE_API_BASE is not an http(s) URL). */
async function configErrorShot(browser: Browser, preview: Preview, dir: string, size: { width: number; height: number }, theme: string): Promise<void> {
  const context = await browser.newContext({ viewport: { width: size.width + 60, height: size.height + 90 }, deviceScaleFactor: 2, colorScheme: theme as 'light' | 'dark' });
  try {
    const page = await context.newPage();
    await openApp(page, preview.url, `openid=shots-config&w=${size.width}&h=${size.height}`);
    // The old page shows nothing at all on this failure: wait for the call to settle, not for a selector.
    await page.waitForFunction(() => (window as unknown as { __preview: { warnings: string[] } }).__preview !== undefined);
    await page.waitForTimeout(1500);
    await shoot(page, dir, '07-config-error');
  } finally {
    await context.close();
  }
}

async function main(): Promise<void> {
  const arg = (name: string, fallback: string): string => {
    const i = process.argv.indexOf(name);
    return i > 0 ? process.argv[i + 1] : fallback;
  };
  const out = path.resolve(arg('--out', path.join('docs', 'screenshots')));
  const root = path.resolve(arg('--root', 'miniprogram'));
  const only = arg('--only', '');
  const wanted = (size: { width: number; height: number }, theme: string): boolean => !only || only === `${size.width}x${size.height}-${theme}`;
  for (const name of Object.keys(process.env)) if (name.startsWith('COZE_')) delete process.env[name];
  const browser = await launchChromium();
  try {
    const preview = await startPreview({ root, port: 0, deltaDelayMs: SHOT_DELTA_DELAY_MS });
    try {
      if (!preview.build.ok) throw new Error(`the preview build failed: ${preview.build.problems.map((p) => p.message).join('; ')}`);
      for (const size of SIZES) {
        for (const theme of THEMES.filter((t) => wanted(size, t))) {
          const dir = path.join(out, `${size.width}x${size.height}-${theme}`);
          fs.mkdirSync(dir, { recursive: true });
          await chatShots(browser, preview, root, dir, size, theme);
        }
      }
    } finally {
      await preview.stop();
    }
    // The real function with a broken setting: every action answers CONFIG.
    process.env.COZE_API_BASE = 'ftp://coze.invalid';
    const broken = await startPreview({ root, port: 0, cloud: createLocalCloud(loadFunctionModule()) });
    try {
      for (const size of SIZES) {
        for (const theme of THEMES.filter((t) => wanted(size, t))) await configErrorShot(browser, broken, path.join(out, `${size.width}x${size.height}-${theme}`), size, theme);
      }
    } finally {
      await broken.stop();
      delete process.env.COZE_API_BASE;
    }
  } finally {
    await browser.close();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === __filename) {
  main().catch((err: Error) => {
    console.error(`screenshots: ${err.message}`);
    process.exit(1);
  });
}
