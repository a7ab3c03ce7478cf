/** The custom navigation bar is centred on WeChat's capsule and keeps clear of it (core/nav-bar.ts). */
import { DEFAULT_CAPSULE_ROOM, DEFAULT_NAV_HEIGHT, navBarLayout } from '../../../miniprogram/core/nav-bar';

describe('navBarLayout', () => {
  it('an iPhone-like phone: status bar 47, capsule 32 high at 51 → a 40 px bar below the status bar, content stops before the capsule', () => {
    expect(navBarLayout(47, { top: 51, left: 281, height: 32 }, 375)).toEqual({ top: 47, height: 40, right: 375 - 281 + 8 });
  });

  it('an Android-like phone: status bar 24, capsule at 32 → a 48 px bar', () => {
    expect(navBarLayout(24, { top: 32, left: 296, height: 32 }, 393)).toMatchObject({ top: 24, height: 48 });
  });

  it('falls back to WeChat defaults when the capsule rect is missing or nonsense', () => {
    const fallback = { top: 20, height: DEFAULT_NAV_HEIGHT, right: DEFAULT_CAPSULE_ROOM };
    expect(navBarLayout(20, null, 375)).toEqual(fallback);
    expect(navBarLayout(20, { top: 0, left: 0, height: 0 }, 375)).toEqual(fallback);
    expect(navBarLayout(20, { top: 10, left: 281, height: 32 }, 375)).toEqual(fallback);
  });
});
