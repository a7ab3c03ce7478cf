/**
 * The shape of a cloud function module as the local stand-in for WeChat sees it: the built
 * `cloudfunctions/coze/index.js` exports `{ main, localStreams }` (DESIGN.md sections 4 and 5).
 */
import type { StreamDoc } from '../../miniprogram/shared/protocol';

/** What the dev server passes as `context`: a small subset of what CloudBase passes, enough for logging. */
export interface LocalCloudContext {
  function_name: string;
  request_id: string;
  /** The function's own deadline, as the console's timeout setting would give it. */
  time_limit_in_ms: number;
}

/** Receives every StreamDoc write for one stream that belongs to the watching openid. */
export type StreamListener = (doc: StreamDoc) => void;

/** The in-process stream channel the function uses outside CloudBase (no TCB_ENV). */
export interface LocalStreams {
  watch(streamId: string, openid: string, listener: StreamListener): () => void;
}

/** A loaded cloud function: `main` always resolves to the envelope; `localStreams` carries live text. */
export interface CloudFunctionModule {
  main(event: Record<string, unknown>, context: LocalCloudContext): Promise<unknown>;
  localStreams: LocalStreams;
  /** Read-aloud audio kept in process (bundle export `localFiles`); absent in fakes without `audio.speech`. */
  localFiles?: { read(path: string, openid: string): Buffer | undefined };
}

/** What `wx.cloud.callFunction` resolves to in the mini-program. */
export interface CallFunctionResult {
  result: unknown;
  errMsg: string;
  requestID: string;
}

/** The parameter of `wx.cloud.callFunction` that the project uses. */
export interface CallFunctionParam {
  name: string;
  data?: Record<string, unknown>;
}
