/**
 * Identifiers shaped like Coze's: 19-digit decimal strings (never JS numbers: they lose digits), access
 * tokens with the `czs_` prefix, and log ids like the `X-Tt-Logid` header.
 */
import { randomBytes } from 'crypto';

const ID_BASE = BigInt('7400000000000000000');
const ID_SPREAD = BigInt('100000000000000000');
let counter = BigInt(0);
const start = ID_BASE + (BigInt('0x' + randomBytes(7).toString('hex')) % ID_SPREAD);

/** A fresh 19-digit id, increasing in creation order so ids also order messages (paging relies on it). */
export function nextId(): string {
  counter += BigInt(1);
  return (start + counter).toString();
}

/** Compares two 19-digit ids numerically (lexical order is equal for same-length ids, but be exact). */
export function compareIds(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** True when `value` looks like a Coze id (digits only), so bad ids answer 4000 instead of crashing BigInt. */
export function isId(value: unknown): value is string {
  return typeof value === 'string' && /^\d{1,20}$/.test(value);
}

/** An opaque access token like `czs_…`. */
export function newAccessToken(): string {
  return 'czs_' + randomBytes(32).toString('base64url');
}

/** A log id like Coze's: UTC timestamp YYYYMMDDHHMMSS followed by 20 upper-case hex characters. */
export function newLogId(nowMs: number): string {
  const stamp = new Date(nowMs).toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return stamp + randomBytes(10).toString('hex').toUpperCase();
}
