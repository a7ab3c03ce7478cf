/** The command itself (`npm run integrate -- …` runs tools/integrate/cli.ts with tsx): output and exit codes. */
import { spawnSync } from 'child_process';
import * as path from 'path';
import { copyHost, snapshot } from './host-copy';

const ROOT = path.join(__dirname, '..', '..', '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');

function run(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const res = spawnSync(TSX, [path.join(ROOT, 'tools', 'integrate', 'cli.ts'), ...args], { cwd: ROOT, encoding: 'utf8' });
  return { status: res.status, stdout: res.stdout, stderr: res.stderr };
}

describe('npm run integrate', () => {
  it('--dry-run prints what would change and the steps left, writes nothing, exits 0', () => {
    const host = copyHost('ts-cloud');
    const before = snapshot(host);
    const res = run('--into', host, '--dry-run');
    expect(res.status).toBe(0);
    expect(res.stdout).toContain('would create miniprogram/coze-chat/pages/chat/chat.ts');
    expect(res.stdout).toContain('would edit   miniprogram/app.json');
    expect(res.stdout).toContain('Dry run: nothing written');
    expect(res.stdout).toMatch(/What is left for you:\n1\. /);
    expect(snapshot(host)).toEqual(before);
  });

  it('a run, then a second run that reports nothing to change', () => {
    const host = copyHost('plain-js');
    expect(run('--into', host).status).toBe(0);
    const again = run('--into', host);
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('Nothing to change');
  });

  it('a reader that closes the pipe early (| head) ends it quietly: exit 0, no EPIPE stack, nothing written', () => {
    const host = copyHost('ts-cloud');
    const before = snapshot(host);
    const cli = path.join(ROOT, 'tools', 'integrate', 'cli.ts');
    const res = spawnSync('bash', ['-c', `"$0" "$1" --into "$2" --dry-run | true; exit "\${PIPESTATUS[0]}"`, TSX, cli, host], { cwd: ROOT, encoding: 'utf8' });
    expect([res.status, res.stderr]).toEqual([0, '']);
    expect(snapshot(host)).toEqual(before);
  });

  it('exits 1 with the fix on bad input', () => {
    const missing = run('--into', path.join(ROOT, 'no-such-folder'));
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('is not a folder: pass --into');
    const none = run();
    expect(none.status).toBe(1);
    expect(none.stderr).toContain('--into is required');
    const unknown = run('--into', '.', '--bogus');
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('Unknown argument --bogus');
  });
});
