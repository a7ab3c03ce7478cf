import { readFileSync, statSync } from 'fs';
import { dirname, join } from 'path';
import { BUNDLE_BUDGET_BYTES, BUNDLE_PATH, bundleText, HTTP_BUILD_OPTIONS, HTTP_BUNDLE_PATH } from '../../../scripts/build-function';

test('the committed cloudfunctions/coze/index.js is the build of the current sources', async () => {
  const fresh = await bundleText();
  const committed = readFileSync(BUNDLE_PATH, 'utf8');
  if (committed !== fresh) {
    throw new Error('cloudfunctions/coze/index.js is out of date: run npm run build and commit the result');
  }
});

test('the bundle keeps wx-server-sdk external and bundles jose', async () => {
  const text = readFileSync(BUNDLE_PATH, 'utf8');
  expect(text).toContain('require("wx-server-sdk")');
  expect(text).not.toContain('require("jose")');
  expect(text).not.toMatch(/\bfetch\(/);
});

/**
 * No AsyncLocalStorage (async_hooks) in either bundle: once one is used, Node 16–20 turn on promise hooks for the
 * WHOLE process, so every promise of the function, of wx-server-sdk and of every concurrent invocation in the
 * instance pays for context propagation (measured: about 0.27 ms of a 3.5 ms warm chat.send relay turn, some 8 %).
 * The call's deadline is passed down as a value instead (src/deadline.ts).
 */
test.each([
  ['cloudfunctions/coze/index.js', BUNDLE_PATH],
  ['cloudfunctions/coze-http/index.js', HTTP_BUNDLE_PATH],
])('%s uses no AsyncLocalStorage / async_hooks', (_name, file) => {
  const text = readFileSync(file, 'utf8');
  expect(text).not.toContain('async_hooks');
  expect(text).not.toContain('AsyncLocalStorage');
});

/**
 * Lines stay bounded (esbuild breaks them near 400 characters where it can); without the line limit, minified
 * whitespace made lines of tens of kilobytes, and an error's code frame in the log would be one of them.
 */
const MAX_LINE_CHARS = 4000;

test('the bundle keeps real names, bounded lines and UTF-8 text, inside the size budget', () => {
  const text = readFileSync(BUNDLE_PATH, 'utf8');
  const longest = Math.max(...text.split('\n').map((line) => line.length));
  expect(longest).toBeLessThanOrEqual(MAX_LINE_CHARS);
  expect(text).toContain('var StreamPublisher=class');
  expect(text).toContain('function readEvents(');
  expect(text).toContain('请稍后');
  expect(Buffer.byteLength(text)).toBeLessThanOrEqual(BUNDLE_BUDGET_BYTES);
});

test('the committed cloudfunctions/coze-http/index.js is the build of the same sources (entry http-main.ts), with its scf_bootstrap', async () => {
  const fresh = await bundleText(HTTP_BUILD_OPTIONS);
  if (readFileSync(HTTP_BUNDLE_PATH, 'utf8') !== fresh) {
    throw new Error('cloudfunctions/coze-http/index.js is out of date: run npm run build and commit the result');
  }
  expect(fresh).toContain('require("wx-server-sdk")');
  expect(fresh).toContain('function handleHttp(');
  expect(Buffer.byteLength(fresh)).toBeLessThanOrEqual(BUNDLE_BUDGET_BYTES);
  const bootstrap = join(dirname(HTTP_BUNDLE_PATH), 'scf_bootstrap');
  const text = readFileSync(bootstrap, 'utf8');
  // CloudBase: shebang first, an absolute node path, LF endings, executable (docs.cloudbase.net/cloud-function/develop/scf-bootstrap).
  expect(text.startsWith('#!/bin/bash\n')).toBe(true);
  expect(text).toMatch(/^\/var\/lang\/node\d+\/bin\/node index\.js$/m);
  expect(text).not.toContain('\r');
  expect(statSync(bootstrap).mode & 0o111).not.toBe(0);
});
