/** Style facts shared by the build (WXSS conversion) and the browser runtime (inline styles, built-ins). */

/** Built-in tags whose selectors must become `wx-<tag>` (exparser renders them as `<wx-tag>`). */
export const OFFICIAL_TAGS = [
  'page', 'view', 'scroll-view', 'swiper', 'swiper-item', 'movable-area', 'movable-view', 'cover-view', 'cover-image',
  'icon', 'text', 'rich-text', 'progress', 'button', 'checkbox', 'checkbox-group', 'form', 'input', 'label', 'picker',
  'picker-view', 'picker-view-column', 'radio', 'radio-group', 'slider', 'switch', 'textarea', 'navigator', 'image',
  'video', 'audio', 'camera', 'map', 'canvas', 'web-view', 'editor', 'live-player', 'live-pusher', 'ad', 'open-data',
] as const;

/** `12rpx`, `-0.5rpx`, `.5rpx` (not inside identifiers). */
const UNIT = /(^|[^\w.-])(-?(?:\d+\.?\d*|\.\d+))(rpx|vh|vw)\b/g;

/** Scales units through the frame's variables: `--rpx` is frame width / 750, `--vh`/`--vw` a hundredth of it. */
export function convertUnits(value: string): string {
  return value.replace(UNIT, (_m, lead: string, num: string, unit: string) => `${lead}calc(${num} * var(--${unit}))`);
}

