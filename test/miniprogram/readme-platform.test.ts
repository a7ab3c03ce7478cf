/**
 * The READMEs state the platform facts the code enforces, from the same constants: the base-library floor,
 * the privacy items and their errnos, and one answer on DevTools' 构建 npm (do not use it for marked).
 */
import * as fs from 'fs';
import * as path from 'path';
import { MIN_BASE_LIBRARY } from '../../miniprogram/core/base-library';
import { PRIVACY_ITEMS, PRIVACY_NOTICES, PRIVACY_REFUSED_ERRNO, PRIVACY_UNDECLARED_ERRNO } from '../../miniprogram/services/privacy';

const root = path.resolve(__dirname, '../..');
const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
const mpReadme = fs.readFileSync(path.join(root, 'miniprogram', 'README.md'), 'utf8');

describe('README platform statements', () => {
  it('names the base-library floor the code checks, and the engines behind it', () => {
    expect(readme).toContain(`Set 基础库最低版本 to **${MIN_BASE_LIBRARY}**`);
    expect(readme).toContain(`supports **base library ${MIN_BASE_LIBRARY} and later**`);
    expect(readme).not.toMatch(/Base library\*\* 2\.8\.1 or later/);
  });

  it('lists every privacy item to declare, with the errno of each failure and the toast users see', () => {
    for (const [name, { item }] of Object.entries(PRIVACY_ITEMS)) {
      const row = readme.split('\n').find((line) => line.startsWith(`   | ${item} |`));
      expect([name, row]).toEqual([name, expect.stringContaining(`errno **${PRIVACY_UNDECLARED_ERRNO}**`)]);
      expect(row).toContain(PRIVACY_NOTICES[name as keyof typeof PRIVACY_ITEMS].undeclared);
    }
    expect(readme).toContain(`errno **${PRIVACY_REFUSED_ERRNO}** (\`privacy permission is not authorized\`)`);
    expect(mpReadme).toContain(`errno ${PRIVACY_UNDECLARED_ERRNO} ("api scope is`);
  });

  it('both READMEs say not to use DevTools 构建 npm for marked', () => {
    for (const text of [readme, mpReadme]) expect(text).toMatch(/[Dd]o (\*\*)?not(\*\*)?\s+use DevTools' 构建 npm/);
    expect(mpReadme).not.toContain('("Build npm" in DevTools)');
  });
});
