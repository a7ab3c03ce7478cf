/**
 * Re-runs of `npm run integrate`: a newer release replaces our files and picks up new ones from the import
 * graph, a file the developer edited is kept (and named) unless --force, files a release dropped are removed,
 * --dry-run writes nothing, and bad hosts get errors that say how to fix them.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { integrate } from '../../../tools/integrate/integrate';
import { OUR_PROJECT } from '../../../tools/integrate/plan';
import { copyHost, snapshot } from './host-copy';

/** A copy of our project (what a release ships) that a test can change. */
function release(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'release-'));
  for (const f of ['project.config.json', 'package.json']) fs.copyFileSync(path.join(OUR_PROJECT, f), path.join(dir, f));
  fs.cpSync(path.join(OUR_PROJECT, 'miniprogram'), path.join(dir, 'miniprogram'), { recursive: true });
  const fn = path.join(OUR_PROJECT, 'cloudfunctions', 'coze');
  fs.mkdirSync(path.join(dir, 'cloudfunctions', 'coze'), { recursive: true });
  for (const f of fs.readdirSync(fn)) if (fs.statSync(path.join(fn, f)).isFile()) fs.copyFileSync(path.join(fn, f), path.join(dir, 'cloudfunctions', 'coze', f));
  return dir;
}

const kinds = (changes: Array<{ kind: string; path: string }>): string[] => changes.map((c) => `${c.kind} ${c.path}`).sort();

