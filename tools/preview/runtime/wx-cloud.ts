/**
 * `wx.cloud` against the local dev server on the same origin: callFunction → `POST /__cloud/:name` (the REAL
 * cloud function runs there), and the stream channel's DB watch → `GET /__stream/:id` (Server-Sent Events).
 */

/** Header that names the simulated WeChat user (tools/dev-server/http-server.ts). */
export const OPENID_HEADER = 'x-wx-openid';
/** A watch that is not open after this long lets callFunction go ahead anyway (and reports the delay). */
export const WATCH_OPEN_WAIT_MS = 3000;

/** The snapshot shape WeChat's realtime watch delivers. */
export interface WatchSnapshot {
  id: number;
  docs: Record<string, unknown>[];
  docChanges: Record<string, unknown>[];
  type?: 'init';
}

interface WatchOptions {
  onChange(snapshot: WatchSnapshot): void;
  onError(error: unknown): void;
}

/** Statuses after which the dev server closes the stream on purpose (the end, not an error). */
const CLOSING = new Set(['completed', 'failed', 'canceled', 'requires_action', 'detached']);

/** Watches that have not opened yet: callFunction waits for them, as the client starts watching first. */
const opening = new Set<Promise<void>>();

function cloudError(message: string): Error & { errMsg: string; errCode: number } {
  return Object.assign(new Error(message), { errMsg: message, errCode: -1 });
}

function watchStream(openid: string, streamId: string, options: WatchOptions): { close(): Promise<void> } {
  const source = new EventSource(`/__stream/${encodeURIComponent(streamId)}?openid=${encodeURIComponent(openid)}`);
  let seq = 0;
  let ended = false;
  let opened!: () => void;
  const open = new Promise<void>((resolve) => {
    opened = resolve;
  });
  opening.add(open);
  const settleOpen = (): void => {
    opening.delete(open);
    opened();
  };
  source.addEventListener('open', () => {
    settleOpen();
    options.onChange({ id: seq, docs: [], docChanges: [], type: 'init' });
  });
  source.addEventListener('doc', (e) => {
    const doc = JSON.parse((e as MessageEvent<string>).data) as Record<string, unknown>;
    seq += 1;
    if (CLOSING.has(String(doc.status))) ended = true;
    options.onChange({
      id: seq,
      docs: [doc],
      docChanges: [{ id: seq, dataType: seq === 1 ? 'add' : 'update', queueType: seq === 1 ? 'enqueue' : 'update', docId: doc._id, doc }],
    });
  });
  source.addEventListener('error', () => {
    settleOpen();
    source.close();
    if (!ended) options.onError(cloudError(`watch of coze_streams/${streamId} failed: is the dev server running? (see the preview terminal)`));
  });
  return {
    close: () => {
      ended = true;
      settleOpen();
      source.close();
      return Promise.resolve();
    },
  };
}

/** Builds `wx.cloud` for one simulated user. */
export function createCloud(openid: () => string): Record<string, unknown> {
  const callFunction = async (param: { name: string; data?: Record<string, unknown> }): Promise<unknown> => {
    if (opening.size) {
      await Promise.race([Promise.all([...opening]), new Promise((r) => window.setTimeout(r, WATCH_OPEN_WAIT_MS))]);
    }
    let res: Response;
    try {
      res = await fetch(`/__cloud/${encodeURIComponent(param.name)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [OPENID_HEADER]: openid() },
        body: JSON.stringify(param.data ?? {}),
      });
    } catch (err) {
      throw cloudError(`cloud.callFunction:fail network error (${(err as Error).message}): is the preview server running?`);
    }
    const body = (await res.json().catch(() => ({}))) as { errMsg?: string };
    if (!res.ok) throw cloudError(`cloud.callFunction:fail ${body.errMsg ?? `HTTP ${res.status}`}`);
    return body;
  };
  const database = () => ({
    collection: (name: string) => ({
      where: (query: Record<string, unknown>) => ({
        watch: (options: WatchOptions) => {
          if (typeof query._id !== 'string') throw cloudError(`The preview can watch ${name} only by _id: call .where({ _id: streamId, _openid: '{openid}' }).watch(...)`);
          return watchStream(openid(), query._id, options);
        },
      }),
      doc: (id: string) => ({ watch: (options: WatchOptions) => watchStream(openid(), id, options) }),
    }),
  });
  return { init: () => undefined, callFunction, database, DYNAMIC_CURRENT_ENV: Symbol('DYNAMIC_CURRENT_ENV') };
}
