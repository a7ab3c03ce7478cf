/**
 * Layout facts of the REAL chat UI, measured in a real browser (the preview, the real function, the emulator) on a
 * 375×812 and a 320×568 phone: the list ends above the composer at every draft height (the last answer's actions
 * and the AI note can always be scrolled fully into view), there is one header clear of the capsule, nothing is
 * wider than the screen, every icon button has an accessible label, and a failing bot.info shows an error state.
 * Assertions are on DOM rectangles and attributes, never on pixels or timings.
 */
import * as path from 'path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createLocalCloud, loadFunctionModule } from '../../tools/dev-server/index';
import { type Preview, startPreview } from '../../tools/preview/server';
import { type ChatPreview, STEP_TIMEOUT_MS, launchBrowser, openApp, startChatPreview, topData, uiDescribe, waitForData } from './harness';

const ROOT = path.join(__dirname, '..', '..', 'miniprogram');
const SIZES = [
  { width: 375, height: 812 },
  { width: 320, height: 568 },
];
const TEXTAREA = 'chat-composer wx-textarea textarea';
const FRAME = '.wx-page-frame:not([hidden])';
/** Rounding slack for fractional layout (px). */
const SLACK = 0.5;

interface Rect {
  top: number;
  bottom: number;
  left: number;
  right: number;
  height: number;
}

function rect(page: Page, selector: string): Promise<Rect> {
  return page.$eval(selector, (el) => {
    const r = el.getBoundingClientRect();
    return { top: r.top, bottom: r.bottom, left: r.left, right: r.right, height: r.height };
  });
}

/** The last match of a selector. */
function lastRect(page: Page, selector: string): Promise<Rect> {
  return page.$$eval(selector, (els) => {
    const r = els[els.length - 1].getBoundingClientRect();
    return { top: r.top, bottom: r.bottom, left: r.left, right: r.right, height: r.height };
  });
}

/**
 * Scrolls the list to its end once neither its content nor its own height changes any more: on a loaded machine the
 * last render of an answer, or the composer growing with the draft, can land after the scroll and push the end out
 * of view again (seen once in a full `npm test`).
 */
async function scrollListToEnd(page: Page): Promise<void> {
  await page.$eval(`${FRAME} wx-scroll-view.list`, async (el) => {
    const frame = (): Promise<void> => new Promise((resolve) => requestAnimationFrame(() => resolve()));
    let size = '';
    // At most 2 s of frames: a list that never settles fails the layout checks below instead of hanging the test.
    for (let settled = 0, frames = 0; settled < 3 && frames < 120; frames += 1) {
      el.scrollTop = el.scrollHeight;
      await frame();
      const now = `${el.scrollHeight}x${el.clientHeight}`;
      settled = now === size ? settled + 1 : 0;
      size = now;
    }
  });
}

/** Elements of the visible page that stick out of the phone's width (those inside a sideways scroller excepted). */
function overflowing(page: Page): Promise<string[]> {
  return page.evaluate((frameSel) => {
    const vp = (document.getElementById('wx-viewport') as HTMLElement).getBoundingClientRect();
    const out: string[] = [];
    for (const el of Array.from(document.querySelectorAll(`${frameSel} *`))) {
      if (el.closest('wx-scroll-view[scroll-x]') && !el.matches('wx-scroll-view[scroll-x]')) continue;
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      if (r.left < vp.left - 0.5 || r.right > vp.right + 0.5) out.push(`${el.tagName.toLowerCase()}.${el.className} [${Math.round(r.left - vp.left)}, ${Math.round(r.right - vp.left)}] of ${vp.width}`);
    }
    return out;
  }, FRAME);
}

/** Icons that are neither inside a labelled button nor marked decorative, and buttons without a label. */
function unlabelled(page: Page): Promise<{ icons: string[]; buttons: string[]; iconCount: number }> {
  return page.evaluate((frameSel) => {
    const frame = document.querySelector(frameSel) as HTMLElement;
    const icons = Array.from(frame.querySelectorAll('*')).filter((el) => el.className.split(/\s+/).some((c) => c === 'icon' || c.endsWith('--icon')));
    const labelled = (el: Element | null): boolean => !!el && (el.getAttribute('aria-label') ?? '').trim() !== '';
    return {
      iconCount: icons.length,
      icons: icons.filter((el) => el.getAttribute('aria-hidden') !== 'true' && !labelled(el.closest('[aria-role="button"]'))).map((el) => el.className),
      buttons: Array.from(frame.querySelectorAll('[aria-role="button"]')).filter((el) => !labelled(el)).map((el) => el.className),
    };
  }, FRAME);
}

