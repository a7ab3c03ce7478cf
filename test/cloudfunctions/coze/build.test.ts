import { readFileSync } from 'fs';
import { BUNDLE_PATH, bundleText } from '../../../scripts/build-function';

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
