/**
 * The base-library floor of the mini-program, in one place (README: WeChat setup; check-project compares
 * project.config.json with it; the app warns at launch below it).
 *
 * 2.21.0 is the first base library whose JS engines (iOS 12, Chrome 66: wechat-miniprogram/miniprogram-compat
 * data/browserslist.json) can parse marked 15's Unicode property regexes (`/[\p{P}\p{S}]/u` needs iOS 11.3 /
 * Chrome 64; a syntax error cannot be polyfilled), and every API the chat needs is older (API_FLOORS).
 * Built-ins newer than those engines are added by core/polyfills.ts.
 */

/** The lowest base library the mini-program supports. */
export const MIN_BASE_LIBRARY = '2.21.0';

/** One wx API (or feature) we use: the base library it needs, and what the mini-program does without it. */
export interface ApiFloor {
  api: string;
  since: string;
  /** Below `since`: how the mini-program degrades ('' = needed: at or below the floor). */
  without: string;
}

/** Every wx API and framework feature the chat relies on, newest first (WeChat's API reference pages). */
export const API_FLOORS: readonly ApiFloor[] = [
  { api: 'wx.requirePrivacyAuthorize, wx.onNeedPrivacyAuthorization', since: '2.32.3', without: 'no privacy layer exists, so privacy APIs are called directly' },
  { api: 'wx.getAppBaseInfo', since: '2.25.3', without: 'the launch check reads SDKVersion from wx.getSystemInfoSync' },
  { api: 'wx.getWindowInfo', since: '2.20.1', without: 'the entry button measures with wx.getSystemInfoSync' },
  { api: 'wx.showModal editable (rename a conversation)', since: '2.17.1', without: '' },
  { api: 'wx.getRandomValues', since: '2.15.0', without: 'ids fall back to Math.random with a console warning' },
  { api: '<text user-select>', since: '2.12.1', without: '' },
  { api: 'theme.json / darkmode', since: '2.11.0', without: '' },
  { api: 'cloud database watch() (live text)', since: '2.8.1', without: '' },
  { api: 'Component observers', since: '2.6.1', without: '' },
  { api: 'wx.cloud (callFunction, uploadFile, database)', since: '2.2.3', without: '' },
];

/** Compares dotted versions numerically ('2.21.0' < '2.9.1' is false): negative, 0 or positive. */
export function compareVersions(a: string, b: string): number {
  const x = a.split('.');
  const y = b.split('.');
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (parseInt(x[i] ?? '0', 10) || 0) - (parseInt(y[i] ?? '0', 10) || 0);
    if (d) return d;
  }
  return 0;
}

/** Whether a running base library is below the supported floor. */
export function belowFloor(version: string): boolean {
  return compareVersions(version, MIN_BASE_LIBRARY) < 0;
}
