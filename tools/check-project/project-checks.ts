/**
 * DevTools readiness check: what WeChat DevTools needs to import and compile this project, checked offline
 * (project.config.json, app.json pages, usingComponents, JSON syntax, sitemap, the cloud function folder).
 * The command line is check-project.ts (`npm run check:project`, part of `npm test`).
 */
import * as fs from 'fs';
import * as path from 'path';
import { MIN_BASE_LIBRARY, belowFloor } from '../../miniprogram/core/base-library';

/** One problem DevTools would report, phrased with the fix. */
export interface ProjectProblem {
  file: string;
  message: string;
}

/** Source files every page and component needs besides its logic file. */
const PART_EXTS = ['.json', '.wxml', '.wxss'] as const;

/** Logic file extensions: .ts (DevTools compiles it with useCompilerPlugins) or plain .js (a JavaScript host). */
const LOGIC_EXTS = ['.ts', '.js'] as const;

/** Files DevTools uploads for a cloud function (index.js is the built bundle). */
const FUNCTION_FILES = ['index.js', 'package.json', 'config.json'] as const;

/** The one cloud function of this project (DESIGN.md section 4). */
const FUNCTION_DIR = 'coze';

const SKIP_DIRS = new Set(['node_modules', 'miniprogram_npm', '.git']);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function rel(root: string, file: string): string {
  return path.relative(root, file).split(path.sep).join('/');
}

/** Reads and parses a JSON file, recording a problem (and returning undefined) when it is missing or broken. */
function readJson(root: string, file: string, problems: ProjectProblem[]): Json | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    problems.push({ file: rel(root, file), message: 'is missing: create it (DevTools cannot import the project without it).' });
    return undefined;
  }
  try {
    return JSON.parse(text) as Json;
  } catch (err) {
    problems.push({ file: rel(root, file), message: `is not valid JSON (${(err as Error).message}): fix the syntax; WeChat JSON allows no comments or trailing commas.` });
    return undefined;
  }
}

function listJson(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (!SKIP_DIRS.has(entry.name)) walk(path.join(d, entry.name));
      } else if (entry.name.endsWith('.json')) {
        out.push(path.join(d, entry.name));
      }
    }
  };
  walk(dir);
  return out.sort();
}

/** True when the mini-program has TypeScript sources (then DevTools needs its typescript compile plugin). */
function hasTypeScript(dir: string): boolean {
  if (!fs.existsSync(dir)) return false;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory() ? !SKIP_DIRS.has(entry.name) && entry.name !== 'typings' && hasTypeScript(path.join(dir, entry.name)) : /(?<!\.d)\.ts$/.test(entry.name)) return true;
  }
  return false;
}

function checkProjectConfig(root: string, config: JsonObject, problems: ProjectProblem[], needsTs = true): void {
  const file = 'project.config.json';
  const need = (ok: boolean, message: string): void => {
    if (!ok) problems.push({ file, message });
  };
  need(typeof config.appid === 'string' && config.appid.length > 0, 'has no "appid": set your mini-program AppID (or "touristappid" for offline use).');
  need(config.compileType === 'miniprogram', '"compileType" must be "miniprogram".');
  need(typeof config.cloudfunctionRoot === 'string', '"cloudfunctionRoot" is missing: set it to "cloudfunctions/" so DevTools shows the coze function.');
  const setting = config.setting;
  const plugins = isObject(setting) ? setting.useCompilerPlugins : undefined;
  need(
    !needsTs || (Array.isArray(plugins) && plugins.includes('typescript')),
    '"setting.useCompilerPlugins" must include "typescript": DevTools compiles the .ts pages only with it.',
  );
  const lib = config.libVersion;
  need(
    lib === undefined || (typeof lib === 'string' && !belowFloor(lib)),
    `"libVersion" is ${JSON.stringify(lib)}, below ${MIN_BASE_LIBRARY}, the lowest base library this mini-program supports (miniprogram/core/base-library.ts): DevTools would debug a version users cannot have. Set it to ${MIN_BASE_LIBRARY} or later.`,
  );
  for (const key of ['miniprogramRoot', 'cloudfunctionRoot'] as const) {
    const value = config[key];
    if (typeof value === 'string' && !fs.existsSync(path.join(root, value))) {
      problems.push({ file, message: `"${key}" points at "${value}", which does not exist: fix the path.` });
    }
  }
}

/** Checks one page or component base path (no extension) has its four files (the logic one as .ts or .js). */
function checkParts(root: string, base: string, what: string, from: string, problems: ProjectProblem[]): void {
  const needs = `needs .ts (or .js)/${PART_EXTS.join('/')}`;
  if (!LOGIC_EXTS.some((ext) => fs.existsSync(base + ext))) {
    problems.push({ file: rel(root, `${base}${LOGIC_EXTS[0]}`), message: `is missing: ${what} "${rel(root, base)}" (used by ${from}) ${needs}.` });
  }
  for (const ext of PART_EXTS) {
    if (!fs.existsSync(base + ext)) {
      problems.push({ file: rel(root, base + ext), message: `is missing: ${what} "${rel(root, base)}" (used by ${from}) ${needs}.` });
    }
  }
}

/** Resolves a usingComponents value the way DevTools does: absolute from miniprogramRoot, else relative to the file. */
function resolveComponent(mpRoot: string, jsonFile: string, target: string): string {
  if (target.startsWith('/')) return path.join(mpRoot, target);
  return path.join(path.dirname(jsonFile), target);
}

