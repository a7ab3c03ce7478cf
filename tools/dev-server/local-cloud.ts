/**
 * In-process stand-in for WeChat cloud: each client has an openid, calls the function like
 * `wx.cloud.callFunction` and watches the stream channel like the mini-program's DB watch. Used by
 * `npm start`, the doctor's test chat, tests, and the HTTP face in http-server.ts.
 */
import { randomBytes } from 'crypto';
import { FUNCTION_NAME, HTTP_FUNCTION_NAME, STREAM_ID_PATTERN } from '../../miniprogram/shared/protocol';
import type { CallFunctionParam, CallFunctionResult, CloudFunctionModule, HttpFunctionHandler, LocalCloudContext, StreamListener } from './cloud-types';

/** Simulated openids: letters, digits, `_` and `-` (real ones are 28 such characters). */
export const OPENID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** `wx.cloud.callFunction` refuses results over 1 MB (wx-server-sdk error -604001); so do we. */
export const MAX_RESULT_BYTES = 1024 * 1024;

/** The function's deadline as configured in the cloud console (README: function timeout 60 s). */
export const FUNCTION_TIMEOUT_MS = 60_000;

const REQUEST_ID_BYTES = 16;

/** AppID the simulated WeChat context reports. */
export const LOCAL_APPID = 'wxlocaldevserver';

/** One simulated WeChat user: the two things the mini-program does with wx.cloud. */
export interface LocalCloudClient {
  readonly openid: string;
  callFunction(param: CallFunctionParam): Promise<CallFunctionResult>;
  /** Starts watching `coze_streams/<streamId>` for this openid; returns the unsubscribe function. */
  watchStream(streamId: string, listener: StreamListener): () => void;
  /** A read-aloud file of this openid (undefined when absent or another user's). */
  readFile(path: string): Buffer | undefined;
  /** `wx.cloud.uploadFile`: stores the bytes in the function's local file store; answers the fileID. */
  uploadFile(cloudPath: string, content: Buffer): string;
}

/** A local cloud bound to one function module. */
export interface LocalCloud {
  client(openid: string): LocalCloudClient;
  /** A stored file by fileID (what the image component and getTempFileURL resolve), or undefined. */
  file(fileID: string): Buffer | undefined;
  /** The handler of HTTP function `name`, or undefined when it is not "deployed" (another name, or turned off). */
  httpFunction(name: string): HttpFunctionHandler | undefined;
}

/** Options of {@link createLocalCloud}. */
export interface LocalCloudOptions {
  /** Serve the HTTP function `coze-http` (default true); false plays a project that has not deployed it. */
  http?: boolean;
}

/** The environment and bucket local fileIDs name: `cloud://local-dev.local/<cloudPath>`. */
export const LOCAL_STORAGE_BUCKET = 'local-dev.local';

/** A cloud path the way wx.cloud.uploadFile takes it: relative, ASCII letters, digits, `._-/`, no `..`. */
export const CLOUD_PATH_PATTERN = /^(?!\/)(?!.*\.\.)[A-Za-z0-9._/-]{1,500}$/;

/** Copies a value the way the wire does (drops undefined and functions), so local runs see what WeChat sends. */
function wireCopy<T>(value: T): T {
  const text = JSON.stringify(value);
  return (text === undefined ? undefined : JSON.parse(text)) as T;
}

/**
 * Calls `main` as the given user. The openid goes into the environment (wx-server-sdk reads WX_OPENID via
 * WX_CONTEXT_KEYS) and `main` is called in the same synchronous run, with nothing in between, because the
 * function reads the context synchronously at its start: that is what lets many users share one process.
 */
function invoke(fn: CloudFunctionModule, openid: string, event: Record<string, unknown>, context: LocalCloudContext): Promise<unknown> {
  process.env.WX_CONTEXT_KEYS = 'WX_OPENID,WX_APPID';
  process.env.WX_APPID = LOCAL_APPID;
  process.env.WX_OPENID = openid;
  try {
    return Promise.resolve(fn.main(event, context));
  } catch (err) {
    return Promise.reject(err);
  }
}

/** Makes the local cloud for a function module (the built bundle, or a fake in tests). */
export function createLocalCloud(fn: CloudFunctionModule, options: LocalCloudOptions = {}): LocalCloud {
  const http = options.http ?? true;
  return {
    httpFunction: (name) => (http && name === HTTP_FUNCTION_NAME ? fn.handleHttp : undefined),
    client(openid: string): LocalCloudClient {
      if (!OPENID_PATTERN.test(openid)) {
        throw new Error(`Invalid simulated openid ${JSON.stringify(openid)}: use 1-64 letters, digits, "_" or "-".`);
      }
      return {
        openid,
        async callFunction({ name, data }: CallFunctionParam): Promise<CallFunctionResult> {
          if (name !== FUNCTION_NAME) {
            throw new Error(`cloud.callFunction:fail FunctionName parameter could not be found: this project has only the "${FUNCTION_NAME}" function.`);
          }
          const requestID = randomBytes(REQUEST_ID_BYTES).toString('hex');
          const event = wireCopy(data ?? {});
          const result = await invoke(fn, openid, event, { function_name: name, request_id: requestID, time_limit_in_ms: FUNCTION_TIMEOUT_MS });
          const text = JSON.stringify(result) ?? 'null';
          if (Buffer.byteLength(text) > MAX_RESULT_BYTES) {
            throw new Error('cloud.callFunction:fail -604001 cloudfunction result size exceed limit (1MB): return less data per call.');
          }
          return { result: JSON.parse(text) as unknown, errMsg: 'cloud.callFunction:ok', requestID };
        },
        watchStream(streamId: string, listener: StreamListener): () => void {
          if (!STREAM_ID_PATTERN.test(streamId)) {
            throw new Error(`Invalid stream id ${JSON.stringify(streamId)}: it must be 32 lowercase hex characters.`);
          }
          return fn.localStreams.watch(streamId, openid, (doc) => listener(wireCopy(doc)));
        },
        readFile(path: string): Buffer | undefined {
          const file = fn.localFiles?.get(path);
          return file && file.openid === openid ? file.content : undefined;
        },
        uploadFile(cloudPath: string, content: Buffer): string {
          if (!fn.localFiles) throw new Error('cloud.uploadFile:fail the cloud function bundle has no local file store: rebuild it with `npm run build`.');
          if (!CLOUD_PATH_PATTERN.test(cloudPath)) {
            throw new Error(`cloud.uploadFile:fail invalid cloudPath ${JSON.stringify(cloudPath)}: use a relative path of letters, digits, "._-/" without "..".`);
          }
          const fileID = `cloud://${LOCAL_STORAGE_BUCKET}/${cloudPath}`;
          fn.localFiles.put(fileID, content, openid);
          return fileID;
        },
      };
    },
    file(fileID: string): Buffer | undefined {
      // Only uploads (cloud:// fileIDs); read-aloud audio is kept by path and served to its owner by readFile.
      return fileID.startsWith('cloud://') ? fn.localFiles?.get(fileID)?.content : undefined;
    },
  };
}
