/**
 * The Coze emulator: a real HTTP server on 127.0.0.1 that behaves like api.coze.cn on the wire (OAuth JWT
 * exchange, chat v3 SSE, conversations, messages, bot info, uploads, faults). It is the default backend of
 * `npm start`, the tests and the benchmarks.
 */
import { createServer, type Server } from 'http';
import { generateKeyPairSync, createHash, randomBytes } from 'crypto';
import type { AddressInfo } from 'net';
import { AuthRegistry } from './auth';
import { FaultQueue } from './faults';
import { handleRequest } from './server';
import { Store } from './store';
import { EMULATOR_VOICES } from './routes-bot-files';
import type { EmulatorState } from './router';
import type { AppRegistration, CozeEmulator, EmulatorOptions, Fault, ReceivedRequest } from './types';

export * from './types';

/** The bot the emulator serves unless told otherwise (19 digits, a string like every Coze id). */
export const DEFAULT_BOT_ID = '7428933434510770212';
/** The chatflow the emulator serves unless told otherwise. */
export const DEFAULT_WORKFLOW_ID = '7480112233445566778';
/** The low-code app that chatflow belongs to. */
export const DEFAULT_CHATFLOW_APP_ID = '7480998877665544332';

/** Starts an emulator on 127.0.0.1 and resolves once it listens. */
export async function startEmulator(opts: EmulatorOptions = {}): Promise<CozeEmulator> {
  const nowMs = opts.now ?? Date.now;
  const store = new Store(nowMs);
  store.isolation = opts.isolation ?? true;
  const auth = new AuthRegistry(nowMs);
  for (const app of opts.apps ?? []) auth.register(app);
  const state: EmulatorState = {
    store,
    auth,
    faults: new FaultQueue(),
    stats: { tokenExchanges: 0, chats: 0 },
    botId: opts.botId ?? DEFAULT_BOT_ID,
    workflowId: opts.workflowId ?? DEFAULT_WORKFLOW_ID,
    chatflowAppId: opts.chatflowAppId ?? DEFAULT_CHATFLOW_APP_ID,
    deltaDelayMs: opts.deltaDelayMs ?? 0,
    onboardingCase: opts.onboardingCase ?? 'snake',
    suggestedQuestions: opts.suggestedQuestions ?? true,
    botPublished: opts.botPublished ?? true,
    seed: opts.seed ?? 1,
    authErrorsAsHttp: opts.authErrorsAsHttp ?? false,
    cancelEndsStream: opts.cancelEndsStream ?? false,
    stopped: false,
  };
  const requests: ReceivedRequest[] = [];
  const server: Server = createServer((req, res) => {
    void handleRequest(state, requests, nowMs, req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    botId: state.botId,
    workflowId: state.workflowId,
    chatflowAppId: state.chatflowAppId,
    registerApp: (app: AppRegistration) => auth.register(app),
    setIsolation: (on: boolean) => {
      store.isolation = on;
    },
    setBotPublished: (on: boolean) => {
      state.botPublished = on;
    },
    setCancelEndsStream: (on: boolean) => {
      state.cancelEndsStream = on;
    },
    inject: (fault: Fault) => state.faults.add(fault),
    clearFaults: () => state.faults.clear(),
    revokeTokens: () => auth.revokeAll(),
    requests,
    stats: state.stats,
    stop: () =>
      new Promise<void>((resolve) => {
        state.stopped = true;
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A throwaway RSA key pair plus matching app id and key id, for tests and `npm start`; never for production. */
export function generateAppKeys(): { privateKeyPem: string; publicKeyPem: string; keyId: string; appId: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const privateKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const keyId = createHash('sha256').update(publicKeyPem).digest('hex').slice(0, 43);
  const appId = String(1100000000 + (randomBytes(4).readUInt32BE(0) % 900000000));
  return { privateKeyPem, publicKeyPem, keyId, appId };
}

/**
 * The cloud function's COZE_* settings for an emulator and an app key pair: one mapping for `npm start`,
 * the CLI's printout and every test. `escapeNewlines` writes the PEM with literal `\n`, as a console or a
 * .env line holds it.
 */
export function cloudFunctionEnv(
  emulator: Pick<CozeEmulator, 'url' | 'botId'>,
  keys: Pick<ReturnType<typeof generateAppKeys>, 'appId' | 'keyId' | 'privateKeyPem'>,
  options: { escapeNewlines?: boolean } = {},
): Record<'COZE_API_BASE' | 'COZE_JWT_OAUTH_CLIENT_ID' | 'COZE_JWT_OAUTH_PUBLIC_KEY_ID' | 'COZE_JWT_OAUTH_PRIVATE_KEY' | 'COZE_BOT_ID' | 'COZE_TTS_VOICE_ID', string> {
  const pem = keys.privateKeyPem.trim();
  return {
    COZE_API_BASE: emulator.url,
    COZE_JWT_OAUTH_CLIENT_ID: keys.appId,
    COZE_JWT_OAUTH_PUBLIC_KEY_ID: keys.keyId,
    COZE_JWT_OAUTH_PRIVATE_KEY: options.escapeNewlines ? pem.replace(/\n/g, '\\n') : keys.privateKeyPem,
    COZE_BOT_ID: emulator.botId,
    COZE_TTS_VOICE_ID: EMULATOR_VOICES[0].voice_id,
  };
}
