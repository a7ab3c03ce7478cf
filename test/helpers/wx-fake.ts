/**
 * A small, faithful fake of the `wx` APIs the chat uses and that cannot run here: `wx.cloud.callFunction`
 * (answers from a handler you pass, JSON round-tripped like the real bridge, `-501000` for an unknown
 * function), the realtime DB watch (an `init` snapshot first, then one snapshot per write, delivered
 * asynchronously, refused without the `_openid: '{openid}'` condition the security rule needs), and
 * recorders for setClipboardData, showToast and previewImage. Also, shaped after miniprogram-api-typings:
 * `wx.cloud.uploadFile`, the `scope.record` permission calls (getSetting / authorize / openSetting, where a
 * refused scope fails authorize without asking again, as on a phone), one RecorderManager, showModal with
 * queued answers, the navigation calls, and wx.getRandomValues (real random bytes unless a test queues some).
 * The privacy layer (PrivacyScript): errno 112 / 104 and the wx.onNeedPrivacyAuthorization consent flow for
 * setClipboardData, authorize(scope.record) and requirePrivacyAuthorize.
 */
import { randomBytes } from 'crypto';
import * as http from 'http';
import { FUNCTION_NAME, HTTP_FUNCTION_NAME, STREAM_COLLECTION, type StreamDoc } from '../../miniprogram/shared/protocol';
import type { CloudApi, HttpFunctionParam, WatchSnapshot } from '../../miniprogram/services/cloud-api';

/** Answers a callFunction for `openid` (the real function gets the openid from the WeChat context). */
export type CloudHandler = (openid: string, data: Record<string, unknown>) => Promise<unknown>;
/** Subscribes to the stream document `streamId` as `openid` would see it; returns an unsubscribe. */
export type WatchSource = (streamId: string, openid: string, listener: (doc: StreamDoc) => void) => () => void;

/** How the fake answers. */
export interface WxFakeOptions {
  openid?: string;
  callFunction: CloudHandler;
  watch?: WatchSource;
  /**
   * Gives `wx.cloud` a callHTTPFunction (base library 3.15.1+) that sends a REAL HTTP request to the HTTP function
   * served at this URL (the caller's openid in `x-wx-openid`, as the local dev server does) and hands the body over
   * chunk by chunk as ArrayBuffers. Without it, callHTTPFunction is missing, as on older base libraries.
   */
  httpFunctionUrl?: string;
  /** Install wx.getStorageSync / setStorageSync / removeStorageSync backed by `fake.storage` (kept across mounts). */
  storage?: boolean;
}

/** One started watch, as the tests see it. */
export interface WatchRecord {
  collection: string;
  query: Record<string, unknown>;
  closed: boolean;
}

/** How the simulated user answers a wx.showModal. */
export interface ModalAnswer {
  confirm: boolean;
  /** Text typed into an editable modal. */
  content?: string;
}

/** A modal the page showed. */
export interface ModalRecord {
  title: string;
  content: string;
  editable: boolean;
  confirmText?: string;
}

/** The simulated phone's permission state and the user's choices when asked. */
export interface PermissionScript {
  /** authSetting as getSetting reports it: absent = never asked, false = refused, true = granted. */
  authSetting: Record<string, boolean>;
  /** What the user taps in the system prompt that wx.authorize shows (only when never asked). */
  allowWhenAsked: boolean;
  /** What the user switches to in the settings page wx.openSetting opens. */
  allowInSettings: boolean;
  /** Base library 2.32.3+: the privacy guide lacks the scope or the user has not agreed (authorize fails, errno 104). */
  privacyBlocked?: boolean;
}

/** A 用户隐私保护指引 item this fake knows (the privacy APIs the chat calls). */
export type PrivacyItem = 'clipboard' | 'microphone';

/**
 * WeChat's privacy layer (base library 2.32.3+), as its docs describe it: an API whose item is not declared in
 * 用户隐私保护指引 fails with errno 112; while the user has not agreed, a registered
 * wx.onNeedPrivacyAuthorization listener is called and the API waits for its `resolve` (agree: it goes on;
 * disagree: errno 104); with no listener the call fails with errno 104 (the user has not agreed).
 */
