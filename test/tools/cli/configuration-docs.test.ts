import * as fs from 'fs';
import * as path from 'path';
import { SETTINGS } from '../../../cloudfunctions/coze/src/settings';
import { parseEnvFile } from '../../../tools/cli/env-file';

const root = path.join(__dirname, '../../..');
const names = Object.values(SETTINGS).map((s) => s.name);

describe('configuration docs match the function\'s settings table', () => {
  it('.env.example lists every variable (set or commented with its default), and parses', () => {
    const text = fs.readFileSync(path.join(root, '.env.example'), 'utf8');
    for (const setting of Object.values(SETTINGS)) {
      const line = setting.fallback === undefined ? `${setting.name}=` : `${setting.name}=${setting.fallback}`;
      expect(text).toContain(line);
    }
    const parsed = parseEnvFile(text);
    expect(Object.keys(parsed).every((k) => names.includes(k))).toBe(true);
    expect(parsed.COZE_JWT_OAUTH_PRIVATE_KEY).toBe('');
  });

  it('README.md has a configuration row with the default for every variable', () => {
    const text = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
    for (const setting of Object.values(SETTINGS)) {
      const def = setting.fallback === undefined ? 'required' : `\`${setting.fallback}\``;
      expect(text).toContain(`| \`${setting.name}\` | ${def} |`);
    }
  });
});
