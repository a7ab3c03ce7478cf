/**
 * Reads the host mini-program project: project.config.json (miniprogramRoot, cloudfunctionRoot, the TypeScript
 * compile plugin) and app.json, with errors that name the file, the line and the fix.
 */
import * as fs from 'fs';
import * as path from 'path';
import { IntegrateError } from './integrate-error';
import { type JsonDoc, parseJsonDoc } from './json-text';
import type { HostLang } from './transform';

/** A host project as the integration sees it. Paths ending in `Rel` are project-relative, `/`-separated. */
export interface Host {
  dir: string;
  config: JsonDoc;
  /** miniprogramRoot without a trailing slash ('' when the project folder is the root). */
  mpRootRel: string;
  /** cloudfunctionRoot without a trailing slash, or null when the host has none yet. */
  cloudRootRel: string | null;
  lang: HostLang;
  app: JsonDoc;
  appJsonRel: string;
  /** Text of app.js/app.ts ('' when missing), to tell whether it already calls wx.cloud.init. */
  appLogicText: string;
}

/** `a/b/` → `a/b`, `./` → ''. */
export function trimRoot(value: string): string {
  return path.posix.normalize(value.replace(/\\/g, '/')).replace(/^\.\/?$/, '').replace(/^\.\//, '').replace(/\/+$/, '');
}

function readText(file: string, missing: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    throw new IntegrateError(missing);
  }
}

/** True when project.config.json turns on DevTools' TypeScript compile (then we emit .ts). */
export function compilesTypeScript(config: Record<string, unknown>): boolean {
  const setting = config.setting as { useCompilerPlugins?: unknown } | undefined;
  const plugins = setting?.useCompilerPlugins;
  return Array.isArray(plugins) && plugins.some((p) => p === 'typescript' || (typeof p === 'object' && p !== null && (p as { type?: unknown }).type === 'typescript'));
}

/** A root from project.config.json, refused when it resolves outside the host folder (we write only inside it). */
function rootInside(abs: string, configFile: string, key: string, value: string): string {
  const rel = trimRoot(value);
  const relative = path.relative(abs, path.resolve(abs, rel));
  if (relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative)) {
    throw new IntegrateError(`${configFile}: "${key}" is "${value}", which resolves outside ${abs}; integrate writes only inside the project folder. Point "${key}" at a folder inside it (e.g. "${key === 'cloudfunctionRoot' ? 'cloudfunctions/' : 'miniprogram/'}").`);
  }
  return rel;
}

/** Reads the host at `dir`, or throws an IntegrateError saying what is wrong and how to fix it. */
export function readHost(dir: string): Host {
  const abs = path.resolve(dir);
  if (!fs.existsSync(abs) || !fs.statSync(abs).isDirectory()) {
    throw new IntegrateError(`${abs} is not a folder: pass --into <the folder you open in WeChat DevTools, with project.config.json>.`);
  }
  const configFile = path.join(abs, 'project.config.json');
  const configText = readText(configFile, `${abs} is not a mini-program project: it has no project.config.json. Pass --into <the folder you open in WeChat DevTools>.`);
  const config = parseJsonDoc(configText, configFile);
  if (config.value.compileType !== undefined && config.value.compileType !== 'miniprogram') {
    throw new IntegrateError(`${configFile}: "compileType" is "${String(config.value.compileType)}"; only a mini-program ("miniprogram") can take the chat.`);
  }
  const mpRootRel = typeof config.value.miniprogramRoot === 'string' ? rootInside(abs, configFile, 'miniprogramRoot', config.value.miniprogramRoot) : '';
  const cloudRootRel = typeof config.value.cloudfunctionRoot === 'string' ? rootInside(abs, configFile, 'cloudfunctionRoot', config.value.cloudfunctionRoot) : null;
  const appFile = path.join(abs, mpRootRel, 'app.json');
  const appText = readText(appFile, `${appFile} is missing: "miniprogramRoot" in project.config.json must point at the folder holding app.json.`);
  const app = parseJsonDoc(appText, appFile);
  if (!Array.isArray(app.value.pages) || app.value.pages.length === 0) {
    throw new IntegrateError(`${appFile}: "pages" must list the host's pages; fix app.json first.`);
  }
  const appLogic = ['app.ts', 'app.js'].map((f) => path.join(abs, mpRootRel, f)).find((f) => fs.existsSync(f));
  return {
    dir: abs,
    config,
    mpRootRel,
    cloudRootRel,
    lang: compilesTypeScript(config.value) ? 'ts' : 'js',
    app,
    appJsonRel: path.posix.join(mpRootRel, 'app.json'),
    appLogicText: appLogic ? fs.readFileSync(appLogic, 'utf8') : '',
  };
}
