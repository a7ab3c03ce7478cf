/**
 * `npm run doctor`: checks the configuration end to end against the configured Coze (or the emulator),
 * one result per check with a fix for each failure. It reuses the cloud function's own configuration
 * parsing, JWT signing, token exchange, request function, SSE reader and error table, so it tests what
 * the function will do rather than a second implementation.
 */
import { exchangeToken, type AccessToken } from '../../cloudfunctions/coze/src/auth/token-exchange';
import { NO_DEADLINE } from '../../cloudfunctions/coze/src/deadline';
import { parsePrivateKey } from '../../cloudfunctions/coze/src/auth/private-key';
import { loadConfig, type LoadedConfig } from '../../cloudfunctions/coze/src/config';
import { AppError, cozeError } from '../../cloudfunctions/coze/src/errors';
import { SettingError } from '../../cloudfunctions/coze/src/settings';
import { str, obj, arr } from '../../cloudfunctions/coze/src/coze/json';
import type { StreamDoc } from '../../miniprogram/shared/protocol';
import type { CloudFunctionModule } from '../dev-server/cloud-types';
import { createLocalCloud } from '../dev-server/local-cloud';
import { REQUIRED_VARS } from './backend';
import { ActionError, callAction, newStreamId } from './cloud-call';
import { probe, probeChat, type ProbeAnswer } from './coze-probe';
import { FIXES, PERMISSIONS, type PermissionName } from './doctor-fixes';
import { isFunctionSetting, withFunctionEnv } from './function-env';
import { checkChatflow } from './doctor-chatflow';

/** Outcome of one check; a warning does not fail the report. */
export type CheckStatus = 'pass' | 'warn' | 'fail' | 'skip';

/** One line of the doctor's report. */
export interface CheckResult {
  title: string;
  status: CheckStatus;
  detail: string;
  fix?: string;
}

/** Everything the doctor found; `ok` is false when any check failed. */
export interface DoctorReport {
  checks: CheckResult[];
  ok: boolean;
}

/** Options of {@link runDoctor}. */
export interface DoctorOptions {
  /** The built function for the end-to-end check; a loader that throws is reported as a failure. */
  loadFunction?: () => CloudFunctionModule;
}

/** The simulated user the doctor signs its JWT for (its conversations are its own and are deleted). */
export const DOCTOR_OPENID = 'o_coze_weapp_doctor';

/** Coze codes the checks act on. */
const CODE = { ok: 0, tokenInvalid: 4100, noPermission: 4101, botUnpublished: 4015, botNotFound: 4200, botInvalid: 4006 } as const;

const REGIONS = { cn: 'api.coze.cn', com: 'api.coze.com' } as const;

const DOCTOR_MESSAGE = 'ping from npm run doctor';

/** CloudBase (SCF) limit on one function's environment variables, names and values together (cloud.tencent.com/document/product/583/11637). */
export const FUNCTION_ENV_LIMIT_BYTES = 4096;

/** Bytes the function's COZE_* / CHAT_* settings in `env` take as CloudBase environment variables (UTF-8). */
export function functionEnvBytes(env: NodeJS.ProcessEnv): number {
  return Object.entries(env)
    .filter(([name, value]) => isFunctionSetting(name) && value !== undefined)
    .reduce((sum, [name, value]) => sum + Buffer.byteLength(name) + Buffer.byteLength(value ?? ''), 0);
}

const pass = (title: string, detail: string): CheckResult => ({ title, status: 'pass', detail });
const warn = (title: string, detail: string, fix: string): CheckResult => ({ title, status: 'warn', detail, fix });
const fail = (title: string, detail: string, fix: string): CheckResult => ({ title, status: 'fail', detail, fix });
const skip = (title: string, detail: string): CheckResult => ({ title, status: 'skip', detail });

/** The other region to try when a token is refused: a Coze host swaps host and aud; a local emulator only the aud. */
function otherRegion(config: LoadedConfig): { apiBase: URL; audience: string } | undefined {
  const other = config.audience === REGIONS.cn ? REGIONS.com : config.audience === REGIONS.com ? REGIONS.cn : undefined;
  if (!other) return undefined;
  const host = config.apiBase.hostname;
  if (host === REGIONS.cn || host === REGIONS.com) return { apiBase: new URL(`https://${other}`), audience: other };
  return { apiBase: config.apiBase, audience: other };
}

