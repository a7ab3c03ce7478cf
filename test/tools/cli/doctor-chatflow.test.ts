/** `npm run doctor` with COZE_WORKFLOW_ID: the chatflow exists and the OAuth app holds the `run` permission. */
import { ALL_PERMISSIONS, cloudFunctionEnv, DEFAULT_CHATFLOW_APP_ID, DEFAULT_WORKFLOW_ID, generateAppKeys, startEmulator, type AppRegistration, type CozeEmulator } from '../../../tools/coze-emulator/index';
import { runDoctor, type DoctorReport } from '../../../tools/cli/doctor-checks';
import { loadFunctionModule } from '../../../tools/dev-server/load-function';

type Keys = ReturnType<typeof generateAppKeys>;
const check = (report: DoctorReport, title: string) => report.checks.find((c) => c.title === title);
const failed = (report: DoctorReport) => report.checks.filter((c) => c.status === 'fail').map((c) => c.title);

describe('npm run doctor with a chatflow', () => {
  let emulator: CozeEmulator;
  let keys: Keys;
  async function start(app: Partial<AppRegistration> = {}): Promise<void> {
    keys = generateAppKeys();
    emulator = await startEmulator({ apps: [{ appId: keys.appId, keyId: keys.keyId, publicKeyPem: keys.publicKeyPem, ...app }] });
  }
  const envFor = (over: Record<string, string>): NodeJS.ProcessEnv => ({ ...cloudFunctionEnv(emulator, keys, { escapeNewlines: true }), COZE_WORKFLOW_ID: DEFAULT_WORKFLOW_ID, ...over });
  afterEach(() => emulator?.stop());

  it('passes: the run permission, the chatflow (stopped at its question node) and the function end to end', async () => {
    await start();
    const report = await runDoctor(envFor({}), { loadFunction: () => loadFunctionModule() });
    expect(failed(report)).toEqual([]);
    expect(check(report, 'Permission run')?.status).toBe('pass');
    expect(check(report, 'Chatflow exists')?.detail).toContain('stopped at a question node (3 options)');
    expect(check(report, 'Cloud function end to end')?.status).toBe('pass');
    expect(emulator.requests.filter((r) => r.path === '/v1/workflows/chat')).toHaveLength(2);
  });

  it('without the run permission: that check fails with where to tick it', async () => {
    await start({ permissions: ALL_PERMISSIONS.filter((p) => p !== 'run') });
    const report = await runDoctor(envFor({}));
    expect(failed(report)).toEqual(['Permission run']);
    expect(check(report, 'Permission run')?.detail).toContain('4101');
    expect(check(report, 'Permission run')?.fix).toContain('tick run');
  });

  it.each([
    ['an unknown workflow id', { COZE_WORKFLOW_ID: '7000000000000000009' }, 'resource library'],
    ['a wrong app id', { COZE_APP_ID: '7000000000000000008' }, 'check COZE_APP_ID'],
  ])('%s: "Chatflow exists" fails with 4200 and the fix', async (_name, over, fix) => {
    await start();
    const report = await runDoctor(envFor(over));
    expect(failed(report)).toEqual(['Chatflow exists']);
    expect(check(report, 'Chatflow exists')?.detail).toContain('4200');
    expect(check(report, 'Chatflow exists')?.fix).toContain(fix);
  });

  it('the app chatflow passes with COZE_APP_ID', async () => {
    await start();
    const report = await runDoctor(envFor({ COZE_APP_ID: DEFAULT_CHATFLOW_APP_ID }));
    expect(failed(report)).toEqual([]);
    expect(check(report, 'Chatflow exists')?.detail).toContain(`app ${DEFAULT_CHATFLOW_APP_ID}`);
  });
});
