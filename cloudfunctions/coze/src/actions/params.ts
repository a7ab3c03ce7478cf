/**
 * Parameter readers for actions: own properties only (so `__proto__`/`constructor` keys are harmless),
 * unknown fields ignored, and BAD_REQUEST messages that say which parameter was wrong and why.
 */
import { badRequest } from '../errors';

/** The event as a plain record of own properties. */
export type Params = Readonly<Record<string, unknown>>;

/** Coze ids: digits only, kept as strings. */
export const COZE_ID_PATTERN = /^\d{1,32}$/;

function own(params: Params, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(params, key) ? params[key] : undefined;
}

/** A required Coze id (`^\d{1,32}$`). */
export function requireId(params: Params, key: string): string {
  const value = own(params, key);
  if (typeof value !== 'string') throw badRequest(`${key} 必须是数字字符串（如 "7453407973575833389"），不能是 ${kindOf(value)}：JS 数字会丢失 19 位 ID 的精度`);
  if (!COZE_ID_PATTERN.test(value)) throw badRequest(`${key} 必须是数字字符串（1 到 32 位数字）`);
  return value;
}

/** An optional Coze id. */
export function optionalId(params: Params, key: string): string | undefined {
  const value = own(params, key);
  if (value === undefined || value === null || value === '') return undefined;
  return requireId(params, key);
}

/** Half of a UTF-16 surrogate pair without its other half: not text, and JSON/UTF-8 consumers choke on it. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** C0 controls (NUL …) and DEL; tab, newline and carriage return are text. */
const CONTROL_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
/** Bidi embeddings, overrides and isolates: they reorder what a reader sees (spoofing). */
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/;

/** C1 controls (U+0080–U+009F): invisible, and never typed. */
const C1_CONTROL = /[\u0080-\u009F]/;
/**
 * Invisible format characters that hide or smuggle text: zero-width space/joiners and direction marks
 * (U+200B–U+200F), line/paragraph separators (U+2028/2029), word joiner and invisible operators (U+2060–U+206F),
 * BOM (U+FEFF), interlinear annotation (U+FFF9–U+FFFB) and tag characters (U+E0000–U+E007F).
 */
const INVISIBLE_FORMAT = /[\u200B-\u200F\u2028\u2029\u2060-\u206F\uFEFF\uFFF9-\uFFFB\u{E0000}-\u{E007F}]/u;
/** Noncharacters: U+FDD0–U+FDEF and the last two code points of every plane. */
const NONCHARACTER = new RegExp(`[\\uFDD0-\\uFDEF\\uFFFE\\uFFFF${Array.from({ length: 16 }, (_, i) => `\\u{${(i + 1).toString(16)}FFFE}\\u{${(i + 1).toString(16)}FFFF}`).join('')}]`, 'u');
/**
 * Where those characters are text, not tricks: a zero-width joiner between two emoji (👨‍👩‍👧) and the tag
 * sequence of a subdivision flag (🏴 + tags + cancel tag). They are removed before the invisible-character test.
 */
const EMOJI_SEQUENCES = /(?<=\p{Extended_Pictographic}\uFE0F?)\u200D(?=\p{Extended_Pictographic})|(?<=\u{1F3F4})[\u{E0020}-\u{E007E}]+\u{E007F}/gu;

/** Throws BAD_REQUEST naming the kind of character a text must not contain. */
function assertCleanText(key: string, text: string): void {
  if (LONE_SURROGATE.test(text)) throw badRequest(`${key} 含有不完整的字符（孤立的 UTF-16 代理项），请重新输入`);
  if (CONTROL_CHARACTER.test(text)) throw badRequest(`${key} 含有控制字符（如 NUL），请删除后重试`);
  if (C1_CONTROL.test(text)) throw badRequest(`${key} 含有不可见的控制字符（U+0080–U+009F），请删除后重试`);
  if (BIDI_CONTROL.test(text)) throw badRequest(`${key} 含有文字方向控制符（U+202A–U+202E、U+2066–U+2069），请删除后重试`);
  if (INVISIBLE_FORMAT.test(text.replace(EMOJI_SEQUENCES, ''))) {
    throw badRequest(`${key} 含有看不见的格式字符（如零宽空格 U+200B、BOM U+FEFF、行分隔符 U+2028），请删除后重试（从别处复制的文字常带有这些字符）`);
  }
  if (NONCHARACTER.test(text)) throw badRequest(`${key} 含有非字符码位（如 U+FFFF），请删除后重试`);
}

/**
 * A required text, 1…max characters (code points), without broken or invisible control characters. It is
 * trimmed, unless `keepSpace`: then spaces count only for the "is it empty" test and the text is returned as
 * typed (code pasted with indentation reaches Coze unchanged).
 */
export function requireText(params: Params, key: string, max: number, keepSpace = false): string {
  const value = own(params, key);
  if (typeof value !== 'string') throw badRequest(`${key} 必须是文本，不能是 ${kindOf(value)}`);
  // Length first, on the raw value: a megabyte of text is refused before any regular expression scans it.
  if (value.length > max * 2 + MAX_SURROUNDING_SPACE) throw badRequest(`${key} 不能超过 ${max} 个字符`);
  const trimmed = value.trim();
  if (!trimmed) throw badRequest(`${key} 不能为空`);
  const text = keepSpace ? value : trimmed;
  if ([...text].length > max) throw badRequest(`${key} 不能超过 ${max} 个字符`);
  assertCleanText(key, text);
  return text;
}

/** Spaces around a text that trimming removes before the length check. */
const MAX_SURROUNDING_SPACE = 1000;

/** A short name of a JSON value's kind, for messages ("数组", "数字" …). */
function kindOf(value: unknown): string {
  if (value === undefined) return '空（缺少这个参数）';
  if (value === null) return 'null';
  if (Array.isArray(value)) return '数组';
  if (typeof value === 'number') return '数字';
  if (typeof value === 'boolean') return '布尔值';
  if (typeof value === 'object') return '对象';
  return typeof value;
}

/** An optional text, trimmed, ≤ max characters. */
export function optionalText(params: Params, key: string, max: number): string | undefined {
  const value = own(params, key);
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw badRequest(`${key} 必须是文本，不能是 ${kindOf(value)}`);
  if (!value.trim()) return undefined;
  return requireText(params, key, max);
}

/** An optional whole number in [min, max], or the fallback. */
export function optionalInt(params: Params, key: string, min: number, max: number, fallback: number): number {
  const value = own(params, key);
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw badRequest(`${key} 必须是 ${min} 到 ${max} 之间的整数`);
  }
  return value;
}

/** An optional string matching a pattern. */
export function optionalPattern(params: Params, key: string, pattern: RegExp, what: string): string | undefined {
  const value = own(params, key);
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string' || !pattern.test(value)) throw badRequest(`${key} 必须是${what}`);
  return value;
}

/** One of the allowed literal values (null allowed when listed). */
export function requireOneOf<T extends string | null>(params: Params, key: string, allowed: readonly T[]): T {
  const value = own(params, key);
  const found = allowed.find((candidate) => candidate === value);
  if (found === undefined) throw badRequest(`${key} 必须是 ${allowed.map((v) => JSON.stringify(v)).join(' / ')} 之一`);
  return found;
}

/** Cuts text to at most `max` characters (code points, so no half emoji). */
export function truncate(text: string, max: number): string {
  return [...text].slice(0, max).join('');
}
