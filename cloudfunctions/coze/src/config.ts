/**
 * Reads and validates the settings once per instance (again only when the environment changes), so a bad
 * setting answers CONFIG naming the variable and the fix, and never echoes its value.
 */
import type { KeyObject } from 'crypto';
import { AppError } from './errors';
import { deriveOwnerSecret, deriveTicketSecret, parsePrivateKey } from './auth/private-key';
import { Config, SETTINGS, SettingError, SettingKey } from './settings';

/** The configuration plus what is derived from it once. */
export interface LoadedConfig extends Config {
  signingKey: KeyObject;
  ownerSecret: Buffer;
  /** Key of the stream tickets that let `coze-http` trust an openid (issue 21). */
  ticketSecret: Buffer;
  /** JWT `aud`: the API host, or api.coze.cn when the base is an IP / localhost (the emulator). */
  audience: string;
}

/** Coze's audience when the base URL is not a Coze host (the emulator listens on 127.0.0.1). */
export const DEFAULT_AUDIENCE = 'api.coze.cn';

/** The JWT audience for a base URL: its host name, except IPs and localhost, which stand for api.coze.cn. */
export function audienceFor(base: URL): string {
  const host = base.hostname.replace(/^\[|\]$/g, '');
  const local = host === 'localhost' || /^\d+(\.\d+){3}$/.test(host) || host.includes(':');
  return local ? DEFAULT_AUDIENCE : host;
}

const KEYS = Object.keys(SETTINGS) as SettingKey[];
let cached: { raw: string; config: LoadedConfig } | undefined;

function configError(name: string, problem: string): AppError {
  const fix = "Set it in the cloud function's environment variables (CloudBase console → function → configuration) or in your shell for npm start";
  return new AppError('CONFIG', `${name} ${problem}. ${fix}.`, { userMessage: `服务配置有误：${name} ${problem}。请开发者在云函数环境变量中修正。` });
}

function readAll(env: NodeJS.ProcessEnv): LoadedConfig {
  const values: Partial<Record<SettingKey, unknown>> = {};
  for (const key of KEYS) {
    const row = SETTINGS[key];
    const given = env[row.name];
    const raw = given !== undefined && given.trim() !== '' ? given : row.fallback;
    if (raw === undefined) throw configError(row.name, 'is missing');
    try {
      values[key] = row.parse(raw);
    } catch (error) {
      if (error instanceof SettingError) throw configError(row.name, error.message);
      throw error;
    }
  }
  const config = values as Config;
  let signingKey: KeyObject;
  try {
    signingKey = parsePrivateKey(config.privateKey);
  } catch (error) {
    if (error instanceof SettingError) throw configError(SETTINGS.privateKey.name, error.message);
    throw error;
  }
  return {
    ...config,
    signingKey,
    ownerSecret: deriveOwnerSecret(signingKey),
    ticketSecret: deriveTicketSecret(signingKey),
    audience: audienceFor(config.apiBase),
  };
}

/** The validated configuration; re-read only when one of the variables changed. Throws CONFIG. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): LoadedConfig {
  const raw = KEYS.map((key) => env[SETTINGS[key].name] ?? '').join('\u0000');
  if (cached && cached.raw === raw) return cached.config;
  const config = readAll(env);
  cached = { raw, config };
  return config;
}
