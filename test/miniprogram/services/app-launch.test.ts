/**
 * Launch: wx.cloud.init gets the environment id from miniprogram/config.ts (an empty one keeps the default with a
 * console warning naming the file), and a base library below the floor is reported to the developer (console)
 * and the user (modal), while a supported one is not.
 */
import { MIN_BASE_LIBRARY, compareVersions, belowFloor, API_FLOORS } from '../../../miniprogram/core/base-library';
import { NO_CLOUD_ENV, UPDATE_WECHAT, checkBaseLibrary, initCloud } from '../../../miniprogram/services/app-launch';

interface FakeWx {
  cloud?: { init: jest.Mock };
  getSystemInfoSync: () => { SDKVersion: string };
  getAppBaseInfo?: () => { SDKVersion: string };
  showModal: jest.Mock;
}

const g = globalThis as unknown as { wx?: FakeWx; App?: (o: { onLaunch(): void }) => void };

function fakeWx(version: string, withAppBaseInfo = true): FakeWx {
  const w: FakeWx = { cloud: { init: jest.fn() }, getSystemInfoSync: () => ({ SDKVersion: version }), showModal: jest.fn() };
  if (withAppBaseInfo) w.getAppBaseInfo = () => ({ SDKVersion: version });
  g.wx = w;
  return w;
}

describe('launch', () => {
  let warn: jest.SpyInstance;
  beforeEach(() => {
    warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => {
    warn.mockRestore();
    delete g.wx;
    delete g.App;
  });

  it('app.ts passes CLOUD_ENV from config.ts to wx.cloud.init', () => {
    const w = fakeWx('3.8.1');
    let launch: (() => void) | undefined;
    g.App = (o) => (launch = o.onLaunch);
    jest.isolateModules(() => {
      jest.doMock('../../../miniprogram/config', () => ({ CLOUD_ENV: 'prod-7g0abc' }));
      require('../../../miniprogram/app');
    });
    launch?.();
    expect(w.cloud?.init).toHaveBeenCalledWith({ env: 'prod-7g0abc', traceUser: true });
    expect(warn).not.toHaveBeenCalled();
  });

  it('an empty environment id keeps the default environment and warns, naming the file to edit', () => {
    const w = fakeWx('3.8.1');
    expect(initCloud('')).toBe(true);
    expect(w.cloud?.init).toHaveBeenCalledWith({ traceUser: true });
    expect(warn).toHaveBeenCalledWith(NO_CLOUD_ENV);
    expect(NO_CLOUD_ENV).toContain('miniprogram/config.ts');
  });

  it('no wx.cloud: says which base library is needed instead of throwing', () => {
    const w = fakeWx('2.0.0');
    delete w.cloud;
    const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(initCloud('env')).toBe(false);
    expect(error.mock.calls[0][0]).toContain(MIN_BASE_LIBRARY);
    error.mockRestore();
  });

  it.each([
    ['2.20.2', true, true],
    ['2.17.1', false, true],
    [MIN_BASE_LIBRARY, true, false],
    ['3.8.1', true, false],
    ['2.100.0', false, false],
  ])('base library %s (getAppBaseInfo: %s): below the floor = %s', (version, withAppBaseInfo, below) => {
    const w = fakeWx(version, withAppBaseInfo);
    expect(checkBaseLibrary()).toBe(below);
    expect(w.showModal.mock.calls.map((c) => c[0].content)).toEqual(below ? [UPDATE_WECHAT] : []);
    expect(warn.mock.calls.length).toBe(below ? 1 : 0);
    if (below) expect(warn.mock.calls[0][0]).toContain(`below ${MIN_BASE_LIBRARY}`);
  });

  it('compares versions by number, not text', () => {
    expect(compareVersions('2.9.1', '2.21.0')).toBeLessThan(0);
    expect(compareVersions('2.21', '2.21.0')).toBe(0);
    expect(compareVersions('3.0.0', '2.32.3')).toBeGreaterThan(0);
    expect(belowFloor('2.20.9')).toBe(true);
  });

  it('every API the chat cannot do without is at or below the floor; newer ones name how the chat degrades', () => {
    const needed = API_FLOORS.filter((f) => !f.without);
    expect(needed.filter((f) => compareVersions(f.since, MIN_BASE_LIBRARY) > 0)).toEqual([]);
    expect(API_FLOORS.filter((f) => compareVersions(f.since, MIN_BASE_LIBRARY) > 0).every((f) => f.without.length > 0)).toBe(true);
  });
});
