/**
 * Walks a mini-program the way the WeChat runtime does: app.json → pages → usingComponents (children first),
 * so the preview is driven by app.json and never by a hard-coded list of pages.
 */
import * as fs from 'fs';
import * as path from 'path';

/** One page or custom component, with everything the build needs to know about it. */
export interface ScannedComponent {
  /** Root-relative path without extension, `/`-separated, no leading slash: `components/bubble/bubble`. */
  path: string;
  /** Registration id (unique, never a built-in's id). */
  id: string;
  /** exparser class prefix of its WXSS and its host tag name; empty for pages (WeChat does not prefix them). */
  classPrefix: string;
  isPage: boolean;
  /** The JSON file (navigationBarTitleText, usingComponents, …). */
  json: ComponentJson;
  /** usingComponents key → id of the registered component. */
  using: Record<string, string>;
  /** Absolute path of the logic file (.ts or .js). */
  logicFile: string;
}

/** The subset of a page/component JSON the preview reads. */
export interface ComponentJson {
  component?: boolean;
  usingComponents?: Record<string, string>;
  navigationBarTitleText?: string;
  navigationStyle?: string;
  [key: string]: unknown;
}

/** The subset of app.json the preview reads. */
export interface AppJson {
  pages: string[];
  window?: Record<string, unknown>;
  [key: string]: unknown;
}

/** The whole app, ordered so that every component comes after the components it uses. */
export interface ScannedApp {
  root: string;
  appJson: AppJson;
  appLogic: string | null;
  components: ScannedComponent[];
  /** theme.json (app.json `themeLocation`): `@name` values of window settings, per light/dark. */
  theme: Record<string, Record<string, string>> | null;
}

const LOGIC_EXTENSIONS = ['.ts', '.js'] as const;

/** The host element is named after the prefix; these names would make it a real HTML control. */
const HTML_TAGS = new Set(['a', 'b', 'i', 'p', 'q', 's', 'u', 'img', 'input', 'button', 'select', 'option', 'textarea', 'label', 'form', 'table', 'video', 'audio', 'canvas', 'map', 'picture', 'iframe', 'object', 'embed', 'script', 'style', 'link', 'meta', 'template', 'slot', 'dialog', 'details', 'summary', 'svg', 'math', 'body', 'html', 'head', 'title', 'main']);

function readJson<T>(file: string): T {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new Error(`${file} is missing: every page and component needs a .json file beside its .wxml.`);
  }
  try {
    return JSON.parse(text) as T;
  } catch (err) {
    throw new Error(`${file}: invalid JSON (${(err as Error).message}); fix the syntax.`);
  }
}

function logicFileOf(root: string, rel: string): string | null {
  for (const ext of LOGIC_EXTENSIONS) {
    const file = path.join(root, `${rel}${ext}`);
    if (fs.existsSync(file)) return file;
  }
  return null;
}

/** Resolves a usingComponents value (`/abs`, `./rel`, `../rel`, or an npm name under miniprogram_npm). */
function resolveUsing(root: string, fromRel: string, value: string): string | null {
  if (value.startsWith('plugin://')) return null;
  let rel: string;
  if (value.startsWith('/')) rel = value.slice(1);
  else if (value.startsWith('.')) rel = path.posix.join(path.posix.dirname(fromRel), value);
  else rel = path.posix.join('miniprogram_npm', value);
  if (fs.existsSync(path.join(root, `${rel}.json`))) return path.posix.normalize(rel);
  const index = path.posix.join(rel, 'index');
  if (fs.existsSync(path.join(root, `${index}.json`))) return index;
  throw new Error(`${fromRel}.json: usingComponents "${value}" not found under ${root}; fix the path.`);
}

/** Routes of every app.json subpackage page (`subpackages` or the older `subPackages`): `<root>/<page>`. */
export function subpackagePages(appJson: AppJson): string[] {
  const list = appJson.subpackages ?? appJson.subPackages;
  if (!Array.isArray(list)) return [];
  return list.flatMap((sub: { root?: unknown; pages?: unknown }) =>
    typeof sub?.root === 'string' && Array.isArray(sub.pages) ? sub.pages.filter((p): p is string => typeof p === 'string').map((p) => path.posix.join(sub.root as string, p)) : [],
  );
}

/** Scans `root` (the folder holding app.json). Throws with the file to fix when something is missing. */
export function scanApp(root: string): ScannedApp {
  const appJson = readJson<AppJson>(path.join(root, 'app.json'));
  if (!Array.isArray(appJson.pages) || appJson.pages.length === 0) {
    throw new Error(`${path.join(root, 'app.json')}: "pages" must list at least one page.`);
  }
  const byPath = new Map<string, ScannedComponent>();
  const ordered: ScannedComponent[] = [];
  const prefixes = new Set<string>();
  const visiting = new Set<string>();

  const uniquePrefix = (rel: string): string => {
    const base = path.posix.basename(path.posix.dirname(rel)).replace(/[^A-Za-z0-9_-]/g, '-') || 'c';
    let prefix = HTML_TAGS.has(base) ? `${base}-c` : base;
    for (let n = 2; prefixes.has(prefix); n += 1) prefix = `${base}${n}`;
    prefixes.add(prefix);
    return prefix;
  };

  const visit = (rel: string, isPage: boolean): ScannedComponent => {
    const known = byPath.get(rel);
    if (known) return known;
    if (visiting.has(rel)) throw new Error(`${rel}.json: usingComponents form a cycle; break it.`);
    visiting.add(rel);
    const json = readJson<ComponentJson>(path.join(root, `${rel}.json`));
    if (!fs.existsSync(path.join(root, `${rel}.wxml`))) throw new Error(`${rel}.wxml is missing under ${root}.`);
    const logicFile = logicFileOf(root, rel);
    if (!logicFile) throw new Error(`${rel}.ts (or .js) is missing under ${root}: a page or component needs its logic file.`);
    const using: Record<string, string> = {};
    for (const [key, value] of Object.entries(json.usingComponents ?? {})) {
      const childRel = resolveUsing(root, rel, value);
      if (childRel) using[key] = visit(childRel, false).id;
    }
    const classPrefix = isPage ? '' : uniquePrefix(rel);
    const comp: ScannedComponent = { path: rel, id: isPage ? `page-${rel.replace(/[^A-Za-z0-9]/g, '-')}` : `c-${classPrefix}`, classPrefix, isPage, json, using, logicFile };
    visiting.delete(rel);
    byPath.set(rel, comp);
    ordered.push(comp);
    return comp;
  };

  for (const page of appJson.pages) visit(page, true);
  for (const page of subpackagePages(appJson)) visit(page, true);
  const themeFile = typeof appJson.themeLocation === 'string' ? path.join(root, appJson.themeLocation) : null;
  const theme = themeFile ? readJson<Record<string, Record<string, string>>>(themeFile) : null;
  return { root, appJson, appLogic: logicFileOf(root, 'app'), components: ordered, theme };
}
