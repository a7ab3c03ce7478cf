/**
 * Builds the `coze` cloud function into ONE committed file, cloudfunctions/coze/index.js, so DevTools users
 * can upload the folder as-is (only wx-server-sdk is installed in the cloud), and the HTTP function `coze-http`
 * (issue 21) from the SAME sources into cloudfunctions/coze-http/index.js. `npm run build`.
 */
import { build, BuildOptions } from 'esbuild';
import { writeFileSync } from 'fs';
import path from 'path';

/** Repository root (this file lives in scripts/). */
export const ROOT = path.resolve(__dirname, '..');
/** The committed bundle. */
export const BUNDLE_PATH = path.join(ROOT, 'cloudfunctions/coze/index.js');

/** The bundle budget of issue 8 (bench target): each built bundle must stay under it. */
export const BUNDLE_BUDGET_BYTES = 150 * 1024;

/**
 * The one esbuild configuration, shared with the test that checks the committed bundle is current. Whitespace
 * and syntax are minified (esbuild breaks lines near 400 characters where it can), identifiers are not: with attachments, chatflows, thinking and the HTTP road the
 * readable build outgrew BUNDLE_BUDGET_BYTES (about 164 KB), while this one stays well inside it and parses faster
 * on a cold start. Names stay real (functions, classes and variables keep their source names), and the function
 * never logs stack traces anyway: developers read `cloudfunctions/coze/src`. Chinese text stays UTF-8 (charset
 * utf8), not \u escapes.
 */
export const BUILD_OPTIONS: BuildOptions = {
  entryPoints: [path.join(ROOT, 'cloudfunctions/coze/src/index.ts')],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node16',
  minifyWhitespace: true,
  minifySyntax: true,
  // Lines stay short, so an error's code frame in the function log is one line of code, not the whole file.
  lineLimit: 400,
  legalComments: 'none',
  charset: 'utf8',
  external: ['wx-server-sdk'],
  banner: { js: '/* Built by `npm run build` from cloudfunctions/coze/src. Do not edit. */' },
  logLevel: 'silent',
};

/** The committed bundle of the HTTP function (its folder also holds scf_bootstrap and package.json). */
export const HTTP_BUNDLE_PATH = path.join(ROOT, 'cloudfunctions/coze-http/index.js');

/** The HTTP function: the same options, another entry (src/http-main.ts starts the server on port 9000). */
export const HTTP_BUILD_OPTIONS: BuildOptions = {
  ...BUILD_OPTIONS,
  entryPoints: [path.join(ROOT, 'cloudfunctions/coze/src/http-main.ts')],
  banner: { js: '/* Built by `npm run build` from cloudfunctions/coze/src (entry http-main.ts). Do not edit. */' },
};

/** Bundles in memory and returns the file text (the `coze` function unless told otherwise). */
export async function bundleText(options: BuildOptions = BUILD_OPTIONS): Promise<string> {
  const result = await build({ ...options, write: false });
  const [file] = result.outputFiles ?? [];
  if (!file) throw new Error(`esbuild produced no output; check ${String(options.entryPoints)}`);
  return file.text;
}

async function run(): Promise<void> {
  for (const [options, target] of [[BUILD_OPTIONS, BUNDLE_PATH], [HTTP_BUILD_OPTIONS, HTTP_BUNDLE_PATH]] as const) {
    const text = await bundleText(options);
    writeFileSync(target, text);
    console.log(`wrote ${path.relative(ROOT, target)} (${Buffer.byteLength(text)} bytes)`);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === __filename) {
  run().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
