/**
 * `npm run preview` and `npm start` read settings the same way (.env included) and say in one line which backend
 * answers: the embedded emulator, or real Coze with its base URL and bot id, never a secret.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { generateAppKeys } from '../../../tools/coze-emulator/index';
import { runStart } from '../../../tools/cli/start-app';
import { startPreviewBackend } from '../../../tools/preview/backend';
import { capture } from './capture';

const BOT_ID = '7428933434510770212';
const API_BASE = 'https://api.coze.com';

describe('which backend answers', () => {
  const saved = { ...process.env };
  afterEach(() => {
    for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
    Object.assign(process.env, saved);
  });

  function envFileWithCredentials(): { file: string; privateKey: string; appId: string } {
    const keys = generateAppKeys();
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'banner-')), '.env');
    const oneLine = keys.privateKeyPem.trim().replace(/\n/g, '\\n');
    fs.writeFileSync(
      file,
      [`COZE_API_BASE=${API_BASE}`, `COZE_BOT_ID=${BOT_ID}`, `COZE_JWT_OAUTH_CLIENT_ID=${keys.appId}`, `COZE_JWT_OAUTH_PUBLIC_KEY_ID=${keys.keyId}`, `COZE_JWT_OAUTH_PRIVATE_KEY="${oneLine}"`, ''].join('\n'),
    );
    return { file, privateKey: keys.privateKeyPem, appId: keys.appId };
  }

  it('the preview loads .env like npm start: real credentials there mean real Coze, named in its banner', async () => {
    for (const name of Object.keys(process.env)) if (name.startsWith('COZE_')) delete process.env[name];
    const { file, privateKey } = envFileWithCredentials();
    const backend = await startPreviewBackend({ envFile: file });
    try {
      expect(backend.mode).toBe('coze');
      expect(backend.banner).toBe(`Backend: real Coze at ${API_BASE}, bot ${BOT_ID} (settings from the environment and .env)`);
      expect(backend.banner).not.toContain('PRIVATE KEY');
      expect(privateKey).toContain('PRIVATE KEY');
    } finally {
      await backend.stop();
    }
  });

  it('without credentials the preview names the embedded emulator', async () => {
    for (const name of Object.keys(process.env)) if (name.startsWith('COZE_')) delete process.env[name];
    const backend = await startPreviewBackend({ envFile: null });
    try {
      expect(backend.mode).toBe('emulator');
      expect(backend.banner).toMatch(/^Backend: embedded Coze emulator at http:\/\/127\.0\.0\.1:\d+ /);
    } finally {
      await backend.stop();
    }
  });

  it('npm start -- --say prints the same line on stderr (stdout stays the bare answer)', async () => {
    const out = capture();
    const err = capture();
    const code = await runStart(['--say', '你好'], { out, err, env: { CHAT_STREAM_WRITE_MS: '0' }, envFile: null, logFile: path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'banner-')), 'fn.log') });
    expect(code).toBe(0);
    expect(err.text()).toMatch(/^Backend: embedded Coze emulator at http:\/\/127\.0\.0\.1:\d+ .*\n$/);
    expect(out.text()).not.toContain('Backend:');
  });
});
