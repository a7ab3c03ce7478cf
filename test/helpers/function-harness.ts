/**
 * Runs the BUILT cloud function (cloudfunctions/coze/index.js) against a real Coze emulator over HTTP:
 * real wx-server-sdk identity (WX_OPENID env), real jose signatures. Reused by every end-to-end test.
 */
import path from 'path';
import type { ActionEvent, ActionName, ActionResult, Result } from '../../miniprogram/shared/protocol';
import { cloudFunctionEnv, generateAppKeys, startEmulator } from '../../tools/coze-emulator/index';
import type { CozeEmulator, EmulatorOptions } from '../../tools/coze-emulator/index';
import { Recording, startRecordingProxy } from '../cloudfunctions/coze/recording-proxy';
import type { MemoryStreamChannel } from '../../cloudfunctions/coze/src/stream/channel';
import type { LocalFileStore } from '../../cloudfunctions/coze/src/storage/local-files';
import { FakeDatabase, FakeMediaCheck, FakeMsgSecCheck, installCloudFakes, PatchableSdk } from './wx-cloud-fake';

/** Path of the committed bundle the harness loads. */
export const BUNDLE_PATH = path.resolve(__dirname, '../../cloudfunctions/coze/index.js');

/** What the bundle exports (DESIGN.md §4). */
export interface CozeBundle {
  main(event: unknown, context: unknown): Promise<Result<unknown>>;
  localStreams: MemoryStreamChannel;
  /** The local stand-in for cloud storage (no TCB_ENV): put a file here, pass its fileID. */
  localFiles: LocalFileStore;
}

/** App keys generated for one harness; the private key never leaves the test process. */
export type AppKeys = ReturnType<typeof generateAppKeys>;

/** A running emulator plus the bundle wired to it. */
export interface FunctionHarness {
  emulator: CozeEmulator;
  keys: AppKeys;
  bundle: CozeBundle;
  /** What the function sent and got (JWTs, access tokens), when started with `record: true`. */
  recording?: Recording;
  /** Every console line written while the harness ran (when capturing; see HarnessOptions.captureLogs). */
  logs: string[];
  /** The COZE_* variables the harness set (the private key included: never print this). */
  env: Record<string, string>;
  /** Calls `main` as the given user (undefined = no openid in the context). */
  call<A extends ActionName>(openid: string | undefined, event: ActionEvent<A>): Promise<ActionResult<A>>;
  /** Calls `main` with an arbitrary event, for validation tests. */
  callRaw(openid: string | undefined, event: unknown): Promise<Result<unknown>>;
  /** Stops the emulator and restores the environment. */
  stop(): Promise<void>;
}

/** Options: emulator options, extra env (e.g. CHAT_DEADLINE_MS), and whether to register the app. */
export interface HarnessOptions {
  emulator?: EmulatorOptions;
  env?: Record<string, string>;
  /** Keep console output of the function in `logs` instead of printing it (default true). */
  captureLogs?: boolean;
  /** Put a recording proxy between the function and the emulator (see recording-proxy.ts). */
  record?: boolean;
  /** Fakes of the cloud database / msgSecCheck to install on wx-server-sdk (see wx-cloud-fake.ts). */
  cloud?: CloudFakes;
}

/** The WeChat cloud services a harness may fake. */
export interface CloudFakes {
  database?: FakeDatabase;
  secCheck?: FakeMsgSecCheck;
  mediaCheck?: FakeMediaCheck;
}

/**
 * Per-user limits are off in the harness unless a test sets them: most e2e tests send many messages as one
 * user, and the limits have their own tests.
 */
const HARNESS_DEFAULT_ENV: Record<string, string> = { CHAT_RATE_PER_MINUTE: '0', CHAT_DAILY_QUOTA: '0', CHAT_CALLS_PER_MINUTE: '0' };

/**
 * Loads ANOTHER copy of the bundle with its own module graph (its own wx-server-sdk, token cache, counters):
 * what a second instance of the cloud function is. The fakes are installed on that copy's wx-server-sdk.
 */
export function loadBundleCopy(fakes: CloudFakes = {}): CozeBundle {
  let bundle: CozeBundle | undefined;
  jest.isolateModules(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    installCloudFakes(require('wx-server-sdk') as PatchableSdk, fakes);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    bundle = require(BUNDLE_PATH) as CozeBundle;
  });
  if (!bundle) throw new Error('the bundle copy did not load');
  return bundle;
}

/** Sets WX_CONTEXT_KEYS/WX_OPENID the way CloudBase does, then calls main (which reads them synchronously). */
export function callAs(bundle: CozeBundle, openid: string | undefined, event: unknown, context: Record<string, unknown> = {}): Promise<Result<unknown>> {
  process.env.WX_CONTEXT_KEYS = 'WX_OPENID,WX_APPID';
  process.env.WX_APPID = 'wx0000000000000000';
  if (openid === undefined) delete process.env.WX_OPENID;
  else process.env.WX_OPENID = openid;
  return bundle.main(event, context);
}

/** Starts an emulator, points the COZE_* environment at it and loads the built bundle. */
export async function startFunctionHarness(options: HarnessOptions = {}): Promise<FunctionHarness> {
  const keys = generateAppKeys();
  const emulator = await startEmulator({
    apps: [{ appId: keys.appId, keyId: keys.keyId, publicKeyPem: keys.publicKeyPem }],
    ...options.emulator,
  });
  const proxy = options.record ? await startRecordingProxy(emulator.url) : undefined;
  const env: Record<string, string> = {
    ...cloudFunctionEnv({ url: proxy?.url ?? emulator.url, botId: emulator.botId }, keys),
    ...HARNESS_DEFAULT_ENV,
    ...options.env,
  };
  const saved: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(env)) {
    saved[name] = process.env[name];
    process.env[name] = value;
  }
  const logs: string[] = [];
  const spies = options.captureLogs === false ? [] : (['log', 'info', 'warn', 'error'] as const).map((level) =>
    jest.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      logs.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
    }),
  );
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const undoFakes = options.cloud ? installCloudFakes(require('wx-server-sdk') as PatchableSdk, options.cloud) : undefined;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const bundle = require(BUNDLE_PATH) as CozeBundle;
  return {
    emulator,
    keys,
    bundle,
    env,
    recording: proxy?.recording,
    logs,
    call: <A extends ActionName>(openid: string | undefined, event: ActionEvent<A>) => callAs(bundle, openid, event) as Promise<ActionResult<A>>,
    callRaw: (openid, event) => callAs(bundle, openid, event),
    stop: async () => {
      for (const spy of spies) spy.mockRestore();
      undoFakes?.();
      await proxy?.stop();
      await emulator.stop();
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    },
  };
}

/** Unwraps an ok envelope or fails the test with the error it carried. */
export function expectOk<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.error)}`);
  return result.data;
}

/** Unwraps an error envelope or fails the test. */
export function expectError<T>(result: Result<T>): Extract<Result<T>, { ok: false }>['error'] {
  if (result.ok) throw new Error(`expected an error, got ${JSON.stringify(result.data).slice(0, 200)}`);
  return result.error;
}
