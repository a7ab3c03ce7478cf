/**
 * Plans an integration: which files land where in the host (the chat as a subpackage, the floating entry in
 * the main package, the cloud function) and how app.json / project.config.json change. Pure planning: nothing
 * is written here (apply.ts does that), so --dry-run shows exactly what a real run would do.
 */
import * as fs from 'fs';
import * as path from 'path';
import { FUNCTION_NAME } from '../../miniprogram/shared/protocol';
import type { Host } from './host';
import { trimRoot } from './host';
import { IntegrateError } from './integrate-error';
import { parseJsonDoc, setTopLevelKeys } from './json-text';
import { type Manifest, manifestPath, readManifest } from './manifest';
import { appPreludeModules, collectFiles } from './source-graph';
import { type PartPlacement, type TransformContext, transformFile } from './transform';

const posix = path.posix;

/** The subpackage folder (and app.json root) unless --name says otherwise. */
export const DEFAULT_SUBPACKAGE = 'coze-chat';
/** Main-package folder of the floating entry button and the few modules it needs. */
export const ENTRY_DIR = 'coze-entry';
/** Our floating entry component (a host page shows it with `<coze-entry />`). */
export const ENTRY_COMPONENT = 'components/coze-entry/coze-entry';
/** The tag hosts write. */
export const ENTRY_TAG = 'coze-entry';
/** Where a host without cloudfunctionRoot gets its cloud functions. */
export const DEFAULT_CLOUD_ROOT = 'cloudfunctions';

/** The repository this tool ships in (the source of every copied file). */
export const OUR_PROJECT = path.join(__dirname, '..', '..');

/** One file to write: project-relative path and bytes. */
export interface PlannedFile {
  path: string;
  content: Buffer;
}

/** One edit of a host file we do not own (app.json, project.config.json, the entry page): whole-text before/after. */
export interface HostEdit {
  path: string;
  before: string;
  after: string;
  /** What changes, for the report. */
  changes: string[];
}

/** Options of a run. */
export interface IntegrateOptions {
  into: string;
  /** Subpackage folder/root; default: the one a previous run used, else {@link DEFAULT_SUBPACKAGE}. */
  name?: string;
  /** A host page (route) that should show the floating entry button; also the preloadRule page. */
  entryPage?: string;
  dryRun?: boolean;
  force?: boolean;
  /** Our project (tests point it at another release); default {@link OUR_PROJECT}. */
  source?: string;
}

/** Everything apply.ts needs. */
export interface Plan {
  host: Host;
  name: string;
  files: PlannedFile[];
  edits: HostEdit[];
  manifestPath: string;
  oldManifest: Manifest | null;
  version: string;
  /** Project-relative paths, for the manual steps. */
  cloudRootRel: string;
  entryPage: string;
  entryPageEdited: boolean;
}

interface OurApp {
  root: string;
  mpRoot: string;
  functionDir: string;
  pages: string[];
  /** Our app.json window settings our pages rely on, for the copies in a host with its own window. */
  pageWindow: Record<string, unknown>;
  version: string;
}

/**
 * The window settings of our app.json that a page can carry itself: `@name` theme values are left out (the host
 * has no theme.json for them), and the default navigation bar is explicit so a host with `navigationStyle:
 * "custom"` still shows one above the chat.
 */
export function pageWindowOf(window: Record<string, unknown>): Record<string, unknown> {
  const plain = Object.entries(window).filter(([, v]) => !(typeof v === 'string' && v.startsWith('@')));
  return { navigationStyle: 'default', ...Object.fromEntries(plain) };
}

