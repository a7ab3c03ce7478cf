/**
 * The one logger of the function. It writes one JSON line per event and redacts anything that looks like
 * a key, a token or a JWT, so secrets never reach the CloudBase log even by mistake.
 */
import { createHash } from 'crypto';

/** Values a log line may carry; objects are flattened by the caller on purpose (no accidental dumps). */
export type LogFields = Record<string, string | number | boolean | undefined>;

type Level = 'info' | 'warn' | 'error';

const REDACTIONS: ReadonlyArray<[RegExp, string]> = [
  [/-----BEGIN [A-Z ]*KEY-----[\s\S]*?(-----END [A-Z ]*KEY-----|$)/g, '[redacted key]'],
  [/\beyJ[\w-]{4,}\.[\w-]{4,}\.[\w-]*/g, '[redacted jwt]'],
  [/(bearer\s+)[^\s"']+/gi, '$1[redacted]'],
  [/\b(czs|pat|sat|cztei)_[\w-]+/gi, '[redacted token]'],
];

/** Removes secrets from a string that is about to be logged. */
export function redact(text: string): string {
  return REDACTIONS.reduce((out, [pattern, replacement]) => out.replace(pattern, replacement), text);
}

/** Replaces every occurrence of the caller's openid in text that came from outside (Coze's msg, a database error). */
export function withoutOpenid(text: string, openid: string | undefined): string {
  return openid ? text.split(openid).join('[openid]') : text;
}

const USER_TAG_LENGTH = 12;

/** A short one-way tag of an openid, to correlate log lines of one user without logging the openid. */
export function userTag(openid: string): string {
  return createHash('sha256').update(`coze-weapp-log:${openid}`).digest('hex').slice(0, USER_TAG_LENGTH);
}

function write(level: Level, event: string, fields: LogFields): void {
  const line: Record<string, string | number | boolean> = { level, event };
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    line[key] = typeof value === 'string' ? redact(value) : value;
  }
  const text = JSON.stringify(line);
  if (level === 'error') console.error(text);
  else if (level === 'warn') console.warn(text);
  else console.log(text);
}

/** Structured, redacting log; pass `user: userTag(openid)`, never the openid itself. */
export const log = {
  info: (event: string, fields: LogFields = {}): void => write('info', event, fields),
  warn: (event: string, fields: LogFields = {}): void => write('warn', event, fields),
  error: (event: string, fields: LogFields = {}): void => write('error', event, fields),
};
