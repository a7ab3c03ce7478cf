/**
 * `wx.cloud` against the local dev server on the same origin: callFunction → `POST /__cloud/:name` (the REAL
 * cloud function runs there), the stream channel's DB watch → `GET /__stream/:id` (Server-Sent Events), and
 * callHTTPFunction → `/__http/:name/:path` with the body handed over chunk by chunk (issue 21). `?stream=watch`
 * in the preview URL leaves callHTTPFunction out, as a base library below 3.15.1 does, so the page takes the watch.
 */

import { STREAM_COLLECTION } from '../../../miniprogram/shared/protocol';
import { tempBlob } from './temp-files';

/** The condition the stream documents' security rule needs in every query (DESIGN.md section 5). */
export const OPENID_CONDITION = '{openid}';

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

/**
 * Refuses, as production does, a watch the security rule `doc._openid == auth.openid` would reject: any
 * collection but coze_streams, or a query without `_openid: '{openid}'`. Answered through onError, like WeChat.
 */
function refuseWatch(name: string, query: Record<string, unknown>, options: WatchOptions): { close(): Promise<void> } | null {
  let problem = '';
  if (name !== STREAM_COLLECTION) problem = `the preview only serves ${STREAM_COLLECTION}, not ${name}`;
  else if (query._openid !== OPENID_CONDITION) problem = `the query has no _openid: '${OPENID_CONDITION}', which the security rule requires (production refuses it too)`;
  else if (typeof query._id !== 'string') problem = 'the preview can watch a stream only by its _id';
  if (!problem) return null;
  const error = cloudError(`watch refused: ${problem}; call db.collection('${STREAM_COLLECTION}').where({ _id: streamId, _openid: '${OPENID_CONDITION}' }).watch(...)`);
  window.setTimeout(() => options.onError(error), 0);
  return { close: () => Promise.resolve() };
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

/** What wx.cloud.uploadFile takes. */
interface UploadParam {
  cloudPath: string;
  filePath: string;
  success?: (res: unknown) => void;
  fail?: (err: unknown) => void;
  complete?: (res: unknown) => void;
}

/**
 * `wx.cloud.uploadFile` against the dev server's storage stand-in (`POST /__storage/upload`): with callbacks it
 * returns an UploadTask whose onProgressUpdate reports the real upload progress (XMLHttpRequest), else a Promise.
 */
function uploadFile(openid: string, param: UploadParam): unknown {
  const listeners: Array<(res: { progress: number; totalBytesSent: number; totalBytesExpectedToSend: number }) => void> = [];
  const xhr = new XMLHttpRequest();
  const done = new Promise<{ fileID: string; statusCode: number; errMsg: string }>((resolve, reject) => {
    const blob = tempBlob(param.filePath);
    if (!blob) return reject(cloudError(`cloud.uploadFile:fail file not found: ${param.filePath} is not a temp file of this preview (pick it with wx.chooseMedia or wx.chooseMessageFile)`));
    xhr.open('POST', `/__storage/upload?cloudPath=${encodeURIComponent(param.cloudPath)}`);
    xhr.setRequestHeader(OPENID_HEADER, openid);
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) listeners.forEach((fn) => fn({ progress: Math.round((e.loaded / e.total) * 100), totalBytesSent: e.loaded, totalBytesExpectedToSend: e.total }));
    };
    xhr.onload = () => {
      const body = JSON.parse(xhr.responseText || '{}') as { fileID?: string; errMsg?: string };
      if (xhr.status === 200 && body.fileID) resolve({ fileID: body.fileID, statusCode: 204, errMsg: 'cloud.uploadFile:ok' });
      else reject(cloudError(`cloud.uploadFile:fail ${body.errMsg ?? `HTTP ${xhr.status}`}`));
    };
    xhr.onerror = () => reject(cloudError('cloud.uploadFile:fail network error: is the preview server running?'));
    xhr.send(blob);
  });
  if (!param.success && !param.fail && !param.complete) return done;
  done.then(
    (res) => {
      param.success?.(res);
      param.complete?.(res);
    },
    (err: unknown) => {
      param.fail?.(err);
      param.complete?.(err);
    },
  );
  return { onProgressUpdate: (fn: (typeof listeners)[number]) => listeners.push(fn), abort: () => xhr.abort() };
}

/** The options of `wx.cloud.callHTTPFunction` the shim honours (docs.cloudbase.net/cloud-function/function-calls/). */
interface HttpFunctionOptions {
  name: string;
  path: string;
  method?: string;
  data?: unknown;
  header?: Record<string, string>;
  enableChunked?: boolean;
  onChunkedReceived?: (res: { data: ArrayBuffer }) => void;
  success?: (res: { statusCode: number; data: unknown; header: Record<string, string> }) => void;
  fail?: (error: unknown) => void;
  complete?: () => void;
}

/** Reads the answer: chunk by chunk when `enableChunked` (then `data` is ''), else whole (JSON parsed when it is JSON). */
async function readHttpAnswer(res: Response, options: HttpFunctionOptions): Promise<unknown> {
  if (!options.enableChunked || !res.body) {
    const text = await res.text();
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return '';
    options.onChunkedReceived?.({ data: value.buffer.slice(value.byteOffset, value.byteOffset + value.byteLength) as ArrayBuffer });
  }
}

/** `wx.cloud.callHTTPFunction` for one user: a fetch to the dev server, callbacks like wx.request's. */
function callHttpFunction(openid: string, options: HttpFunctionOptions): void {
  const method = (options.method ?? 'GET').toUpperCase();
  const headers: Record<string, string> = { ...options.header, [OPENID_HEADER]: openid };
  const body = method === 'GET' || options.data === undefined ? undefined : JSON.stringify(options.data);
  if (body !== undefined) headers['content-type'] = 'application/json';
  void fetch(`/__http/${encodeURIComponent(options.name)}${options.path}`, { method, headers, body })
    .then(async (res) => {
      const data = await readHttpAnswer(res, options);
      const header: Record<string, string> = {};
      res.headers.forEach((value, name) => (header[name] = value));
      options.success?.({ statusCode: res.status, data, header });
    })
    .catch((err: Error) => options.fail?.(cloudError(`cloud.callHTTPFunction:fail network error (${err.message}): is the preview server running?`)))
    .finally(() => options.complete?.());
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
        watch: (options: WatchOptions) => refuseWatch(name, query, options) ?? watchStream(openid(), String(query._id), options),
      }),
      // doc(id) carries no _openid condition, so the security rule refuses its watch.
      doc: (id: string) => ({ watch: (options: WatchOptions) => refuseWatch(name, { _id: id }, options) ?? watchStream(openid(), id, options) }),
    }),
  });
  const cloud: Record<string, unknown> = { init: () => undefined, callFunction, database, uploadFile: (param: UploadParam) => uploadFile(openid(), param), DYNAMIC_CURRENT_ENV: Symbol('DYNAMIC_CURRENT_ENV') };
  if (new URLSearchParams(location.search).get('stream') !== 'watch') cloud.callHTTPFunction = (options: HttpFunctionOptions) => callHttpFunction(openid(), options);
  return cloud;
}
