/**
 * Checks every .wxml/.wxs and .wxss file of a mini-program tree with WeChat's own compilers (wcc, wcsc from
 * miniprogram-compiler). The binaries are spawned directly because the package's JS wrapper loses wcsc's
 * messages. Exported for tests; `npm run check:wx` is the command line.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import { createRequire } from 'module';
import * as os from 'os';
import * as path from 'path';

/** One file's compiler complaint, with the compiler's own text (it carries file:line:col). */
export interface WxProblem {
  tool: 'wcc' | 'wcsc';
  message: string;
}

/** Node's require, typed as such (the root tsconfig also loads miniprogram-api-typings, which redeclare `require`). */
const nodeRequire = createRequire(__filename);

const SKIP_DIRS = new Set(['node_modules', 'miniprogram_npm', '.git']);

/** Every file under `root` whose name ends with one of `exts`, as `/`-separated paths relative to root. */
export function listFiles(root: string, exts: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (!SKIP_DIRS.has(entry.name)) walk(path.join(dir, entry.name));
      } else if (exts.some((ext) => entry.name.endsWith(ext))) {
        out.push(path.relative(root, path.join(dir, entry.name)).split(path.sep).join('/'));
      }
    }
  };
  walk(root);
  return out.sort();
}

/** Path of an executable copy of a miniprogram-compiler binary (the package ships them without +x). */
function binary(name: 'wcc' | 'wcsc'): string {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(`WeChat's ${name} ships for linux-x64 (and mac/windows builds) only; run the check on linux-x64.`);
  }
  const shipped = path.join(path.dirname(nodeRequire.resolve('miniprogram-compiler/package.json')), 'bin', 'linux', name);
  try {
    fs.accessSync(shipped, fs.constants.X_OK);
    return shipped;
  } catch {
    try {
      fs.chmodSync(shipped, 0o755);
      return shipped;
    } catch {
      const copy = path.join(os.tmpdir(), `coze-weapp-${name}`);
      fs.copyFileSync(shipped, copy);
      fs.chmodSync(copy, 0o755);
      return copy;
    }
  }
}

function run(tool: 'wcc' | 'wcsc', args: string[], cwd: string): WxProblem[] {
  const res = spawnSync(binary(tool), args, { cwd, maxBuffer: 64 * 1024 * 1024 });
  if (res.error) return [{ tool, message: `could not run ${tool}: ${res.error.message}` }];
  const stderr = res.stderr.toString().trim();
  if (res.status === 0) return [];
  return [{ tool, message: stderr || `${tool} exited with status ${res.status}` }];
}

/**
 * Compiles the whole tree: all .wxml (with .wxs) in one wcc run, as DevTools does, and all .wxss in one
 * wcsc run. Returns the problems; an empty list means both compilers accepted everything.
 */
export function checkWx(root: string): WxProblem[] {
  const problems: WxProblem[] = [];
  const wxml = listFiles(root, ['.wxml']);
  const wxs = listFiles(root, ['.wxs']);
  const wxss = listFiles(root, ['.wxss']);
  if (wxml.length) problems.push(...run('wcc', ['-d', ...wxml, ...wxs], root));
  if (wxss.length) problems.push(...run('wcsc', ['-db', '-pc', '0', ...wxss], root));
  return problems;
}

if (nodeRequire.main === module) {
  const root = path.resolve(process.argv[2] ?? 'miniprogram');
  const problems = checkWx(root);
  if (problems.length) {
    for (const p of problems) console.error(`${p.tool}: ${p.message}`);
    console.error(`\nWXML/WXSS check failed in ${root}: fix the file:line above (WeChat's own compiler rejects it).`);
    process.exit(1);
  }
  console.log(`WXML/WXSS check passed: ${listFiles(root, ['.wxml']).length} .wxml, ${listFiles(root, ['.wxss']).length} .wxss (wcc/wcsc).`);
}
