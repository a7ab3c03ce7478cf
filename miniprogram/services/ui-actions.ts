/** The few wx UI calls the chat page makes (clipboard, toast, image preview), kept here so views stay wx-free. */
import { PRIVACY_NOTICES, logPrivacyFix, privacyFailure } from './privacy';

/** Toast shown after a link is copied: a mini-program cannot open outside links. */
export const LINK_COPIED = '链接已复制，请在浏览器中打开';
/** Toast shown after text or code is copied. */
export const TEXT_COPIED = '已复制';

/** Toast shown when copying failed for a reason other than the privacy rules. */
export const COPY_FAILED = '复制失败，请重试';

/**
 * Copies text and says so with our own toast (WeChat's default toast is replaced). The clipboard is a privacy
 * API: when the privacy guide lacks it (errno 112) or the user has not agreed (errno 104), the toast says so.
 */
export function copyText(text: string, toast: string = TEXT_COPIED): void {
  wx.setClipboardData({
    data: text,
    success: () => wx.showToast({ title: toast, icon: 'none' }),
    fail: (err) => {
      const failure = privacyFailure(err);
      if (failure) logPrivacyFix('clipboard', failure, err);
      else console.error(`wx.setClipboardData failed: ${err.errMsg}`);
      showNotice(failure ? PRIVACY_NOTICES.clipboard[failure] : COPY_FAILED);
    },
  });
}

/** Copies a link's URL, since the mini-program cannot open it. */
export function copyLink(url: string): void {
  copyText(url, LINK_COPIED);
}

/** Opens WeChat's image viewer on `current`, able to swipe through `urls`. */
export function previewImage(current: string, urls: string[] = [current]): void {
  wx.previewImage({ current, urls });
}

/** Shows a short error or notice without an icon (long Chinese text fits two lines). */
export function showNotice(message: string): void {
  wx.showToast({ title: message, icon: 'none' });
}

/** The conversations page's route. */
export const CONVERSATIONS_PAGE_URL = '/pages/conversations/conversations';

/** Opens the conversations list over the chat. */
export function openConversations(): void {
  wx.navigateTo({ url: CONVERSATIONS_PAGE_URL, fail: (err) => showNotice(`无法打开会话列表：${err.errMsg}`) });
}
