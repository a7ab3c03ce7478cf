/**
 * Which files of OUR mini-program a part of the integration needs, computed from the app's own structure at
 * run time (app.json pages → usingComponents → TS/JS/WXS imports → WXML/WXSS references → miniprogram_npm),
 * never from a hard-coded list, so new files, components and assets are carried along by themselves.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { IntegrateError } from './integrate-error';

/** Extensions tried, in order, for an import without one (WeChat resolves .js; our sources are .ts). */
const MODULE_EXTS = ['.ts', '.js'] as const;
/** The folder the mini-program resolves bare `require('name')` from. */
export const NPM_DIR = 'miniprogram_npm';

/** What to start the walk from: page routes, component paths (both without extension), modules. */
export interface Seeds {
  pages?: string[];
  components?: string[];
  modules?: string[];
}

const posix = path.posix;
const exists = (root: string, rel: string): boolean => fs.existsSync(path.join(root, rel)) && fs.statSync(path.join(root, rel)).isFile();

/** The logic file (.ts or .js) of a page or component base path, or null. */
export function logicFile(root: string, base: string): string | null {
  for (const ext of MODULE_EXTS) if (exists(root, base + ext)) return base + ext;
  return null;
}

/** A bare specifier (`marked`) → its file under miniprogram_npm, or null when it is not there. */
export function npmFile(root: string, name: string): string | null {
  for (const rel of [posix.join(NPM_DIR, name, 'index.js'), posix.join(NPM_DIR, `${name}.js`)]) if (exists(root, rel)) return rel;
  return null;
}

/** True for `./x`, `../x` (relative) and `/x` (from the mini-program root). */
export function isPathSpecifier(spec: string): boolean {
  return spec.startsWith('.') || spec.startsWith('/');
}

/** A path reference from file `from` → root-relative path (absolute ones start at the mini-program root). */
export function resolveRef(from: string, spec: string): string {
  return spec.startsWith('/') ? posix.normalize(spec.slice(1)) : posix.normalize(posix.join(posix.dirname(from), spec));
}

/** A module import → its root-relative file (tries .ts, .js, /index.ts, /index.js), or null. */
export function resolveModule(root: string, from: string, spec: string): string | null {
  const base = resolveRef(from, spec);
  if (exists(root, base)) return base;
  for (const candidate of [...MODULE_EXTS.map((e) => base + e), ...MODULE_EXTS.map((e) => posix.join(base, `index${e}`))]) {
    if (exists(root, candidate)) return candidate;
  }
  return null;
}

/** Static (no `{{ }}`) local references in a WXML text: `<wxs src>`, `<import src>`, `<include src>`, `<image src>`. */
export function wxmlRefs(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/\bsrc\s*=\s*"([^"{}]+)"|\bsrc\s*=\s*'([^'{}]+)'/g)) out.push((m[1] ?? m[2]).trim());
  return out.filter((s) => !/^(https?:|data:|wxfile:|cloud:)/.test(s));
}

/** Local references in a WXSS text: `@import "x"` and `url(x)`. */
export function wxssRefs(text: string): { imports: string[]; urls: string[] } {
  const imports = [...text.matchAll(/@import\s+["']([^"']+)["']/g)].map((m) => m[1]);
  const urls = [...text.matchAll(/url\(\s*["']?([^"')]+)["']?\s*\)/g)].map((m) => m[1].trim()).filter((u) => !/^(https?:|data:|\/\/)/.test(u));
  return { imports, urls };
}