function readOurApp(project: string): OurApp {
  const config = JSON.parse(fs.readFileSync(path.join(project, 'project.config.json'), 'utf8')) as { miniprogramRoot?: string; cloudfunctionRoot?: string };
  const mpRoot = path.join(project, trimRoot(config.miniprogramRoot ?? 'miniprogram'));
  const app = JSON.parse(fs.readFileSync(path.join(mpRoot, 'app.json'), 'utf8')) as { pages: string[]; window?: Record<string, unknown> };
  const pkg = JSON.parse(fs.readFileSync(path.join(project, 'package.json'), 'utf8')) as { version: string };
  return {
    root: project,
    mpRoot,
    functionDir: path.join(project, trimRoot(config.cloudfunctionRoot ?? 'cloudfunctions'), FUNCTION_NAME),
    pages: app.pages,
    pageWindow: pageWindowOf(app.window ?? {}),
    version: pkg.version,
  };
}

/** The files DevTools uploads for our function: its top-level .js/.json (bundle, package.json, config.json, database rules). */
export function functionFiles(functionDir: string): string[] {
  return fs
    .readdirSync(functionDir, { withFileTypes: true })
    .filter((e) => e.isFile() && /\.(js|json)$/.test(e.name) && !/^tsconfig.*\.json$/.test(e.name))
    .map((e) => e.name)
    .sort();
}

type SubpackageEntry = { root?: unknown; name?: unknown; pages?: unknown; [key: string]: unknown };

function subpackagesKey(app: Record<string, unknown>): 'subpackages' | 'subPackages' {
  return 'subPackages' in app && !('subpackages' in app) ? 'subPackages' : 'subpackages';
}

/** The subpackage name a previous run recorded (a manifest in one of app.json's subpackage roots). */
function previousName(host: Host): string | undefined {
  const list = host.app.value[subpackagesKey(host.app.value)];
  if (!Array.isArray(list)) return undefined;
  for (const entry of list as SubpackageEntry[]) {
    if (typeof entry?.root !== 'string') continue;
    const root = trimRoot(entry.root);
    if (fs.existsSync(manifestPath(path.join(host.dir, host.mpRootRel), root))) return root;
  }
  return undefined;
}

/** The page whose preloadRule already loads subpackage `name` (a previous run's entry page), if any. */
function preloadingPage(host: Host, name: string): string | undefined {
  const rules = host.app.value.preloadRule;
  if (typeof rules !== 'object' || rules === null) return undefined;
  return Object.entries(rules as Record<string, { packages?: unknown }>).find(([, rule]) => Array.isArray(rule?.packages) && rule.packages.includes(name))?.[0];
}

/** Refuses a subpackage name the host already uses for something of its own. */
function checkNameFree(host: Host, name: string, ours: boolean): void {
  if (!/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(name) || name === ENTRY_DIR) {
    throw new IntegrateError(`--name "${name}" is not usable: use letters, digits, - and _ (and not "${ENTRY_DIR}", the entry button's folder).`);
  }
  if (ours) return;
  const app = host.app.value;
  const list = app[subpackagesKey(app)];
  const taken = (Array.isArray(list) ? (list as SubpackageEntry[]) : []).some((e) => (typeof e?.root === 'string' && trimRoot(e.root) === name) || e?.name === name);
  const pageInside = (app.pages as unknown[]).some((p) => typeof p === 'string' && p.startsWith(`${name}/`));
  const folder = path.join(host.dir, host.mpRootRel, name);
  if (taken || pageInside || fs.existsSync(folder)) {
    const what = taken ? 'is already a subpackage in app.json' : pageInside ? 'holds pages of app.json' : `already exists (${folder})`;
    throw new IntegrateError(`The subpackage name "${name}" ${what}: choose another with --name <name> (e.g. --name coze-ai).`);
  }
}

