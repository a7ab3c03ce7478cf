/**
 * Minimal setData path keys between two plain-data values: unchanged subtrees (same reference or equal
 * values) send nothing, appended array items and changed leaves send only their own path.
 */

const MISSING = Symbol('missing');

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Writes into `out` the path keys (e.g. `messages[3].blocks[2].runs[0].t`) that turn `prev` into `next`. */
export function diffInto(prev: unknown, next: unknown, path: string, out: Record<string, unknown>): void {
  if (prev === next) return;
  if (Array.isArray(prev) && Array.isArray(next) && next.length >= prev.length) {
    for (let i = 0; i < next.length; i++) diffInto(i < prev.length ? prev[i] : MISSING, next[i], `${path}[${i}]`, out);
    return;
  }
  if (isPlainObject(prev) && isPlainObject(next)) {
    const prevKeys = Object.keys(prev);
    if (prevKeys.some((key) => !(key in next))) {
      out[path] = next; // setData cannot delete a key: send the object whole
      return;
    }
    for (const key of Object.keys(next)) diffInto(key in prev ? prev[key] : MISSING, next[key], `${path}.${key}`, out);
    return;
  }
  out[path] = next;
}