export interface PrivacyScript {
  undeclared: PrivacyItem[];
  agreed: boolean;
}

/** A RecorderManager the test drives: it records start options and answers stop with a temp file. */
export interface FakeRecorder {
  starts: Array<Record<string, unknown>>;
  stops: number;
  /** Duration (ms) the next onStop reports. */
  nextDurationMs: number;
  /** Makes the next start fail through onError with this errMsg. */
  failNextStart: string | null;
  start(options: Record<string, unknown>): void;
  stop(): void;
  onStart(fn: () => void): void;
  onStop(fn: (res: { tempFilePath: string; duration: number; fileSize: number }) => void): void;
  onError(fn: (res: { errMsg: string }) => void): void;
}

/**
 * InnerAudioContexts the test drives (wx.createInnerAudioContext): `play` records the src; the test ends or
 * fails the playing one. `options` records wx.setInnerAudioOption calls (obeyMuteSwitch).
 */
export interface FakeAudio {
  contexts: FakeAudioContext[];
  options: Array<Record<string, unknown>>;
  /** Every src played, in order, across contexts. */
  played: string[];
  /** The src now playing (null when stopped or ended). */
  playing: string | null;
  /** Ends the playing src as if it played to the end (onEnded). */
  end(): void;
  /** Fails the playing src (onError with errCode 10004, unsupported format). */
  fail(): void;
}

/** One fake InnerAudioContext. */
export interface FakeAudioContext {
  src: string;
  destroyed: boolean;
  stops: number;
}

/** The fake and what it recorded. */
export interface WxFake {
  audio: FakeAudio;
  cloud: CloudApi;
  /** Every call and watch in order: `call:<action>` and `watch:<streamId>`. */
  log: string[];
  calls: Array<Record<string, unknown>>;
  watches: WatchRecord[];
  clipboard: string[];
  toasts: string[];
  previews: Array<{ current: string; urls: string[] }>;
  /** Files uploaded with wx.cloud.uploadFile. */
  uploads: Array<{ cloudPath: string; filePath: string }>;
  /** Makes the next uploadFile reject with this errMsg. */
  failNextUpload: string | null;
  /** Makes the next watch fail through onError with this error (e.g. a missing collection), as the realtime listener does. */
  failNextWatch: { errCode: number; errMsg: string } | null;
  modals: ModalRecord[];
  /** Answers for the next modals, in order; with none queued the user cancels. */
  modalAnswers: ModalAnswer[];
  /** `navigateTo:<url>`, `navigateBack`, `redirectTo:<url>`, `authorize:<scope>`, `openSetting`, in order. */
  navigation: string[];
  permissions: PermissionScript;
  privacy: PrivacyScript;
  /** `referrer` of every wx.onNeedPrivacyAuthorization event, in order (the API that needed consent). */
  privacyPrompts: string[];
  recorder: FakeRecorder;
  /** What wx.getWindowInfo answers (px). */
  window: { windowWidth: number; windowHeight: number };
  /** wx storage (getStorageSync / setStorageSync / removeStorageSync), when installed with `storage: true`. */
  storage: Map<string, unknown>;
  /** Paths asked of callHTTPFunction, in order (`GET /ping`, `POST /chat`). */
  httpCalls: string[];
  /** Byte counts asked of wx.getRandomValues, in order. */
  randomRequests: number[];
  /** Bytes the next wx.getRandomValues answers (else real random bytes); a string makes it fail with that errMsg. */
  nextRandomValues: number[] | string | null;
  uninstall(): void;
}

const noWatch: WatchSource = () => () => undefined;

