/**
 * `audio.speech`: reads one of the user's answers aloud. The audio is synthesised once per (user, answer, voice,
 * speed) with Coze text-to-speech, in sentence-aligned pieces, kept in the user's own storage folder, and served
 * from there on every later request: a cache hit makes no Coze call and counts nothing against the limits.
 */
import { createHash } from 'crypto';
import { AppError, badRequest } from '../errors';
import { obj, str } from '../coze/json';
import { SPEECH_FOLDER } from '../speech/speech-store';
import { speakableText, speechParts } from '../speech/speech-text';
import { requireId } from './params';
import type { ActionHandler } from './types';

/** The format asked of Coze: its default, and what InnerAudioContext plays on every phone. */
export const SPEECH_FORMAT = 'mp3';
const KEY_HEX = 32;

/** The index key of one answer read by one user with one voice and speed (a hash: no ids in storage paths). */
export function speechKey(ownerTag: string, conversationId: string, messageId: string, voice: string, speed: number, maxText: number): string {
  return createHash('sha256').update([ownerTag, conversationId, messageId, voice, speed, maxText, SPEECH_FORMAT].join('\u0000')).digest('hex').slice(0, KEY_HEX);
}

/** Handler of `audio.speech`. */
export const audioSpeech: ActionHandler<'audio.speech'> = async (ctx, params) => {
  const conversationId = requireId(params, 'conversationId');
  const messageId = requireId(params, 'messageId');
  const { config, owners, coze, limiter, speech } = ctx.runtime;
  const voice = config.ttsVoiceId;
  if (!voice) {
    throw new AppError('CONFIG', 'COZE_TTS_VOICE_ID is not set: pick a voice id (扣子 → 音色, or GET /v1/audio/voices; npm run doctor reports it) and set it in the function environment', {
      // Users read plain Chinese (DESIGN §4); the variable to set is in the developer detail (the log, the doctor).
      userMessage: '朗读功能还没有开启，请联系小程序的开发者。',
    });
  }
  // The key carries the user's owner tag: another user's request can never land on this entry.
  const tag = owners.tag(ctx.openid);
  const key = speechKey(tag, conversationId, messageId, voice, config.ttsSpeed, config.speechMaxText);
  const known = await speech.lookup(key, ctx.deadline);
  const stored = known && (await speech.urls(known.fileIDs, ctx.deadline));
  if (known && stored) return { ...stored, cached: true, truncated: known.truncated };

  await limiter.admit(ctx);
  await owners.verify(coze, ctx, conversationId);
  const body = await coze.json(ctx, { method: 'GET', idempotent: true, path: '/v1/conversation/message/retrieve', query: { conversation_id: conversationId, message_id: messageId } });
  const message = obj(body.data);
  if (str(message, 'role') !== 'assistant' || str(message, 'type') !== 'answer') throw badRequest('只能朗读智能体的回答');
  if (str(message, 'content_type') !== 'text') throw badRequest('这条回答不是文字，无法朗读');
  const { parts, truncated } = speechParts(speakableText(str(message, 'content')), config.speechMaxText);
  if (parts.length === 0) throw badRequest('这条回答没有可以朗读的文字');
  const audio: Buffer[] = [];
  for (const input of parts) {
    const file = await coze.binary(ctx, { method: 'POST', path: '/v1/audio/speech', json: { input, voice_id: voice, response_format: SPEECH_FORMAT, speed: config.ttsSpeed } });
    audio.push(file.data);
  }
  const entry = await speech.save(key, `${SPEECH_FOLDER}/${tag}`, audio, ctx.openid, truncated, ctx.deadline);
  const urls = await speech.urls(entry.fileIDs, ctx.deadline);
  if (!urls) throw new AppError('INTERNAL', 'the synthesised audio was stored but no URL could be made for it; check cloud storage');
  return { ...urls, cached: false, truncated };
};
