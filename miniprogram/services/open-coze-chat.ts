/**
 * Opens the chat from anywhere in a host mini-program: the floating entry button uses it, and a host that
 * hides the button calls it from its own button (`import { openCozeChat } from '.../services/open-coze-chat'`).
 */

/** The chat page's route (pages/chat/chat must be listed in app.json `pages`). */
export const CHAT_PAGE_URL = '/pages/chat/chat';

/** Navigates to the chat; resolves with an error text (or null) so a caller can show why it failed. */
export function openCozeChat(url: string = CHAT_PAGE_URL): Promise<string | null> {
  return new Promise((resolve) => {
    wx.navigateTo({
      url,
      success: () => resolve(null),
      fail: (err) => {
        const message = `无法打开对话页：${err.errMsg}。请确认 app.json 的 pages 含有 ${url.replace(/^\//, '')}，且页面栈未满 10 层`;
        console.error(message);
        resolve(message);
      },
    });
  });
}
