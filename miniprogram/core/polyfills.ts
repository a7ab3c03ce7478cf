/**
 * Built-ins newer than WeChat's engine floor, added where the phone's engine lacks them. The floor is base
 * library 2.21.0, whose engines are iOS 12 and Chrome 66 (wechat-miniprogram/miniprogram-compat,
 * data/browserslist.json); the base library's own core-js adds `Array.prototype.at` only from 2.23.1
 * (data/polyfill.json), and marked 15 calls `.at` in its lexer, so without this every answer on an iPhone
 * before iOS 15.4 would fall back to plain text. Loaded first: app.ts and core/markdown.ts (which requires
 * marked) import it before anything else, so a host app that only takes the chat files gets it too.
 * Everything here only defines a method that is missing; a native one is never replaced.
 */

/** The globals a polyfill patches (the real ones, or another realm's in tests). */
export interface PolyfillTarget {
  Array: ArrayConstructor;
  String: StringConstructor;
  Object: ObjectConstructor;
}

type Method = (this: never, ...args: never[]) => unknown;

/** An index relative to the end when negative, as `.at` takes it; -1 when out of range. */
function relativeIndex(index: unknown, length: number): number {
  const n = Math.trunc(Number(index)) || 0;
  const k = n >= 0 ? n : length + n;
  return k >= 0 && k < length ? k : -1;
}

function toObject<T>(value: T): T {
  if (value === null || value === undefined) throw new TypeError('Cannot convert undefined or null to object');
  return value;
}

function flatInto(out: unknown[], list: ArrayLike<unknown>, depth: number): unknown[] {
  for (let i = 0; i < list.length; i++) {
    if (!(i in list)) continue;
    const item = list[i];
    if (depth > 0 && Array.isArray(item)) flatInto(out, item, depth - 1);
    else out.push(item);
  }
  return out;
}

const arrayMethods: Record<string, Method> = {
  at(this: ArrayLike<unknown>, index: number) {
    const list = toObject(this);
    const k = relativeIndex(index, list.length >>> 0);
    return k < 0 ? undefined : list[k];
  },
  findLast(this: ArrayLike<unknown>, test: (value: unknown, index: number, list: ArrayLike<unknown>) => unknown, thisArg?: unknown) {
    const list = toObject(this);
    for (let i = (list.length >>> 0) - 1; i >= 0; i--) if (test.call(thisArg, list[i], i, list)) return list[i];
    return undefined;
  },
  findLastIndex(this: ArrayLike<unknown>, test: (value: unknown, index: number, list: ArrayLike<unknown>) => unknown, thisArg?: unknown) {
    const list = toObject(this);
    for (let i = (list.length >>> 0) - 1; i >= 0; i--) if (test.call(thisArg, list[i], i, list)) return i;
    return -1;
  },
  flat(this: ArrayLike<unknown>, depth?: number) {
    const d = depth === undefined ? 1 : Math.trunc(Number(depth)) || 0;
    return flatInto([], toObject(this), d);
  },
  flatMap(this: ArrayLike<unknown>, map: (value: unknown, index: number, list: ArrayLike<unknown>) => unknown, thisArg?: unknown) {
    const list = toObject(this);
    const mapped: unknown[] = [];
    for (let i = 0; i < (list.length >>> 0); i++) if (i in list) mapped.push(map.call(thisArg, list[i], i, list));
    return flatInto([], mapped, 1);
  },
};

const stringMethods: Record<string, Method> = {
  at(this: unknown, index: number) {
    const text = String(toObject(this));
    const k = relativeIndex(index, text.length);
    return k < 0 ? undefined : text.charAt(k);
  },
};

const objectFunctions: Record<string, (...args: never[]) => unknown> = {
  hasOwn(target: unknown, key: PropertyKey) {
    return Object.prototype.hasOwnProperty.call(Object(toObject(target)), key);
  },
  fromEntries(entries: Iterable<readonly [PropertyKey, unknown]>) {
    const out: Record<PropertyKey, unknown> = {};
    for (const [key, value] of toObject(entries)) out[key] = value;
    return out;
  },
};

/** Every built-in this module can add, as `Owner.name` (the static guard test reads it). */
export const POLYFILLED: readonly string[] = [
  ...Object.keys(arrayMethods).map((name) => `Array.prototype.${name}`),
  ...Object.keys(stringMethods).map((name) => `String.prototype.${name}`),
  ...Object.keys(objectFunctions).map((name) => `Object.${name}`),
];

function define(owner: object, methods: Record<string, unknown>, prefix: string, added: string[]): void {
  for (const [name, fn] of Object.entries(methods)) {
    if (typeof (owner as Record<string, unknown>)[name] === 'function') continue;
    // Not enumerable, like the native ones: a for-in over an array must not see it.
    Object.defineProperty(owner, name, { value: fn, writable: true, configurable: true, enumerable: false });
    added.push(prefix + name);
  }
}

/** Adds every missing built-in to `target`; returns the names it added (none on a modern engine). */
export function installPolyfills(target: PolyfillTarget): string[] {
  const added: string[] = [];
  define(target.Array.prototype, arrayMethods, 'Array.prototype.', added);
  define(target.String.prototype, stringMethods, 'String.prototype.', added);
  define(target.Object, objectFunctions, 'Object.', added);
  return added;
}

installPolyfills({ Array, String, Object });