/** Asset paths written as string literals in code (`'/assets/x.png'`, `'./icon.svg'`). */
function codeAssetRefs(text: string): string[] {
  return [...text.matchAll(/['"`]((?:\/|\.\.?\/)[\w./@-]+\.(?:png|jpe?g|gif|svg|webp|mp3|wav|ttf|woff2?))['"`]/g)].map((m) => m[1]);
}

/** Extensions of assets a folder reference (`'/assets/icons/' + name`) brings along. */
const ASSET_EXT = /\.(png|jpe?g|gif|svg|webp|mp3|wav|ttf|woff2?)$/;

/**
 * Folders named by a path that code or WXML completes at run time (`'/assets/icons/' + name`,
 * `` `/assets/icons/${name}.svg` ``, `src="/assets/icons/{{name}}.svg"`): every asset in them may be used.
 */
function assetDirRefs(text: string): string[] {
  return [...text.matchAll(/['"`]((?:\/|\.\.?\/)[\w@./-]*\/)(?=\{\{|\$\{|['"`])/g)].map((m) => m[1]);
}

/** The assets directly inside folder `dir` (root-relative) of our app, or none when it is not a folder. */
function assetsIn(root: string, dir: string): string[] {
  const abs = path.join(root, dir);
  if (!fs.existsSync(abs) || !fs.statSync(abs).isDirectory()) return [];
  return fs.readdirSync(abs, { withFileTypes: true }).filter((e) => e.isFile() && ASSET_EXT.test(e.name)).map((e) => posix.join(dir, e.name));
}

/** Every import specifier of a TS/JS text (import, export … from, require, dynamic and type imports). */
export function moduleSpecifiers(text: string): string[] {
  return ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName);
}

/** Walks our app from the seeds and returns the root-relative files the part needs, sorted. */
export function collectFiles(root: string, seeds: Seeds): string[] {
  const files = new Set<string>();
  const components = new Set<string>();
  const need = (rel: string, why: string): void => {
    if (!exists(root, rel)) throw new IntegrateError(`${why} refers to ${rel}, which is missing from ${root}: restore it (or run npm install for miniprogram_npm).`);
    addFile(rel);
  };
  const addComponent = (base: string, why: string): void => {
    if (components.has(base)) return;
    components.add(base);
    const logic = logicFile(root, base);
    if (!logic) throw new IntegrateError(`${why} uses ${base}, which has no .ts or .js file in ${root}.`);
    need(`${base}.json`, why);
    need(`${base}.wxml`, why);
    if (exists(root, `${base}.wxss`)) addFile(`${base}.wxss`);
    addFile(logic);
  };
  const addFile = (rel: string): void => {
    if (files.has(rel)) return;
    files.add(rel);
    if (rel.startsWith(`${NPM_DIR}/`)) return; // packed single-file CommonJS (scripts/pack-miniprogram-npm.js)
    const text = fs.readFileSync(path.join(root, rel), 'utf8');
    const ext = posix.extname(rel);
    if (ext === '.json') {
      const using = (JSON.parse(text) as { usingComponents?: Record<string, string> }).usingComponents ?? {};
      for (const target of Object.values(using)) {
        if (target.startsWith('plugin://')) continue;
        const base = isPathSpecifier(target) ? resolveRef(rel, target) : posix.join(NPM_DIR, target);
        addComponent(exists(root, `${base}.json`) ? base : posix.join(base, 'index'), rel);
      }
    } else if (ext === '.ts' || ext === '.js') {
      for (const spec of moduleSpecifiers(text)) {
        if (isPathSpecifier(spec)) {
          const target = resolveModule(root, rel, spec);
          if (!target) throw new IntegrateError(`${rel} imports "${spec}", which does not resolve under ${root}.`);
          addFile(target);
        } else {
          const target = npmFile(root, spec);
          if (!target) throw new IntegrateError(`${rel} imports "${spec}", which is not in ${root}/${NPM_DIR}: run npm install (its postinstall packs it there).`);
          addFile(target);
        }
      }
      for (const asset of codeAssetRefs(text)) {
        const target = resolveRef(rel, asset);
        if (exists(root, target)) addFile(target);
      }
      for (const dir of assetDirRefs(text)) assetsIn(root, resolveRef(rel, dir)).forEach(addFile);
    } else if (ext === '.wxs') {
      for (const m of text.matchAll(/require\(\s*["']([^"']+)["']\s*\)/g)) need(resolveRef(rel, m[1]), rel);
    } else if (ext === '.wxml') {
      for (const dir of assetDirRefs(text)) assetsIn(root, resolveRef(rel, dir)).forEach(addFile);
      for (const ref of wxmlRefs(text)) {
        const target = resolveRef(rel, ref);
        if (exists(root, target)) addFile(target);
        else if (exists(root, `${target}.wxml`)) addFile(`${target}.wxml`);
      }
    } else if (ext === '.wxss') {
      const refs = wxssRefs(text);
      for (const ref of refs.imports) need(ref.endsWith('.wxss') ? resolveRef(rel, ref) : `${resolveRef(rel, ref)}.wxss`, rel);
      for (const ref of refs.urls) {
        const target = resolveRef(rel, ref);
        if (exists(root, target)) addFile(target);
      }
    }
  };
  for (const page of seeds.pages ?? []) addComponent(page, 'app.json');
  for (const component of seeds.components ?? []) addComponent(component, 'the integration');
  for (const module of seeds.modules ?? []) addFile(module);
  return [...files].sort();
}

/**
 * Modules app.ts/app.js imports only for their side effects (`import './polyfills'`): the app expects them loaded
 * before anything else, so each integrated page loads them first.
 */
export function appPreludeModules(root: string): string[] {
  const app = logicFile(root, 'app');
  if (!app) return [];
  const text = fs.readFileSync(path.join(root, app), 'utf8');
  const specs = [...text.matchAll(/^\s*(?:import\s+["']([^"']+)["']|require\(\s*["']([^"']+)["']\s*\))\s*;?\s*$/gm)].map((m) => m[1] ?? m[2]);
  return specs.map((spec) => (isPathSpecifier(spec) ? resolveModule(root, app, spec) : npmFile(root, spec))).filter((f): f is string => f !== null);
}