describe('updates and edits', () => {
  it('a newer release replaces our untouched files, adds new ones, keeps an edited one unless --force, and removes dropped ones', () => {
    const host = copyHost('ts-cloud');
    integrate({ into: host });
    const edited = path.join(host, 'miniprogram', 'coze-chat', 'pages', 'chat', 'chat.wxss');
    fs.appendFileSync(edited, '\n.mine { color: red; }\n');

    const next = release();
    const welcome = path.join(next, 'miniprogram', 'components', 'chat-welcome', 'chat-welcome.wxss');
    fs.appendFileSync(welcome, '\n.release-2 { color: blue; }\n');
    fs.appendFileSync(path.join(next, 'miniprogram', 'pages', 'chat', 'chat.wxss'), '\n.release-2 { color: blue; }\n');
    fs.writeFileSync(path.join(next, 'miniprogram', 'core', 'release-two.ts'), "/** New in release 2. */\nexport const RELEASE = 2;\n");
    const chatTs = path.join(next, 'miniprogram', 'pages', 'chat', 'chat.ts');
    fs.writeFileSync(chatTs, `import { RELEASE } from '../../core/release-two';\nvoid RELEASE;\n${fs.readFileSync(chatTs, 'utf8')}`);

    const update = integrate({ into: host, source: next });
    expect(kinds(update.changes)).toEqual([
      'create miniprogram/coze-chat/core/release-two.ts',
      'skip-edited miniprogram/coze-chat/pages/chat/chat.wxss',
      'update miniprogram/coze-chat/components/chat-welcome/chat-welcome.wxss',
      'update miniprogram/coze-chat/pages/chat/chat.ts',
    ]);
    expect(fs.readFileSync(edited, 'utf8')).toContain('.mine');
    expect(fs.readFileSync(path.join(host, 'miniprogram', 'coze-chat', 'components', 'chat-welcome', 'chat-welcome.wxss'), 'utf8')).toContain('.release-2');

    // Still edited: a re-run keeps it again (and says so), writing nothing else.
    const again = integrate({ into: host, source: next });
    expect(kinds(again.changes)).toEqual(['skip-edited miniprogram/coze-chat/pages/chat/chat.wxss']);

    const forced = integrate({ into: host, source: next, force: true });
    expect(kinds(forced.changes)).toEqual(['update miniprogram/coze-chat/pages/chat/chat.wxss']);
    expect(fs.readFileSync(edited, 'utf8')).not.toContain('.mine');
    expect(fs.readFileSync(edited, 'utf8')).toContain('.release-2');

    // Back to this release: release 2's extra module is removed, the rest goes back to our files.
    const back = integrate({ into: host });
    expect(kinds(back.changes)).toEqual([
      'delete miniprogram/coze-chat/core/release-two.ts',
      'update miniprogram/coze-chat/components/chat-welcome/chat-welcome.wxss',
      'update miniprogram/coze-chat/pages/chat/chat.ts',
      'update miniprogram/coze-chat/pages/chat/chat.wxss',
    ]);
    expect(fs.existsSync(path.join(host, 'miniprogram', 'coze-chat', 'core', 'release-two.ts'))).toBe(false);
    expect(integrate({ into: host }).noop).toBe(true);
  });

  it("modules our app.ts loads first (side-effect imports such as polyfills) are copied and loaded first by each chat page", () => {
    const next = release();
    fs.writeFileSync(path.join(next, 'miniprogram', 'core', 'boot-polyfill.ts'), '/** Loaded before anything else. */\nexport {};\n');
    const appTs = path.join(next, 'miniprogram', 'app.ts');
    fs.writeFileSync(appTs, `import './core/boot-polyfill';\n${fs.readFileSync(appTs, 'utf8')}`);
    const host = copyHost('plain-js');
    integrate({ into: host, source: next });
    expect(fs.existsSync(path.join(host, 'coze-chat', 'core', 'boot-polyfill.js'))).toBe(true);
    for (const page of ['chat/chat', 'conversations/conversations']) {
      const js = fs.readFileSync(path.join(host, 'coze-chat', 'pages', `${page}.js`), 'utf8');
      expect(/require\("([^"]+)"\)/.exec(js)?.[1]).toBe('../../core/boot-polyfill');
    }
    expect(fs.existsSync(path.join(host, 'coze-entry', 'core', 'boot-polyfill.js'))).toBe(false);
  });

  it('assets our files reference (static, or a folder completed at run time) come along, with their paths rewritten', () => {
    const next = release();
    const icons = path.join(next, 'miniprogram', 'assets', 'icons');
    fs.mkdirSync(icons, { recursive: true });
    for (const name of ['send', 'stop', 'logo']) fs.writeFileSync(path.join(icons, `${name}.svg`), `<svg xmlns="http://www.w3.org/2000/svg"><title>${name}</title></svg>`);
    fs.writeFileSync(path.join(next, 'miniprogram', 'assets', 'unused.png'), 'not referenced');
    const welcome = path.join(next, 'miniprogram', 'components', 'chat-welcome', 'chat-welcome.wxml');
    fs.appendFileSync(welcome, '\n<image src="/assets/icons/{{\'send\'}}.svg" />\n');
    const entry = path.join(next, 'miniprogram', 'components', 'coze-entry', 'coze-entry.wxss');
    fs.appendFileSync(entry, '\n.logo { background: url(/assets/icons/logo.svg); }\n');
    const host = copyHost('plain-js');
    integrate({ into: host, source: next });
    for (const name of ['send', 'stop', 'logo']) expect(fs.existsSync(path.join(host, 'coze-chat', 'assets', 'icons', `${name}.svg`))).toBe(true);
    expect(fs.existsSync(path.join(host, 'coze-chat', 'assets', 'unused.png'))).toBe(false);
    expect(fs.readFileSync(path.join(host, 'coze-chat', 'components', 'chat-welcome', 'chat-welcome.wxml'), 'utf8')).toContain('src="/coze-chat/assets/icons/{{');
    expect(fs.readFileSync(path.join(host, 'coze-entry', 'components', 'coze-entry', 'coze-entry.wxss'), 'utf8')).toContain('url(/coze-entry/assets/icons/logo.svg)');
    expect(fs.existsSync(path.join(host, 'coze-entry', 'assets', 'icons', 'logo.svg'))).toBe(true);
    expect(fs.existsSync(path.join(host, 'coze-entry', 'assets', 'icons', 'send.svg'))).toBe(false);
  });

  it('--dry-run lists the changes and writes nothing', () => {
    const host = copyHost('plain-js');
    const before = snapshot(host);
    const dry = integrate({ into: host, dryRun: true });
    expect(dry.noop).toBe(false);
    expect(dry.changes.some((c) => c.kind === 'create' && c.path === 'coze-chat/pages/chat/chat.js')).toBe(true);
    expect(dry.changes.some((c) => c.kind === 'edit' && c.path === 'app.json')).toBe(true);
    expect(snapshot(host)).toEqual(before);
  });

  it('--name picks the subpackage; a re-run without --name or --entry-page finds the same ones', () => {
    const host = copyHost('tabbar-sub');
    integrate({ into: host, name: 'ai', entryPage: 'pages/mine/mine' });
    const app = JSON.parse(fs.readFileSync(path.join(host, 'src', 'app.json'), 'utf8')) as { subPackages: Array<{ root: string }> };
    expect(app.subPackages.map((s) => s.root)).toEqual(['packageA', 'ai']);
    expect(fs.readFileSync(path.join(host, 'src', 'coze-entry', 'services', 'open-coze-chat.js'), 'utf8')).toContain("'/ai/pages/chat/chat'");
    expect(integrate({ into: host }).noop).toBe(true);
  });

  it('prints only the steps this host still needs', () => {
    const plain = integrate({ into: copyHost('plain-js'), dryRun: true }).steps.join('\n');
    const ts = integrate({ into: copyHost('ts-cloud'), dryRun: true }).steps.join('\n');
    expect(plain).toContain('AppID');
    expect(plain).toContain('wx.cloud.init');
    expect(plain).toContain('cloudfunctions/coze/database-rules.json');
    expect(ts).not.toContain('AppID');
    expect(ts).not.toContain('wx.cloud.init');
    for (const text of [plain, ts]) for (const word of ['COZE_BOT_ID', 'coze_streams', 'coze_usage', '剪切板', '麦克风', '<coze-entry />']) expect(text).toContain(word);
  });
});

