/**
 * Bot metadata (GET /v1/bots/:bot_id with onboarding_info, coze-api.md §4) and the multipart endpoints:
 * audio transcription and file upload (§5).
 */
import { createHash } from 'crypto';
import { CozeApiError } from './http-io';
import { boundaryOf, parseMultipart, type FormPart } from './multipart';
import { BOT_PROFILE } from './scripted-bot';
import { requireBot } from './routes-chat';
import { field, type Route, type RouteContext } from './router';
import { silentMp3, SPEECH_SAMPLE_RATE, toneWav } from './audio-files';

/** Largest audio file Coze transcribes. */
export const MAX_AUDIO_BYTES = 10 * 1024 * 1024;

/** Fixed prefix of every emulated transcription. */
export const TRANSCRIPTION_PREFIX = '（语音转写）';

/** The single `file` part of a multipart request, or 4300/4301 as Coze answers. */
function filePart(ctx: RouteContext): FormPart {
  const boundary = boundaryOf(ctx.req.headers['content-type']);
  if (!boundary) throw new CozeApiError(4300, 'send multipart/form-data with one part named file');
  let parts: FormPart[];
  try {
    parts = parseMultipart(ctx.rawBody, boundary);
  } catch (e) {
    throw new CozeApiError(4304, `invalid multipart body: ${(e as Error).message}`);
  }
  const files = parts.filter((p) => p.name === 'file');
  if (files.length > 1) throw new CozeApiError(4301, 'upload one file per request');
  if (files.length === 0) throw new CozeApiError(4300, 'the multipart body has no part named file');
  if (files[0].data.length === 0) throw new CozeApiError(4300, 'the file is empty');
  return files[0];
}

/** Deterministic text for audio bytes: same bytes, same text. */
export function transcriptionFor(data: Buffer): string {
  return `${TRANSCRIPTION_PREFIX}你好，这是一段 ${data.length} 字节的录音（${createHash('sha256').update(data).digest('hex').slice(0, 8)}）`;
}

/** Coze text-to-speech: `input` is at most 1024 bytes of UTF-8 (developer_guides/text_to_speech). */
export const MAX_SPEECH_INPUT_BYTES = 1024;
/** Formats the emulator synthesises; `pcm` and `ogg_opus` exist at Coze but are not emulated (4000). */
const SPEECH_FORMATS: Record<string, { type: string; make: (ms: number, rate: number) => Buffer }> = {
  mp3: { type: 'audio/mpeg', make: (ms) => silentMp3(ms) },
  wav: { type: 'audio/wav', make: (ms, rate) => toneWav(ms, rate) },
};
/** Voices GET /v1/audio/voices lists; the first is what `npm start` sets as COZE_TTS_VOICE_ID. */
export const EMULATOR_VOICES = [
  { voice_id: '7426720361733046281', name: '温柔女声（模拟）', language_code: 'zh', language_name: '中文' },
  { voice_id: '7426720361733062665', name: '沉稳男声（模拟）', language_code: 'zh', language_name: '中文' },
];
/** Length of the emulated audio: short, and growing with the text so longer parts are longer files. */
export function speechMs(input: string): number {
  return Math.min(3000, 300 + 20 * [...input].length);
}

/** Checks a speech request as Coze documents it; unconfirmed: the exact codes of each refusal (4000 here). */
function speechRequest(body: unknown): { input: string; format: string; rate: number } {
  const input = field(body, 'input');
  if (typeof input !== 'string' || input === '') throw new CozeApiError(4000, 'input is required');
  if (Buffer.byteLength(input) > MAX_SPEECH_INPUT_BYTES) throw new CozeApiError(4000, `input is over ${MAX_SPEECH_INPUT_BYTES} bytes`);
  const voice = field(body, 'voice_id');
  if (typeof voice !== 'string' || !EMULATOR_VOICES.some((v) => v.voice_id === voice)) throw new CozeApiError(4000, 'voice_id is not a voice of this account');
  const format = field(body, 'response_format') ?? 'mp3';
  if (typeof format !== 'string' || !SPEECH_FORMATS[format]) throw new CozeApiError(4000, `response_format ${String(format)} is not emulated: use mp3 or wav`);
  const speed = field(body, 'speed') ?? 1;
  if (typeof speed !== 'number' || speed < 0.2 || speed > 3) throw new CozeApiError(4000, 'speed must be between 0.2 and 3');
  const rate = field(body, 'sample_rate') ?? SPEECH_SAMPLE_RATE;
  if (typeof rate !== 'number' || ![8000, 16000, 22050, 24000, 32000, 44100, 48000].includes(rate)) throw new CozeApiError(4000, 'sample_rate is not supported');
  return { input, format, rate };
}

