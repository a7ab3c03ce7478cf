/** The icon stylesheet is generated from tools/icons/make-icons.ts and every icon the WXML uses exists, light and dark. */
import * as fs from 'fs';
import * as path from 'path';
import { ICONS, ICONS_WXSS, iconsWxss } from '../../tools/icons/make-icons';
import { ROOT } from './helpers/simulate';

function wxmlFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'miniprogram_npm' ? [] : wxmlFiles(full);
    return e.name.endsWith('.wxml') ? [full] : [];
  });
}

describe('icons', () => {
  it('miniprogram/styles/icons.wxss is up to date (run npx tsx tools/icons/make-icons.ts)', () => {
    expect(fs.readFileSync(ICONS_WXSS, 'utf8')).toBe(iconsWxss());
  });

  it('every icon-NAME the WXML uses is in the set, with a light and a dark rule', () => {
    const css = fs.readFileSync(ICONS_WXSS, 'utf8');
    const [light, dark] = css.split('@media (prefers-color-scheme: dark)');
    const used = new Set(wxmlFiles(ROOT).flatMap((f) => Array.from(fs.readFileSync(f, 'utf8').matchAll(/icon-([a-z-]+)/g), (m) => m[1])));
    expect(used.size).toBeGreaterThanOrEqual(10);
    for (const name of used) {
      expect({ name, known: name in ICONS }).toEqual({ name, known: true });
      expect(light).toContain(`.icon-${name} {`);
      expect(dark).toContain(`.icon-${name} {`);
    }
  });

  it('no glyph placeholders remain as buttons (☰ ⌫ ＋ ✎ ✕)', () => {
    for (const f of wxmlFiles(ROOT)) expect({ f: path.relative(ROOT, f), glyphs: fs.readFileSync(f, 'utf8').match(/[☰⌫＋✎✕▍]/g) ?? [] }).toEqual({ f: path.relative(ROOT, f), glyphs: [] });
  });
});
