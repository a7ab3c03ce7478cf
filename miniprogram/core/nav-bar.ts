/**
 * Geometry of the chat page's own navigation bar (app.json `navigationStyle: custom`): it starts below the
 * status bar and is as tall as WeChat's, centred on the capsule (the ··· ◎ menu button), and its content stops
 * before the capsule so no icon or title sits under it.
 */

/** The capsule's rect as `wx.getMenuButtonBoundingClientRect()` gives it (px). */
export interface MenuButtonRect {
  top: number;
  left: number;
  height: number;
}

/** Where the bar goes (px): `top` = status bar, `height` of the bar itself, `right` = room kept for the capsule. */
export interface NavBarLayout {
  top: number;
  height: number;
  right: number;
}

/** WeChat's bar height when the capsule is unknown (the base library's own default on most phones). */
export const DEFAULT_NAV_HEIGHT = 44;
/** Room for the capsule when its rect is unknown (87 px wide, 7 px from the edge, plus a gap). */
export const DEFAULT_CAPSULE_ROOM = 100;
/** Gap between our last icon and the capsule. */
export const CAPSULE_GAP = 8;

/** The bar's geometry from the status bar height, the capsule rect (null when unavailable) and the window width. */
export function navBarLayout(statusBarHeight: number, menu: MenuButtonRect | null, windowWidth: number): NavBarLayout {
  const top = Math.max(0, statusBarHeight || 0);
  const valid = !!menu && menu.height > 0 && menu.top >= top && menu.left > 0 && menu.left < windowWidth;
  if (!valid || !menu) return { top, height: DEFAULT_NAV_HEIGHT, right: DEFAULT_CAPSULE_ROOM };
  return { top, height: (menu.top - top) * 2 + menu.height, right: windowWidth - menu.left + CAPSULE_GAP };
}
