/**
 * Loading the built function opens no connection in the cloud runtime, and the cold-start benchmark loads it
 * the way the cloud does (bench/cold-start.ts CLOUD_RUNTIME_ENV). Outside the cloud, wx-server-sdk's
 * `cloud.init()` starts a lookup of Tencent Cloud's metadata host to learn where it runs; that set-up is what
 * made the benchmark charge our code ~10 ms that no deployed function pays. Each case spawns a fresh Node that
 * records every DNS lookup (answering each with ENOTFOUND, so nothing leaves the machine), requires the bundle,
 * and prints the hosts once the event loop has drained.
 */
import { execFile } from 'child_process';
import path from 'path';
import { promisify } from 'util';
import { CLOUD_RUNTIME_ENV } from '../../../bench/cold-start';

const run = promisify(execFile);
const BUNDLE = path.resolve(__dirname, '../../../cloudfunctions/coze/index.js');

const RECORDER = `
const dns = require('dns');
const hosts = [];
dns.lookup = (host, options, callback) => {
  hosts.push(host);
  const done = typeof options === 'function' ? options : callback;
  process.nextTick(done, Object.assign(new Error('getaddrinfo ENOTFOUND ' + host), { code: 'ENOTFOUND', hostname: host }));
};
require(process.argv[1]);
process.once('beforeExit', () => process.stdout.write(JSON.stringify({ hosts }) + '\\n'));
`;

/** The hosts looked up while the bundle loads and its start-up promises settle, under `extraEnv`. */
async function hostsLookedUp(extraEnv: Record<string, string>): Promise<string[]> {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', ...extraEnv };
  const { stdout } = await run(process.execPath, ['-e', RECORDER, BUNDLE], { env, cwd: path.dirname(BUNDLE), timeout: 30_000 });
  const line = stdout.trim().split('\n').pop() ?? '';
  return (JSON.parse(line) as { hosts: string[] }).hosts;
}

describe('loading the built function', () => {
  test('in the cloud runtime (TENCENTCLOUD_RUNENV=SCF) looks up no host at all', async () => {
    expect(CLOUD_RUNTIME_ENV.TENCENTCLOUD_RUNENV).toBe('SCF');
    expect(await hostsLookedUp({ ...CLOUD_RUNTIME_ENV })).toEqual([]);
  });

  test('outside it, cloud.init() looks up the metadata host: the reason the benchmark sets the cloud variables', async () => {
    expect(await hostsLookedUp({})).toContain('metadata.tencentyun.com');
  });
});
