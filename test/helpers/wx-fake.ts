/**
 * A small, faithful fake of the `wx` APIs the chat uses and that cannot run here: `wx.cloud.callFunction`
 * (answers from a handler you pass, JSON round-tripped like the real bridge, `-501000` for an unknown
 * function), the realtime DB watch (an `init` snapshot first, then one snapshot per write, delivered
 * asynchronously, refused without the `_openid: '{openid}'` condition the security rule needs), and
 * recorders for setClipboardData, showToast and previewImage.
 */
import { FUNCTION_NAME, STREAM_COLLECTION, type StreamDoc } from '../../miniprogram/shared/protocol';
import type { CloudApi, WatchSnapshot } from '../../miniprogram/services/cloud-api';

/** Answers a callFunction for `openid` (the real function gets the openid from the WeChat context). */
export type CloudHandler = (openid: string, data: Record<string, unknown>) => Promise<unknown>;
/** Subscribes to the stream document `streamId` as `openid` would see it; returns an unsubscribe. */
export type WatchSource = (streamId: string, openid: string, listener: (doc: StreamDoc) => void) => () => void;

/** How the fake answers. */
export interface WxFakeOptions {
  openid?: string;
  callFunction: CloudHandler;
  watch?: WatchSource;
}

/** One started watch, as the tests see it. */
export interface WatchRecord {
  collection: string;
  query: Record<string, unknown>;
  closed: boolean;
}

/** The fake and what it recorded. */
export interface WxFake {
  cloud: CloudApi;
  /** Every call and watch in order: `call:<action>` and `watch:<streamId>`. */
  log: string[];
  calls: Array<Record<string, unknown>>;
  watches: WatchRecord[];
  clipboard: string[];
  toasts: string[];
  previews: Array<{ current: string; urls: string[] }>;
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
    uninstall: () => undefined,
    cloud: {
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
  replace('setClipboardData', (o: { data: string; success?: () => void; complete?: () => void }) => {
    fake.clipboard.push(o.data);
    o.success?.();
    o.complete?.();
  });
  replace('showToast', (o: { title: string }) => fake.toasts.push(o.title));
  replace('previewImage', (o: { current: string; urls: string[] }) => fake.previews.push({ current: o.current, urls: o.urls }));
  fake.uninstall = () => {
    if (!hadWx) delete g.wx;
    else Object.assign(wxObj, saved);
  };
  return fake;
}
