/** Small readers for Coze JSON: Coze fields are untyped on the wire, so every read is checked. */

/** A plain JSON object, as parsed from Coze. */
export type Json = Record<string, unknown>;

/** The value as an object, or an empty one. */
export function obj(value: unknown): Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
}

/** A string field; numbers are stringified (Coze ids must stay strings), anything else gives ''. */
export function str(source: Json, key: string): string {
  const value = source[key];
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return '';
}

/** A numeric field; numeric strings are accepted (doc examples quote `updated_at`). */
export function num(source: Json, key: string): number {
  const value = source[key];
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  return 0;
}

/** An array field, or an empty array. */
export function arr(source: Json, key: string): unknown[] {
  const value = source[key];
  return Array.isArray(value) ? value : [];
}

/** Parses JSON text, or returns undefined when it is not JSON. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
