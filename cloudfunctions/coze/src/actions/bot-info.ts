/** `bot.info`: name, icon, prologue and suggested questions for the empty-conversation screen (cached per instance). */
import type { BotInfo } from '../../../../miniprogram/shared/protocol';
import { arr, obj, str } from '../coze/json';
import type { ActionHandler } from './types';

const MS_PER_SECOND = 1000;

/**
 * Removes Coze's `{{user_name}}` placeholder (coze-api.md §4: the caller must substitute it). A mini-program
 * has no nickname, so the placeholder goes, with the separator that only existed for it:
 * "你好，{{user_name}}！" → "你好！", "{{user_name}}，欢迎" → "欢迎", "Hi {{user_name}}, welcome" → "Hi, welcome".
 */
export function withoutUserName(text: string): string {
  return text
    .replace(/^\s*\{\{\s*user_name\s*\}\}[\s,，、:：!！]*/, '')
    .replace(/[ \t,，、]*\{\{\s*user_name\s*\}\}/g, '')
    .trim();
}

/** Reads onboarding info in snake_case or PascalCase (the Coze doc example shows both). */
export function toBotInfo(botId: string, raw: unknown): BotInfo {
  const bot = obj(raw);
  const onboarding = obj(bot.onboarding_info);
  const prologue = withoutUserName(str(onboarding, 'prologue') || str(onboarding, 'Prologue'));
  const questions = 'suggested_questions' in onboarding ? arr(onboarding, 'suggested_questions') : arr(onboarding, 'SuggestedQuestions');
  return {
    botId,
    name: str(bot, 'name'),
    description: str(bot, 'description'),
    iconUrl: str(bot, 'icon_url'),
    prologue,
    suggestedQuestions: questions.filter((q): q is string => typeof q === 'string' && q.trim() !== ''),
  };
}

/** Handler of `bot.info`. */
export const botInfo: ActionHandler<'bot.info'> = async (ctx) => {
  const { runtime } = ctx;
  const cache = runtime.botInfo;
  if (cache.value && cache.until > Date.now()) return cache.value;
  const { botId, botInfoTtlSeconds } = runtime.config;
  const body = await runtime.coze.json(ctx, { method: 'GET', idempotent: true, path: `/v1/bots/${botId}`, query: { is_published: true } });
  const info = toBotInfo(botId, body.data);
  runtime.botInfo.value = info;
  runtime.botInfo.until = Date.now() + botInfoTtlSeconds * MS_PER_SECOND;
  return info;
};