/** Builds the fake without installing it (for node-environment tests that inject `cloud`). */
export function createWxFake(options: WxFakeOptions): WxFake {
  const openid = options.openid ?? 'o-test-user';
  const source = options.watch ?? noWatch;
  const fake: WxFake = {
    log: [],
    calls: [],
    watches: [],
    clipboard: [],
    toasts: [],
    previews: [],
    uploads: [],
    failNextUpload: null,
    failNextWatch: null,
    modals: [],
    modalAnswers: [],
    navigation: [],
    permissions: { authSetting: {}, allowWhenAsked: true, allowInSettings: true },
    privacy: { undeclared: [], agreed: true },
    privacyPrompts: [],
    recorder: createRecorder(),
    audio: createAudio(),
    window: { windowWidth: 375, windowHeight: 667 },
    randomRequests: [],
    nextRandomValues: null,
    storage: new Map(),
    httpCalls: [],
    uninstall: () => undefined,
    cloud: {
      callHTTPFunction: options.httpFunctionUrl === undefined ? undefined : (param: HttpFunctionParam) => {
        fake.httpCalls.push(`${param.method} ${param.path}`);
        callHttpFunction(String(options.httpFunctionUrl), openid, param);
      },
      async uploadFile({ cloudPath, filePath }) {
        fake.log.push(`upload:${cloudPath}`);
        await Promise.resolve();
        const error = fake.failNextUpload;
        fake.failNextUpload = null;
        if (error) throw { errCode: -404011, errMsg: error };
        fake.uploads.push({ cloudPath, filePath });
        return { fileID: `cloud://test-env.7465-test-env/${cloudPath}`, statusCode: 204, errMsg: 'cloud.uploadFile:ok' };
      },
      async callFunction({ name, data }) {
        const payload = JSON.parse(JSON.stringify(data)) as Record<string, unknown>;
        fake.log.push(`call:${String(payload.action)}`);
        fake.calls.push(payload);
        if (name !== FUNCTION_NAME) throw { errCode: -501000, errMsg: `cloud.callFunction:fail -501000 FunctionName parameter could not be found (${name})` };
        const result: unknown = await options.callFunction(openid, payload);
        return { result: result === undefined ? undefined : JSON.parse(JSON.stringify(result)), requestID: `req-${fake.calls.length}`, errMsg: 'cloud.callFunction:ok' };
      },
      database() {
        return {
          collection(collection: string) {
            return {
              where(query: Record<string, unknown>) {
                return {
                  watch({ onChange, onError }: { onChange: (s: WatchSnapshot) => void; onError: (e: unknown) => void }) {
                    const record: WatchRecord = { collection, query, closed: false };
                    fake.watches.push(record);
                    const streamId = String(query._id);
                    fake.log.push(`watch:${streamId}`);
                    if (collection !== STREAM_COLLECTION || query._openid !== '{openid}') {
                      void Promise.resolve().then(() => onError({ errCode: -502003, errMsg: 'realtime listener: permission denied; add _openid: "{openid}" to the query' }));
                      return { close: async () => (record.closed = true) };
                    }
                    const failure = fake.failNextWatch;
                    fake.failNextWatch = null;
                    if (failure) {
                      void Promise.resolve().then(() => onError(failure));
                      return { close: async () => (record.closed = true) };
                    }
                    let id = 0;
                    let initDone = false;
                    let latest: StreamDoc | null = null;
                    const deliver = (doc: StreamDoc | null, type?: 'init') => {
                      if (record.closed) return;
                      const snapId = id++;
                      const docs = doc ? [doc] : [];
                      onChange({
                        id: snapId,
                        docs,
                        type,
                        docChanges: docs.map((d) => ({ id: snapId, dataType: type ? 'init' : 'update', queueType: type ? 'init' : 'update', docId: d._id, doc: d })),
                      } as WatchSnapshot);
                    };
                    const unsubscribe = source(streamId, openid, (doc) => {
                      const copy = JSON.parse(JSON.stringify(doc)) as StreamDoc;
                      latest = copy;
                      if (initDone) void Promise.resolve().then(() => deliver(copy));
                    });
                    void Promise.resolve().then(() => {
                      initDone = true;
                      deliver(latest, 'init');
                    });
                    return {
                      close: async () => {
                        record.closed = true;
                        unsubscribe();
                      },
                    };
                  },
                };
              },
            };
          },
        };
      },
    },
  };
  return fake;
}

