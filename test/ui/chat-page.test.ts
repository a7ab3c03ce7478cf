/**
 * The REAL chat page in a real browser: the preview serves miniprogram/, its wx shim calls the REAL cloud
 * function (cloudfunctions/coze/index.js) through the dev server, and the function talks to the Coze emulator
 * with real RS256 JWTs. Assertions are on the DOM and on page data, never on pixels or timings.
 */
import * as path from 'path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { CozeEmulator } from '../../tools/coze-emulator/index';
import { reasoningFor, TOOL_CALLS } from '../../tools/coze-emulator/scripted-bot';
import type { Preview } from '../../tools/preview/server';
import { type ChatPreview, STEP_TIMEOUT_MS, launchBrowser, openApp, startChatPreview, topData, uiDescribe, waitForData } from './harness';

const ROOT = path.join(__dirname, '..', '..', 'miniprogram');
/** Emulator pause between deltas: long enough that the stream channel shows several partial states. */
const DELTA_DELAY_MS = 60;

interface ViewMessage {
  id: string;
  role: 'user' | 'assistant';
  status: string;
  text?: string;
  blocks?: Array<{ kind: string }>;
  followUps: string[];
  error: { message: string; retryable: boolean; restored: boolean } | null;
}

interface ChatData {
  status: string;
  messages: ViewMessage[];
  bot: { name: string; prologue: string; suggestedQuestions: string[] } | null;
  draft: string;
}

/** Calls the cloud function from inside the page, exactly as the mini-program would (same shim, same user). */
function callFromPage(page: Page, data: Record<string, unknown>): Promise<{ ok: boolean; data?: Record<string, unknown>; error?: { code: string } }> {
  return page.evaluate(async (d) => {
    const w = window as unknown as { wx: { cloud: { callFunction(p: object): Promise<{ result: unknown }> } } };
    return (await w.wx.cloud.callFunction({ name: 'coze', data: d })).result as { ok: boolean };
  }, data) as Promise<{ ok: boolean; data?: Record<string, unknown>; error?: { code: string } }>;
}

async function typeAndSend(page: Page, text: string): Promise<void> {
  await page.click('chat-composer wx-textarea textarea');
  await page.keyboard.type(text);
  await page.click('chat-composer .chat-composer--send');
}