function appJsonEdit(host: Host, name: string, pages: string[], entryPage: string): HostEdit | null {
  const app = host.app.value;
  const key = subpackagesKey(app);
  const changes: string[] = [];
  const list = Array.isArray(app[key]) ? [...(app[key] as SubpackageEntry[])] : [];
  const index = list.findIndex((e) => typeof e?.root === 'string' && trimRoot(e.root) === name);
  const wanted = index >= 0 ? { ...list[index], pages } : { root: name, pages };
  if (index < 0) {
    list.push(wanted);
    changes.push(`${key}: add { "root": "${name}" } with ${pages.length} pages`);
  } else if (JSON.stringify(list[index].pages) !== JSON.stringify(pages)) {
    list[index] = wanted;
    changes.push(`${key}: "${name}" pages → ${pages.join(', ')}`);
  }
  const next: Record<string, unknown> = changes.length ? { [key]: list } : {};
  const rules = (typeof app.preloadRule === 'object' && app.preloadRule !== null ? app.preloadRule : {}) as Record<string, { packages?: unknown; [k: string]: unknown }>;
  const rule = rules[entryPage];
  const packages = Array.isArray(rule?.packages) ? (rule.packages as unknown[]) : [];
  if (!packages.includes(name)) {
    next.preloadRule = { ...rules, [entryPage]: { network: 'all', ...rule, packages: [...packages, name] } };
    changes.push(`preloadRule: "${entryPage}" preloads "${name}"`);
  }
  if (!changes.length) return null;
  return { path: host.appJsonRel, before: host.app.text, after: setTopLevelKeys(host.app, next), changes };
}

/**
 * project.config.json: a missing cloudfunctionRoot is created; when the function folder lies inside the
 * mini-program root (a project without miniprogramRoot), packOptions.ignore keeps it out of the upload.
 */
function projectConfigEdit(host: Host, cloudRootRel: string): HostEdit | null {
  const config = host.config.value;
  const next: Record<string, unknown> = {};
  const changes: string[] = [];
  if (host.cloudRootRel === null) {
    next.cloudfunctionRoot = `${cloudRootRel}/`;
    changes.push(`cloudfunctionRoot: "${cloudRootRel}/" (new)`);
  }
  const inside = host.mpRootRel === '' ? cloudRootRel : cloudRootRel.startsWith(`${host.mpRootRel}/`) ? cloudRootRel.slice(host.mpRootRel.length + 1) : null;
  const pack = (typeof config.packOptions === 'object' && config.packOptions !== null ? config.packOptions : {}) as { ignore?: unknown; [k: string]: unknown };
  const ignore = Array.isArray(pack.ignore) ? (pack.ignore as Array<{ type?: unknown; value?: unknown }>) : [];
  if (inside !== null && !ignore.some((rule) => rule?.type === 'folder' && typeof rule.value === 'string' && trimRoot(rule.value) === inside)) {
    next.packOptions = { ...pack, ignore: [...ignore, { value: inside, type: 'folder' }] };
    changes.push(`packOptions.ignore: folder "${inside}" (the cloud functions are not part of the mini-program package)`);
  }
  if (!changes.length) return null;
  return { path: 'project.config.json', before: host.config.text, after: setTopLevelKeys(host.config, next), changes };
}

/** Shows the entry button on a host page: usingComponents + one tag at the end of its WXML (skipped when present). */
function entryPageEdits(host: Host, page: string): HostEdit[] {
  const base = path.join(host.dir, host.mpRootRel, page);
  const jsonRel = posix.join(host.mpRootRel, `${page}.json`);
  const wxmlRel = posix.join(host.mpRootRel, `${page}.wxml`);
  if (!fs.existsSync(`${base}.wxml`)) throw new IntegrateError(`--entry-page ${page}: ${wxmlRel} does not exist; pass a page route from app.json "pages".`);
  const edits: HostEdit[] = [];
  const jsonText = fs.existsSync(`${base}.json`) ? fs.readFileSync(`${base}.json`, 'utf8') : '{\n}\n';
  const doc = parseJsonDoc(jsonText, `${base}.json`);
  const using = (doc.value.usingComponents ?? {}) as Record<string, string>;
  const target = `/${ENTRY_DIR}/${ENTRY_COMPONENT}`;
  if (using[ENTRY_TAG] !== target) {
    const after = setTopLevelKeys(doc, { usingComponents: { ...using, [ENTRY_TAG]: target } });
    edits.push({ path: jsonRel, before: fs.existsSync(`${base}.json`) ? jsonText : '', after, changes: [`usingComponents: "${ENTRY_TAG}": "${target}"`] });
  }
  const wxml = fs.readFileSync(`${base}.wxml`, 'utf8');
  if (!new RegExp(`<${ENTRY_TAG}[\\s/>]`).test(wxml)) {
    const sep = wxml.endsWith('\n') || wxml === '' ? '' : '\n';
    edits.push({ path: wxmlRel, before: wxml, after: `${wxml}${sep}<${ENTRY_TAG} />\n`, changes: [`add <${ENTRY_TAG} /> at the end`] });
  }
  return edits;
}