/** The real HTTP request behind the fake callHTTPFunction; JSON bodies are parsed unless chunked, like wx.request. */
function callHttpFunction(url: string, openid: string, param: HttpFunctionParam): void {
  if (param.name !== HTTP_FUNCTION_NAME) {
    void Promise.resolve().then(() => param.fail?.({ errMsg: `cloud.callHTTPFunction:fail function ${param.name} not found` }));
    return;
  }
  const req = http.request(`${url}${param.path}`, { method: param.method, headers: { ...param.header, 'x-wx-openid': openid } }, (res) => {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => {
      if (param.enableChunked) param.onChunkedReceived?.({ data: chunk.buffer.slice(chunk.byteOffset, chunk.byteOffset + chunk.length) as ArrayBuffer });
      else chunks.push(chunk);
    });
    res.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let data: unknown = text;
      try {
        data = JSON.parse(text);
      } catch {
        // not JSON: the text itself, as wx.request does
      }
      param.success?.({ statusCode: res.statusCode ?? 0, data: param.enableChunked ? '' : data });
    });
  });
  req.on('error', (error) => param.fail?.({ errMsg: `cloud.callHTTPFunction:fail ${error.message}` }));
  req.end(param.data === undefined ? undefined : JSON.stringify(param.data));
}

/** Callback-style options every wx API takes. */
interface Callbacks<T> {
  success?: (res: T) => void;
  fail?: (err: { errMsg: string; errno?: number }) => void;
  complete?: () => void;
}

/** Answers a callback-style wx call asynchronously, as the bridge does. */
function answer<T>(options: Callbacks<T> | undefined, outcome: { ok: true; res: T } | { ok: false; errMsg: string; errno?: number }): void {
  void Promise.resolve().then(() => {
    if (outcome.ok) options?.success?.(outcome.res);
    else options?.fail?.(outcome.errno === undefined ? { errMsg: outcome.errMsg } : { errMsg: outcome.errMsg, errno: outcome.errno });
    options?.complete?.();
  });
}

function createAudio(): FakeAudio {
  const settle = (audio: FakeAudio, which: 'ended' | 'error'): void => {
    const ctx = playingContexts.get(audio);
    audio.playing = null;
    playingContexts.delete(audio);
    if (!ctx) return;
    const on = handlers.get(ctx);
    if (which === 'ended') on?.ended?.();
    else on?.error?.({ errCode: 10004, errMsg: 'format not supported' });
  };
  const audio: FakeAudio = {
    contexts: [],
    options: [],
    played: [],
    playing: null,
    end: () => settle(audio, 'ended'),
    fail: () => settle(audio, 'error'),
  };
  return audio;
}

/** A fake InnerAudioContext bound to the FakeAudio that records it. */
function createAudioContext(audio: FakeAudio): Record<string, unknown> {
  const ctx: FakeAudioContext & Record<string, unknown> = {
    src: '',
    destroyed: false,
    stops: 0,
    play() {
      if (ctx.destroyed) throw new Error('play() on a destroyed InnerAudioContext');
      audio.played.push(ctx.src);
      audio.playing = ctx.src;
      playingContexts.set(audio, ctx);
    },
    stop() {
      ctx.stops += 1;
      if (playingContexts.get(audio) === ctx) {
        audio.playing = null;
        playingContexts.delete(audio);
      }
    },
    destroy() {
      ctx.destroyed = true;
    },
    onEnded(fn: () => void) {
      handlers.set(ctx, { ...handlers.get(ctx), ended: fn });
    },
    onError(fn: (res: { errCode: number; errMsg: string }) => void) {
      handlers.set(ctx, { ...handlers.get(ctx), error: fn });
    },
  };
  audio.contexts.push(ctx);
  return ctx;
}

const playingContexts = new WeakMap<FakeAudio, FakeAudioContext>();
const handlers = new WeakMap<FakeAudioContext, { ended?: () => void; error?: (res: { errCode: number; errMsg: string }) => void }>();