uiDescribe('the real chat page in the browser preview', () => {
  let chat: ChatPreview;
  let emulator: CozeEmulator;
  let preview: Preview;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    chat = await startChatPreview(ROOT, DELTA_DELAY_MS);
    ({ emulator, preview } = chat);
    expect(preview.build.problems).toEqual([]);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await chat?.stop();
  });

  beforeEach(async () => {
    context = await browser.newContext();
    page = await context.newPage();
    await openApp(page, preview.url, 'openid=alice');
  });

  afterEach(async () => {
    await context.close();
  });

  test('the empty chat shows the bot, its prologue and the suggested questions from bot.info', async () => {
    await waitForData(page, 'data.bot !== null');
    const data = await topData<ChatData>(page);
    expect(data.bot?.suggestedQuestions.length).toBeGreaterThan(0);
    await expect(page.textContent('chat-welcome .chat-welcome--name')).resolves.toBe(data.bot?.name);
    await expect(page.textContent('chat-welcome .chat-welcome--prologue')).resolves.toBe(data.bot?.prologue);
    expect(await page.$$eval('chat-welcome .chat-welcome--suggestion', (els) => els.map((e) => e.textContent))).toEqual(data.bot?.suggestedQuestions);
  });

  test('a suggestion sends; the markdown answer streams in progressively and ends with code, a table and follow-up chips', async () => {
    await waitForData(page, 'data.bot !== null');
    // Record every distinct state of the answer the page goes through (status and rendered size).
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { __answerStates: string[] }).__answerStates = seen;
      const tick = (): void => {
        const pages = (window as unknown as { getCurrentPages(): Array<{ data: { messages: Array<{ role: string; status: string; blocks?: unknown[] }> } }> }).getCurrentPages();
        const answer = pages[0].data.messages.find((m) => m.role === 'assistant');
        if (answer) {
          const state = `${answer.status}:${JSON.stringify(answer.blocks ?? []).length}`;
          if (seen[seen.length - 1] !== state) seen.push(state);
        }
        if (!answer || answer.status !== 'complete') requestAnimationFrame(tick);
      };
      tick();
    });
    const question = (await topData<ChatData>(page)).bot?.suggestedQuestions[0] ?? '';
    await page.click('chat-welcome .chat-welcome--suggestion >> nth=0');
    await waitForData(page, "data.messages.length === 2 && data.messages[1].status === 'complete'");
    const states = await page.evaluate(() => (window as unknown as { __answerStates: string[] }).__answerStates);
    const streaming = states.filter((s) => s.startsWith('streaming:')).map((s) => Number(s.split(':')[1]));
    const finalSize = Number(states[states.length - 1].split(':')[1]);
    expect(streaming.length).toBeGreaterThanOrEqual(2);
    expect(Math.min(...streaming)).toBeLessThan(finalSize);
    const data = await topData<ChatData>(page);
    expect(data.messages[0]).toMatchObject({ role: 'user', text: question });
    expect(data.messages[1].blocks?.map((b) => b.kind)).toEqual(expect.arrayContaining(['code', 'table']));
    expect(await page.textContent('markdown-view .markdown-view--code-text')).toContain('const question');
    expect(await page.$$eval('markdown-view .markdown-view--table .markdown-view--row', (rows) => rows.length)).toBeGreaterThanOrEqual(2);
    expect(await page.$('chat-welcome')).toBeNull();
    const chips = await page.$$eval('chat-bubble .chat-bubble--follow-up', (els) => els.map((e) => e.textContent));
    expect(chips).toEqual(data.messages[1].followUps);
    expect(chips.length).toBeGreaterThan(0);
    await page.click('chat-bubble .chat-bubble--follow-up >> nth=0');
    await waitForData(page, "data.messages.length === 4 && data.messages[3].status === 'complete'");
    expect((await topData<ChatData>(page)).messages[2]).toMatchObject({ role: 'user', text: chips[0] });
  });

  test('a thinking bot that calls a tool: the step line, the thinking block streaming, collapsing with its duration, and expanding', async () => {
    // Record every distinct state of the step lines and the thinking block the page shows (DOM, each frame).
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { __thinkingStates: string[] }).__thinkingStates = seen;
      const text = (selector: string): string => Array.from(document.querySelectorAll(selector)).map((e) => (e.textContent ?? '').trim()).join('|');
      const tick = (): void => {
        const state = JSON.stringify({
          steps: text('chat-thinking .chat-thinking--step-label'),
          label: text('chat-thinking .chat-thinking--reasoning-label'),
          body: text('chat-thinking .chat-thinking--reasoning-body').length,
        });
        if (seen[seen.length - 1] !== state) seen.push(state);
        const pages = (window as unknown as { getCurrentPages(): Array<{ data: { messages: Array<{ role: string; status: string }> } }> }).getCurrentPages();
        const answer = pages[0].data.messages.find((m) => m.role === 'assistant');
        if (!answer || answer.status !== 'complete') requestAnimationFrame(tick);
      };
      tick();
    });
    const question = '明天北京天气如何 #mode:tool #mode:think';
    await typeAndSend(page, question);
    await waitForData(page, "data.messages.length === 2 && data.messages[1].status === 'complete'");
    const states = (await page.evaluate(() => (window as unknown as { __thinkingStates: string[] }).__thinkingStates)).map(
      (s) => JSON.parse(s) as { steps: string; label: string; body: number },
    );
    // The tool steps, in order: a line each, running, then done; never the raw arguments or output.
    const [first, second] = TOOL_CALLS.map((tool) => tool.pluginName);
    const stepLines = [...new Set(states.map((s) => s.steps).filter(Boolean))];
    expect(stepLines).toEqual([`正在调用 ${first}…`, `已调用 ${first}|正在调用 ${second}…`, `已调用 ${first}|已调用 ${second}`]);
    expect(await page.textContent('chat-bubble')).not.toMatch(/RAW-|secret_hint/);
    // Streaming: open under 思考中… while the reasoning grows.
    const thinking = states.filter((s) => s.label === '思考中…' && s.body > 0).map((s) => s.body);
    expect(new Set(thinking).size).toBeGreaterThanOrEqual(2);
    // Collapsed by itself once the answer started, titled with the time it took.
    await page.waitForSelector('chat-thinking .chat-thinking--reasoning-label');
    const label = (await page.textContent('chat-thinking .chat-thinking--reasoning-label'))?.trim() ?? '';
    expect(label).toMatch(/^已深度思考（用时 \d+ 秒）$/);
    expect(await page.$('chat-thinking .chat-thinking--reasoning-body')).toBeNull();
    // Expanded again on tap: the whole reasoning, apart from the answer.
    await page.click('chat-thinking .chat-thinking--reasoning-head');
    await page.waitForSelector('chat-thinking .chat-thinking--reasoning-body');
    const body = (await page.textContent('chat-thinking .chat-thinking--reasoning-body')) ?? '';
    expect(body.replace(/\s+/g, '')).toBe(reasoningFor(question).replace(/\s+/g, ''));
    expect(await page.textContent('markdown-view')).not.toContain('先想清楚问题的要点');
  });

  test('stop while streaming keeps the partial answer, marked stopped, and the composer is ready again', async () => {
    await typeAndSend(page, '讲一个很长的故事 #fault:long');
    // Some text is shown (a half-typed first line, such as a lone "#", stays hidden until it closes).
    await waitForData(page, "data.messages.length === 2 && data.messages[1].status === 'streaming' && data.messages[1].blocks.length > 0");
    await page.click('chat-composer .chat-composer--stop');
    await waitForData(page, "data.messages[1].status === 'stopped' && data.status === 'ready'");
    const answer = (await topData<ChatData>(page)).messages[1];
    expect(answer.blocks?.length).toBeGreaterThan(0);
    await page.waitForSelector('chat-bubble .chat-bubble--stopped');
    await page.waitForSelector('chat-composer .chat-composer--send');
  });

  test('an error before Coze puts the text back into the composer and offers no 重试 in the bubble, so it is sent once', async () => {
    const typed = '这个问题会失败 #fault:500';
    await typeAndSend(page, typed);
    await waitForData(page, "data.messages.length === 2 && data.messages[1].status === 'error'");
    const failed = (await topData<ChatData>(page)).messages[1];
    expect(failed.error).toMatchObject({ retryable: false, restored: true });
    await expect(page.textContent('chat-bubble .chat-bubble--error-text')).resolves.toBe(failed.error?.message);
    expect(failed.error?.message).not.toMatch(/[A-Za-z]{3,}/);
    expect(await page.$('chat-bubble .chat-bubble--retry')).toBeNull();
    await page.waitForFunction((t) => (document.querySelector('chat-composer wx-textarea textarea') as HTMLTextAreaElement).value === t, typed, { timeout: STEP_TIMEOUT_MS });
    const chatCalls = (): number => emulator.requests.filter((r) => r.path === '/v3/chat').length;
    const before = chatCalls();
    await page.click('chat-composer .chat-composer--send');
    await waitForData(page, "data.messages.length === 4 && data.messages[3].status === 'error'");
    expect(chatCalls() - before).toBeGreaterThanOrEqual(1);
    expect((await topData<ChatData>(page)).messages.filter((m) => m.role === 'user').map((m) => m.text)).toEqual([typed, typed]);
  });

  test('an answer that fails inside Coze keeps a 重试 that asks again', async () => {
    await typeAndSend(page, '这个回答会失败 #fault:failed');
    await waitForData(page, "data.messages.length === 2 && data.messages[1].status === 'error'");
    expect((await topData<ChatData>(page)).messages[1].error).toMatchObject({ retryable: true, restored: false });
    const chatCalls = (): number => emulator.requests.filter((r) => r.path === '/v3/chat').length;
    const before = chatCalls();
    await page.click('chat-bubble .chat-bubble--retry');
    await waitForData(page, "data.messages.length === 2 && data.messages[1].status === 'error'");
    expect(chatCalls()).toBeGreaterThan(before);
  });

  test('reopening the mini-program resumes the last conversation; 新建对话 starts a new one, which the next start keeps', async () => {
    await typeAndSend(page, '要恢复的话题');
    await waitForData(page, "data.messages.length === 2 && data.messages[1].status === 'complete'");
    await openApp(page, preview.url, 'openid=alice');
    await waitForData(page, "data.messages.some((m) => m.role === 'user' && m.text === '要恢复的话题') && data.messages.some((m) => m.status === 'complete' && m.role === 'assistant')");
    // One page of history says nothing about its start: 已显示全部消息 is only for after paging up.
    expect(await page.$('.history-end')).toBeNull();
    await page.click('wx-view.tool.new-conversation');
    await waitForData(page, 'data.messages.length === 0');
    await openApp(page, preview.url, 'openid=alice');
    await page.waitForSelector('chat-welcome');
    expect((await topData<ChatData>(page)).messages).toEqual([]);
  });

  test('two users in two pages are isolated: each sees only their own conversations', async () => {
    const bob = await context.newPage();
    await openApp(bob, preview.url, 'openid=bob');
    await typeAndSend(page, 'alice 的问题');
    await typeAndSend(bob, 'bob 的问题');
    await waitForData(page, "data.messages.length === 2 && data.messages[1].status === 'complete'");
    await waitForData(bob, "data.messages.length === 2 && data.messages[1].status === 'complete'");
    const aliceList = await callFromPage(page, { action: 'conversation.list' });
    const bobList = await callFromPage(bob, { action: 'conversation.list' });
    const ids = (r: typeof aliceList): string[] => ((r.data?.conversations as Array<{ id: string }>) ?? []).map((c) => c.id);
    expect(ids(aliceList).length).toBeGreaterThan(0);
    expect(ids(bobList).length).toBeGreaterThan(0);
    expect(ids(aliceList).filter((id) => ids(bobList).includes(id))).toEqual([]);
    const peek = await callFromPage(bob, { action: 'message.list', conversationId: ids(aliceList)[0] });
    expect(peek).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect((await topData<ChatData>(bob)).messages.map((m) => m.text)).not.toContain('alice 的问题');
  });

  test('switching conversations through the conversations page shows the chosen history', async () => {
    await typeAndSend(page, '第一个话题');
    await waitForData(page, "data.messages.length === 2 && data.messages[1].status === 'complete'");
    await page.click('wx-view.tool.new-conversation');
    await waitForData(page, 'data.messages.length === 0');
    await typeAndSend(page, '第二个话题');
    await waitForData(page, "data.messages.length === 2 && data.messages[1].status === 'complete'");

    await page.click('wx-view.tool.conversations');
    // Both conversations listed, and the open one marked current (so :not(.current) is the earlier one).
    await page.waitForFunction(() => {
      const items = document.querySelectorAll('.wx-page-frame:not([hidden]) wx-view.item');
      return items.length >= 2 && document.querySelectorAll('.wx-page-frame:not([hidden]) wx-view.item.current').length === 1;
    }, null, { timeout: STEP_TIMEOUT_MS });
    expect(await page.evaluate(() => (window as unknown as { getCurrentPages(): Array<{ route: string }> }).getCurrentPages().map((p) => p.route))).toEqual([
      'pages/chat/chat',
      'pages/conversations/conversations',
    ]);
    await page.click('.wx-page-frame:not([hidden]) wx-view.item:not(.current) >> nth=0');
    await waitForData(page, "data.messages.some((m) => m.role === 'user' && m.text === '第一个话题')");
    const texts = (await topData<ChatData>(page)).messages.map((m) => m.text);
    expect(texts).not.toContain('第二个话题');
    expect(await page.evaluate(() => (window as unknown as { getCurrentPages(): unknown[] }).getCurrentPages().length)).toBe(1);
  });
});
