/**
 * Turns one of our mini-program files into the host's copy: absolute paths (`/components/…`, `/pages/…`) are
 * rewritten for where the file lands, bare npm requires point at the copy inside the same package, TypeScript
 * becomes readable CommonJS when the host does not compile TS, and pages get our app-level styles and prelude.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { npmFile } from './source-graph';

const posix = path.posix;
/** Extensions handled as text; anything else (images, fonts) is copied byte for byte. */
const TEXT_EXTS = new Set(['.ts', '.js', '.json', '.wxml', '.wxss', '.wxs', '.svg']);
/** Extensions a bare absolute reference may leave out (component bases, page routes, modules). */
const IMPLIED_EXTS = ['.json', '.wxml', '.ts', '.js'] as const;

/** The language the host compiles: we emit .ts only to hosts with DevTools' TypeScript compile plugin. */
export type HostLang = 'ts' | 'js';

/** Where one part (the subpackage, or the entry in the main package) lands and what it holds. */
export interface PartPlacement {
  /** Folder under the host's miniprogramRoot, e.g. `coze-chat`. */
  prefix: string;
  /** Our root-relative files in this part. */
  files: ReadonlySet<string>;
  /** Our page routes in this part (they get the app styles, window title and prelude). */
  pages: ReadonlySet<string>;
}

/** Everything a file transform needs to know. */
export interface TransformContext {
  ourRoot: string;
  part: PartPlacement;
  /** Our page route → the host's route (`pages/chat/chat` → `coze-chat/pages/chat/chat`). */
  routes: ReadonlyMap<string, string>;
  lang: HostLang;
  /** Part-relative path of our app.wxss copy, imported by each page's WXSS; null when we have none. */
  appStyles: string | null;
  /** Our modules app.ts loads first (side-effect imports); each page loads them first. */
  prelude: readonly string[];
  /** Our app.json window settings, for pages that set none (the host's window is about the host). */
  pageWindow: Readonly<Record<string, unknown>>;
}

/** One output file: its path inside the part and its bytes. */
export interface TransformedFile {
  rel: string;
  content: Buffer;
}

/** `./x` or `../x` from `fromRel` to `toRel` (both root-relative). */
export function relativeSpecifier(fromRel: string, toRel: string): string {
  const spec = posix.relative(posix.dirname(fromRel), toRel);
  return spec.startsWith('.') ? spec : `./${spec}`;
}

/**
 * Rewrites `/x/y` references (quoted, inside url( ), or a folder completed at run time: `'/icons/' + name`,
 * `/icons/{{name}}.svg`) that name one of our files, folders or pages to their host path.
 */
export function rewriteAbsolute(text: string, ctx: Pick<TransformContext, 'part' | 'routes'>): string {
  const files = [...ctx.part.files];
  return text.replace(/(['"`(]\s*)\/([\w@.-][\w@./-]*)(?=[?#'"`)\s{$])/g, (whole, lead: string, target: string) => {
    const route = ctx.routes.get(target);
    if (route) return `${lead}/${route}`;
    const ours =
      ctx.part.files.has(target) ||
      IMPLIED_EXTS.some((ext) => ctx.part.files.has(target + ext)) ||
      (target.endsWith('/') && files.some((f) => f.startsWith(target)));
    return ours ? `${lead}/${ctx.part.prefix}/${target}` : whole;
  });
}

/** Points bare requires (and TS value imports) of packages we copied from miniprogram_npm at the packaged copy. */
export function rewriteBare(text: string, rel: string, ctx: Pick<TransformContext, 'ourRoot'>, isTs: boolean): string {
  const local = (name: string): string | null => {
    const file = npmFile(ctx.ourRoot, name);
    return file ? relativeSpecifier(rel, file.replace(/\.js$/, '')) : null;
  };
  let out = text.replace(/\brequire\(\s*(['"])([^'"./][^'"]*)\1\s*\)/g, (whole, q: string, name: string) => {
    const spec = local(name);
    return spec ? `require(${q}${spec}${q})` : whole;
  });
  if (isTs) {
    out = out.replace(/^(\s*(?:import|export)\s+(?!type\b)[^;'"]*?\bfrom\s*)(['"])([^'"./][^'"]*)\2/gm, (whole, head: string, q: string, name: string) => {
      const spec = local(name);
      return spec ? `${head}${q}${spec}${q}` : whole;
    });
  }
  return out;
}

/** TypeScript → CommonJS that WeChat runs as is (ES2018: classes, async/await, spread; comments kept). */
export function toCommonJs(source: string, fileName: string): string {
  const out = ts.transpileModule(source, {
    fileName,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2018, removeComments: false, sourceMap: false, esModuleInterop: false },
  });
  return out.outputText.replace(/\n\/\/# sourceMappingURL=.*$/, '');
}

function pageBase(rel: string, ctx: TransformContext): string | null {
  const base = rel.replace(/\.[^./]+$/, '');
  return ctx.part.pages.has(base) ? base : null;
}

/** Transforms one of our files for the host (see the file comment). */
export function transformFile(rel: string, ctx: TransformContext): TransformedFile {
  const bytes = fs.readFileSync(path.join(ctx.ourRoot, rel));
  const ext = posix.extname(rel);
  if (!TEXT_EXTS.has(ext) || rel.startsWith('miniprogram_npm/')) return { rel, content: bytes };
  let text = bytes.toString('utf8');
  const page = pageBase(rel, ctx);
  if (ext === '.json') {
    const json = JSON.parse(text) as Record<string, unknown>;
    const missing = page ? Object.entries(ctx.pageWindow).filter(([key]) => json[key] === undefined) : [];
    if (missing.length) text = JSON.stringify({ ...json, ...Object.fromEntries(missing) }, null, 2) + '\n';
  }
  if (ext === '.wxss' && page && ctx.appStyles) {
    text = `@import "${relativeSpecifier(rel, ctx.appStyles)}";\n${text}`;
  }
  if ((ext === '.ts' || ext === '.js') && page && ctx.prelude.length) {
    const lines = ctx.prelude.map((m) => relativeSpecifier(rel, m.replace(/\.(ts|js)$/, '')));
    text = (ext === '.ts' ? lines.map((s) => `import '${s}';`) : lines.map((s) => `require('${s}');`)).join('\n') + '\n' + text;
  }
  text = rewriteAbsolute(text, ctx);
  if (ext === '.ts' && ctx.lang === 'js') {
    return { rel: rel.replace(/\.ts$/, '.js'), content: Buffer.from(rewriteBare(toCommonJs(text, rel), rel, ctx, false)) };
  }
  if (ext === '.ts' || ext === '.js') text = rewriteBare(text, rel, ctx, ext === '.ts');
  return { rel, content: Buffer.from(text) };
}
