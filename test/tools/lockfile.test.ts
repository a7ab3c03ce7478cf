/**
 * `npm install` (the README's command) rewrites package-lock.json's root entry from package.json, so a fresh
 * clone's `git status` stays clean only if the committed root entry already says what npm would write. The CI
 * run (.ci/run) also checks the tree after a real `npm install`; this catches the usual drift offline.
 */
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..');
const read = (file: string): Record<string, unknown> => JSON.parse(fs.readFileSync(path.join(ROOT, file), 'utf8')) as Record<string, unknown>;

describe('package-lock.json root entry', () => {
  const pkg = read('package.json') as { name: string; version: string; license?: string; scripts?: Record<string, string>; dependencies?: object; devDependencies?: object; engines?: object };
  const lock = read('package-lock.json') as { name: string; version: string; packages: Record<string, Record<string, unknown>> };
  const root = lock.packages[''];

  it('says it has an install script exactly when package.json has one (npm adds "hasInstallScript": true)', () => {
    const hasInstallScript = ['preinstall', 'install', 'postinstall'].some((name) => pkg.scripts?.[name] !== undefined);
    expect(root.hasInstallScript === true).toBe(hasInstallScript);
  });

  it('matches package.json in name, version, license, engines and dependencies', () => {
    expect([lock.name, lock.version, root.name, root.version]).toEqual([pkg.name, pkg.version, pkg.name, pkg.version]);
    expect(root.license).toEqual(pkg.license);
    expect(root.engines).toEqual(pkg.engines);
    expect(root.dependencies).toEqual(pkg.dependencies);
    expect(root.devDependencies).toEqual(pkg.devDependencies);
  });
});
