/**
 * Compiles every .wxml/.wxs of the app with WeChat's own wcc into one browser script defining `window.__gwx`,
 * so templates, import, include and `<wxs src>` behave as in WeChat (j-component's JS compiler drops them).
 */
import { spawnSync } from 'child_process';
import { createRequire } from 'module';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { ScannedApp } from './scan-app';
import { BuildError } from './build-error';

const SKIP_DIRS = new Set(['node_modules', '.git']);
const WCC_MAX_OUTPUT = 64 * 1024 * 1024;

function listFiles(root: string, ext: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (!SKIP_DIRS.has(entry.name)) walk(path.join(dir, entry.name));
      } else if (entry.name.endsWith(ext)) {
        out.push(`./${path.relative(root, path.join(dir, entry.name)).split(path.sep).join('/')}`);
      }
    }
  };
  walk(root);
  return out.sort();
}

let wccPath: string | null = null;

/** An executable wcc (miniprogram-compiler ships it without the x bit; node_modules may be read-only). */
function wcc(): string {
  if (wccPath) return wccPath;
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new BuildError([{ message: "WeChat's wcc ships for linux-x64 (and mac/windows) only: run the preview on linux-x64." }]);
  }
  const shipped = path.join(path.dirname(createRequire(__filename).resolve('miniprogram-compiler/package.json')), 'bin', 'linux', 'wcc');
  try {
    fs.accessSync(shipped, fs.constants.X_OK);
    wccPath = shipped;
  } catch {
    const copy = path.join(os.tmpdir(), `coze-weapp-preview-wcc-${process.pid}`);
    fs.copyFileSync(shipped, copy);
    fs.chmodSync(copy, 0o755);
    wccPath = copy;
  }
  return wccPath;
}

/** wcc's "custom component" arguments: for each template with usingComponents, its path, count and tag names. */
function componentArgs(app: ScannedApp): string {
  const withUsing = app.components.filter((c) => Object.keys(c.json.usingComponents ?? {}).length > 0);
  const parts: string[] = [String(withUsing.length)];
  for (const c of withUsing) {
    const keys = Object.keys(c.json.usingComponents ?? {});
    parts.push(`./${c.path}.wxml`, String(keys.length), ...keys);
  }
  return parts.join(' ');
}

/** wcc's messages name the file and line (`./pages/x/x.wxml:4:1: …`); keep them as they are. */
function parseWccErrors(stderr: string, root: string): BuildError {
  const text = stderr.trim() || 'wcc failed without a message';
  const match = /(\.\/[^\s:]+\.(?:wxml|wxs)):(\d+):(\d+)/.exec(text);
  return new BuildError([
    {
      message: text,
      file: match ? path.join(root, match[1]) : undefined,
      line: match ? Number(match[2]) : undefined,
      column: match ? Number(match[3]) : undefined,
    },
  ]);
}

/** Returns the classic script that sets `window.__gwx` (keys look like `./pages/chat/chat.wxml`). */
export function compileWxml(app: ScannedApp): string {
  const wxml = listFiles(app.root, '.wxml');
  const wxs = listFiles(app.root, '.wxs');
  const args = ['-d', '-cc', componentArgs(app), ...wxml, ...wxs, '-gn', '$gwx'];
  const res = spawnSync(wcc(), args, { cwd: app.root, maxBuffer: WCC_MAX_OUTPUT });
  if (res.error) throw new BuildError([{ message: `could not run wcc: ${res.error.message}` }]);
  if (res.status !== 0) throw parseWccErrors(res.stderr.toString(), app.root);
  return `(function(){var window=self;window.__webview_engine_version__=0.02;\n${res.stdout.toString()}\n;self.__gwx=$gwx;})();\n`;
}
