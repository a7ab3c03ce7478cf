/**
 * JSON files of the host, read with line/column on a syntax error and written back in the host's own style
 * (indent, line endings, final newline), so an edit of app.json or project.config.json changes only what we add.
 */
import { IntegrateError } from './integrate-error';

/** A parsed JSON object and the style of the text it came from. */
export interface JsonDoc {
  value: Record<string, unknown>;
  indent: string;
  eol: string;
  finalNewline: boolean;
  text: string;
}

/** 1-based line and column of a character offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

/** Parses `text` (of `file`), throwing an IntegrateError with line:column and the fix when it is not a JSON object. */
export function parseJsonDoc(text: string, file: string): JsonDoc {
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    const message = (err as Error).message;
    const position = /position (\d+)/.exec(message);
    const where = position ? lineColumn(text, Number(position[1])) : null;
    const at = where ? `:${where.line}:${where.column}` : '';
    throw new IntegrateError(`${file}${at}: not valid JSON (${message}). Fix it first: WeChat JSON allows no comments or trailing commas.`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new IntegrateError(`${file}: must be a JSON object ({ … }); fix the file first.`);
  }
  const indentMatch = /\n([ \t]+)"/.exec(text);
  return {
    value: value as Record<string, unknown>,
    indent: indentMatch ? indentMatch[1] : '  ',
    eol: text.includes('\r\n') ? '\r\n' : '\n',
    finalNewline: /\n$/.test(text),
    text,
  };
}

/** Serialises `value` in the style of `doc` (key order is the object's own insertion order). */
export function formatJsonDoc(doc: JsonDoc, value: unknown): string {
  const body = JSON.stringify(value, null, doc.indent).replace(/\n/g, doc.eol);
  return doc.finalNewline ? body + doc.eol : body;
}

/** Returns a copy of `obj` with `key` set, inserted after `after` when the key is new (else in place). */
export function withKey(obj: Record<string, unknown>, key: string, value: unknown, after?: string): Record<string, unknown> {
  if (key in obj || !after || !(after in obj)) return { ...obj, [key]: value };
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) {
    out[k] = v;
    if (k === after) out[key] = value;
  }
  return out;
}
