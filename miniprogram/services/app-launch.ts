/**
 * What the app does once at launch: check the base library against the supported floor, and initialise
 * wx.cloud with the environment id from config.ts. Kept out of app.ts so it is testable with the wx fake.
 */
import { MIN_BASE_LIBRARY, belowFloor } from '../core/base-library';

/** Said in the console when config.ts names no cloud environment. */
export const NO_CLOUD_ENV =
  'CLOUD_ENV is empty in miniprogram/config.ts: wx.cloud uses the environment created first, which breaks once your AppID has two. Set it to your environment id (云开发控制台 → 设置 → 环境 ID).';

/** Told to a user whose WeChat is too old (WeChat's own compatibility advice). */
export const UPDATE_WECHAT = '当前微信版本过低，部分功能可能无法使用，请升级到最新微信版本后重试。';

/** The running base library (wx.getAppBaseInfo from 2.25.3, else wx.getSystemInfoSync). */
function runningBaseLibrary(): string {
  if (typeof wx.getAppBaseInfo === 'function') return wx.getAppBaseInfo().SDKVersion;
  return wx.getSystemInfoSync().SDKVersion;
}

/** Warns (console, and a modal for the user) when the base library is below MIN_BASE_LIBRARY; true when it is. */
export function checkBaseLibrary(): boolean {
  const version = runningBaseLibrary();
  if (!belowFloor(version)) return false;
  console.warn(
    `Base library ${version} is below ${MIN_BASE_LIBRARY}, the floor of this mini-program (README: WeChat setup): answers may show as plain text and some features fail. In DevTools choose a newer 调试基础库; for users set 基础库最低版本 to ${MIN_BASE_LIBRARY} in the MP admin (设置 → 基本设置).`,
  );
  wx.showModal({ title: '提示', content: UPDATE_WECHAT, showCancel: false });
  return true;
}

/** Initialises wx.cloud with `env` (required by the current wx.cloud.init reference); empty keeps the default. */
export function initCloud(env: string): boolean {
  if (!wx.cloud) {
    console.error(`wx.cloud is missing: use base library ${MIN_BASE_LIBRARY} or later (README: WeChat setup).`);
    return false;
  }
  if (!env) console.warn(NO_CLOUD_ENV);
  wx.cloud.init(env ? { env, traceUser: true } : { traceUser: true });
  return true;
}
