/**
 * WeChat's privacy layer (base library 2.32.3+) for the privacy APIs the chat calls. An API whose item is not
 * declared in 用户隐私保护指引 fails with errno 112; one the user has not agreed to fails with errno 104 (or, when
 * the host registered wx.onNeedPrivacyAuthorization, waits for the host's consent prompt first). Each failure
 * becomes a toast the user understands and a console line telling the developer what to fix.
 */

/** errno of "api scope is not declared in the privacy agreement": the item is missing from the privacy guide. */
export const PRIVACY_UNDECLARED_ERRNO = 112;
/** errno of "privacy permission is not authorized": the user has not agreed to the privacy guide. */
export const PRIVACY_REFUSED_ERRNO = 104;

/** Why the privacy layer stopped a call. */
export type PrivacyFailure = 'undeclared' | 'refused';

/** The 用户隐私保护指引 items the chat needs, with the calls that need them (README: WeChat setup). */
export const PRIVACY_ITEMS = {
  clipboard: { item: '剪切板', apis: 'wx.setClipboardData (copy message, copy code, copy link)' },
  microphone: { item: '麦克风', apis: 'wx.authorize({ scope: "scope.record" }), RecorderManager.start (voice input)' },
  album: { item: '选中的照片或视频信息', apis: 'wx.chooseMedia from the album (attach an image)' },
  camera: { item: '摄像头', apis: 'wx.chooseMedia from the camera (take a photo to attach)' },
  file: { item: '选中的文件', apis: 'wx.chooseMessageFile (attach a file from a WeChat chat)' },
} as const;

/** A privacy item of this mini-program. */
export type PrivacyItemName = keyof typeof PRIVACY_ITEMS;

/** What the user sees when the privacy layer stops a call, by item and reason. */
export const PRIVACY_NOTICES: Record<PrivacyItemName, Record<PrivacyFailure, string>> = {
  clipboard: { undeclared: '无法复制：小程序未声明使用剪切板', refused: '需要先同意隐私保护指引才能复制' },
  microphone: { undeclared: '无法语音输入：小程序未声明使用麦克风', refused: '需要先同意隐私保护指引才能使用麦克风' },
  album: { undeclared: '无法选择图片：小程序未声明使用相册', refused: '需要先同意隐私保护指引才能选择图片' },
  camera: { undeclared: '无法拍照：小程序未声明使用摄像头', refused: '需要先同意隐私保护指引才能拍照' },
  file: { undeclared: '无法选择文件：小程序未声明使用聊天文件', refused: '需要先同意隐私保护指引才能选择文件' },
};

/** A wx fail result (errno is present on base library 2.24.0+; the message is matched for older ones). */
export interface WxFailure {
  errMsg?: string;
  errno?: number;
}

/** Classifies a failed wx call: a privacy failure, or null for anything else. */
export function privacyFailure(err: WxFailure | null | undefined): PrivacyFailure | null {
  if (!err) return null;
  const msg = err.errMsg ?? '';
  if (err.errno === PRIVACY_UNDECLARED_ERRNO || /not declared in the privacy agreement/i.test(msg)) return 'undeclared';
  if (err.errno === PRIVACY_REFUSED_ERRNO || /privacy permission is not authorized/i.test(msg)) return 'refused';
  return null;
}

/** Tells the developer, in the console, what to change for a privacy failure of `item`. */
export function logPrivacyFix(item: PrivacyItemName, failure: PrivacyFailure, err: WxFailure): void {
  const { item: name, apis } = PRIVACY_ITEMS[item];
  const fix =
    failure === 'undeclared'
      ? `declare 「${name}」 in 用户隐私保护指引 (MP admin → 设置 → 服务内容声明 → 用户隐私保护指引) and wait for its approval`
      : `the user has not agreed to the privacy guide (用户隐私保护指引); WeChat asks again on the next use, or register wx.onNeedPrivacyAuthorization to show your own consent prompt`;
  console.error(`${apis} failed (errno ${failure === 'undeclared' ? PRIVACY_UNDECLARED_ERRNO : PRIVACY_REFUSED_ERRNO}, ${err.errMsg ?? ''}): ${fix}.`);
}

/**
 * Asks for privacy consent before a call that must not wait on a prompt (recording starts under a held finger):
 * wx.requirePrivacyAuthorize answers at once when the user has agreed, else triggers WeChat's documented flow
 * (the host's wx.onNeedPrivacyAuthorization prompt). Base libraries without it have no privacy layer: 'ok'.
 */
export function requirePrivacy(): Promise<'ok' | PrivacyFailure> {
  if (typeof wx.requirePrivacyAuthorize !== 'function') return Promise.resolve('ok');
  return new Promise((resolve) =>
    wx.requirePrivacyAuthorize({
      success: () => resolve('ok'),
      // Any other failure (a host without the privacy layer): go on, and let the real API report its own error.
      fail: (err: WxFailure) => resolve(privacyFailure(err) ?? 'ok'),
    }),
  );
}