function errorText(err: unknown): string {
  return err instanceof AppError ? err.detail : (err as Error).message;
}

/** Checks 1-3: the variables, the private key, the other settings. Returns the config or undefined. */
function checkConfig(env: NodeJS.ProcessEnv, out: CheckResult[]): LoadedConfig | undefined {
  const missing = REQUIRED_VARS.filter((name) => !(env[name] ?? '').trim());
  if (missing.length) {
    out.push(fail('Variables present', `missing: ${missing.join(', ')}`, missing.map((name) => FIXES.missingVariable(name)).join(' ')));
    return undefined;
  }
  out.push(pass('Variables present', REQUIRED_VARS.join(', ')));
  try {
    const key = parsePrivateKey(env.COZE_JWT_OAUTH_PRIVATE_KEY ?? '');
    out.push(pass('Private key parses', `RSA ${key.asymmetricKeyDetails?.modulusLength ?? '?'}-bit private key`));
    const bytes = functionEnvBytes(env);
    const size = `COZE_*/CHAT_* variables take ${bytes} of ${FUNCTION_ENV_LIMIT_BYTES} bytes`;
    out.push(bytes > FUNCTION_ENV_LIMIT_BYTES ? warn('Variables fit 4 KB', size, FIXES.envTooLarge(bytes, FUNCTION_ENV_LIMIT_BYTES)) : pass('Variables fit 4 KB', size));
  } catch (err) {
    const problem = err instanceof SettingError ? err.message : (err as Error).message;
    out.push(fail('Private key parses', `COZE_JWT_OAUTH_PRIVATE_KEY ${problem}`, FIXES.badSetting));
    return undefined;
  }
  try {
    const config = loadConfig(env);
    out.push(pass('Settings valid', `COZE_API_BASE ${config.apiBase.origin}, bot ${config.botId}`));
    return config;
  } catch (err) {
    out.push(fail('Settings valid', errorText(err), FIXES.badSetting));
    return undefined;
  }
}

/** True when the error means Coze could not be reached (DNS, refused, reset, timeout, 5xx): nothing was checked. */
function unreachable(err: unknown): boolean {
  return err instanceof AppError && err.code === 'UPSTREAM';
}

/** Checks 4-5: the token exchange, and the region when it fails. A check that could not run is never shown as passed. */
async function checkToken(config: LoadedConfig, out: CheckResult[]): Promise<AccessToken | undefined> {
  const region = `${config.apiBase.host} (JWT aud ${config.audience})`;
  try {
    const token = await exchangeToken(config, DOCTOR_OPENID, NO_DEADLINE);
    out.push(pass('Region', `tokens are issued at ${region}`));
    out.push(pass('Token exchange', `JWT accepted, per-user token valid until ${new Date(token.expiresAt * 1000).toISOString()}`));
    return token;
  } catch (err) {
    const detail = errorText(err);
    if (unreachable(err)) {
      out.push(skip('Region', `not checked: ${config.apiBase.origin} could not be reached`));
      out.push(fail('Token exchange', `unreachable: ${detail}`, FIXES.unreachable(config.apiBase.origin, detail)));
      return undefined;
    }
    const other = otherRegion(config);
    if (err instanceof AppError && err.code === 'COZE_AUTH' && other) {
      const elsewhere = await exchangeToken({ ...config, ...other }, DOCTOR_OPENID, NO_DEADLINE).then(
        () => 'accepted' as const,
        (e: unknown) => (e instanceof AppError && e.code === 'COZE_AUTH' ? ('refused' as const) : ('unknown' as const)),
      );
      if (elsewhere === 'accepted') {
        out.push(fail('Region', `the token is refused at ${config.audience} but issued at ${other.audience}`, FIXES.wrongRegion(config.audience, other.audience)));
        out.push(fail('Token exchange', detail, `Fix the region (above); the keys themselves are fine.`));
        return undefined;
      }
      if (elsewhere === 'refused') out.push(pass('Region', `${region}; the other region refuses this app too, so the region is not the problem`));
      else out.push(skip('Region', `${region}; the other region (${other.audience}) could not be asked, so the region is not ruled out`));
    } else {
      out.push(skip('Region', `${region}; not checked against the other region (${other ? 'the exchange failed for another reason' : 'no other region for this host'})`));
    }
    if (/access_deny/.test(detail)) out.push(fail('Token exchange', detail, FIXES.accessDenied));
    else out.push(fail('Token exchange', detail, FIXES.invalidClient));
    return undefined;
  }
}

