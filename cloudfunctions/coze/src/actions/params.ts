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
  if (typeof value !== 'string' || !COZE_ID_PATTERN.test(value)) throw badRequest(`${key} 必须是数字字符串`);
  return value;
}

/** An optional Coze id. */
export function optionalId(params: Params, key: string): string | undefined {
  const value = own(params, key);
  if (value === undefined || value === null || value === '') return undefined;
  return requireId(params, key);
}

/** A required text, trimmed, 1…max characters. */
export function requireText(params: Params, key: string, max: number): string {
  const value = own(params, key);
  if (typeof value !== 'string') throw badRequest(`${key} 必须是文本`);
  const text = value.trim();
  if (!text) throw badRequest(`${key} 不能为空`);
  if ([...text].length > max) throw badRequest(`${key} 不能超过 ${max} 个字符`);
  return text;
}

/** An optional text, trimmed, ≤ max characters. */
export function optionalText(params: Params, key: string, max: number): string | undefined {
  const value = own(params, key);
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw badRequest(`${key} 必须是文本`);
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
