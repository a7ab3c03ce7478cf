/**
 * A chatflow question node in the REAL chat page in a real browser: the preview runs the real cloud function
 * (COZE_WORKFLOW_ID set) against the emulator's scripted chatflow. The question's options show as chips; tapping
 * one sends it as the user's reply, which resumes the flow, and the flow's answer carries the values of the
 * developer's user-context hook.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DEFAULT_WORKFLOW_ID } from '../../tools/coze-emulator/index';
import { CHATFLOW_OPTIONS, CHATFLOW_QUESTION } from '../../tools/coze-emulator/scripted-chatflow';
import { type ChatPreview, STEP_TIMEOUT_MS, launchBrowser, openApp, startChatPreview, topData, uiDescribe, waitForData } from './harness';

const ROOT = path.join(__dirname, '..', '..', 'miniprogram');

interface ChatData {
  messages: Array<{ role: string; status: string; text?: string; followUps: string[]; question?: boolean; blocks?: unknown[] }>;
}

uiDescribe('a chatflow question node in the browser preview', () => {
  let chat: ChatPreview;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ui-hook-'));

  beforeAll(async () => {
    const hook = path.join(dir, 'user-context.js');
    writeFileSync(hook, "module.exports = async ({ openid }) => ({ member: openid === 'carol' ? 'gold' : 'none' });");
    chat = await startChatPreview(ROOT, 20, { COZE_WORKFLOW_ID: DEFAULT_WORKFLOW_ID, COZE_USER_CONTEXT_HOOK: hook });
    expect(chat.preview.build.problems).toEqual([]);
    browser = await launchBrowser();
    context = await browser.newContext();
    page = await context.newPage();
    await openApp(page, chat.preview.url, 'openid=carol');
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await chat?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test("the question's options show as chips, and tapping one resumes the flow with it", async () => {
    await page.click('chat-composer wx-textarea textarea');
    await page.keyboard.type('我想咨询');
    await page.click('chat-composer .chat-composer--send');
    await waitForData(page, "data.messages.length === 2 && data.messages[1].status === 'complete'");
    const asked = (await topData<ChatData>(page)).messages[1];
    expect(asked).toMatchObject({ question: true, followUps: [...CHATFLOW_OPTIONS] });
    // The typewriter reveals the text after the turn completed: wait for the whole question.
    await page.waitForFunction((q) => (document.querySelector('chat-bubble markdown-view')?.textContent ?? '').includes(q), CHATFLOW_QUESTION, { timeout: STEP_TIMEOUT_MS });
    const chips = await page.$$eval('chat-bubble .chat-bubble--question-option', (els) => els.map((e) => e.textContent));
    expect(chips).toEqual([...CHATFLOW_OPTIONS]);

    await page.click(`chat-bubble .chat-bubble--question-option >> text=${CHATFLOW_OPTIONS[1]}`);
    await waitForData(page, "data.messages.length === 4 && data.messages[3].status === 'complete'");
    const data = await topData<ChatData>(page);
    expect(data.messages[2]).toMatchObject({ role: 'user', text: CHATFLOW_OPTIONS[1] });
    expect(data.messages[3].question).toBeUndefined();
    expect(await page.$$('chat-bubble .chat-bubble--question-option')).toHaveLength(0);
    const expected = `你选择了「${CHATFLOW_OPTIONS[1]}」`;
    await page.waitForFunction((t) => (document.querySelectorAll('chat-bubble')[3]?.textContent ?? '').includes('member=gold') && (document.querySelectorAll('chat-bubble')[3]?.textContent ?? '').includes(t), expected, { timeout: STEP_TIMEOUT_MS });
    const reply = await page.textContent('chat-bubble >> nth=3');
    expect(reply).toContain(`你选择了「${CHATFLOW_OPTIONS[1]}」`);
    expect(reply).toContain('member=gold');
    const resumed = chat.emulator.requests.filter((r) => r.path === '/v1/workflows/chat').map((r) => r.body as { additional_messages: Array<{ content: string }> });
    expect(resumed.map((b) => b.additional_messages[b.additional_messages.length - 1].content)).toEqual(['我想咨询', CHATFLOW_OPTIONS[1]]);
  });
});
