/**
 * Bot metadata (GET /v1/bots/:bot_id with onboarding_info, coze-api.md §4) and the multipart endpoints:
 * audio transcription and file upload (§5).
 */
import { createHash } from 'crypto';
import { CozeApiError } from './http-io';
import { boundaryOf, parseMultipart, type FormPart } from './multipart';
import { BOT_PROFILE } from './scripted-bot';
import { requireBot } from './routes-chat';
import type { Route, RouteContext } from './router';

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
    pattern: /^\/v1\/files\/upload$/,
    permissions: ['uploadFile'],
    handle: (ctx) => {
      const file = filePart(ctx);
      const stored = ctx.state.store.addFile(ctx.caller, file.filename ?? 'file', file.data.length);
      return { data: { id: stored.id, bytes: stored.bytes, file_name: stored.fileName, created_at: stored.createdAt } };
    },
  },
];
