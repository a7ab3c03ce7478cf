/**
 * The shape of a cloud function module as the local stand-in for WeChat sees it: the built
 * `cloudfunctions/coze/index.js` exports `{ main, localStreams }` (DESIGN.md sections 4 and 5).
 */
import type { IncomingMessage, ServerResponse } from 'http';
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

/** The function's stand-in for cloud storage outside CloudBase: files by fileID (storage/local-files.ts). */
export interface LocalFiles {
  put(fileID: string, content: Buffer, openid: string): void;
  get(fileID: string): { content: Buffer; openid: string } | undefined;
}

/** A node:http request handler: how the HTTP function `coze-http` is served (issue 21). */
export type HttpFunctionHandler = (req: IncomingMessage, res: ServerResponse) => void;

/** A loaded cloud function: `main` always resolves to the envelope; `localStreams` carries live text; `localFiles` holds uploads. */
export interface CloudFunctionModule {
  main(event: Record<string, unknown>, context: LocalCloudContext): Promise<unknown>;
  localStreams: LocalStreams;
  /** Uploads and read-aloud audio. Absent in an old bundle or a test double without storage: uploads then answer an error naming the fix. */
  localFiles?: LocalFiles;
  /** The HTTP function's handler, exported by the same bundle so both share `localStreams` (absent in old builds). */
  handleHttp?: HttpFunctionHandler;
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
