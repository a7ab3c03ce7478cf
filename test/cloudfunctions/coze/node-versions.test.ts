/**
 * The built bundle runs on every CloudBase Node runtime: scripts/smoke-bundle.js is spawned with each binary
 * in SMOKE_NODE_BINARIES (colon-separated; CI installs Node 16.13.2 and 18.15.0) plus this Node.
 */
import { execFile } from 'child_process';
import path from 'path';
import { promisify } from 'util';
import { cloudFunctionEnv, generateAppKeys, startEmulator } from '../../../tools/coze-emulator/index';
import type { CozeEmulator } from '../../../tools/coze-emulator/index';

const run = promisify(execFile);
const SCRIPT = path.resolve(__dirname, '../../../scripts/smoke-bundle.js');
const extra = (process.env.SMOKE_NODE_BINARIES ?? '').split(':').filter(Boolean);
const binaries = [...extra, process.execPath];
const label = extra.length ? `SMOKE_NODE_BINARIES + this node (${binaries.length} binaries)` : 'this node only (SMOKE_NODE_BINARIES is unset)';

let emulator: CozeEmulator;
const keys = generateAppKeys();
beforeAll(async () => {
  emulator = await startEmulator({ apps: [{ appId: keys.appId, keyId: keys.keyId, publicKeyPem: keys.publicKeyPem }] });
});
afterAll(async () => {
  await emulator.stop();
});

describe(`smoke-bundle.js on ${label}`, () => {
  test.each(binaries)('%s: chat.send answers ok with a non-empty answer', async (node) => {
    const env = {
      PATH: process.env.PATH ?? '',
      ...cloudFunctionEnv(emulator, keys, { escapeNewlines: true }),
      WX_CONTEXT_KEYS: 'WX_OPENID,WX_APPID',
      WX_OPENID: 'o_smoke_user',
      WX_APPID: 'wx0000000000000000',
    };
    const { stdout } = await run(node, [SCRIPT], { env, timeout: 60_000 });
    const line = stdout.trim().split('\n').filter((l) => l.startsWith('{"node"')).pop() ?? '';
    const parsed = JSON.parse(line) as { node: string; result: { ok: boolean; data?: { answer?: { content: string } } } };
    expect(parsed.result.ok).toBe(true);
    expect(parsed.result.data?.answer?.content.length).toBeGreaterThan(0);
  });
});