function place(host: Host, part: PartPlacement, ctx: Omit<TransformContext, 'part'>): PlannedFile[] {
  return [...part.files].map((rel) => {
    const out = transformFile(rel, { ...ctx, part });
    return { path: posix.join(host.mpRootRel, part.prefix, out.rel), content: out.content };
  });
}

/** Plans the integration of our project into `options.into` (see the file comment). */
export function planIntegration(host: Host, options: IntegrateOptions): Plan {
  const our = readOurApp(options.source ?? OUR_PROJECT);
  const recorded = previousName(host);
  const name = options.name ?? recorded ?? DEFAULT_SUBPACKAGE;
  const mpRoot = path.join(host.dir, host.mpRootRel);
  const manifestFile = manifestPath(mpRoot, name);
  const oldManifest = readManifest(manifestFile);
  checkNameFree(host, name, oldManifest !== null);

  const hostPages = host.app.value.pages as string[];
  const entryPage = options.entryPage ? trimRoot(options.entryPage).replace(/^\//, '') : (preloadingPage(host, name) ?? hostPages[0]);
  if (!hostPages.includes(entryPage)) throw new IntegrateError(`--entry-page ${entryPage} is not in app.json "pages" (${hostPages.join(', ')}): pass one of them.`);

  const prelude = appPreludeModules(our.mpRoot);
  const hasAppStyles = fs.existsSync(path.join(our.mpRoot, 'app.wxss'));
  const subFiles = collectFiles(our.mpRoot, { pages: our.pages, modules: [...prelude, ...(hasAppStyles ? ['app.wxss'] : [])] });
  const entryFiles = collectFiles(our.mpRoot, { components: [ENTRY_COMPONENT] });
  const routes = new Map(our.pages.map((p) => [p, `${name}/${p}`]));
  const common = { ourRoot: our.mpRoot, routes, lang: host.lang, prelude, pageWindow: our.pageWindow };
  const sub: PartPlacement = { prefix: name, files: new Set(subFiles), pages: new Set(our.pages) };
  const entry: PartPlacement = { prefix: ENTRY_DIR, files: new Set(entryFiles), pages: new Set() };
  const cloudRootRel = host.cloudRootRel ?? DEFAULT_CLOUD_ROOT;
  const files = [
    ...place(host, sub, { ...common, appStyles: hasAppStyles ? 'app.wxss' : null }),
    ...place(host, entry, { ...common, appStyles: null }),
    ...functionFiles(our.functionDir).map((f) => ({ path: posix.join(cloudRootRel, FUNCTION_NAME, f), content: fs.readFileSync(path.join(our.functionDir, f)) })),
  ];
  if (oldManifest === null && !options.force) {
    for (const [dir, what] of [[posix.join(host.mpRootRel, ENTRY_DIR), 'entry button folder'], [posix.join(cloudRootRel, FUNCTION_NAME), 'cloud function']] as const) {
      if (fs.existsSync(path.join(host.dir, dir))) {
        throw new IntegrateError(`${dir} already exists and was not written by this tool (the ${what}): move it away, or re-run with --force to overwrite it.`);
      }
    }
  }
  const edits = [
    appJsonEdit(host, name, our.pages, entryPage),
    projectConfigEdit(host, cloudRootRel),
    ...(options.entryPage ? entryPageEdits(host, entryPage) : []),
  ].filter((e): e is HostEdit => e !== null);
  return { host, name, files, edits, manifestPath: manifestFile, oldManifest, version: our.version, cloudRootRel, entryPage, entryPageEdited: Boolean(options.entryPage) };
}
