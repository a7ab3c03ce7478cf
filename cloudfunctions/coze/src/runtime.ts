/**
 * Per-instance state, rebuilt only when the configuration changes: token cache, Coze client, ownership
 * cache, bot-info cache, and the stream channel (database in CloudBase, in-process otherwise).
 */
import type { BotInfo } from '../../../miniprogram/shared/protocol';
import { loadConfig, LoadedConfig } from './config';
import { TokenCache } from './auth/token-cache';
import { exchangeToken } from './auth/token-exchange';
import { CozeClient } from './coze/client';
import { Ownership } from './ownership';
import { MemoryStreamChannel, StreamChannel } from './stream/channel';
import { DatabaseStreamChannel } from './stream/database-channel';
import { inCloudBase } from './identity';

/** What every action gets. */
export interface Runtime {
  config: LoadedConfig;
  tokens: TokenCache;
  coze: CozeClient;
  owners: Ownership;
  botInfo: { value?: BotInfo; until: number };
}

/** The in-process stream channel, used whenever TCB_ENV is not set; exported by the bundle as `localStreams`. */
export const localStreams = new MemoryStreamChannel();
let databaseStreams: DatabaseStreamChannel | undefined;

/** The stream channel for this environment. */
export function streamChannel(): StreamChannel {
  if (!inCloudBase()) return localStreams;
  databaseStreams ??= new DatabaseStreamChannel();
  return databaseStreams;
}

let current: Runtime | undefined;

/** The runtime for the current configuration (throws CONFIG when a setting is wrong). */
export function getRuntime(): Runtime {
  const config = loadConfig();
  if (current && current.config === config) return current;
  const tokens = new TokenCache((openid) => exchangeToken(config, openid), {
    maxUsers: config.tokenCacheSize,
    marginSeconds: config.tokenMarginSeconds,
  });
  current = {
    config,
    tokens,
    coze: new CozeClient(config, tokens),
    owners: new Ownership(config.ownerSecret, config.ownerCacheSize),
    botInfo: { until: 0 },
  };
  return current;
}
