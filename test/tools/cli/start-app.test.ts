import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { generateAppKeys, startEmulator } from '../../../tools/coze-emulator/index';
import { USER_MESSAGES } from '../../../cloudfunctions/coze/src/errors';
import * as net from 'net';
import { REPO_ROOT, runStart, servePreview, START_USAGE } from '../../../tools/cli/start-app';
import { makeStyle } from '../../../tools/cli/style';
import { createLocalCloud } from '../../../tools/dev-server/local-cloud';
import { startPreview } from '../../../tools/preview/server';
import { fakeFunction } from '../dev-server/fake-function';
import { capture } from './capture';

const logFile = (): string => path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'npm-start-')), 'function.log');

describe('npm start -- --say', () => {
  it('with no configuration, answers from the embedded emulator, streamed in several writes, and exits 0', async () => {
    const out = capture();
    const err = capture();
    const env: NodeJS.ProcessEnv = { CHAT_STREAM_WRITE_MS: '0' };
    const code = await runStart(['--say', '你好'], { out, err, env, envFile: null, logFile: logFile(), deltaDelayMs: 2 });
    expect(err.text()).toMatch(/^Backend: embedded Coze emulator at \S+ \(fresh key pair; set COZE_\* in \.env to use the real Coze\)\n$/);
    expect(code).toBe(0);
    const text = out.text();
    expect(text.startsWith('## ')).toBe(true);
    expect(text).toContain('你好');
    expect(text).toMatch(/```ts\n/);
    expect(text).toContain('Follow-ups:');
    expect(text).not.toMatch(/^ {2}\/\d /m);
    const answerWrites = out.writes.filter((w) => !w.includes('Follow-ups') && w.trim() !== '');
    expect(answerWrites.length).toBeGreaterThan(2);
    expect(text).not.toContain('\u001b[');
    expect(text).not.toContain('PRIVATE KEY');
    expect(env.COZE_JWT_OAUTH_PRIVATE_KEY).toContain('PRIVATE KEY');
  });

  it('with configured credentials talks to that Coze, and on failure exits 1 with the envelope\'s message', async () => {
    const registered = generateAppKeys();
    const emulator = await startEmulator({ apps: [{ appId: registered.appId, keyId: registered.keyId, publicKeyPem: registered.publicKeyPem }] });
    try {
      const wrong = generateAppKeys();
      const env: NodeJS.ProcessEnv = {
        COZE_API_BASE: emulator.url,
        COZE_JWT_OAUTH_CLIENT_ID: registered.appId,
        COZE_JWT_OAUTH_PUBLIC_KEY_ID: registered.keyId,
        COZE_JWT_OAUTH_PRIVATE_KEY: wrong.privateKeyPem,
        COZE_BOT_ID: emulator.botId,
      };
      const out = capture();
      const err = capture();
      const code = await runStart(['--say', '你好'], { out, err, env, envFile: null, logFile: logFile() });
      expect(code).toBe(1);
      expect(err.text()).toContain(`[COZE_AUTH] ${USER_MESSAGES.COZE_AUTH}`);
      expect(err.text()).toContain('npm run doctor');
      expect(out.text()).toBe('');
      expect(emulator.stats.tokenExchanges).toBe(0);
      expect(emulator.requests.some((r) => r.path === '/api/permission/oauth2/token')).toBe(true);
    } finally {
      await emulator.stop();
    }
  });

  it('refuses half-configured settings (only COZE_API_BASE): names the missing credentials and exits 1, never silently uses the emulator', async () => {
    const out = capture();
    const err = capture();
    const env: NodeJS.ProcessEnv = { COZE_API_BASE: 'https://api.coze.com', COZE_BOT_ID: '7428933434510770212' };
    expect(await runStart(['--say', '你好'], { out, err, env, envFile: null, logFile: logFile() })).toBe(1);
    expect(err.text()).toBe(
      'COZE_API_BASE, COZE_BOT_ID are set, so the real Coze is meant, but COZE_JWT_OAUTH_CLIENT_ID, COZE_JWT_OAUTH_PUBLIC_KEY_ID, COZE_JWT_OAUTH_PRIVATE_KEY are missing. Set them in .env (see .env.example; npm run doctor checks them), or unset every COZE_* variable to use the embedded emulator.\n',
    );
    expect(out.text()).toBe('');
  });

  it('recovers a dropped stream like the mini-program (exit 0, the whole answer), and names the base URL when the connection fails', async () => {
    const out = capture();
    const err = capture();
    const env: NodeJS.ProcessEnv = { CHAT_STREAM_WRITE_MS: '0' };
    expect(await runStart(['--say', '你好 #fault:drop'], { out, err, env, envFile: null, logFile: logFile(), deltaDelayMs: 2 })).toBe(0);
    expect(out.text()).toContain('Follow-ups:');
    expect(err.text()).not.toContain('UPSTREAM');

    const failedOut = capture();
    const failedErr = capture();
    expect(await runStart(['--say', '你好 #fault:502'], { out: failedOut, err: failedErr, env: { CHAT_STREAM_WRITE_MS: '0' }, envFile: null, logFile: logFile() })).toBe(1);
    expect(failedErr.text()).toContain('[UPSTREAM]');
    expect(failedErr.text()).toMatch(/The connection to Coze at http:\/\/127\.0\.0\.1:\d+ failed or timed out: check your network or COZE_API_BASE \(npm run doctor\)/);
  });

  it('serves the preview on a free port when the asked one is taken, as its help says', async () => {
    expect(START_USAGE).toContain('a free one if taken');
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve()));
    const busy = (blocker.address() as net.AddressInfo).port;
    const err = capture();
    const cloud = createLocalCloud(fakeFunction());
    try {
      const preview = await servePreview(cloud, busy, { err }, makeStyle(false));
      expect(err.text()).toBe('');
      expect(preview).toBeDefined();
      expect(Number(new URL(preview?.url ?? '').port)).not.toBe(busy);
      await preview?.stop();
      // The preview's own hint names the flag of the command that runs it, and keeps the code for fallbacks.
      const refused = startPreview({ root: path.join(REPO_ROOT, 'miniprogram'), port: busy, cloud, portFlag: '--preview-port' });
      await expect(refused).rejects.toMatchObject({ code: 'EADDRINUSE', message: expect.stringContaining('pass --preview-port 0') });
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  });

  it('prints the usage for --help (exit 0) and for unknown arguments (exit 2)', async () => {
    const out = capture();
    expect(await runStart(['--help'], { out, err: capture(), env: {}, envFile: null })).toBe(0);
    expect(out.text()).toContain('Usage: npm start');
    const err = capture();
    expect(await runStart(['--bogus'], { out: capture(), err, env: {}, envFile: null })).toBe(2);
    expect(err.text()).toContain('Unknown argument --bogus');
  });
});