describe('errors say how to fix them', () => {
  it('refuses a folder that is not a mini-program project', () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'not-a-host-'));
    expect(() => integrate({ into: empty })).toThrow(/has no project\.config\.json.*folder you open in WeChat DevTools/);
    expect(() => integrate({ into: path.join(empty, 'nope') })).toThrow(/is not a folder/);
  });

  it.each([
    ['cloudfunctionRoot', '../outside-cloud/'],
    ['miniprogramRoot', '../outside-mp/'],
  ])('refuses a %s (%s) that resolves outside the host, writing nothing anywhere', (key, value) => {
    const host = copyHost('ts-cloud');
    const parent = path.dirname(host);
    // The outside folder looks like a real root, so only the containment check can stop the write.
    fs.cpSync(path.join(host, 'miniprogram'), path.join(parent, 'outside-mp'), { recursive: true });
    fs.mkdirSync(path.join(parent, 'outside-cloud'));
    const configFile = path.join(host, 'project.config.json');
    fs.writeFileSync(configFile, fs.readFileSync(configFile, 'utf8').replace(new RegExp(`"${key}": "[^"]*"`), `"${key}": "${value}"`));
    const before = snapshot(parent);
    expect(() => integrate({ into: host })).toThrow(new RegExp(`"${key}" is "\\.\\./outside-[a-z]+/", which resolves outside .*Point "${key}" at a folder inside it`));
    expect(snapshot(parent)).toEqual(before);
  });

  it('names the line and column of a broken app.json', () => {
    const host = copyHost('plain-js');
    fs.writeFileSync(path.join(host, 'app.json'), '{\n  "pages": [\n    "pages/index/index",\n  ]\n}\n');
    expect(() => integrate({ into: host })).toThrow(/app\.json:3:24: not valid JSON.*no comments or trailing commas/);
    fs.writeFileSync(path.join(host, 'app.json'), '{\n  "pages": ["pages/index/index"]\n  "window": {}\n}\n');
    expect(() => integrate({ into: host })).toThrow(/app\.json:3:3: not valid JSON/);
  });

  it('refuses a subpackage name the host already uses', () => {
    const host = copyHost('tabbar-sub');
    expect(() => integrate({ into: host, name: 'packageA' })).toThrow(/"packageA" is already a subpackage in app\.json: choose another with --name/);
    expect(() => integrate({ into: host, name: 'pages' })).toThrow(/"pages" holds pages of app\.json/);
    fs.mkdirSync(path.join(host, 'src', 'coze-chat'));
    expect(() => integrate({ into: host })).toThrow(/"coze-chat" already exists .*--name/);
  });

  it('does not overwrite a cloud function called coze that is not ours, unless --force', () => {
    const host = copyHost('ts-cloud');
    fs.mkdirSync(path.join(host, 'cloudfunctions', 'coze'));
    fs.writeFileSync(path.join(host, 'cloudfunctions', 'coze', 'index.js'), 'exports.main = async () => 1;\n');
    expect(() => integrate({ into: host })).toThrow(/cloudfunctions\/coze already exists and was not written by this tool.*--force/);
    expect(integrate({ into: host, force: true }).changes).toContainEqual(expect.objectContaining({ kind: 'update', path: 'cloudfunctions/coze/index.js' }));
  });

  it('refuses an --entry-page that is not a page of app.json', () => {
    expect(() => integrate({ into: copyHost('plain-js'), entryPage: 'pages/nope/nope' })).toThrow(/--entry-page pages\/nope\/nope is not in app\.json "pages"/);
  });
});
