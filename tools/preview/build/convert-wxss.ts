/**
 * Turns WXSS into browser CSS with postcss 8, the way the base library scopes it: classes get the component's
 * exparser classPrefix (`.x` → `.card--x`), `page`/tag selectors become `wx-*`, `:host` becomes the component's
 * host tag, and rpx/vh/vw scale with the phone frame through CSS variables.
 */
import * as fs from 'fs';
import * as path from 'path';
import postcss, { type AtRule, type ChildNode, type Root, CssSyntaxError } from 'postcss';
import { BuildError } from './build-error';
import { OFFICIAL_TAGS, convertUnits } from '../shared/wx-style';

const OFFICIAL = new Set<string>(OFFICIAL_TAGS);
const KEYFRAMES = /keyframes$/i;


/**
 * How one stylesheet is scoped: `prefix` is the classPrefix ('' for app.wxss and pages), `hostTag` for `:host`.
 * `within` (pages only) is a selector every rule is put under: WeChat isolates each page's WXSS from the other
 * pages, so in the preview one page's `.list` must not reach another page's `.list`.
 */
export interface WxssScope {
  prefix: string;
  hostTag: string;
  within?: string;
}

function splitList(selector: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of selector) {
    if (ch === '(' || ch === '[') depth += 1;
    if (ch === ')' || ch === ']') depth -= 1;
    if (ch === ',' && depth === 0) {
      out.push(current.trim());
      current = '';
    } else current += ch;
  }
  out.push(current.trim());
  return out;
}

/** Rewrites one selector (no commas) for a scope. */
export function scopeSelector(selector: string, scope: WxssScope): string {
  let s = selector;
  s = s.replace(/:host(\(([^)]*)\))?/g, (_m, _g: string, inner: string | undefined) => `${scope.hostTag}${inner ?? ''}`);
  if (scope.prefix) s = s.replace(/\.(-?[_a-zA-Z][\w-]*)/g, (_m, name: string) => `.${scope.prefix}--${name}`);
  // Tag names stand at the start of a compound: after the start, a combinator or whitespace.
  s = s.replace(/(^|[\s>+~(])([a-z][a-z-]*)(?=$|[\s.#:[>+~),])/g, (m, lead: string, tag: string) => (OFFICIAL.has(tag) ? `${lead}wx-${tag}` : m));
  return scope.within ? `${scope.within} ${s}` : s;
}

function resolveImport(fromFile: string, root: string, param: string): string {
  const target = param.replace(/^url\(/, '').replace(/\)$/, '').replace(/^["']|["']$/g, '');
  const file = target.startsWith('/') ? path.join(root, target) : path.resolve(path.dirname(fromFile), target);
  return file.endsWith('.wxss') || file.endsWith('.css') ? file : `${file}.wxss`;
}

function parseFile(file: string): Root {
  const text = fs.readFileSync(file, 'utf8');
  try {
    return postcss.parse(text, { from: file });
  } catch (err) {
    if (err instanceof CssSyntaxError) {
      throw new BuildError([{ message: err.reason, file: err.file ?? file, line: err.line, column: err.column }]);
    }
    throw err;
  }
}

/** Inlines `@import` (relative or `/`-absolute, as WXSS allows), refusing cycles. */
function inlineImports(rootNode: Root, file: string, appRoot: string, seen: Set<string>): void {
  rootNode.walkAtRules('import', (rule: AtRule) => {
    const target = resolveImport(file, appRoot, rule.params.trim());
    if (!fs.existsSync(target)) {
      throw new BuildError([{ message: `@import ${rule.params}: ${target} not found; fix the path.`, file, line: rule.source?.start?.line }]);
    }
    if (seen.has(target)) {
      rule.remove();
      return;
    }
    seen.add(target);
    const imported = parseFile(target);
    inlineImports(imported, target, appRoot, seen);
    rule.replaceWith(imported.nodes.map((n: ChildNode) => n.clone()));
  });
}

/** Converts one .wxss file (with its imports) to CSS for the given scope. */
export function convertWxss(file: string, appRoot: string, scope: WxssScope): string {
  const rootNode = parseFile(file);
  inlineImports(rootNode, file, appRoot, new Set([file]));
  rootNode.walkRules((rule) => {
    const parent = rule.parent;
    if (parent && parent.type === 'atrule' && KEYFRAMES.test((parent as AtRule).name)) return;
    rule.selector = splitList(rule.selector).map((sel) => scopeSelector(sel, scope)).join(',\n');
  });
  rootNode.walkDecls((decl) => {
    decl.value = convertUnits(decl.value);
  });
  return rootNode.toString();
}
