/**
 * core/polyfills.ts: each added built-in behaves like the native one, a native one is never replaced, and a
 * static guard: neither our mini-program sources nor the marked file we ship use a built-in newer than the
 * engine floor (iOS 12 / Chrome 66) unless polyfills.ts adds it, nor a regex feature that floor cannot parse.
 */
import * as fs from 'fs';
import * as path from 'path';
import { POLYFILLED, installPolyfills, type PolyfillTarget } from '../../../miniprogram/core/polyfills';
import { NEWER_BUILTINS, SHIPPED_MARKED, oldEngine } from '../helpers/old-engine';

const MP = path.resolve(__dirname, '../../../miniprogram');

describe('installPolyfills', () => {
  it('adds nothing on an engine that has everything (Node)', () => {
    expect(installPolyfills({ Array, String, Object })).toEqual([]);
  });

  it('adds exactly the missing ones to an old engine, not enumerable, and each behaves like the native one', () => {
    const engine = oldEngine();
    const target = engine.run('({ Array: Array, String: String, Object: Object })') as PolyfillTarget;
    expect(installPolyfills(target).sort()).toEqual([...POLYFILLED].sort());
    expect(installPolyfills(target)).toEqual([]);
    const cases = [
      '[1, 2, 3].at(-1)',
      '[1, 2, 3].at(0)',
      '[1, 2, 3].at(3)',
      '[1, 2, 3].at(-4)',
      '[1, 2, 3].at(1.7)',
      '"héllo".at(-2)',
      '"abc".at(5)',
      '[1, 2, 3, 4].findLast(function (x) { return x % 2 === 1; })',
      '[1, 2, 3, 4].findLastIndex(function (x) { return x > 9; })',
      '[1, [2, [3, [4]]]].flat()',
      '[1, [2, [3, [4]]]].flat(Infinity)',
      '[1, , [2]].flat()',
      '[1, 2].flatMap(function (x) { return [x, [x * 10]]; })',
      'Object.hasOwn({ a: 1 }, "a") + "," + Object.hasOwn({}, "toString")',
      'JSON.stringify(Object.fromEntries([["a", 1], ["b", [2]]]))',
      'Object.keys(Array.prototype).length + Object.keys(String.prototype).length',
      'var seen = []; for (var k in [5]) seen.push(k); seen.join()',
    ];
    for (const code of cases) {
      // eslint-disable-next-line no-eval
      expect([code, JSON.stringify(engine.run(code))]).toEqual([code, JSON.stringify((0, eval)(code))]);
    }
    expect(() => engine.run('Object.hasOwn(null, "a")')).toThrow(TypeError);
    expect(() => engine.run('Array.prototype.at.call(undefined, 0)')).toThrow(TypeError);
  });
});

/** A built-in newer than the floor, found by how code calls it. */
interface NewerBuiltin {
  name: string;
  use: RegExp;
}

/**
 * Built-ins an iOS 12 / Chrome 66 engine lacks natively (MDN compatibility tables), by how a call looks.
 * Object.fromEntries and Array.prototype.flat/flatMap are also in the base library's core-js at 2.20.2+
 * (miniprogram-compat data/polyfill.json), but we add them ourselves anyway.
 */
const GUARDED: NewerBuiltin[] = [
  { name: 'Array.prototype.at', use: /\.at\(/ },
  { name: 'Array.prototype.findLast', use: /\.findLast\(/ },
  { name: 'Array.prototype.findLastIndex', use: /\.findLastIndex\(/ },
  { name: 'Array.prototype.flat', use: /\.flat\(/ },
  { name: 'Array.prototype.flatMap', use: /\.flatMap\(/ },
  { name: 'Array.prototype.toSorted', use: /\.to(Sorted|Reversed|Spliced)\(/ },
  { name: 'Object.hasOwn', use: /\bObject\.hasOwn\(/ },
  { name: 'Object.fromEntries', use: /\bObject\.fromEntries\(/ },
  { name: 'Object.groupBy', use: /\b(Object|Map)\.groupBy\(/ },
  { name: 'String.prototype.replaceAll', use: /\.replaceAll\(/ },
  { name: 'String.prototype.matchAll', use: /\.matchAll\(/ },
  { name: 'Promise.allSettled', use: /\bPromise\.(allSettled|any)\(/ },
  { name: 'structuredClone', use: /\bstructuredClone\(/ },
  { name: 'globalThis', use: /\bglobalThis\b/ },
];

/** Regex syntax no polyfill can add; an engine without it cannot even load the file. */
const SYNTAX: Array<{ name: string; use: RegExp; why: string }> = [
  { name: 'regex lookbehind (?<= (?<!', use: /\(\?<[=!]/, why: 'iOS before 16.4 throws a SyntaxError on load' },
];

/** Our mini-program sources (TS, WXS, JS), npm output and the polyfill module itself excluded. */
function ourSources(dir = MP): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'miniprogram_npm' ? [] : ourSources(full);
    return /\.(ts|wxs|js)$/.test(entry.name) && full !== path.join(MP, 'core', 'polyfills.ts') ? [full] : [];
  });
}

/** Code without comments, so a doc comment naming `.at(` is not a use. */
function code(file: string): string {
  return fs.readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:\\])\/\/.*$/gm, '$1');
}

describe('static guard: nothing newer than the engine floor without a polyfill', () => {
  const files = [...ourSources(), SHIPPED_MARKED];

  it('covers our sources and the marked file the mini-program ships', () => {
    expect(fs.existsSync(SHIPPED_MARKED)).toBe(true);
    expect(files.map((f) => path.relative(MP, f))).toEqual(expect.arrayContaining(['app.ts', path.join('core', 'markdown.ts'), path.join('miniprogram_npm', 'marked', 'index.js')]));
    // The realm test deletes every guarded built-in that has a single name.
    expect(GUARDED.map((g) => g.name).filter((n) => !(NEWER_BUILTINS as readonly string[]).includes(n))).toEqual(['Array.prototype.toSorted', 'Object.groupBy']);
  });

  it('finds the uses it is meant to find (marked calls .at)', () => {
    expect(GUARDED.find((g) => g.name === 'Array.prototype.at')?.use.test(code(SHIPPED_MARKED))).toBe(true);
  });

  it.each(files.map((f) => [path.relative(MP, f), f]))('%s uses only polyfilled newer built-ins', (_name, file) => {
    const text = code(file);
    const unpolyfilled = GUARDED.filter((g) => g.use.test(text) && !POLYFILLED.includes(g.name)).map((g) => g.name);
    expect(unpolyfilled).toEqual([]);
    expect(SYNTAX.filter((s) => s.use.test(text)).map((s) => `${s.name}: ${s.why}`)).toEqual([]);
  });

  it('loads the polyfills before marked: markdown.ts imports them first', () => {
    const imports = code(path.join(MP, 'core', 'markdown.ts')).match(/^import .*$/gm) ?? [];
    expect(imports[0]).toBe("import './polyfills';");
    const app = code(path.join(MP, 'app.ts')).match(/^import .*$/gm) ?? [];
    expect(app[0]).toBe("import './core/polyfills';");
  });
});
