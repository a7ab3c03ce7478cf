/**
 * Per-instance state, rebuilt only when the configuration changes: token cache, Coze client, ownership
 * cache, bot-info cache, and the stream channel (database in CloudBase, in-process otherwise).
 */
import type { BotInfo } from '../../../miniprogram/shared/protocol';
import { loadConfig, LoadedConfig } from './config';
import { TokenCache } from './auth/token-cache';
import { exchangeToken } from './auth/token-exchange';
import { CozeClient } from './coze/client';
import { withRetry } from './coze/retry';
import { Ownership } from './ownership';
import { CancelChannel, MemoryStreamChannel, StreamChannel } from './stream/channel';
import { DatabaseStreamChannel } from './stream/database-channel';
import { StreamTickets, type TicketLedger } from './stream/ticket';
import { inCloudBase } from './identity';
import { UsageLimiter } from './limits/limiter';
import { DatabaseUsageStore, MemoryUsageStore, UsageStore } from './limits/usage-store';
import { ContentGuard } from './content/content-guard';
import { CloudSpeechStore, MemorySpeechStore, SpeechStore } from './speech/speech-store';

/** What every action gets. */
export interface Runtime {
  config: LoadedConfig;
  tokens: TokenCache;
  coze: CozeClient;
  owners: Ownership;
  botInfo: { value?: BotInfo; until: number };
  limiter: UsageLimiter;
  content: ContentGuard;
  speech: SpeechStore;
  /** Issues (coze) and checks (coze-http) the stream tickets of the HTTP path. */
  tickets: StreamTickets;
}

/** The in-process stream channel, used whenever TCB_ENV is not set; exported by the bundle as `localStreams`. */
export const localStreams = new MemoryStreamChannel();
let databaseStreams: DatabaseStreamChannel | undefined;

/** The stream channel for this environment. */
export function streamChannel(): StreamChannel & CancelChannel & TicketLedger {
  if (!inCloudBase()) return localStreams;
  databaseStreams ??= new DatabaseStreamChannel();
  return databaseStreams;
}

/** In-process usage counters for local runs; module scope, so they survive configuration changes. */
const localUsage = new MemoryUsageStore();
let databaseUsage: DatabaseUsageStore | undefined;

/** The usage counters for this environment: the cloud database in CloudBase, in-process otherwise. */
function usageStore(): UsageStore {
  if (!inCloudBase()) return localUsage;
  databaseUsage ??= new DatabaseUsageStore();
  return databaseUsage;
}

/** The in-process read-aloud index, used whenever TCB_ENV is not set; its audio goes to the local file store (`localFiles`). */
const localSpeech = new MemorySpeechStore();
let cloudSpeech: CloudSpeechStore | undefined;

/** Where read-aloud audio is kept: cloud storage in CloudBase, in-process otherwise. */
function speechStore(): SpeechStore {
  if (!inCloudBase()) return localSpeech;
  cloudSpeech ??= new CloudSpeechStore();
  return cloudSpeech;
}

let current: Runtime | undefined;

/** The runtime for the current configuration (throws CONFIG when a setting is wrong). */
export function getRuntime(): Runtime {
  const config = loadConfig();
  if (current && current.config === config) return current;
  const retry = { max: config.retryMax, baseMs: config.retryBaseMs };
  // A JWT is single-use (jti), but every attempt signs a new one, so the exchange is safe to retry.
  const tokens = new TokenCache((openid, deadline) => withRetry(retry, deadline, () => exchangeToken(config, openid, deadline)), {
    maxUsers: config.tokenCacheSize,
    marginSeconds: config.tokenMarginSeconds,
  });
  current = {
    config,
    tokens,
    coze: new CozeClient(config, tokens),
    owners: new Ownership(config.ownerSecret, config.ownerCacheSize),
    botInfo: { until: 0 },
    limiter: new UsageLimiter({ increment: (key, expiresAt, deadline) => usageStore().increment(key, expiresAt, deadline) }, { perMinute: config.ratePerMinute, perDay: config.dailyQuota, callsPerMinute: config.callsPerMinute }),
    content: new ContentGuard(config),
    speech: speechStore(),
    tickets: new StreamTickets(config.ticketSecret),
  };
  return current;
}
