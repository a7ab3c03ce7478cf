/**
 * The README's Coze setup and the doctor's fixes must send people to the same, current places in Coze's console
 * (扣子编程 → API & SDK → 授权 → OAuth 应用, per docs.coze.cn developer_guides/oauth_jwt), and nothing may still
 * name the old console ("扣子 API → 授权").
 */
import * as fs from 'fs';
import * as path from 'path';
import { FIXES, OAUTH_APP_PATH } from '../../../tools/cli/doctor-fixes';

const ROOT = path.join(__dirname, '..', '..', '..');
const read = (file: string): string => fs.readFileSync(path.join(ROOT, file), 'utf8');
const OLD_NAMES = /扣子 API →|扣子 API \/ Agent as API|Agent as API/;

describe('Coze console names', () => {
  const readme = read('README.md');
  const setup = readme.slice(readme.indexOf('## Coze setup'), readme.indexOf('## WeChat setup'));

  it('the README setup names the OAuth app where the doctor does, and cites Coze docs for each step', () => {
    expect(OAUTH_APP_PATH).toBe('扣子编程 (code.coze.cn) → API & SDK → 授权 → OAuth 应用');
    expect(setup).toContain(OAUTH_APP_PATH);
    for (const step of setup.split(/\n(?=\d+\. \*\*)/).filter((s) => /^[1-5]\. /.test(s))) {
      expect([step.slice(0, 30), /https:\/\/docs\.coze\.cn\/\S+/.test(step) || /same page/.test(step)]).toEqual([step.slice(0, 30), true]);
    }
  });

  it('every doctor fix that points into the OAuth app uses that path', () => {
    const fixes = [FIXES.invalidClient, FIXES.accessDenied, FIXES.missingPermission('chat')];
    for (const fix of fixes) expect(fix).toContain(OAUTH_APP_PATH);
    expect(FIXES.botUnpublished).toContain('扣子编程');
  });

  it('nothing still names the old console', () => {
    const files = ['README.md', '.env.example', 'tools/cli/doctor-fixes.ts', 'cloudfunctions/coze/src/ownership.ts', 'cloudfunctions/coze/src/coze/permissions.ts'];
    for (const file of files) expect([file, OLD_NAMES.test(read(file))]).toEqual([file, false]);
  });
});