function createRecorder(): FakeRecorder {
  let started: (() => void) | undefined;
  let stopped: ((res: { tempFilePath: string; duration: number; fileSize: number }) => void) | undefined;
  let failed: ((res: { errMsg: string }) => void) | undefined;
  let recording = false;
  const recorder: FakeRecorder = {
    starts: [],
    stops: 0,
    nextDurationMs: 2000,
    failNextStart: null,
    start(options) {
      recorder.starts.push({ ...options });
      const error = recorder.failNextStart;
      recorder.failNextStart = null;
      void Promise.resolve().then(() => {
        if (error) return failed?.({ errMsg: error });
        recording = true;
        started?.();
      });
    },
    stop() {
      recorder.stops += 1;
      void Promise.resolve().then(() => {
        if (!recording) return failed?.({ errMsg: 'operateRecorder:fail recorder not start' });
        recording = false;
        const n = recorder.starts.length;
        stopped?.({ tempFilePath: `http://tmp/voice-${n}.mp3`, duration: recorder.nextDurationMs, fileSize: 16 * recorder.nextDurationMs });
      });
    },
    onStart: (fn) => (started = fn),
    onStop: (fn) => (stopped = fn),
    onError: (fn) => (failed = fn),
  };
  return recorder;
}

type WxShape = Record<string, unknown>;

