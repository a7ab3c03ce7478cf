/**
 * What the page needs to know about where it runs: the navigation bar geometry (status bar, capsule) and
 * whether it runs in WeChat DevTools or the browser preview, the only places developer detail of an error is
 * shown. Both report `platform === 'devtools'` (the preview's wx shim does so on purpose); phones report
 * ios / android / windows / mac / ohos.
 */
import { navBarLayout, type NavBarLayout } from '../core/nav-bar';

function windowInfo(): { statusBarHeight: number; windowWidth: number; platform: string } {
  const w = wx as unknown as { getWindowInfo?: () => WechatMiniprogram.WindowInfo; getDeviceInfo?: () => { platform: string } };
  if (w.getWindowInfo && w.getDeviceInfo) {
    const info = w.getWindowInfo();
    return { statusBarHeight: info.statusBarHeight, windowWidth: info.windowWidth, platform: w.getDeviceInfo().platform };
  }
  const sys = wx.getSystemInfoSync();
  return { statusBarHeight: sys.statusBarHeight, windowWidth: sys.windowWidth, platform: sys.platform };
}

/** True in WeChat DevTools and in the browser preview: developer detail may be shown there. */
export function isDevtools(): boolean {
  try {
    return windowInfo().platform === 'devtools';
  } catch {
    return false;
  }
}

/** The custom navigation bar's geometry on this phone (falls back to WeChat's defaults). */
export function navBar(): NavBarLayout {
  try {
    const info = windowInfo();
    let menu: WechatMiniprogram.ClientRect | null = null;
    try {
      menu = wx.getMenuButtonBoundingClientRect();
    } catch {
      menu = null;
    }
    return navBarLayout(info.statusBarHeight, menu, info.windowWidth);
  } catch {
    return navBarLayout(0, null, 375);
  }
}
