/**
 * `npm run integrate` into three fixture hosts (plain JS without cloud functions; TypeScript with
 * cloudfunctionRoot; JS with subPackages, preloadRule and a tab bar): afterwards WeChat's wcc/wcsc compile
 * every WXML/WXSS of the host, the DevTools readiness check passes, and a second run writes nothing.
 */
import * as fs from 'fs';
import * as path from 'path';
import { checkProject } from '../../../tools/check-project/project-checks';
import { checkWx } from '../../../tools/check-wx/check-wx';
import { integrate } from '../../../tools/integrate/integrate';
import { copyHost, filesMatching, snapshot } from './host-copy';

interface HostCase {
  name: string;
  mpRoot: string;
  cloudRoot: string;
  lang: 'js' | 'ts';
  entryPage: string;
}

const HOSTS: HostCase[] = [
  { name: 'plain-js', mpRoot: '', cloudRoot: 'cloudfunctions', lang: 'js', entryPage: 'pages/index/index' },
  { name: 'ts-cloud', mpRoot: 'miniprogram', cloudRoot: 'cloudfunctions', lang: 'ts', entryPage: 'pages/index/index' },
  { name: 'tabbar-sub', mpRoot: 'src', cloudRoot: 'cloud', lang: 'js', entryPage: 'pages/home/home' },
];

const readJson = (file: string): Record<string, unknown> => JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;

