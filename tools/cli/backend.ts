/**
 * Chooses what `npm start` and `npm run doctor` talk to: the real Coze when credentials are configured,
 * otherwise a freshly started embedded Coze emulator with a fresh key pair and matching settings.
 */
import { cloudFunctionEnv, generateAppKeys, startEmulator, type CozeEmulator } from '../coze-emulator/index';

/** The four variables without which the function cannot reach Coze (DESIGN.md section 4). */
export const REQUIRED_VARS = ['COZE_JWT_OAUTH_CLIENT_ID', 'COZE_JWT_OAUTH_PUBLIC_KEY_ID', 'COZE_JWT_OAUTH_PRIVATE_KEY', 'COZE_BOT_ID'] as const;

/** Real Coze, or the embedded emulator. */
export type BackendMode = 'coze' | 'emulator';

/** What the tools run against. */
export interface Backend {
  mode: BackendMode;
  /** The COZE_* variables this backend needs, already applied to the environment given to startBackend. */
  settings: Record<string, string>;
  apiBase: string;
  /** The bot that answers (not a secret; shown in the banner). */
  botId: string;
  emulator?: CozeEmulator;
  stop(): Promise<void>;
}

/** Options of the embedded emulator. */
export interface BackendOptions {
  /** Pause between streamed deltas, so a person sees the text grow; 0 in tests. */
  deltaDelayMs?: number;
}

/** Default base when COZE_API_BASE is unset (the function's own default). */
export const DEFAULT_API_BASE = 'https://api.coze.cn';

/** True when any Coze credential is configured: then we talk to Coze and never silently fall back. */
export function hasCozeCredentials(env: NodeJS.ProcessEnv): boolean {
  return REQUIRED_VARS.some((name) => (env[name] ?? '').trim() !== '');
}

/**
 * Starts the backend. In emulator mode the generated settings (including the throwaway private key) are
 * written into `env` only: nothing is printed.
 */
export async function startBackend(env: NodeJS.ProcessEnv, options: BackendOptions = {}): Promise<Backend> {
  if (hasCozeCredentials(env)) {
    return { mode: 'coze', settings: {}, apiBase: env.COZE_API_BASE?.trim() || DEFAULT_API_BASE, botId: env.COZE_BOT_ID?.trim() ?? '', stop: async () => undefined };
  }
  const keys = generateAppKeys();
  const emulator = await startEmulator({
    port: 0,
    apps: [{ appId: keys.appId, keyId: keys.keyId, publicKeyPem: keys.publicKeyPem }],
    deltaDelayMs: options.deltaDelayMs ?? 0,
  });
  const settings: Record<string, string> = cloudFunctionEnv(emulator, keys);
  Object.assign(env, settings);
  return { mode: 'emulator', settings, apiBase: emulator.url, botId: emulator.botId, emulator, stop: () => emulator.stop() };
}
