/** Test helpers: a temp copy of a fixture host, and a snapshot of a folder's files (path → sha256). */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** Fixture hosts (test/fixtures/hosts/<name>): small, realistic mini-program projects. */
export const HOSTS_DIR = path.join(__dirname, '..', '..', 'fixtures', 'hosts');

/** Copies fixture host `name` into a fresh temp folder and returns the copy's path. */
export function copyHost(name: string): string {
  const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'integrate-')), name);
  fs.cpSync(path.join(HOSTS_DIR, name), dir, { recursive: true });
  return dir;
}

/** Every file under `dir` (relative, `/`-separated) with the sha256 of its bytes. */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[path.relative(dir, p).split(path.sep).join('/')] = createHash('sha256').update(fs.readFileSync(p)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

/** Files of `dir` matching `re` (relative paths). */
export function filesMatching(dir: string, re: RegExp): string[] {
  return Object.keys(snapshot(dir)).filter((f) => re.test(f));
}
