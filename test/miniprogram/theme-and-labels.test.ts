/**
 * Static checks of the mini-program sources: dark mode is wired (app.json darkmode + theme.json for every
 * @variable, colours in WXSS only through CSS variables with light and dark values) and every icon-only
 * button (aria-role="button", WeChat's attribute; `role` is Alipay's) carries an aria-label. miniprogram-simulate drops aria-* attributes when rendering,
 * so these are checked on the WXML the compiler gets.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ROOT } from './helpers/simulate';

function files(ext: string, dir = ROOT): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (e.name === 'miniprogram_npm') return [];
    const full = path.join(dir, e.name);
    return e.isDirectory() ? files(ext, full) : full.endsWith(ext) ? [full] : [];
  });
}

const read = (file: string) => fs.readFileSync(file, 'utf8');

describe('dark mode', () => {
  it('app.json turns darkmode on and every @variable it uses exists in both themes of theme.json', () => {
    const app = JSON.parse(read(path.join(ROOT, 'app.json'))) as { darkmode?: boolean; themeLocation?: string; window: Record<string, string> };
    expect(app.darkmode).toBe(true);
    const theme = JSON.parse(read(path.join(ROOT, app.themeLocation ?? 'missing'))) as Record<'light' | 'dark', Record<string, string>>;
    const used = Object.values(app.window).filter((v) => v.startsWith('@')).map((v) => v.slice(1));
    expect(used.length).toBeGreaterThanOrEqual(3);
    for (const name of used) {
      expect(theme.light[name]).toBeDefined();
      expect(theme.dark[name]).toBeDefined();
      expect(theme.dark[name]).not.toBe(theme.light[name]);
    }
  });

  it('app.wxss defines every colour variable for light and again under prefers-color-scheme: dark', () => {
    const css = read(path.join(ROOT, 'app.wxss'));
    const [light, dark] = css.split('@media (prefers-color-scheme: dark)');
    const names = (text: string) => new Set(Array.from(text.matchAll(/(--coze-[\w-]+)\s*:/g), (m) => m[1]));
    expect(dark).toBeDefined();
    expect(Array.from(names(dark))).toEqual(Array.from(names(light)));
    const usedEverywhere = new Set(files('.wxss').flatMap((f) => Array.from(read(f).matchAll(/var\((--coze-[\w-]+)/g), (m) => m[1])));
    for (const name of usedEverywhere) expect(names(light).has(name)).toBe(true);
  });

  it('no WXSS outside app.wxss hard-codes a colour except as a var() fallback', () => {
    for (const file of files('.wxss').filter((f) => !f.endsWith('app.wxss'))) {
      const withoutFallbacks = read(file).replace(/var\(--coze-[\w-]+,[^)]*\)+/g, 'var()');
      expect({ file: path.relative(ROOT, file), colours: withoutFallbacks.match(/#[0-9a-fA-F]{3,8}\b|rgba?\(/g) ?? [] }).toEqual({ file: path.relative(ROOT, file), colours: [] });
    }
  });
});

describe('accessible labels', () => {
  it('every aria-role="button" element has an aria-label, and no element uses the non-WeChat `role`', () => {
    let buttons = 0;
    for (const file of files('.wxml')) {
      expect({ file: path.relative(ROOT, file), bareRole: /\srole="/.test(read(file)) }).toEqual({ file: path.relative(ROOT, file), bareRole: false });
      for (const tag of read(file).match(/<[a-z-]+[^>]*aria-role="button"[^>]*>/g) ?? []) {
        buttons++;
        expect({ file: path.relative(ROOT, file), tag, labelled: /\saria-label="[^"]+"/.test(tag) }).toMatchObject({ labelled: true });
      }
    }
    expect(buttons).toBeGreaterThanOrEqual(10);
  });

  it('the glyph-only controls are buttons with labels (toolbar, feedback, voice, entry, conversation rows)', () => {
    const all = files('.wxml').map(read).join('\n');
    for (const label of ['会话列表', '清除上下文', '新建对话', '按住说话，上滑取消', '重命名', '删除']) expect(all).toContain(`aria-label="${label}"`);
    expect(all).toMatch(/aria-label="\{\{message\.feedback === 'like' \? '取消赞' : '赞'\}\}"/);
    expect(all).toMatch(/aria-label="\{\{label\}\}"/);
  });
});
