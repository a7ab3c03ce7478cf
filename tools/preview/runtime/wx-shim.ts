/**
 * The `wx` object of the preview: the APIs a chat app uses, each either real in a browser (storage →
 * localStorage per openid, clipboard) or drawn in the DOM (toast, modal). Any other API warns once and fails
 * through its `fail` callback, so a missing shim is visible instead of silently doing nothing.
 */
import { navigateBack, navigateTo, reLaunch, redirectTo, currentPages, setTitle, topFrame } from './pages';
import { type ModalOptions, TOAST_MS, hideToast, previewImage, showActionSheet, showModal, showToast } from './ui';
import { createCloud } from './wx-cloud';
import { registerTempFile, resolveSrc } from './temp-files';

/** The base library the project targets (project.config.json libVersion). */
export const SDK_VERSION = '3.8.1';

type Callbacks = { success?: (r: unknown) => void; fail?: (e: unknown) => void; complete?: (r: unknown) => void };
type Opts = Callbacks & Record<string, unknown>;

/** What tests and the on-page tools read back (toasts shown, clipboard writes, the simulated user). */
export interface PreviewRecord {
  openid: string;
  toasts: string[];
  modals: string[];
  clipboard: string[];
  warnings: string[];
  /** What the audio contexts did, in order: `play <src>`, `ended <src>`, `stop <src>`, `error <src>`. */
  audio: string[];
}

/** WeChat's calling convention: callbacks when given, otherwise a Promise. */
function asyncApi(name: string, run: (o: Opts) => unknown | Promise<unknown>) {
  return (o: Opts = {}): Promise<unknown> | undefined => {
    const p = Promise.resolve().then(() => run(o)).then((r) => ({ errMsg: `${name}:ok`, ...(typeof r === 'object' && r ? r : {}) }));
    if (!o.success && !o.fail && !o.complete) return p;
    p.then(
      (r) => {
        o.success?.(r);
        o.complete?.(r);
      },
      (e: unknown) => {
        const err = { errMsg: `${name}:fail ${(e as Error).message ?? String(e)}` };
        o.fail?.(err);
        o.complete?.(err);
      },
    );
    return undefined;
  };
}

function frameSize(): { width: number; height: number } {
  const vp = document.getElementById('wx-viewport');
  return { width: vp?.clientWidth ?? window.innerWidth, height: vp?.clientHeight ?? window.innerHeight };
}

function theme(): 'dark' | 'light' {
  return window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

/** A RecorderManager whose start fails through onError: the preview has no native recorder. */
function recorderStub(record: PreviewRecord): Record<string, unknown> {
  const errorListeners: Array<(e: { errMsg: string }) => void> = [];
  const noop = (): void => undefined;
  return {
    start: () => {
      record.warnings.push('getRecorderManager().start');
      const errMsg = 'operateRecorder:fail the browser preview has no recorder; test voice input in WeChat DevTools or on a phone';
      window.setTimeout(() => errorListeners.forEach((fn) => fn({ errMsg })), 0);
    },
    stop: noop, pause: noop, resume: noop,
    onError: (fn: (e: { errMsg: string }) => void) => errorListeners.push(fn),
    onStart: noop, onStop: noop, onPause: noop, onResume: noop, onFrameRecorded: noop, onInterruptionBegin: noop, onInterruptionEnd: noop,
  };
}

type AudioListener = (res?: unknown) => void;

/**
 * wx.createInnerAudioContext on an HTML audio element. A same-origin `/__file/` src (read-aloud audio the dev
 * server keeps) gets `?openid=`, as the element cannot send the openid header; the dev server serves a file only
 * to its owner. Events are recorded on `__preview.audio`.
 */
function innerAudioContext(record: PreviewRecord): Record<string, unknown> {
  const element = new Audio();
  const listeners: Record<string, AudioListener[]> = {};
  const emit = (name: string, res?: unknown): void => (listeners[name] ?? []).slice().forEach((fn) => fn(res));
  let src = '';
  const log = (what: string): void => void record.audio.push(`${what} ${src}`);
  element.addEventListener('play', () => {
    log('play');
    emit('Play');
  });
  element.addEventListener('ended', () => {
    log('ended');
    emit('Ended');
  });
  element.addEventListener('error', () => {
    log('error');
    emit('Error', { errCode: 10004, errMsg: `audio element error ${element.error?.code ?? ''}: the browser cannot play ${src}` });
  });
  const ctx: Record<string, unknown> = {
    get src() {
      return src;
    },
    set src(value: string) {
      src = value;
      element.src = value.startsWith('/__file/') ? `${value}?openid=${encodeURIComponent(record.openid)}` : value;
    },
    autoplay: false,
    loop: false,
    volume: 1,
    get duration() {
      return element.duration;
    },
    get currentTime() {
      return element.currentTime;
    },
    get paused() {
      return element.paused;
    },
    play: () => {
      element.play().catch((e: Error) => emit('Error', { errCode: -1, errMsg: `play() refused: ${e.message}` }));
    },
    pause: () => element.pause(),
    stop: () => {
      element.pause();
      element.currentTime = 0;
      log('stop');
      emit('Stop');
    },
    seek: (seconds: number) => {
      element.currentTime = seconds;
    },
    destroy: () => {
      element.pause();
      element.removeAttribute('src');
    },
  };
  for (const name of ['Play', 'Ended', 'Error', 'Stop', 'CanPlay', 'Pause', 'TimeUpdate', 'Waiting']) {
    ctx[`on${name}`] = (fn: AudioListener) => (listeners[name] ??= []).push(fn);
    ctx[`off${name}`] = (fn?: AudioListener) => {
      listeners[name] = fn ? (listeners[name] ?? []).filter((f) => f !== fn) : [];
    };
  }
  return ctx;
}

/**
 * The browser's file picker standing in for WeChat's (album, camera and chat files alike): a hidden
 * `<input type="file">`; closing it fails with `cancel`, as WeChat does.
 */
function pickFiles(accept: string, count: number): Promise<File[]> {
  return new Promise((resolve, reject) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = accept;
    input.multiple = count > 1;
    input.style.display = 'none';
    input.addEventListener('change', () => {
      input.remove();
      resolve(Array.from(input.files ?? []).slice(0, count));
    });
    input.addEventListener('cancel', () => {
      input.remove();
      reject(new Error('cancel'));
    });
    document.body.appendChild(input);
    input.click();
  });
}

