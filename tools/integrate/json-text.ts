/**
 * JSON files of the host, read with line/column on a syntax error and edited in place in the host's own style
 * (indent, line endings, layout), so an edit of app.json or project.config.json changes only what we add.
 */
import { IntegrateError } from './integrate-error';

/** A parsed JSON object and the style of the text it came from. */
export interface JsonDoc {
  value: Record<string, unknown>;
  /** One indent level; '' for a one-line file (then values are written on one line too). */
  indent: string;
  eol: string;
  text: string;
}

/** 1-based line and column of a character offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

/** Offset of the first comma followed only by whitespace and `]`/`}` (outside strings), or null. */
function trailingComma(text: string): number | null {
  for (let i = 0; i < text.length; i += 1) {
    if (text[i] === '"') {
      for (i += 1; i < text.length && text[i] !== '"'; i += text[i] === '\\' ? 2 : 1);
    } else if (text[i] === ',' && /^\s*[\]}]/.test(text.slice(i + 1))) return i;
  }
  return null;
}

/**
 * Offset of a JSON syntax error: V8 names one in most messages ("at position N"), but not for an unexpected
 * `]`, and for a trailing comma it names the bracket after it; an earlier trailing comma is the better answer.
 */
function errorOffset(text: string, message: string): number | null {
  const match = /position (\d+)/.exec(message);
  const position = match ? Number(match[1]) : null;
  const comma = trailingComma(text);
  return comma !== null && (position === null || comma < position) ? comma : position;
}

/** Parses `text` (of `file`), throwing an IntegrateError with line:column and the fix when it is not a JSON object. */
export function parseJsonDoc(text: string, file: string): JsonDoc {
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    const message = (err as Error).message.split('\n')[0];
    const offset = errorOffset(text, message);
    const where = offset === null ? null : lineColumn(text, offset);
    const at = where ? `:${where.line}:${where.column}` : '';
    throw new IntegrateError(`${file}${at}: not valid JSON (${message}). Fix it first: WeChat JSON allows no comments or trailing commas.`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new IntegrateError(`${file}: must be a JSON object ({ … }); fix the file first.`);
  }
  const indentMatch = /\n([ \t]+)"/.exec(text);
  const oneLine = !text.trim().includes('\n');
  return {
    value: value as Record<string, unknown>,
    indent: oneLine ? '' : indentMatch ? indentMatch[1] : '  ',
    eol: text.includes('\r\n') ? '\r\n' : '\n',
    text,
  };
}

/** Where each top-level key's value sits in the text: [start, end) character offsets. */
function topLevelSpans(text: string): { spans: Map<string, [number, number]>; close: number } {
  const spans = new Map<string, [number, number]>();
  let depth = 0;
  let key: string | null = null;
  let valueStart = -1;
  let lastToken = '';
  let close = -1;
  const finish = (at: number): void => {
    if (key !== null && valueStart >= 0) {
      let end = at;
      while (end > valueStart && /\s/.test(text[end - 1])) end -= 1;
      spans.set(key, [valueStart, end]);
    }
    key = null;
    valueStart = -1;
  };
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    if (ch === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      const token = text.slice(i, j + 1);
      if (depth === 1 && key === null && lastToken !== ':') {
        key = JSON.parse(token) as string;
      } else if (depth === 1 && valueStart < 0) valueStart = i;
      lastToken = 'string';
      i = j;
      continue;
    }
    if (/\s/.test(ch)) continue;
    if (depth === 1 && ch === ':' && key !== null) {
      lastToken = ':';
      continue;
    }
    if (depth === 1 && valueStart < 0 && key !== null && ch !== ',') valueStart = i;
    if (ch === '{' || ch === '[') depth += 1;
    else if (ch === '}' || ch === ']') {
      depth -= 1;
      if (depth === 0) {
        finish(i);
        close = i;
        break;
      }
    } else if (ch === ',' && depth === 1) finish(i);
    lastToken = ch;
  }
  return { spans, close };
}

/**
 * Sets top-level keys of a JSON object text by editing only their values (new keys are appended before the
 * closing brace), so the host's own formatting, order and comments-free layout stay byte for byte.
 */
export function setTopLevelKeys(doc: JsonDoc, entries: Record<string, unknown>): string {
  let text = doc.text;
  for (const [key, value] of Object.entries(entries)) {
    const body = JSON.stringify(value, null, doc.indent).split('\n').join(doc.eol + doc.indent);
    const { spans, close } = topLevelSpans(text);
    const span = spans.get(key);
    if (span) {
      text = text.slice(0, span[0]) + body + text.slice(span[1]);
      continue;
    }
    let end = close;
    while (end > 0 && /\s/.test(text[end - 1])) end -= 1;
    const empty = text[end - 1] === '{';
    const lead = doc.indent ? `${doc.eol}${doc.indent}` : ' ';
    const insert = `${empty ? '' : ','}${lead}${JSON.stringify(key)}: ${body}`;
    const closeGap = empty && !text.slice(end, close).includes('\n') ? (doc.indent ? doc.eol : ' ') : '';
    text = text.slice(0, end) + insert + closeGap + text.slice(end);
  }
  return text;
}