/** Installs the fake on the global `wx` (creating it in node tests), and returns it; `uninstall` restores. */
export function installWxFake(options: WxFakeOptions): WxFake {
  const g = globalThis as unknown as { wx?: WxShape };
  const hadWx = g.wx !== undefined;
  const wxObj: WxShape = g.wx ?? {};
  g.wx = wxObj;
  const fake = createWxFake(options);
  const saved: WxShape = {};
  const replace = (key: string, value: unknown) => {
    saved[key] = wxObj[key];
    wxObj[key] = value;
  };
  replace('cloud', fake.cloud);
  type PrivacyResolve = (r: { event: 'agree' | 'disagree' | 'exposureAuthorization'; buttonId?: string }) => void;
  let privacyListener: ((resolve: PrivacyResolve, info: { referrer: string }) => void) | undefined;
  /** Runs `proceed` once the privacy layer lets `api` through, else fails it with WeChat's errno. */
  const privacyGate = (api: string, item: PrivacyItem | null, proceed: () => void, fail: (errMsg: string, errno: number) => void): void => {
    if (item && fake.privacy.undeclared.includes(item)) return fail(`${api}:fail api scope is not declared in the privacy agreement`, 112);
    if (fake.privacy.agreed) return proceed();
    if (!privacyListener) return fail(`${api}:fail privacy permission is not authorized`, 104);
    fake.privacyPrompts.push(api);
    privacyListener((r) => {
      if (r.event === 'agree') {
        fake.privacy.agreed = true;
        proceed();
      } else if (r.event === 'disagree') fail(`${api}:fail privacy permission is not authorized`, 104);
    }, { referrer: api });
  };
  replace('onNeedPrivacyAuthorization', (listener: typeof privacyListener) => (privacyListener = listener));
  replace('requirePrivacyAuthorize', (o: Callbacks<{ errMsg: string }>) =>
    privacyGate('requirePrivacyAuthorize', null, () => answer(o, { ok: true, res: { errMsg: 'requirePrivacyAuthorize:ok' } }), (errMsg, errno) => answer(o, { ok: false, errMsg, errno })),
  );
  replace('setClipboardData', (o: { data: string } & Callbacks<{ errMsg: string }>) =>
    privacyGate(
      'setClipboardData',
      'clipboard',
      () => {
        fake.clipboard.push(o.data);
        answer(o, { ok: true, res: { errMsg: 'setClipboardData:ok' } });
      },
      (errMsg, errno) => answer(o, { ok: false, errMsg, errno }),
    ),
  );
  replace('showToast', (o: { title: string }) => fake.toasts.push(o.title));
  replace('previewImage', (o: { current: string; urls: string[] }) => fake.previews.push({ current: o.current, urls: o.urls }));
  replace('showModal', (o: { title?: string; content?: string; editable?: boolean; confirmText?: string } & Callbacks<{ confirm: boolean; cancel: boolean; content?: string; errMsg: string }>) => {
    fake.modals.push({ title: o.title ?? '', content: o.content ?? '', editable: o.editable === true, confirmText: o.confirmText });
    const a = fake.modalAnswers.shift() ?? { confirm: false };
    const res = { confirm: a.confirm, cancel: !a.confirm, errMsg: 'showModal:ok', ...(o.editable ? { content: a.content ?? '' } : {}) };
    answer(o, { ok: true, res });
  });
  replace('navigateTo', (o: { url: string } & Callbacks<{ errMsg: string }>) => {
    fake.navigation.push(`navigateTo:${o.url}`);
    answer(o, { ok: true, res: { errMsg: 'navigateTo:ok' } });
  });
  replace('navigateBack', (o?: Callbacks<{ errMsg: string }>) => {
    fake.navigation.push('navigateBack');
    answer(o, { ok: true, res: { errMsg: 'navigateBack:ok' } });
  });
  replace('redirectTo', (o: { url: string } & Callbacks<{ errMsg: string }>) => {
    fake.navigation.push(`redirectTo:${o.url}`);
    answer(o, { ok: true, res: { errMsg: 'redirectTo:ok' } });
  });
  const perms = () => fake.permissions;
  replace('getSetting', (o: Callbacks<{ authSetting: Record<string, boolean>; errMsg: string }>) => answer(o, { ok: true, res: { authSetting: { ...perms().authSetting }, errMsg: 'getSetting:ok' } }));
  const authorize = (o: { scope: string } & Callbacks<{ errMsg: string }>) => {
    fake.navigation.push(`authorize:${o.scope}`);
    if (perms().privacyBlocked) return answer(o, { ok: false, errMsg: 'authorize:fail privacy permission is not authorized' });
    const current = perms().authSetting[o.scope];
    if (current === undefined) perms().authSetting[o.scope] = perms().allowWhenAsked;
    const granted = perms().authSetting[o.scope];
    answer(o, granted ? { ok: true, res: { errMsg: 'authorize:ok' } } : { ok: false, errMsg: 'authorize:fail auth deny' });
  };
  replace('authorize', (o: { scope: string } & Callbacks<{ errMsg: string }>) =>
    privacyGate('authorize', o.scope === 'scope.record' ? 'microphone' : null, () => authorize(o), (errMsg, errno) => {
      fake.navigation.push(`authorize:${o.scope}`);
      answer(o, { ok: false, errMsg, errno });
    }),
  );
  replace('openSetting', (o: Callbacks<{ authSetting: Record<string, boolean>; errMsg: string }>) => {
    fake.navigation.push('openSetting');
    if ('scope.record' in perms().authSetting) perms().authSetting['scope.record'] = perms().allowInSettings;
    answer(o, { ok: true, res: { authSetting: { ...perms().authSetting }, errMsg: 'openSetting:ok' } });
  });
  replace('getRecorderManager', () => fake.recorder);
  replace('createInnerAudioContext', () => createAudioContext(fake.audio));
  replace('setInnerAudioOption', (o: Record<string, unknown> & Callbacks<{ errMsg: string }>) => {
    fake.audio.options.push({ obeyMuteSwitch: o.obeyMuteSwitch, mixWithOther: o.mixWithOther });
    answer(o, { ok: true, res: { errMsg: 'setInnerAudioOption:ok' } });
  });
  replace('getRandomValues', (o: { length: number } & Callbacks<{ randomValues: ArrayBuffer; errMsg: string }>) => {
    fake.randomRequests.push(o.length);
    const next = fake.nextRandomValues;
    fake.nextRandomValues = null;
    if (typeof next === 'string') return answer(o, { ok: false, errMsg: next });
    const bytes = next ? Uint8Array.from(next) : new Uint8Array(randomBytes(o.length));
    answer(o, { ok: true, res: { randomValues: bytes.buffer.slice(0, o.length), errMsg: 'getRandomValues:ok' } });
  });
  if (options.storage) {
    replace('getStorageSync', (key: string) => (fake.storage.has(key) ? fake.storage.get(key) : ''));
    replace('setStorageSync', (key: string, value: unknown) => fake.storage.set(key, JSON.parse(JSON.stringify(value))));
    replace('removeStorageSync', (key: string) => fake.storage.delete(key));
  }
  replace('getWindowInfo', () => ({ ...fake.window, pixelRatio: 2, screenWidth: fake.window.windowWidth, screenHeight: fake.window.windowHeight, statusBarHeight: 20, screenTop: 0 }));
  fake.uninstall = () => {
    if (!hadWx) delete g.wx;
    else Object.assign(wxObj, saved);
  };
  return fake;
}
