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
  /** Start in Coze mode even when credentials are missing (the doctor, which names them as a failed check). */
  allowIncomplete?: boolean;
}

/** Some COZE_* variables are set but not the four credentials: the message names the missing ones. */
export class IncompleteSettingsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IncompleteSettingsError';
  }
}

/** Default base when COZE_API_BASE is unset (the function's own default). */
export const DEFAULT_API_BASE = 'https://api.coze.cn';

/**
 * True when any COZE_* variable is set (a credential, or only COZE_API_BASE): then we talk to Coze and never
 * silently fall back to the emulator; missing credentials are named instead.
 */
export function hasCozeCredentials(env: NodeJS.ProcessEnv): boolean {
  return Object.keys(env).some((name) => name.startsWith('COZE_') && (env[name] ?? '').trim() !== '');
}

/** The credentials still missing when some COZE_* variable is set ([] when none is set, or all four are). */
export function missingCredentials(env: NodeJS.ProcessEnv): string[] {
  return hasCozeCredentials(env) ? REQUIRED_VARS.filter((name) => (env[name] ?? '').trim() === '') : [];
}

/** Why `npm start` / `npm run preview` refuse half-configured settings, naming what is missing and both ways out. */
export function incompleteSettingsMessage(env: NodeJS.ProcessEnv): string | undefined {
  const missing = missingCredentials(env);
  if (!missing.length) return undefined;
  const given = Object.keys(env).filter((name) => name.startsWith('COZE_') && (env[name] ?? '').trim() !== '').sort();
  return `${given.join(', ')} ${given.length === 1 ? 'is' : 'are'} set, so the real Coze is meant, but ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing. Set ${missing.length === 1 ? 'it' : 'them'} in .env (see .env.example; npm run doctor checks them), or unset every COZE_* variable to use the embedded emulator.`;
}

/**
 * Starts the backend. In emulator mode the generated settings (including the throwaway private key) are
 * written into `env` only: nothing is printed.
 */
export async function startBackend(env: NodeJS.ProcessEnv, options: BackendOptions = {}): Promise<Backend> {
  // The doctor reports missing credentials as a failed check; npm start and the preview refuse to run without them.
  const incomplete = options.allowIncomplete ? undefined : incompleteSettingsMessage(env);
  if (incomplete) throw new IncompleteSettingsError(incomplete);
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
