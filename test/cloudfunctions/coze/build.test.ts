import { readFileSync } from 'fs';
import { BUNDLE_BUDGET_BYTES, BUNDLE_PATH, bundleText } from '../../../scripts/build-function';

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

/** A readable bundle has short lines; the minified one had lines of tens of kilobytes (a code frame each). */
const MAX_LINE_CHARS = 500;

test('the bundle is readable in DevTools and stack frames: real names, short lines, UTF-8 text, inside the size budget', () => {
  const text = readFileSync(BUNDLE_PATH, 'utf8');
  const longest = Math.max(...text.split('\n').map((line) => line.length));
  expect(longest).toBeLessThanOrEqual(MAX_LINE_CHARS);
  expect(text).toContain('var StreamPublisher = class');
  expect(text).toContain('function readEvents(');
  expect(text).toContain('请稍后');
  expect(Buffer.byteLength(text)).toBeLessThanOrEqual(BUNDLE_BUDGET_BYTES);
});