uiDescribe('chat layout in a real browser', () => {
  let chat: ChatPreview;
  let browser: Browser;
  let context: BrowserContext;

  beforeAll(async () => {
    chat = await startChatPreview(ROOT, 0);
    expect(chat.preview.build.problems).toEqual([]);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await chat?.stop();
  });

  afterEach(async () => {
    await context?.close();
  });

  async function openChat(size: { width: number; height: number }, openid: string): Promise<Page> {
    context = await browser.newContext({ viewport: { width: size.width + 80, height: size.height + 120 } });
    const page = await context.newPage();
    await openApp(page, chat.preview.url, `openid=${openid}&w=${size.width}&h=${size.height}`);
    await page.waitForSelector('chat-welcome');
    return page;
  }

  describe.each(SIZES)('on a $width×$height phone', (size) => {
    test('the last answer’s actions and the AI note are fully visible above the composer at every draft height', async () => {
      const page = await openChat(size, `layout-${size.width}`);
      await page.click(TEXTAREA);
      await page.keyboard.type('用表格比较三种语言，并给一段代码');
      await page.keyboard.press('Enter');
      await waitForData(page, "data.messages.length === 2 && data.messages[1].status === 'complete'");
      const heights: number[] = [];
      for (const lines of [0, 1, 3, 8, 20]) {
        await page.click(TEXTAREA);
        await page.keyboard.press('Control+A');
        await page.keyboard.press('Backspace');
        for (let i = 0; i < lines; i++) {
          if (i > 0) await page.keyboard.press('Shift+Enter');
          await page.keyboard.type(`第 ${i + 1} 行草稿`);
        }
        await scrollListToEnd(page);
        const list = await rect(page, `${FRAME} wx-scroll-view.list`);
        const composer = await rect(page, 'chat-composer .chat-composer--composer');
        const viewport = await rect(page, '#wx-viewport');
        const actions = await lastRect(page, 'chat-bubble .chat-bubble--actions');
        const note = await rect(page, `${FRAME} .ai-note`);
        heights.push(composer.height);
        const facts = {
          lines,
          listEndsAboveComposer: list.bottom <= composer.top + SLACK,
          composerOnScreen: composer.bottom <= viewport.bottom + SLACK,
          actionsVisible: actions.top >= list.top - SLACK && actions.bottom <= list.bottom + SLACK,
          noteVisible: note.top >= list.top - SLACK && note.bottom <= list.bottom + SLACK && note.bottom <= composer.top + SLACK,
        };
        expect(facts).toEqual({ lines, listEndsAboveComposer: true, composerOnScreen: true, actionsVisible: true, noteVisible: true });
      }
      // The field really grew with the draft, and stopped growing at its limit (it scrolls inside after that).
      expect(heights[3]).toBeGreaterThan(heights[1]);
      expect(heights[4]).toBe(heights[3]);
      expect(heights[1]).toBe(heights[0]);
    });

    test('one header: our bar with the bot’s name, WeChat’s bar hidden, every control left of the capsule', async () => {
      const page = await openChat(size, `header-${size.width}`);
      const data = await topData<{ bot: { name: string } }>(page);
      expect(await page.$eval('#wx-navbar', (el) => (el as HTMLElement).hidden)).toBe(true);
      expect(await page.$$eval(`${FRAME} [aria-role="heading"]`, (els) => els.map((e) => e.textContent))).toEqual([data.bot.name]);
      await page.click(TEXTAREA);
      await page.keyboard.type('你好');
      await page.keyboard.press('Enter');
      await waitForData(page, "data.messages.length === 2 && data.messages[1].status === 'complete'");
      // With the welcome gone, the bot's name is shown once: in the header.
      const names = await page.$$eval(`${FRAME} *`, (els, name) => els.filter((e) => e.children.length === 0 && e.textContent === name).length, data.bot.name);
      expect(names).toBe(1);
      const capsule = await rect(page, '#wx-capsule');
      const controls = await page.$$eval(`${FRAME} .nav > *`, (els) => els.map((e) => e.getBoundingClientRect().right));
      expect(controls.length).toBeGreaterThanOrEqual(3);
      for (const right of controls) expect(right).toBeLessThanOrEqual(capsule.left + SLACK);
      const nav = await rect(page, `${FRAME} .nav`);
      // Centred on the capsule, as WeChat's own bar is.
      expect(Math.abs((nav.top + nav.bottom) / 2 - (capsule.top + capsule.bottom) / 2)).toBeLessThanOrEqual(1);
    });

    test('nothing is wider than the screen, and every icon button has an accessible label (welcome, long answer, conversations)', async () => {
      const page = await openChat(size, `width-${size.width}`);
      expect(await overflowing(page)).toEqual([]);
      await page.click(TEXTAREA);
      await page.keyboard.type('用表格比较三种语言，并给一段代码');
      await page.keyboard.press('Enter');
      await waitForData(page, "data.messages.length === 2 && data.messages[1].status === 'complete'");
      await scrollListToEnd(page);
      expect(await overflowing(page)).toEqual([]);
      const chatLabels = await unlabelled(page);
      expect({ icons: chatLabels.icons, buttons: chatLabels.buttons }).toEqual({ icons: [], buttons: [] });
      expect(chatLabels.iconCount).toBeGreaterThanOrEqual(8);
      await page.click(`${FRAME} .conversations`);
      await page.waitForSelector(`${FRAME} wx-view.item`, { timeout: STEP_TIMEOUT_MS });
      expect(await overflowing(page)).toEqual([]);
      const listLabels = await unlabelled(page);
      expect({ icons: listLabels.icons, buttons: listLabels.buttons }).toEqual({ icons: [], buttons: [] });
      // The conversations page has its own styles: its cards are as wide as its 新建对话 button.
      const button = await rect(page, `${FRAME} .new`);
      const card = await rect(page, `${FRAME} wx-view.item`);
      expect([Math.round(card.left), Math.round(card.right)]).toEqual([Math.round(button.left), Math.round(button.right)]);
    });
  });

  test('a bot.info that fails for a while shows an error state with 重试, and 重试 brings the welcome', async () => {
    // The function caches bot.info per instance (COZE_BOT_INFO_TTL_SECONDS): off here, so the failure reaches the page.
    process.env.COZE_BOT_INFO_TTL_SECONDS = '0';
    chat.emulator.inject({ kind: 'http-502', path: '/v1/bots/', times: 20 });
    context = await browser.newContext({ viewport: { width: 455, height: 932 } });
    const page = await context.newPage();
    try {
      await openApp(page, chat.preview.url, 'openid=bot-down');
      await page.waitForSelector(`${FRAME} .failure`, { timeout: STEP_TIMEOUT_MS });
      expect(await page.textContent(`${FRAME} .failure-text`)).not.toMatch(/[A-Za-z]{3,}/);
      chat.emulator.clearFaults();
      await page.click(`${FRAME} .failure-retry`);
      await page.waitForSelector('chat-welcome', { timeout: STEP_TIMEOUT_MS });
      expect(await page.$(`${FRAME} .failure`)).toBeNull();
    } finally {
      chat.emulator.clearFaults();
      delete process.env.COZE_BOT_INFO_TTL_SECONDS;
    }
  });
});