/** What one endpoint-family probe said about its permission. */
type Grant = { permission: PermissionName; answer?: ProbeAnswer; note?: string };

function permissionResult({ permission, answer, note }: Grant): CheckResult {
  const title = `Permission ${permission}`;
  if (!answer) return skip(title, note ?? 'not probed');
  if (answer.code === CODE.noPermission) return fail(title, `Coze answered 4101 ${JSON.stringify(answer.msg)}`, FIXES.missingPermission(permission));
  if (answer.code === CODE.tokenInvalid) return fail(title, `Coze answered 4100 ${JSON.stringify(answer.msg)}`, FIXES.invalidClient);
  if (answer.code < 0) return skip(title, `undetermined: HTTP ${answer.httpStatus}`);
  return pass(title, answer.code === CODE.ok ? 'granted' : `granted (the probe got ${answer.code}, not 4101)`);
}

/** A small multipart body with an empty audio part: enough to pass (or fail) the permission gate without being billed for audio. */
function emptyAudioUpload(): { data: Buffer; contentType: string } {
  const boundary = `doctor${newStreamId()}`;
  const data = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="doctor.wav"\r\nContent-Type: audio/wav\r\n\r\n\r\n--${boundary}--\r\n`);
  return { data, contentType: `multipart/form-data; boundary=${boundary}` };
}

/** Checks 6-8: the bot, each permission (one call per endpoint family) and a test chat. */
async function checkCoze(config: LoadedConfig, token: string, out: CheckResult[]): Promise<boolean> {
  const base = config.apiBase;
  const call = (req: Parameters<typeof probe>[2]): Promise<ProbeAnswer> => probe(base, token, req, config.timeoutMs);
  const grants = new Map<PermissionName, Grant>(PERMISSIONS.map((p) => [p, { permission: p }]));
  const grant = (permission: PermissionName, answer: ProbeAnswer): void => {
    grants.set(permission, { permission, answer });
  };

  const bot = await call({ method: 'GET', path: `/v1/bots/${config.botId}`, query: { is_published: true } });
  grant('getMetadata', bot);
  if (bot.code === CODE.ok) {
    const data = obj(bot.body.data);
    const onboarding = obj(data.onboarding_info);
    const prologue = str(onboarding, 'prologue') || str(onboarding, 'Prologue');
    const questions = arr(onboarding, 'suggested_questions').length || arr(onboarding, 'SuggestedQuestions').length;
    out.push(pass('Bot exists', `"${str(data, 'name')}" (${config.botId})`));
    out.push(pass('Bot published to API', `prologue ${prologue ? 'set' : 'empty'}, ${questions} suggested questions`));
  } else if (bot.code === CODE.botUnpublished) {
    out.push(pass('Bot exists', `${config.botId} (Coze knows it, but see below)`));
    out.push(fail('Bot published to API', `Coze answered 4015 ${JSON.stringify(bot.msg)}`, FIXES.botUnpublished));
  } else if (bot.code === CODE.botNotFound || bot.code === CODE.botInvalid) {
    out.push(fail('Bot exists', `Coze answered ${bot.code} ${JSON.stringify(bot.msg)}`, bot.code === CODE.botNotFound ? FIXES.botNotFound : FIXES.botNoAccess));
    out.push(skip('Bot published to API', 'the bot was not found'));
  } else {
    out.push(skip('Bot exists', bot.code === CODE.noPermission ? 'needs permission getMetadata (below)' : `Coze answered ${bot.code} ${JSON.stringify(bot.msg)}`));
    out.push(skip('Bot published to API', 'bot info unavailable'));
  }

  const created = await call({ method: 'POST', path: '/v1/conversation/create', json: { bot_id: config.botId, name: 'coze-weapp doctor' } });
  grant('createConversation', created);
  let conversationId = created.code === CODE.ok ? str(obj(created.body.data), 'id') : '';
  grant('listConversation', await call({ method: 'GET', path: '/v1/conversations', query: { bot_id: config.botId, page_num: 1, page_size: 1 } }));

  const chat = await probeChat(
    base,
    token,
    {
      method: 'POST',
      path: '/v3/chat',
      query: { conversation_id: conversationId || undefined },
      json: {
        bot_id: config.botId,
        user_id: DOCTOR_OPENID,
        stream: true,
        auto_save_history: true,
        additional_messages: [{ role: 'user', content: DOCTOR_MESSAGE, content_type: 'text' }],
      },
    },
    config.timeoutMs,
    conversationId,
  );
  grant('chat', chat);
  const chatId = chat.chat?.chatId ?? '';
  conversationId = chat.chat?.conversationId || conversationId;
  if (conversationId && chatId) {
    grant('getChat', await call({ method: 'GET', path: '/v3/chat/retrieve', query: { conversation_id: conversationId, chat_id: chatId } }));
    // The chat has completed, so a granted cancelChat answers 4104 (cannot cancel): that still proves the permission.
    grant('cancelChat', await call({ method: 'POST', path: '/v3/chat/cancel', json: { conversation_id: conversationId, chat_id: chatId } }));
  } else {
    grants.set('getChat', { permission: 'getChat', note: 'needs a chat id: the test chat did not start' });
    grants.set('cancelChat', { permission: 'cancelChat', note: 'needs a chat id: the test chat did not start' });
  }
  const answerId = chat.chat?.answerIds()[0] ?? '';
  if (conversationId && answerId) {
    grant('retrieveMessage', await call({ method: 'GET', path: '/v1/conversation/message/retrieve', query: { conversation_id: conversationId, message_id: answerId } }));
    // Feedback first (it needs the answer), then delete that answer: both only touch the doctor's own test conversation.
    grant('feedback', await call({ method: 'POST', path: `/v1/conversations/${conversationId}/messages/${answerId}/feedback`, json: { feedback_type: 'like' } }));
    grant('deleteMessage', await call({ method: 'POST', path: '/v1/conversation/message/delete', query: { conversation_id: conversationId, message_id: answerId } }));
  } else {
    const note = 'needs an answer message: the test chat gave none';
    grants.set('feedback', { permission: 'feedback', note });
    grants.set('deleteMessage', { permission: 'deleteMessage', note });
    grants.set('retrieveMessage', { permission: 'retrieveMessage', note });
  }
  if (conversationId) {
    grant('retrieveConversation', await call({ method: 'GET', path: '/v1/conversation/retrieve', query: { conversation_id: conversationId } }));
    // list_message.md: the list needs chat AND listMessage; a 4101 here means listMessage only when chat is granted.
    const listed = await call({ method: 'POST', path: '/v1/conversation/message/list', query: { conversation_id: conversationId }, json: { limit: 1 } });
    if (chat.code === CODE.noPermission && listed.code === CODE.noPermission) grants.set('listMessage', { permission: 'listMessage', note: 'needs permission chat as well (above) to be probed' });
    else grant('listMessage', listed);
    grant('editConversation', await call({ method: 'PUT', path: `/v1/conversations/${conversationId}`, json: { name: 'coze-weapp doctor (checked)' } }));
    await call({ method: 'DELETE', path: `/v1/conversations/${conversationId}` });
  } else {
    const note = 'needs a conversation: none could be created';
    grants.set('retrieveConversation', { permission: 'retrieveConversation', note });
    grants.set('listMessage', { permission: 'listMessage', note });
    grants.set('editConversation', { permission: 'editConversation', note });
  }
  grant('createTranscription', await call({ method: 'POST', path: '/v1/audio/transcriptions', body: emptyAudioUpload() }));
  // An empty input passes (or fails) the permission gate without synthesising anything that is billed.
  grant('createSpeech', await call({ method: 'POST', path: '/v1/audio/speech', json: { input: '', voice_id: config.ttsVoiceId || 'doctor' } }));
  // An empty file: Coze refuses it (4300) after the permission check, so nothing is stored.
  grant('uploadFile', await call({ method: 'POST', path: '/v1/files/upload', body: emptyAudioUpload() }));
  for (const p of PERMISSIONS) out.push(permissionResult(grants.get(p) as Grant));
  out.push(config.ttsVoiceId ? pass('Read-aloud voice', `COZE_TTS_VOICE_ID ${config.ttsVoiceId}`) : skip('Read-aloud voice', 'COZE_TTS_VOICE_ID is empty: audio.speech answers CONFIG. Pick a voice id in 扣子 → 音色 (or GET /v1/audio/voices) and set it.'));

  if (chat.code === CODE.ok && chat.chat?.status === 'completed') {
    const answer = chat.chat.answer()?.content ?? '';
    out.push(pass('Test chat', `completed: ${answer.length} characters, ${chat.chat.suggestions().length} follow-ups`));
    return true;
  }
  if (chat.code === CODE.noPermission) {
    out.push(skip('Test chat', 'needs permission chat (above)'));
    return false;
  }
  const mapped = chat.code > 0 ? cozeError({ cozeCode: chat.code, msg: chat.msg }) : undefined;
  const fix = chat.code === CODE.botUnpublished ? FIXES.botUnpublished : mapped ? mapped.detail : 'Retry; if it persists, look up the Coze logid in the Coze console.';
  out.push(fail('Test chat', `status ${chat.chat?.status ?? '-'}, Coze code ${chat.code} ${JSON.stringify(chat.msg)}`, fix));
  return false;
}

/** Check 9: one chat.send through the built function, the local cloud and the stream channel. */
async function checkFunction(env: NodeJS.ProcessEnv, load: () => CloudFunctionModule, out: CheckResult[]): Promise<void> {
  const title = 'Cloud function end to end';
  let fn: CloudFunctionModule;
  try {
    fn = load();
  } catch (err) {
    out.push(fail(title, (err as Error).message, FIXES.buildFunction));
    return;
  }
  const client = createLocalCloud(fn).client(DOCTOR_OPENID);
  const streamId = newStreamId();
  const docs: StreamDoc[] = [];
  const stop = client.watchStream(streamId, (doc) => docs.push(doc));
  try {
    const result = await withFunctionEnv(env, () => callAction(client, 'chat.send', { text: DOCTOR_MESSAGE, streamId }));
    await withFunctionEnv(env, () => callAction(client, 'conversation.delete', { conversationId: result.conversationId })).catch(() => undefined);
    if (result.status === 'completed') out.push(pass(title, `chat.send completed; the stream channel carried ${docs.length} updates`));
    else out.push(fail(title, `chat.send ended ${result.status}: ${result.error?.message ?? ''}`, 'See the checks above; the function log has the Coze code and logid.'));
  } catch (err) {
    const error = err instanceof ActionError ? `${err.error.code}: ${err.error.message}` : (err as Error).message;
    out.push(fail(title, error, 'See the checks above; the function log has the Coze code and logid.'));
  } finally {
    stop();
  }
}

/** Runs every check against the configuration in `env`. Later checks are skipped when an earlier one makes them meaningless. */
export async function runDoctor(env: NodeJS.ProcessEnv, options: DoctorOptions = {}): Promise<DoctorReport> {
  const checks: CheckResult[] = [];
  const finish = (): DoctorReport => ({ checks, ok: checks.every((c) => c.status !== 'fail') });
  const config = checkConfig(env, checks);
  if (!config) return finish();
  const token = await checkToken(config, checks);
  if (!token) return finish();
  let cozeOk = false;
  try {
    cozeOk = await checkCoze(config, token.token, checks);
    // Chatflows only when configured: a bot-only setup needs neither the workflow nor the run permission.
    if (config.workflowId) cozeOk = (await checkChatflow(config, token.token, DOCTOR_OPENID, DOCTOR_MESSAGE, checks)) && cozeOk;
  } catch (err) {
    checks.push(fail('Coze API', errorText(err), FIXES.unreachable(config.apiBase.origin, errorText(err))));
  }
  if (cozeOk && options.loadFunction) await checkFunction(env, options.loadFunction, checks);
  return finish();
}