/** Builds the shim for one simulated user. */
export function createWx(record: PreviewRecord): Record<string, unknown> {
  const key = (k: string): string => `wx:${record.openid}:${k}`;
  const getStorage = (k: string): unknown => {
    const raw = localStorage.getItem(key(k));
    return raw === null ? '' : (JSON.parse(raw) as { v: unknown }).v;
  };
  const setStorage = (k: string, v: unknown): void => localStorage.setItem(key(k), JSON.stringify({ v }));
  const ownKeys = (): string[] => Object.keys(localStorage).filter((k) => k.startsWith(key(''))).map((k) => k.slice(key('').length));
  const systemInfo = () => {
    const { width, height } = frameSize();
    return {
      brand: 'devtools', model: 'preview', pixelRatio: window.devicePixelRatio, screenWidth: width, screenHeight: height,
      windowWidth: width, windowHeight: height, statusBarHeight: 0, language: 'zh_CN', version: '8.0.50', system: 'browser',
      platform: 'devtools', SDKVersion: SDK_VERSION, theme: theme(), safeArea: { top: 0, left: 0, right: width, bottom: height, width, height },
    };
  };
  const themeListeners = new Set<(r: { theme: string }) => void>();
  window.matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => themeListeners.forEach((fn) => fn({ theme: theme() })));
  const cloud = createCloud(() => record.openid);
  const rawCall = cloud.callFunction as (p: { name: string; data?: Record<string, unknown> }) => Promise<unknown>;
  cloud.callFunction = asyncApi('cloud.callFunction', (o) => rawCall(o as unknown as { name: string; data?: Record<string, unknown> }));

  const api: Record<string, unknown> = {
    cloud,
    canIUse: () => true,
    nextTick: (fn: () => void) => void Promise.resolve().then(fn),
    getSystemInfoSync: systemInfo,
    // The capsule drawn by preview.css (#wx-capsule): 87×32 at 6 px from the top, 7 px from the right.
    getMenuButtonBoundingClientRect: () => {
      const { width } = frameSize();
      return { width: 87, height: 32, top: 6, bottom: 38, left: width - 94, right: width - 7 };
    },
    getSystemInfo: asyncApi('getSystemInfo', systemInfo),
    getWindowInfo: systemInfo,
    getDeviceInfo: systemInfo,
    getAppBaseInfo: systemInfo,
    getSystemSetting: () => ({ theme: theme() }),
    onThemeChange: (fn: (r: { theme: string }) => void) => themeListeners.add(fn),
    offThemeChange: (fn: (r: { theme: string }) => void) => themeListeners.delete(fn),
    getStorageSync: getStorage,
    setStorageSync: setStorage,
    removeStorageSync: (k: string) => localStorage.removeItem(key(k)),
    clearStorageSync: () => ownKeys().forEach((k) => localStorage.removeItem(key(k))),
    getStorageInfoSync: () => ({ keys: ownKeys(), currentSize: 0, limitSize: 10240 }),
    getStorage: asyncApi('getStorage', (o) => {
      if (localStorage.getItem(key(String(o.key))) === null) throw new Error('data not found');
      return { data: getStorage(String(o.key)) };
    }),
    setStorage: asyncApi('setStorage', (o) => setStorage(String(o.key), o.data)),
    removeStorage: asyncApi('removeStorage', (o) => localStorage.removeItem(key(String(o.key)))),
    showToast: asyncApi('showToast', (o) => {
      record.toasts.push(String(o.title ?? ''));
      showToast(String(o.title ?? ''), String(o.icon ?? 'success'), Number(o.duration ?? TOAST_MS));
    }),
    hideToast: asyncApi('hideToast', hideToast),
    showLoading: asyncApi('showLoading', (o) => showToast(String(o.title ?? ''), 'loading', null)),
    hideLoading: asyncApi('hideLoading', hideToast),
    showModal: asyncApi('showModal', (o) => {
      record.modals.push(String(o.title ?? o.content ?? ''));
      return showModal(o as ModalOptions);
    }),
    showActionSheet: asyncApi('showActionSheet', async (o) => {
      const index = await showActionSheet((o.itemList as string[]) ?? []);
      if (index === null) throw new Error('cancel');
      return { tapIndex: index };
    }),
    setClipboardData: asyncApi('setClipboardData', async (o) => {
      const text = String(o.data ?? '');
      record.clipboard.push(text);
      await navigator.clipboard?.writeText(text).catch(() => undefined);
      showToast('内容已复制', 'success', TOAST_MS);
    }),
    getClipboardData: asyncApi('getClipboardData', () => ({ data: record.clipboard[record.clipboard.length - 1] ?? '' })),
    previewImage: asyncApi('previewImage', (o) => previewImage(resolveSrc(String(o.current ?? (o.urls as string[] | undefined)?.[0] ?? '')))),
    navigateTo: asyncApi('navigateTo', (o) => navigateTo(String(o.url))),
    redirectTo: asyncApi('redirectTo', (o) => redirectTo(String(o.url))),
    navigateBack: asyncApi('navigateBack', (o) => navigateBack(Number(o.delta ?? 1))),
    reLaunch: asyncApi('reLaunch', (o) => reLaunch(String(o.url))),
    switchTab: asyncApi('switchTab', (o) => reLaunch(String(o.url))),
    setNavigationBarTitle: asyncApi('setNavigationBarTitle', (o) => setTitle(String(o.title ?? ''))),
    setNavigationBarColor: asyncApi('setNavigationBarColor', () => undefined),
    pageScrollTo: asyncApi('pageScrollTo', (o) => topFrame()?.scrollTo({ top: Number(o.scrollTop ?? 0), behavior: o.duration === 0 ? 'auto' : 'smooth' })),
    createSelectorQuery: () => {
      const pages = currentPages();
      const top = pages[pages.length - 1];
      if (!top) throw new Error('wx.createSelectorQuery() before any page is open: call it from a page lifecycle or handler.');
      return top.createSelectorQuery();
    },
    // The browser's CSPRNG stands in for the phone's, so ids take the same secure path as on a device.
    getRandomValues: asyncApi('getRandomValues', (o) => ({ randomValues: crypto.getRandomValues(new Uint8Array(Number(o.length))).buffer })),
    vibrateShort: asyncApi('vibrateShort', () => undefined),
    hideKeyboard: asyncApi('hideKeyboard', () => (document.activeElement as HTMLElement | null)?.blur()),
    onKeyboardHeightChange: () => undefined,
    offKeyboardHeightChange: () => undefined,
    getLaunchOptionsSync: () => ({ path: currentPages()[0]?.route ?? '', query: {}, scene: 1001 }),
    // No privacy layer in a browser: consent is always given (the device permissions below stay denied).
    requirePrivacyAuthorize: asyncApi('requirePrivacyAuthorize', () => undefined),
    // The browser preview grants no device permission (no microphone, camera, location): apps see "denied".
    getSetting: asyncApi('getSetting', () => ({ authSetting: {} })),
    openSetting: asyncApi('openSetting', () => ({ authSetting: {} })),
    authorize: asyncApi('authorize', (o) => {
      throw new Error(`auth deny: the browser preview cannot grant ${String(o.scope)}; test it in WeChat DevTools`);
    }),
    getRecorderManager: () => recorderStub(record),
    createInnerAudioContext: () => innerAudioContext(record),
    // The browser has no silent switch: the option is accepted and has no effect.
    setInnerAudioOption: asyncApi('setInnerAudioOption', () => undefined),
    chooseMedia: asyncApi('chooseMedia', async (o) => {
      const files = await pickFiles('image/*', Number(o.count ?? 9));
      return { type: 'image', tempFiles: files.map((f) => ({ tempFilePath: registerTempFile(f, f.name), size: f.size, fileType: 'image' })) };
    }),
    chooseMessageFile: asyncApi('chooseMessageFile', async (o) => {
      const files = await pickFiles('', Number(o.count ?? 1));
      return { tempFiles: files.map((f) => ({ path: registerTempFile(f, f.name), size: f.size, name: f.name, type: f.type.startsWith('image/') ? 'image' : 'file', time: Math.floor(f.lastModified / 1000) })) };
    }),
    // No image codec in the shim: the "compressed" file is the original (sizes stay as picked).
    compressImage: asyncApi('compressImage', (o) => ({ tempFilePath: String(o.src) })),
  };

  const warned = new Set<string>();
  return new Proxy(api, {
    get(target, prop: string | symbol) {
      if (typeof prop !== 'string' || prop in target) return target[prop as string];
      return asyncApi(prop, () => {
        if (!warned.has(prop)) {
          warned.add(prop);
          record.warnings.push(prop);
          console.warn(`wx.${prop} is not available in the browser preview (tools/preview/runtime/wx-shim.ts); test it in WeChat DevTools.`);
        }
        throw new Error('not available in the browser preview');
      });
    },
  });
}
