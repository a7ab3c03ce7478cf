/**
 * The command line: spawned for real with --port 0, it prints the listening line and working COZE_* settings
 * for its throwaway key, serves requests, and exits cleanly on SIGTERM; given a key it prints no private key.
 */
import { spawn, type ChildProcess } from 'child_process';
import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { generateAppKeys } from '../../../tools/coze-emulator';
import { parseCliArgs } from '../../../tools/coze-emulator/cli-args';
import { request, signJwt } from './helpers';

const ROOT = path.resolve(__dirname, '../../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');

/** Spawns the CLI and resolves with its full settings block once the listening line (and what follows) is out. */
function spawnCli(args: string[]): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(TSX, ['tools/coze-emulator/cli.ts', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr?.on('data', (c: Buffer) => (err += c.toString()));
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /^Coze emulator listening on (http:\/\/127\.0\.0\.1:\d+)$/m.exec(out);
      if (m && out.includes('# Trigger words')) resolve({ child, url: m[1], output: () => out });
    });
    child.on('exit', (code) => reject(new Error(`cli exited ${code}: ${err}`)));
  });
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.on('exit', (code) => resolve(code)));
}

describe('coze-emulator CLI', () => {
  it('with no key options: prints COZE_* settings whose dev key really works, then exits 0 on SIGTERM', async () => {
    const { child, url, output } = await spawnCli(['--port', '0', '--delay', '0']);
    try {
      const env = Object.fromEntries(
        output()
          .split('\n')
          .filter((l) => l.startsWith('COZE_'))
          .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1).replace(/^"|"$/g, '')]),
      );
      expect(env.COZE_API_BASE).toBe(url);
      expect(output()).toContain('Throwaway dev key');
      const privateKeyPem = env.COZE_JWT_OAUTH_PRIVATE_KEY.replace(/\\n/g, '\n');
      const jwt = signJwt({ privateKeyPem, keyId: env.COZE_JWT_OAUTH_PUBLIC_KEY_ID, appId: env.COZE_JWT_OAUTH_CLIENT_ID });
      const tok = await request(url, 'POST', '/api/permission/oauth2/token', { token: jwt, body: { grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer' } });
      const access = tok.json<{ access_token: string }>().access_token;
      const bot = await request(url, 'GET', `/v1/bots/${env.COZE_BOT_ID}`, { token: access });
      expect(bot.json().code).toBe(0);
    } finally {
      const done = exited(child);
      child.kill('SIGTERM');
      expect(await done).toBe(0);
    }
  });

  it('with --app-id/--key-id/--public-key: accepts that key and prints no private key', async () => {
    const keys = generateAppKeys();
    const dir = mkdtempSync(path.join(tmpdir(), 'coze-emu-'));
    const pub = path.join(dir, 'pub.pem');
    writeFileSync(pub, keys.publicKeyPem);
    const { child, url, output } = await spawnCli(['--port', '0', '--app-id', keys.appId, '--key-id', keys.keyId, '--public-key', pub, '--bot-id', '7123456789012345678']);
    try {
      expect(output()).not.toContain('PRIVATE KEY');
      const tok = await request(url, 'POST', '/api/permission/oauth2/token', { token: signJwt(keys), body: { grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer' } });
      const bot = await request(url, 'GET', '/v1/bots/7123456789012345678', { token: tok.json<{ access_token: string }>().access_token });
      expect(bot.json().code).toBe(0);
    } finally {
      const done = exited(child);
      child.kill('SIGINT');
      expect(await done).toBe(0);
    }
  });

  it('parses flags and refuses bad ones with the usage line', () => {
    expect(parseCliArgs(['--port', '8787', '--delay', '0', '--no-isolation', '--pascal-onboarding', '--no-suggestions'])).toMatchObject({
      port: 8787,
      delayMs: 0,
      isolation: false,
      pascal: true,
      suggestions: false,
    });
    expect(parseCliArgs([]).delayMs).toBe(30);
    expect(() => parseCliArgs(['--port', 'x'])).toThrow(/usage: npm run emulator/);
    expect(() => parseCliArgs(['--app-id', '1'])).toThrow(/go together/);
    expect(() => parseCliArgs(['--bogus'])).toThrow(/unknown option --bogus/);
  });
});
