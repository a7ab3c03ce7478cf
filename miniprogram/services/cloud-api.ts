/**
 * The slice of `wx.cloud` the chat uses, as a structural interface: the transport takes it as a parameter
 * (default `wx.cloud`), so tests hand in a faithful fake and nothing else in the app names `wx.cloud`.
 */

/** A realtime snapshot as WeChat delivers it (`docs` holds the matching documents). */
export interface WatchSnapshot {
  id: number;
  docs: unknown;
  type?: string;
}

/** Handle of a realtime watch. */
export interface Watcher {
  close(): unknown;
}

/** `db.collection(name).where(query)`, reduced to watch. */
export interface WatchableQuery {
  watch(options: { onChange: (snapshot: WatchSnapshot) => void; onError: (error: unknown) => void }): Watcher;
}

/**
 * `wx.cloud.callHTTPFunction` (base library 3.15.1+), as docs.cloudbase.net/cloud-function/function-calls/ shows it:
 * wx.request-like options plus `name`; with `enableChunked` the body arrives in `onChunkedReceived({ data })`
 * ArrayBuffers. Whether `success` also carries the body in chunked mode is not documented: we read chunks first.
 */
export interface HttpFunctionParam {
  name: string;
  path: string;
  method: 'GET' | 'POST';
  data?: Record<string, unknown>;
  header?: Record<string, string>;
  timeout?: number;
  enableChunked?: boolean;
  onChunkedReceived?: (res: { data: ArrayBuffer }) => void;
  success?: (res: { statusCode: number; data: unknown }) => void;
  fail?: (error: unknown) => void;
}

/** What the chat needs of `wx.cloud`. */
export interface CloudApi {
  /** Missing below base library 3.15.1: then live text takes the database watch. */
  callHTTPFunction?: (param: HttpFunctionParam) => unknown;
  callFunction(param: { name: string; data: Record<string, unknown> }): Promise<{ result?: unknown }>;
  /** Uploads a local file (a voice recording) to cloud storage; the fileID goes to `audio.transcribe`. */
  uploadFile(param: { cloudPath: string; filePath: string }): Promise<{ fileID: string }>;
  database(): { collection(name: string): { where(query: Record<string, unknown>): WatchableQuery } };
}

/** What a page logs when `wx.cloud` is missing, with the fix. */
export const NO_CLOUD = 'wx.cloud is missing: set the base library to 2.8.1 or later and call wx.cloud.init in app.ts.';

/** `wx.cloud` when the base library has it; undefined in old base libraries (below 2.2.3). */
export function wxCloud(): CloudApi | undefined {
  return typeof wx !== 'undefined' && wx.cloud ? (wx.cloud as unknown as CloudApi) : undefined;
}