/** Bot info and upload routes. */
export const botAndFileRoutes: Route[] = [
  {
    method: 'GET',
    pattern: /^\/v1\/bots\/(?<botId>[^/]+)$/,
    permissions: ['getMetadata'],
    handle: (ctx) => {
      const botId = requireBot(ctx.state, ctx.params.botId);
      const pascal = ctx.state.onboardingCase === 'pascal';
      const withQuestions = ctx.state.suggestedQuestions;
      const onboarding: Record<string, unknown> = pascal
        ? { Prologue: BOT_PROFILE.prologue, OnboardingMode: 2, CustomizedOnboardingPrompt: '', SuggestedQuestionsShowMode: 0 }
        : { prologue: BOT_PROFILE.prologue };
      if (withQuestions) onboarding[pascal ? 'SuggestedQuestions' : 'suggested_questions'] = [...BOT_PROFILE.suggestedQuestions];
      return {
        data: {
          bot_id: botId,
          name: BOT_PROFILE.name,
          description: BOT_PROFILE.description,
          icon_url: BOT_PROFILE.iconUrl,
          create_time: 1718000000,
          update_time: 1718000000,
          version: '1718000000000',
          bot_mode: 0,
          default_user_input_type: 'text',
          onboarding_info: onboarding,
          suggest_reply_info: { reply_mode: withQuestions ? 'enable' : 'disable' },
        },
      };
    },
  },
  {
    method: 'POST',
    pattern: /^\/v1\/audio\/transcriptions$/,
    permissions: ['createTranscription'],
    handle: (ctx) => {
      const file = filePart(ctx);
      if (file.data.length > MAX_AUDIO_BYTES) throw new CozeApiError(4302, `audio over ${MAX_AUDIO_BYTES} bytes; send at most 10 MB`);
      return { data: { text: transcriptionFor(file.data) } };
    },
  },
  {
    method: 'POST',
    pattern: /^\/v1\/audio\/speech$/,
    permissions: ['createSpeech'],
    handle: (ctx) => {
      const { input, format, rate } = speechRequest(ctx.body);
      const audio = SPEECH_FORMATS[format].make(speechMs(input), rate);
      ctx.res.writeHead(200, { 'Content-Type': SPEECH_FORMATS[format].type, 'Content-Length': audio.length, 'X-Tt-Logid': ctx.logId });
      ctx.res.end(audio);
      return 'handled';
    },
  },
  {
    method: 'GET',
    pattern: /^\/v1\/audio\/voices$/,
    permissions: ['listVoice'],
    handle: () => ({ data: { voice_list: EMULATOR_VOICES.map((v) => ({ ...v, is_system_voice: true, preview_text: '你好', preview_audio: '', create_time: 1718000000, update_time: 1718000000, available_training_times: 0 })), has_more: false } }),
  },
  {
    method: 'POST',
    pattern: /^\/v1\/files\/upload$/,
    permissions: ['uploadFile'],
    handle: (ctx) => {
      const file = filePart(ctx);
      const stored = ctx.state.store.addFile(ctx.caller, file.filename ?? 'file', file.data.length);
      return { data: { id: stored.id, bytes: stored.bytes, file_name: stored.fileName, created_at: stored.createdAt } };
    },
  },
];