describe.each(HOSTS)('integrate into the $name host', (h) => {
  let dir: string;
  let before: Record<string, string>;
  let originalApp: Record<string, unknown>;
  const mp = (...p: string[]): string => path.join(dir, h.mpRoot, ...p);

  beforeAll(() => {
    dir = copyHost(h.name);
    before = snapshot(dir);
    originalApp = readJson(mp('app.json'));
  });

  it('is not DevTools-ready before (no coze function), then wcc/wcsc and the readiness check pass after', () => {
    expect(checkProject(dir).map((p) => `${p.file}: ${p.message}`).join('\n')).toMatch(/coze\/index\.js|cloudfunctionRoot/);
    const result = integrate({ into: dir, entryPage: h.entryPage });
    expect(result.noop).toBe(false);
    expect(result.changes.filter((c) => c.kind === 'create').length).toBeGreaterThan(40);
    expect(checkWx(mp())).toEqual([]);
    expect(checkProject(dir)).toEqual([]);
  });

  it('a second run changes nothing', () => {
    const after = snapshot(dir);
    const again = integrate({ into: dir, entryPage: h.entryPage });
    expect(again.noop).toBe(true);
    expect(again.changes).toEqual([]);
    expect(snapshot(dir)).toEqual(after);
  });

  it(`emits ${h.lang === 'ts' ? 'TypeScript' : 'JavaScript'} like the host compiles`, () => {
    const ours = filesMatching(dir, /(^|\/)coze-(chat|entry)\/(?!miniprogram_npm\/).*\.(ts|js)$/);
    expect(ours.length).toBeGreaterThan(30);
    const wrong = h.lang === 'ts' ? /\.js$/ : /\.ts$/;
    expect(ours.filter((f) => wrong.test(f))).toEqual([]);
  });

  it('adds a subpackage and a preloadRule to app.json and changes nothing else of the host', () => {
    const app = readJson(mp('app.json'));
    const key = 'subPackages' in originalApp ? 'subPackages' : 'subpackages';
    expect(Object.keys(app)).toEqual([...Object.keys(originalApp), ...[key, 'preloadRule'].filter((k) => !(k in originalApp))]);
    const subs = app[key] as Array<{ root: string; pages: string[] }>;
    expect(subs).toEqual([...((originalApp[key] as unknown[]) ?? []), { root: 'coze-chat', pages: ['pages/chat/chat', 'pages/conversations/conversations'] }]);
    const rule = (app.preloadRule as Record<string, { packages: string[] }>)[h.entryPage];
    expect(rule.packages).toContain('coze-chat');
    for (const [k, v] of Object.entries(originalApp)) if (k !== key && k !== 'preloadRule') expect(app[k]).toEqual(v);
    // The host's own files are untouched, except the few lines we add (app.json, the entry page, a missing cloudfunctionRoot).
    const edited = new Set([`${h.mpRoot ? `${h.mpRoot}/` : ''}app.json`, 'project.config.json', ...['json', 'wxml'].map((e) => `${h.mpRoot ? `${h.mpRoot}/` : ''}${h.entryPage}.${e}`)]);
    const now = snapshot(dir);
    for (const [file, hash] of Object.entries(before)) if (!edited.has(file)) expect([file, now[file]]).toEqual([file, hash]);
  });

  it('puts the coze function, with its bundle and database rules, in the host cloud function root', () => {
    const config = readJson(path.join(dir, 'project.config.json'));
    expect(String(config.cloudfunctionRoot).replace(/\/$/, '')).toBe(h.cloudRoot);
    // A function folder inside the mini-program root (no miniprogramRoot) is kept out of the mini-program package.
    const ignored = ((config.packOptions as { ignore?: Array<{ type: string; value: string }> } | undefined)?.ignore ?? []).filter((r) => r.type === 'folder');
    expect(ignored.map((r) => r.value)).toEqual(h.mpRoot === '' ? [h.cloudRoot] : []);
    for (const f of ['index.js', 'package.json', 'config.json', 'database-rules.json']) expect(fs.existsSync(path.join(dir, h.cloudRoot, 'coze', f))).toBe(true);
    expect(fs.existsSync(path.join(dir, h.cloudRoot, 'coze', 'src'))).toBe(false);
  });

  it('points absolute paths at the subpackage and the entry at the chat page', () => {
    const chatJson = readJson(mp('coze-chat', 'pages', 'chat', 'chat.json')) as { usingComponents: Record<string, string> };
    for (const target of Object.values(chatJson.usingComponents)) expect(target).toMatch(/^\/coze-chat\/components\//);
    // Our pages carry our window settings (a host window may be custom or titled for the host); a page's own
    // setting wins (the chat page draws its own navigation bar), the others get an explicit default bar.
    const ours = path.join(__dirname, '..', '..', '..', 'miniprogram');
    const ourWindow = (readJson(path.join(ours, 'app.json')).window ?? {}) as Record<string, string>;
    for (const page of ['chat', 'conversations']) {
      const own = readJson(path.join(ours, 'pages', page, `${page}.json`));
      const copied = readJson(mp('coze-chat', 'pages', page, `${page}.json`));
      expect(copied).toMatchObject({ navigationBarTitleText: ourWindow.navigationBarTitleText, ...own, usingComponents: expect.any(Object) });
      expect(copied.navigationStyle).toBe(own.navigationStyle ?? 'default');
    }
    const ext = h.lang;
    expect(fs.readFileSync(mp('coze-entry', 'services', `open-coze-chat.${ext}`), 'utf8')).toContain("'/coze-chat/pages/chat/chat'");
    expect(fs.readFileSync(mp('coze-chat', 'services', `ui-actions.${ext}`), 'utf8')).toContain("'/coze-chat/pages/conversations/conversations'");
    expect(fs.readFileSync(mp(h.entryPage + '.wxml'), 'utf8')).toContain('<coze-entry />');
  });
});

describe('the JavaScript the integration emits', () => {
  it('runs: the markdown tokenizer finds marked inside the subpackage and returns real blocks', () => {
    const dir = copyHost('plain-js');
    integrate({ into: dir });
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const md = require(path.join(dir, 'coze-chat', 'core', 'markdown.js')) as { tokenize(text: string): Array<{ kind: string }> };
    const kinds = md.tokenize('# Title\n\n**bold** text\n\n```js\nx()\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n').map((b) => b.kind);
    expect(kinds).toEqual(['heading', 'paragraph', 'code', 'table']);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const entry = require(path.join(dir, 'coze-entry', 'services', 'open-coze-chat.js')) as { CHAT_PAGE_URL: string };
    expect(entry.CHAT_PAGE_URL).toBe('/coze-chat/pages/chat/chat');
  });
});

describe('the host JSON keeps its formatting', () => {
  it('appends new keys after the host text, byte for byte, in its indent', () => {
    const dir = copyHost('ts-cloud');
    const file = path.join(dir, 'miniprogram', 'app.json');
    const original = fs.readFileSync(file, 'utf8');
    integrate({ into: dir });
    const text = fs.readFileSync(file, 'utf8');
    expect(text.startsWith(original.slice(0, original.lastIndexOf('}')).trimEnd())).toBe(true);
    expect(text).toContain('"pages": ["pages/index/index"],'); // the host's one-line array stays one line
    expect(text).toContain('\n  "subpackages": [\n    {\n      "root": "coze-chat",');
  });

  it('edits an existing subPackages list and preloadRule in place, with the host 4-space indent', () => {
    const dir = copyHost('tabbar-sub');
    integrate({ into: dir });
    const text = fs.readFileSync(path.join(dir, 'src', 'app.json'), 'utf8');
    expect(text).toContain('\n    "subPackages": [\n        {\n            "root": "packageA",\n            "name": "detail",');
    expect(text).toContain('"network": "wifi",\n            "packages": [\n                "detail",\n                "coze-chat"\n            ]');
    expect(text).not.toContain('"subpackages"');
    expect(text.indexOf('"tabBar"')).toBeGreaterThan(text.indexOf('"preloadRule"'));
  });
});
