#!/usr/bin/env node
/**
 * Puts the mini-program's npm dependencies into miniprogram/miniprogram_npm/<name>/index.js, where the
 * mini-program runtime resolves `require('<name>')`. It runs on `npm install` (postinstall), so DevTools needs
 * no "Build npm" click. We do it ourselves because WeChat's npm packer skips packages whose `main` ends in
 * `.cjs` (marked 15's does), leaving the page without its markdown tokenizer.
 *
 * Each entry names a single self-contained CommonJS file (no require() of its own), so a copy is complete.
 */
'use strict';
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
/** Runtime dependencies of the mini-program: package name → its self-contained CommonJS build. */
const PACKAGES = { marked: 'lib/marked.cjs' };

function pack(name, file) {
  const pkgDir = path.dirname(require.resolve(`${name}/package.json`, { paths: [root] }));
  const source = fs.readFileSync(path.join(pkgDir, file), 'utf8');
  if (/\brequire\(\s*['"]/.test(source)) {
    throw new Error(`${name}/${file} requires other modules, so a single-file copy would be incomplete; bundle it instead.`);
  }
  const version = require(path.join(pkgDir, 'package.json')).version;
  const outDir = path.join(root, 'miniprogram', 'miniprogram_npm', name);
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, 'index.js'), `/* ${name}@${version} (${file}), copied by scripts/pack-miniprogram-npm.js */\n${source}`);
  return `${name}@${version}`;
}

if (require.main === module) {
  try {
    const done = Object.entries(PACKAGES).map(([name, file]) => pack(name, file));
    console.log(`miniprogram_npm: ${done.join(', ')}`);
  } catch (err) {
    console.error(`Could not pack the mini-program's npm dependencies: ${err.message}`);
    process.exit(1);
  }
}

module.exports = { PACKAGES, pack };