uiDescribe('a misconfigured function in a real browser', () => {
  let broken: Preview;
  let browser: Browser;
  const saved = process.env.COZE_API_BASE;

  beforeAll(async () => {
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
    process.env.COZE_API_BASE = 'ftp://coze.invalid';
    broken = await startPreview({ root: ROOT, port: 0, cloud: createLocalCloud(loadFunctionModule()) });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await broken?.stop();
    if (saved === undefined) delete process.env.COZE_API_BASE;
    else process.env.COZE_API_BASE = saved;
    jest.restoreAllMocks();
  });

  test('the config error state: plain Chinese for users, no 重试 (a retry cannot fix it), the developer detail only because this is the preview', async () => {
    const page = await browser.newPage();
    await openApp(page, broken.url, 'openid=config');
    await page.waitForSelector(`${FRAME} .failure`, { timeout: STEP_TIMEOUT_MS });
    const text = await page.textContent(`${FRAME} .failure-text`);
    expect(text).toMatch(/[\u4e00-\u9fa5]/);
    expect(text).not.toMatch(/[A-Za-z]/);
    expect(await page.$(`${FRAME} .failure-retry`)).toBeNull();
    // The preview reports platform 'devtools' (as WeChat DevTools does): the code is shown there, never on phones.
    // The variable and its fix are in the function log and `npm run doctor` only: no envelope names it.
    const detail = await page.textContent(`${FRAME} .dev-detail`);
    expect(detail).toContain('CONFIG');
    expect(detail).not.toContain('COZE_API_BASE');
    expect(detail).toContain('npm run doctor');
    expect(await page.$('chat-welcome')).toBeNull();
    await page.close();
  });
});
