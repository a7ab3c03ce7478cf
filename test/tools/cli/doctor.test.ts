import { cloudFunctionEnv, generateAppKeys, startEmulator, ALL_PERMISSIONS, type CozeEmulator, type AppRegistration } from '../../../tools/coze-emulator/index';
import { FUNCTION_ENV_LIMIT_BYTES, functionEnvBytes, runDoctor, type DoctorReport } from '../../../tools/cli/doctor-checks';
import { runDoctorCommand } from '../../../tools/cli/doctor-app';
import { renderReport } from '../../../tools/cli/doctor-render';
import { makeStyle } from '../../../tools/cli/style';
import { loadFunctionModule } from '../../../tools/dev-server/load-function';
import { capture } from './capture';

type Keys = ReturnType<typeof generateAppKeys>;

function envFor(emulator: CozeEmulator, keys: Keys, over: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...cloudFunctionEnv(emulator, keys, { escapeNewlines: true }),
    ...over,
  };
}

const check = (report: DoctorReport, title: string) => report.checks.find((c) => c.title === title);
const failed = (report: DoctorReport) => report.checks.filter((c) => c.status === 'fail').map((c) => c.title);
const plain = makeStyle(false);

describe('npm run doctor', () => {
  let emulator: CozeEmulator;
  let keys: Keys;

  async function start(app: Partial<AppRegistration> = {}): Promise<void> {
    keys = generateAppKeys();
    emulator = await startEmulator({ apps: [{ appId: keys.appId, keyId: keys.keyId, publicKeyPem: keys.publicKeyPem, ...app }] });
  }
  afterEach(() => emulator?.stop());

  it('passes every check against a correctly configured emulator, including the built function end to end', async () => {
    await start();
    const report = await runDoctor(envFor(emulator, keys), { loadFunction: () => loadFunctionModule() });
    expect(failed(report)).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.checks.map((c) => c.title)).toEqual([
      'Variables present',
      'Private key parses',
      'Variables fit 4 KB',
      'Settings valid',
      'Region',
      'Token exchange',
      'Bot exists',
      'Bot published to API',
      ...['getMetadata', 'createConversation', 'listConversation', 'retrieveConversation', 'chat', 'getChat', 'listMessage', 'cancelChat', 'editConversation', 'feedback', 'deleteMessage', 'createTranscription', 'retrieveMessage', 'createSpeech', 'uploadFile'].map((p) => `Permission ${p}`),
      'Read-aloud voice',
      'Test chat',
      'Cloud function end to end',
    ]);
    expect(check(report, 'Test chat')?.detail).toMatch(/^completed: \d+ characters/);
  });

  it('counts only the function variables (COZE_*, CHAT_*), names and values in UTF-8 bytes', () => {
    expect(functionEnvBytes({ COZE_BOT_ID: '7'.repeat(19), CHAT_NOTE: '中文', HOME: 'x'.repeat(5000), PATH: '/bin' })).toBe(11 + 19 + 9 + 6);
  });

  it('warns (without failing) when the variables exceed 4 KB, with the 2048-bit fix; the report still passes', async () => {
    await start();
    const report = await runDoctor(envFor(emulator, keys, { CHAT_PADDING: 'x'.repeat(FUNCTION_ENV_LIMIT_BYTES) }));
    expect(check(report, 'Variables fit 4 KB')).toMatchObject({ status: 'warn', detail: expect.stringMatching(/take \d+ of 4096 bytes/), fix: expect.stringContaining('2048-bit') });
    expect(report.ok).toBe(true);
    const lines = renderReport(report, { mode: 'coze', apiBase: emulator.url }, plain);
    expect(lines.find((l) => l.includes('Variables fit 4 KB'))).toMatch(/^! /);
    expect(lines[lines.length - 1]).toMatch(/checks passed\. 1 warning: see the fix above\.$/);
  });

  it('bad key: the token exchange fails with the key/kid/app-id fix, and the region is ruled out', async () => {
    await start();
    const other = generateAppKeys();
    const report = await runDoctor(envFor(emulator, keys, { COZE_JWT_OAUTH_PRIVATE_KEY: other.privateKeyPem }));
    expect(failed(report)).toEqual(['Token exchange']);
    expect(check(report, 'Token exchange')?.detail).toContain('invalid_client');
    expect(check(report, 'Token exchange')?.fix).toContain('private key does not match the public key registered under COZE_JWT_OAUTH_PUBLIC_KEY_ID');
    expect(check(report, 'Region')?.detail).toContain('region is not the problem');
    expect(report.ok).toBe(false);
  });

  it('a COZE_API_BASE with a path fails "Settings valid" (never a silent ✓ that blames the keys later)', async () => {
    await start();
    const report = await runDoctor(envFor(emulator, keys, { COZE_API_BASE: `${emulator.url}/v3/` }));
    expect(failed(report)).toEqual(['Settings valid']);
    expect(check(report, 'Settings valid')?.detail).toContain(`without a path, query or #: use ${emulator.url}`);
    expect(check(report, 'Token exchange')).toBeUndefined();
    expect(emulator.requests).toEqual([]);
  });

  it.each([
    ['ECONNREFUSED', 'Nothing accepts connections at'],
    ['ENOTFOUND', 'does not resolve'],
  ])('an unreachable COZE_API_BASE (%s) is reported as unreachable, and the region is not ticked', async (_code, fix) => {
    await start();
    let base = 'https://coze-weapp-doctor.invalid';
    if (_code === 'ECONNREFUSED') {
      const closed = await startEmulator({ apps: [] });
      base = closed.url;
      await closed.stop();
    }
    const report = await runDoctor(envFor(emulator, keys, { COZE_API_BASE: base, COZE_RETRY_MAX: '0' }));
    expect(failed(report)).toEqual(['Token exchange']);
    expect(check(report, 'Region')?.status).toBe('skip');
    expect(check(report, 'Token exchange')?.detail).toMatch(/^unreachable: .*(ECONNREFUSED|ENOTFOUND|EAI_AGAIN)/);
    expect(check(report, 'Token exchange')?.fix).toContain(fix);
    expect(check(report, 'Token exchange')?.fix).not.toContain('invalid_client');
    expect(report.checks.filter((c) => c.status === 'pass').map((c) => c.title)).toEqual(['Variables present', 'Private key parses', 'Variables fit 4 KB', 'Settings valid']);
  });

  it('wrong kid: the token exchange fails naming the key fingerprint', async () => {
    await start();
    const report = await runDoctor(envFor(emulator, keys, { COZE_JWT_OAUTH_PUBLIC_KEY_ID: 'not-the-registered-kid' }));
    expect(failed(report)).toEqual(['Token exchange']);
    expect(check(report, 'Token exchange')?.fix).toContain('公钥指纹 must equal COZE_JWT_OAUTH_PUBLIC_KEY_ID');
  });

  it('unpublished bot: says to publish it to the API channel (4015, the "no prologue" cause)', async () => {
    await start();
    emulator.setBotPublished(false);
    const report = await runDoctor(envFor(emulator, keys));
    expect(failed(report)).toContain('Bot published to API');
    expect(check(report, 'Bot published to API')?.detail).toContain('4015');
    expect(check(report, 'Bot published to API')?.fix).toContain('select the API option');
    expect(check(report, 'Bot published to API')?.fix).toContain('no prologue');
    expect(check(report, 'Bot exists')?.status).toBe('pass');
  });

  it('missing permission: names exactly the missing one and the actions that need it', async () => {
    await start({ permissions: ALL_PERMISSIONS.filter((p) => p !== 'listMessage') });
    const report = await runDoctor(envFor(emulator, keys));
    expect(failed(report)).toEqual(['Permission listMessage']);
    expect(check(report, 'Permission listMessage')?.detail).toContain('4101');
    expect(check(report, 'Permission listMessage')?.fix).toContain('tick listMessage');
    expect(check(report, 'Permission listMessage')?.fix).toContain('message.list');
  });

  it('missing chat: listed as needed by message.list too (list_message.md: chat + listMessage), and listMessage is not blamed for it', async () => {
    await start({ permissions: ALL_PERMISSIONS.filter((p) => p !== 'chat') });
    const report = await runDoctor(envFor(emulator, keys));
    expect(failed(report)).toContain('Permission chat');
    expect(failed(report)).not.toContain('Permission listMessage');
    expect(check(report, 'Permission chat')?.fix).toContain('message.list');
  });

  it.each([
    ['retrieveConversation', 'every action on an existing conversation'],
    ['deleteMessage', 'content check withheld'],
    ['feedback', 'message.feedback'],
    ['createSpeech', 'audio.speech'],
    ['retrieveMessage', 'audio.speech'],
  ] as const)('missing %s: the doctor probes it and names it', async (permission, users) => {
    await start({ permissions: ALL_PERMISSIONS.filter((p) => p !== permission) });
    const report = await runDoctor(envFor(emulator, keys));
    expect(failed(report)).toEqual([`Permission ${permission}`]);
    expect(check(report, `Permission ${permission}`)?.detail).toContain('4101');
    expect(check(report, `Permission ${permission}`)?.fix).toContain(`tick ${permission}`);
    expect(check(report, `Permission ${permission}`)?.fix).toContain(users);
  });

  it('wrong region: the token is refused here but issued by the other region, and the fix says which base to use', async () => {
    await start({ region: 'com' });
    const report = await runDoctor(envFor(emulator, keys));
    expect(failed(report)).toEqual(['Region', 'Token exchange']);
    expect(check(report, 'Region')?.detail).toBe('the token is refused at api.coze.cn but issued at api.coze.com');
    expect(check(report, 'Region')?.fix).toContain('Set COZE_API_BASE=https://api.coze.com');
  });

  it('a test chat refused for quota (4028) says to upgrade the Coze plan', async () => {
    await start();
    emulator.inject({ kind: 'coze-error', code: 4028, path: '/v3/chat' });
    const report = await runDoctor(envFor(emulator, keys));
    expect(failed(report)).toEqual(['Test chat']);
    expect(check(report, 'Test chat')?.detail).toContain('4028');
    expect(check(report, 'Test chat')?.fix).toContain('free quota used up');
  });

  it('explains a public key pasted as the private key, and missing variables', async () => {
    await start();
    const pub = await runDoctor(envFor(emulator, keys, { COZE_JWT_OAUTH_PRIVATE_KEY: keys.publicKeyPem }));
    expect(failed(pub)).toEqual(['Private key parses']);
    expect(check(pub, 'Private key parses')?.detail).toContain('PUBLIC key');
    const none = await runDoctor({ COZE_BOT_ID: emulator.botId });
    expect(failed(none)).toEqual(['Variables present']);
    expect(check(none, 'Variables present')?.detail).toBe('missing: COZE_JWT_OAUTH_CLIENT_ID, COZE_JWT_OAUTH_PUBLIC_KEY_ID, COZE_JWT_OAUTH_PRIVATE_KEY');
  });

  it('prints one line per check and a fix line under each failure, never the private key', async () => {
    await start();
    emulator.setBotPublished(false);
    const env = envFor(emulator, keys);
    const lines = renderReport(await runDoctor(env), { mode: 'coze', apiBase: emulator.url }, plain);
    const text = lines.join('\n');
    expect(lines.filter((l) => /^[✓✗-] /.test(l))).toHaveLength(25); // no function loader given: the end-to-end check is not run
    expect(text).toMatch(/✗ Bot published to API +Coze answered 4015/);
    expect(text).toMatch(/\n {2}fix: The bot is not published/);
    expect(text).not.toContain('PRIVATE KEY');
    expect(text).not.toContain(keys.privateKeyPem.split('\n')[1]);
  });

  it('with no configuration, starts an emulator and demonstrates itself (exit 0)', async () => {
    const out = capture();
    const code = await runDoctorCommand({ out, env: {}, envFile: null });
    expect(out.text()).toContain('checking a freshly started Coze emulator');
    expect(out.text()).toContain('All 26 checks passed.');
    expect(out.text()).not.toContain('PRIVATE KEY');
    expect(code).toBe(0);
  });

  it('with only COZE_API_BASE set, fails naming the four missing credentials instead of silently using the emulator', async () => {
    const out = capture();
    const code = await runDoctorCommand({ out, env: { COZE_API_BASE: 'https://api.coze.com' }, envFile: null });
    expect(out.text()).toContain('checking Coze at https://api.coze.com');
    expect(out.text()).toMatch(/✗ Variables present\s+missing: COZE_JWT_OAUTH_CLIENT_ID, COZE_JWT_OAUTH_PUBLIC_KEY_ID, COZE_JWT_OAUTH_PRIVATE_KEY, COZE_BOT_ID/);
    expect(out.text()).not.toContain('emulator');
    expect(code).toBe(1);
  });

  it('exits 1 when a check fails against configured credentials', async () => {
    await start();
    emulator.setBotPublished(false);
    const out = capture();
    const code = await runDoctorCommand({ out, env: envFor(emulator, keys), envFile: null });
    expect(out.text()).toContain(`checking Coze at ${emulator.url}`);
    expect(out.text()).toMatch(/checks? failed: apply the fixes above/);
    expect(code).toBe(1);
  });
});