function checkUsingComponents(root: string, mpRoot: string, jsonFile: string, json: JsonObject, problems: ProjectProblem[]): void {
  const using = json.usingComponents;
  if (using === undefined) return;
  if (!isObject(using)) {
    problems.push({ file: rel(root, jsonFile), message: '"usingComponents" must be an object of name → path.' });
    return;
  }
  for (const [name, target] of Object.entries(using)) {
    if (typeof target !== 'string') {
      problems.push({ file: rel(root, jsonFile), message: `usingComponents "${name}" must be a path string.` });
      continue;
    }
    if (target.startsWith('plugin://')) continue;
    let base = resolveComponent(mpRoot, jsonFile, target);
    if (fs.existsSync(base) && fs.statSync(base).isDirectory()) base = path.join(base, 'index');
    if (!fs.existsSync(`${base}.json`)) {
      problems.push({
        file: rel(root, jsonFile),
        message: `usingComponents "${name}": "${target}" does not resolve (looked for ${rel(root, base)}.json): fix the path (absolute paths start at miniprogramRoot).`,
      });
      continue;
    }
    checkParts(root, base, 'component', rel(root, jsonFile), problems);
    const componentJson = readJson(root, `${base}.json`, []);
    if (!isObject(componentJson) || componentJson.component !== true) {
      problems.push({ file: rel(root, `${base}.json`), message: 'must contain "component": true (it is used as a component).' });
    }
  }
}

function checkCloudFunction(root: string, cloudRoot: string, problems: ProjectProblem[]): void {
  const dir = path.join(cloudRoot, FUNCTION_DIR);
  for (const name of FUNCTION_FILES) {
    const file = path.join(dir, name);
    if (!fs.existsSync(file)) {
      const fix = name === 'index.js' ? 'run `npm run build` (index.js is the built bundle DevTools uploads)' : 'restore it from git (DevTools scaffolds it for every cloud function)';
      problems.push({ file: rel(root, file), message: `is missing: ${fix}.` });
    }
  }
}

/** Every page of every app.json subpackage (`subpackages` or `subPackages`) needs its files under the root. */
function checkSubpackages(root: string, mpRoot: string, appFile: string, app: JsonObject, problems: ProjectProblem[]): void {
  const list = app.subpackages ?? app.subPackages;
  if (list === undefined) return;
  const bad = (message: string): void => {
    problems.push({ file: rel(root, appFile), message });
  };
  if (!Array.isArray(list)) return bad('"subpackages" must be a list of { "root", "pages" }.');
  for (const sub of list) {
    if (!isObject(sub) || typeof sub.root !== 'string' || !Array.isArray(sub.pages)) {
      bad('every "subpackages" entry needs "root" (a folder) and "pages" (routes inside it).');
      continue;
    }
    for (const page of sub.pages) {
      if (typeof page === 'string') checkParts(root, path.join(mpRoot, sub.root, page), 'subpackage page', 'app.json', problems);
      else bad(`subpackage "${sub.root}": "pages" entries must be strings.`);
    }
  }
}

/**
 * Checks the project at `root` the way DevTools would on import. Returns every problem found; an empty list
 * means DevTools can import and compile it.
 */
export function checkProject(root: string): ProjectProblem[] {
  const problems: ProjectProblem[] = [];
  const config = readJson(root, path.join(root, 'project.config.json'), problems);
  if (!isObject(config)) return problems;
  // Without miniprogramRoot, DevTools uses the project folder itself (a JavaScript template's layout).
  const mpRoot = path.join(root, typeof config.miniprogramRoot === 'string' ? config.miniprogramRoot : '.');
  checkProjectConfig(root, config, problems, hasTypeScript(mpRoot));
  const cloudRoot = path.join(root, typeof config.cloudfunctionRoot === 'string' ? config.cloudfunctionRoot : 'cloudfunctions/');
  if (fs.existsSync(cloudRoot)) checkCloudFunction(root, cloudRoot, problems);
  if (!fs.existsSync(mpRoot)) return problems;

  const parsed = new Map<string, Json>();
  for (const file of listJson(mpRoot)) {
    const json = readJson(root, file, problems);
    if (json !== undefined) parsed.set(file, json);
  }
  const appFile = path.join(mpRoot, 'app.json');
  const app = parsed.get(appFile);
  if (!fs.existsSync(appFile)) problems.push({ file: rel(root, appFile), message: 'is missing: every mini-program needs app.json.' });
  if (isObject(app)) {
    const pages = app.pages;
    if (!Array.isArray(pages) || pages.length === 0) {
      problems.push({ file: rel(root, appFile), message: '"pages" must list at least one page, e.g. "pages/chat/chat".' });
    } else {
      for (const page of pages) {
        if (typeof page !== 'string') {
          problems.push({ file: rel(root, appFile), message: '"pages" entries must be strings.' });
          continue;
        }
        checkParts(root, path.join(mpRoot, page), 'page', 'app.json', problems);
      }
    }
    checkSubpackages(root, mpRoot, appFile, app, problems);
    const sitemap = typeof app.sitemapLocation === 'string' ? app.sitemapLocation : 'sitemap.json';
    if (!fs.existsSync(path.join(mpRoot, sitemap))) {
      problems.push({ file: rel(root, path.join(mpRoot, sitemap)), message: 'is missing: create it (e.g. { "rules": [{ "action": "allow", "page": "*" }] }).' });
    }
  }
  for (const [file, json] of parsed) {
    if (isObject(json)) checkUsingComponents(root, mpRoot, file, json, problems);
  }
  return problems;
}
