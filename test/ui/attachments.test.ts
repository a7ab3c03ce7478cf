/**
 * An image in the chat, in a real browser: the REAL chat page in the preview attaches a picture through the
 * ＋ button (相册 → the browser's file chooser standing in for WeChat's), uploads it to the dev server's storage
 * stand-in with progress, sends it with text, shows it in the user's bubble, and the REAL cloud function sends it
 * to the Coze emulator, whose answer echoes the file it received. History lists the attachment by its fileID.
 */
import * as path from 'path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { CozeEmulator } from '../../tools/coze-emulator/index';
import type { Preview } from '../../tools/preview/server';
import { type ChatPreview, STEP_TIMEOUT_MS, launchBrowser, openApp, previewRecord, startChatPreview, topData, uiDescribe, waitForData } from './harness';

const ROOT = path.join(__dirname, '..', '..', 'miniprogram');
/** A real 1×1 PNG, so the bubble's <img> really decodes it. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

interface ChatData {
  status: string;
  attachments: Array<{ status: string; progress: number; fileID: string; kind: string }>;
  messages: Array<{ id: string; role: string; status: string; text?: string; parts?: Array<{ kind: string; name: string; src: string; sizeText: string }>; blocks?: unknown[] }>;
}

uiDescribe('an image attached in the browser preview', () => {
  let emulator: CozeEmulator;
  let preview: Preview;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let chat: ChatPreview;

  beforeAll(async () => {
    chat = await startChatPreview(ROOT, 5);
    ({ emulator, preview } = chat);
    expect(preview.build.problems).toEqual([]);
    browser = await launchBrowser();
    context = await browser.newContext();
    page = await context.newPage();
    await openApp(page, preview.url, 'openid=alice');
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await chat?.stop();
  });

  test('＋ → 相册 → pick, the tray shows it uploaded; send shows it in the bubble and the answer echoes it', async () => {
    await waitForData(page, 'data.bot !== null');
    await page.click('attachment-tray .attachment-tray--add');
    const chooser = page.waitForEvent('filechooser', { timeout: STEP_TIMEOUT_MS });
    await page.click('.wx-action-sheet .wx-sheet-item >> text=相册');
    await (await chooser).setFiles({ name: 'cat.png', mimeType: 'image/png', buffer: PNG });
    await waitForData(page, "data.attachments.length === 1 && data.attachments[0].status === 'ready'");
    const tray = (await topData<ChatData>(page)).attachments[0];
    expect(tray.fileID).toMatch(/^cloud:\/\/local-dev\.local\/coze-upload\/[0-9a-f]{32}\/image-\d+\.png$/);
    expect(tray.progress).toBe(100);
    // The thumbnail in the tray decodes the picked file.
    await page.waitForFunction(() => ((document.querySelector('attachment-tray .attachment-tray--thumb img') as HTMLImageElement | null)?.naturalWidth ?? 0) > 0, undefined, { timeout: STEP_TIMEOUT_MS });

    await page.click('chat-composer wx-textarea textarea');
    await page.keyboard.type('这张图里有什么');
    await page.click('chat-composer .chat-composer--send');
    await waitForData(page, "data.messages.length === 2 && data.messages[1].status === 'complete'");
    const data = await topData<ChatData>(page);
    expect(data.attachments).toEqual([]);
    expect(data.messages[0]).toMatchObject({ role: 'user', text: '这张图里有什么', parts: [{ kind: 'image', sizeText: `${PNG.length} B` }] });
    // The user's bubble shows the image (decoded) above the text.
    await page.waitForFunction(() => ((document.querySelector('chat-bubble .chat-bubble--part-image img') as HTMLImageElement | null)?.naturalWidth ?? 0) > 0, undefined, { timeout: STEP_TIMEOUT_MS });
    // The answer echoes what Coze received: the image, by name and size.
    const answerText = await page.textContent('chat-bubble >> nth=1');
    expect(answerText).toContain('收到的附件');
    expect(answerText).toMatch(new RegExp(`图片「image-\\d+\\.png」${PNG.length} 字节`));
    const upload = emulator.requests.find((r) => r.path === '/v1/files/upload');
    expect(upload).toBeDefined();

    // Tapping the image previews it.
    await page.click('chat-bubble .chat-bubble--part-image');
    await page.waitForSelector('.wx-image-preview img', { timeout: STEP_TIMEOUT_MS });
    await page.click('.wx-image-preview');

    // History keeps the attachment by its cloud fileID, which the preview serves like cloud storage.
    const history = (await page.evaluate(async () => {
      const w = window as unknown as { wx: { cloud: { callFunction(p: object): Promise<{ result: unknown }> } } };
      const list = (await w.wx.cloud.callFunction({ name: 'coze', data: { action: 'conversation.list' } })).result as { data: { conversations: Array<{ id: string }> } };
      return (await w.wx.cloud.callFunction({ name: 'coze', data: { action: 'message.list', conversationId: list.data.conversations[0].id } })).result;
    })) as { ok: boolean; data: { messages: Array<{ role: string; parts?: Array<{ fileID: string }> }> } };
    const question = history.data.messages.find((m) => m.role === 'user');
    expect(question?.parts?.[0].fileID).toBe(tray.fileID);
    const served = await page.evaluate(async (fileID) => (await fetch(`/__storage/file?fileID=${encodeURIComponent(fileID)}`)).status, tray.fileID);
    expect(served).toBe(200);
    expect((await previewRecord(page)).warnings).toEqual([]);
  });
});
