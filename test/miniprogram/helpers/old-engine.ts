/**
 * Runs mini-program modules in a fresh JS realm (node:vm) from which built-ins newer than WeChat's engine floor
 * have been deleted, loading them the way the mini-program does: each .ts compiled to CommonJS on its own (as
 * DevTools' TypeScript plugin does), relative requires resolved to files, and `require('marked')` resolved to
 * the file the mini-program ships, miniprogram/miniprogram_npm/marked/index.js.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as vm from 'vm';
import * as ts from 'typescript';

/** Built-ins an iOS 12 / Chrome 66 engine lacks, as expressions to delete (the list and their siblings). */
export const NEWER_BUILTINS = [
  'Array.prototype.at',
  'String.prototype.at',
  'Array.prototype.findLast',
  'Array.prototype.findLastIndex',
  'Array.prototype.flat',
  'Array.prototype.flatMap',
  'Object.hasOwn',
  'Object.fromEntries',
  'String.prototype.replaceAll',
  'String.prototype.matchAll',
  'Promise.allSettled',
  'Promise.any',
  'structuredClone',
  'globalThis',
] as const;

/** The mini-program root and the marked file it ships. */
const ROOT = path.resolve(__dirname, '../../../miniprogram');
export const SHIPPED_MARKED = path.join(ROOT, 'miniprogram_npm', 'marked', 'index.js');

/** A realm with the newer built-ins deleted, and a require() that loads mini-program files into it. */
export interface OldEngine {
  context: vm.Context;
  /** Loads a file (absolute path, .ts or .js) the way the mini-program loads it; returns its exports. */
  load<T = Record<string, unknown>>(file: string): T;
  /** Evaluates an expression in the realm (e.g. `typeof [].at`). */
  run(code: string): unknown;
}

function resolveFrom(spec: string, from: string): string {
  if (spec === 'marked') {
    if (!fs.existsSync(SHIPPED_MARKED)) throw new Error(`${SHIPPED_MARKED} is missing: run npm install (scripts/pack-miniprogram-npm.js copies marked there).`);
    return SHIPPED_MARKED;
  }
  if (!spec.startsWith('.')) throw new Error(`old-engine: only relative requires and 'marked' exist in the mini-program, not "${spec}" (from ${from}).`);
  const base = path.resolve(path.dirname(from), spec);
  for (const candidate of [base, `${base}.ts`, `${base}.js`, path.join(base, 'index.ts'), path.join(base, 'index.js')]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  throw new Error(`old-engine: cannot resolve "${spec}" from ${from}.`);
}

/** Makes a realm without NEWER_BUILTINS; `console` and timers come from the host. */
export function oldEngine(): OldEngine {
  const context = vm.createContext({ console, setTimeout, clearTimeout });
  // Globals (no dot) are deleted from the realm's global object, `this` at a script's top level.
  vm.runInContext(NEWER_BUILTINS.map((name) => (name.includes('.') ? `delete ${name};` : `delete this.${name};`)).join('\n'), context);
  const cache = new Map<string, { exports: Record<string, unknown> }>();
  const load = (file: string): Record<string, unknown> => {
    const hit = cache.get(file);
    if (hit) return hit.exports;
    const module = { exports: {} as Record<string, unknown> };
    cache.set(file, module);
    const source = fs.readFileSync(file, 'utf8');
    const code = file.endsWith('.ts')
      ? ts.transpileModule(source, { fileName: file, compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2018, esModuleInterop: true } }).outputText
      : source;
    const wrapper = vm.runInContext(`(function (exports, require, module, __filename, __dirname) {${code}\n})`, context, { filename: file }) as (
      exports: unknown,
      require: (spec: string) => unknown,
      module: unknown,
      filename: string,
      dirname: string,
    ) => void;
    wrapper(module.exports, (spec) => load(resolveFrom(spec, file)), module, file, path.dirname(file));
    return module.exports;
  };
  return {
    context,
    load: <T>(file: string) => load(file) as T,
    run: (code: string) => vm.runInContext(code, context),
  };
}
