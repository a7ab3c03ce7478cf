/**
 * Public types of the Coze emulator. Other engineers code against these names (cloud function tests,
 * `npm start`, benchmarks), so they only ever grow.
 */

/** Coze OAuth app permission names, as the Coze console spells them (coze-api.md §2–§5). */
export type Permission =
  | 'chat'
  | 'run'
  | 'getMetadata'
  | 'listConversation'
  | 'retrieveConversation'
  | 'createConversation'
  | 'editConversation'
  | 'listMessage'
  | 'createMessage'
  | 'retrieveMessage'
  | 'modifyMessage'
  | 'deleteMessage'
  | 'feedback'
  | 'getChat'
  | 'cancelChat'
  | 'createTranscription'
  | 'uploadFile'
  | 'createSpeech'
  | 'listVoice';

/** Every permission, the default grant of a registered app. */
export const ALL_PERMISSIONS: readonly Permission[] = [
  'chat',
  'run',
  'getMetadata',
  'listConversation',
  'retrieveConversation',
  'createConversation',
  'editConversation',
  'listMessage',
  'createMessage',
  'retrieveMessage',
  'modifyMessage',
  'deleteMessage',
  'feedback',
  'getChat',
  'cancelChat',
  'createTranscription',
  'uploadFile',
  'createSpeech',
  'listVoice',
];

/** Coze region an OAuth app lives in; the emulator plays api.coze.cn. */
export type Region = 'cn' | 'com';

/** An OAuth "JWT application" the emulator trusts: its public key verifies the JWTs it signs. */
export interface AppRegistration {
  appId: string;
  keyId: string;
  publicKeyPem: string;
  /** Default: all. A business call needing a missing permission answers 4101. */
  permissions?: string[];
  /** Default 'cn'. A 'com' app cannot exchange a JWT with aud api.coze.cn here (cross-region case). */
  region?: Region;
}

/** How the emulator starts; every field has a default suitable for tests. */
export interface EmulatorOptions {
  /** 0 = a free port (default). */
  port?: number;
  /** Default DEFAULT_BOT_ID. */
  botId?: string;
  apps?: AppRegistration[];
  /** Pause between SSE deltas; default 0 (tests), the CLI uses 30. */
  deltaDelayMs?: number;
  /** Scope conversations by (app id, session_name); default true. */
  isolation?: boolean;
  /** Spelling of onboarding_info keys in GET /v1/bots/:id; default 'snake'. */
  onboardingCase?: 'snake' | 'pascal';
  /** Include onboarding_info.suggested_questions and follow_up messages; default true. */
  suggestedQuestions?: boolean;
  /** Default true; false makes chat and bot info answer 4015. */
  botPublished?: boolean;
  /** Clock in epoch milliseconds; default Date.now. Tests pass a fake clock to expire tokens. */
  now?: () => number;
  /** Seed for the split-chunks fault's chunk sizes; default 1. */
  seed?: number;
  /** The published chatflow POST /v1/workflows/chat runs; default DEFAULT_WORKFLOW_ID. */
  workflowId?: string;
  /** The low-code app that chatflow belongs to (app_id); default DEFAULT_CHATFLOW_APP_ID. */
  chatflowAppId?: string;
  /** Answer 4100 with HTTP 401 and 4101 with HTTP 403 instead of HTTP 200 (the other SDK error path); default false. */
  authErrorsAsHttp?: boolean;
  /**
   * End the SSE stream (just `done`) when the chat is canceled; default false: like chat_cancel.md says
   * ("不会中断 chat API 的流式回复"), the stream keeps flowing and only the status turns `canceled`.
   * What real Coze sends after a cancel is undocumented, so both are playable.
   */
  cancelEndsStream?: boolean;
}

/** Options every fault accepts. */
export interface FaultTarget {
  /** How many matching requests it hits; default 1. */
  times?: number;
  /** Only requests whose path starts with this; default: the kind's natural endpoints (README). */
  path?: string;
}

/** A failure the emulator plays on upcoming requests, one per real-world failure mode of Coze. */
export type Fault = FaultTarget &
  (
    | { kind: 'http-500' }
    | { kind: 'http-502' }
    | { kind: 'http-429' }
    | { kind: 'coze-error'; code: number; msg?: string; logid?: string }
    | { kind: 'chat-failed' }
    | { kind: 'stream-error-event'; code?: number; msg?: string }
    | { kind: 'drop-mid-stream' }
    | { kind: 'slow-first-byte'; ms: number }
    | { kind: 'long-answer'; chars: number }
    | { kind: 'split-chunks' }
    | { kind: 'malformed-sse' }
    | { kind: 'token-invalid' }
    | { kind: 'token-exchange-error'; error_code: TokenErrorCode }
  );

/** The kinds of Fault, for exhaustive switches. */
export type FaultKind = Fault['kind'];

/** OAuth error_code values of the token endpoint (coze-api.md §1.4; `access_deny` sic). */
export type TokenErrorCode = 'invalid_request' | 'invalid_client' | 'unsupported_grant_type' | 'access_deny' | 'internal_error';

/** What the emulator received, for assertions; the bearer credential is redacted. */
export interface ReceivedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: unknown;
  /** Epoch milliseconds on the emulator clock. */
  at: number;
}

/** Counters for tests and benchmarks. */
export interface EmulatorStats {
  tokenExchanges: number;
  chats: number;
}

/** A running emulator. */
export interface CozeEmulator {
  /** http://127.0.0.1:PORT */
  readonly url: string;
  readonly port: number;
  readonly botId: string;
  /** The chatflow's workflow id and its app id. */
  readonly workflowId: string;
  readonly chatflowAppId: string;
  registerApp(app: AppRegistration): void;
  setIsolation(on: boolean): void;
  setBotPublished(on: boolean): void;
  /** See EmulatorOptions.cancelEndsStream. */
  setCancelEndsStream(on: boolean): void;
  /** Queue a fault for upcoming requests. */
  inject(fault: Fault): void;
  clearFaults(): void;
  /** Every issued access token becomes invalid (4100), like a restart. */
  revokeTokens(): void;
  /** The last MAX_RECORDED_REQUESTS requests, oldest first. */
  readonly requests: ReceivedRequest[];
  readonly stats: EmulatorStats;
  stop(): Promise<void>;
}
