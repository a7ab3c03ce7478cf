/**
 * Bundles the mini-program's logic (TypeScript, npm imports such as marked, relative modules) with the preview
 * runtime and j-component into one browser script, through one long-lived esbuild context so an edit costs a
 * `rebuild()`, not a cold build.
 */
import * as esbuild from 'esbuild';
import * as fs from 'fs';
import * as path from 'path';
import type { ScannedApp } from './scan-app';
import { BuildError, type BuildProblem } from './build-error';

const ENTRY_NAMESPACE = 'preview-entry';
const ENTRY_NAME = 'preview:entry';
const RUNTIME_DIR = path.join(__dirname, '..', 'runtime');
/** Name the bundle is served under (/__preview/bundle.js); nothing is written to disk. */
const BUNDLE_FILE = 'bundle.js';

/** One exact-text source patch of a pinned dependency (j-component 1.4.10). */
export interface SourcePatch {
  file: RegExp;
  find: string;
  replace: string;
  why: string;
}

/**
 * j-component's render.js ignores the `hidden` attribute; WeChat hides such nodes. The call is made through a
 * local binding, so only a source patch reaches it (a CSS rule `[hidden]{display:none!important}` does the rest).
 * It drops `aria-*` attributes too (wcc hands them over camel-cased: `ariaLabel`); WeChat's renderer keeps them for screen readers (`aria-role` as the role), so
 * the patch writes them onto the DOM node, where the UI tests check every button's label.
 */
export const PATCHES: SourcePatch[] = [
  {
    file: /[\\/]j-component[\\/]src[\\/]render[\\/]render\.js$/,
    find: "    } else if (/^data-/.test(name)) {",
    replace:
      "    } else if (name === 'hidden') {\n" +
      "      if (exparserNode.$$) { if (value && value !== 'false') exparserNode.$$.setAttribute('hidden', ''); else exparserNode.$$.removeAttribute('hidden') }\n" +
      "    } else if (/^aria(-|[A-Z])/.test(name)) {\n" +
      "      var ariaName = name.replace(/[A-Z]/g, function (c) { return '-' + c.toLowerCase() })\n" +
      "      if (exparserNode.$$) { if (value === undefined || value === null || value === '') exparserNode.$$.removeAttribute(ariaName); else exparserNode.$$.setAttribute(ariaName, String(value)); if (ariaName === 'aria-role') exparserNode.$$.setAttribute('role', String(value)) }\n" +
      "    } else if (/^data-/.test(name)) {",
    why: 'the `hidden` and `aria-*` attributes',
  },
];

/** Applies one patch; throws (failing the build loudly) when the pinned dependency's text has drifted. */
export function applyPatch(text: string, patch: SourcePatch, file: string): string {
  if (!text.includes(patch.find)) {
    throw new Error(
      `Preview source patch for ${patch.why} no longer applies to ${file}: j-component must stay pinned at 1.4.10 ` +
        '(package.json); if it was upgraded on purpose, update PATCHES in tools/preview/build/bundle.ts.',
    );
  }
  return text.replace(patch.find, () => patch.replace);
}

function patchPlugin(): esbuild.Plugin {
  return {
    name: 'preview-source-patches',
    setup(build) {
      for (const patch of PATCHES) {
        build.onLoad({ filter: patch.file }, (args) => ({ contents: applyPatch(fs.readFileSync(args.path, 'utf8'), patch, args.path), loader: 'js' }));
      }
    },
  };
}

/** The generated entry: registers every component of app.json children-first, then boots the runtime. */
export function entrySource(app: ScannedApp): string {
  const lines = [`var runtime = require(${JSON.stringify(path.join(RUNTIME_DIR, 'index.ts'))});`, 'runtime.boot({'];
  lines.push(`  appJson: ${JSON.stringify(app.appJson)},`);
  lines.push(`  theme: ${JSON.stringify(app.theme)},`);
  lines.push(`  appLogic: ${app.appLogic ? `function () { require(${JSON.stringify(app.appLogic)}); }` : 'null'},`);
  lines.push('  components: [');
  for (const c of app.components) {
    const meta = { id: c.id, path: c.path, classPrefix: c.classPrefix, isPage: c.isPage, json: c.json, using: c.using };
    lines.push(`    Object.assign(${JSON.stringify(meta)}, { load: function () { require(${JSON.stringify(c.logicFile)}); } }),`);
  }
  lines.push('  ],', '});');
  return lines.join('\n');
}

function toProblem(m: esbuild.Message): BuildProblem {
  return { message: m.text, file: m.location?.file, line: m.location?.line, column: m.location ? m.location.column + 1 : undefined };
}

/** A reusable bundler for one app root; call `bundle(app)` after every change, `dispose()` at the end. */
export class AppBundler {
  private ctx: esbuild.BuildContext | null = null;
  private entry = '';
  /** The source map of the last bundle (served beside it; the browser fetches it only with DevTools open). */
  sourceMap = '';

  constructor(private readonly root: string, private readonly minify = false) {}

  /** Returns the bundled JS, or throws a BuildError listing every esbuild error with file:line. */
  async bundle(app: ScannedApp): Promise<string> {
    this.entry = entrySource(app);
    if (!this.ctx) this.ctx = await this.createContext();
    let result: esbuild.BuildResult;
    try {
      result = await this.ctx.rebuild();
    } catch (err) {
      const failure = err as esbuild.BuildFailure;
      if (Array.isArray(failure.errors)) throw new BuildError(failure.errors.map(toProblem));
      throw err;
    }
    const files = result.outputFiles ?? [];
    const js = files.find((f) => f.path.endsWith('.js'));
    if (!js) throw new BuildError([{ message: 'esbuild produced no output' }]);
    this.sourceMap = files.find((f) => f.path.endsWith('.map'))?.text ?? '';
    return js.text;
  }

  async dispose(): Promise<void> {
    await this.ctx?.dispose();
    this.ctx = null;
  }

  private createContext(): Promise<esbuild.BuildContext> {
    const entryPlugin: esbuild.Plugin = {
      name: ENTRY_NAMESPACE,
      setup: (build) => {
        build.onResolve({ filter: /^preview:entry$/ }, () => ({ path: ENTRY_NAME, namespace: ENTRY_NAMESPACE }));
        build.onLoad({ filter: /.*/, namespace: ENTRY_NAMESPACE }, () => ({ contents: this.entry, loader: 'js', resolveDir: this.root }));
      },
    };
    return esbuild.context({
      entryPoints: [ENTRY_NAME],
      bundle: true,
      write: false,
      format: 'iife',
      platform: 'browser',
      target: 'es2020',
      define: { global: 'window' },
      minify: this.minify,
      sourcemap: this.minify ? false : 'linked',
      outfile: path.join(this.root, BUNDLE_FILE),
      logLevel: 'silent',
      plugins: [entryPlugin, patchPlugin()],
      nodePaths: [path.join(__dirname, '..', '..', '..', 'node_modules')],
    });
  }
}
