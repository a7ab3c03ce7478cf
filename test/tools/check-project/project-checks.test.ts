import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { checkProject } from '../../../tools/check-project/project-checks';
import { MIN_BASE_LIBRARY } from '../../../miniprogram/core/base-library';

type Files = Record<string, string>;

function tree(files: Files): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'project-check-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

function parts(base: string, json: object): Files {
  return {
    [`${base}.ts`]: 'Component({});',
    [`${base}.json`]: JSON.stringify(json),
    [`${base}.wxml`]: '<view />',
    [`${base}.wxss`]: '.a {}',
  };
}

const good: Files = {
  'project.config.json': JSON.stringify({
    appid: 'touristappid',
    compileType: 'miniprogram',
    miniprogramRoot: 'miniprogram/',
    cloudfunctionRoot: 'cloudfunctions/',
    setting: { useCompilerPlugins: ['typescript'] },
  }),
  'miniprogram/app.json': JSON.stringify({ pages: ['pages/chat/chat'], sitemapLocation: 'sitemap.json' }),
  'miniprogram/sitemap.json': '{ "rules": [] }',
  ...parts('miniprogram/pages/chat/chat', { component: true, usingComponents: { bubble: '/components/bubble/bubble', chip: '../../components/chip/chip' } }),
  ...parts('miniprogram/components/bubble/bubble', { component: true }),
  ...parts('miniprogram/components/chip/chip', { component: true }),
  'cloudfunctions/coze/index.js': 'exports.main = async () => ({});',
  'cloudfunctions/coze/package.json': '{}',
  'cloudfunctions/coze/config.json': '{}',
};

function without(files: Files, name: string): Files {
  const copy = { ...files };
  delete copy[name];
  return copy;
}

const messages = (root: string): string[] => checkProject(root).map((p) => `${p.file}: ${p.message}`);

describe('checkProject (DevTools readiness)', () => {
  it('passes a complete tree with absolute and relative component paths', () => {
    expect(messages(tree(good))).toEqual([]);
  });

  it('fails when project.config.json debugs a base library below the supported floor, and passes at or above it', () => {
    const config = JSON.parse(good['project.config.json']) as Record<string, unknown>;
    const withLib = (libVersion: string): Files => ({ ...good, 'project.config.json': JSON.stringify({ ...config, libVersion }) });
    expect(messages(tree(withLib('2.17.1')))).toEqual([expect.stringContaining(`project.config.json: "libVersion" is "2.17.1", below ${MIN_BASE_LIBRARY}`)]);
    expect(messages(tree(withLib(MIN_BASE_LIBRARY)))).toEqual([]);
    expect(messages(tree(withLib('3.8.1')))).toEqual([]);
  });

  it('fails when a page file is missing', () => {
    const problems = messages(tree(without(good, 'miniprogram/pages/chat/chat.wxss')));
    expect(problems).toEqual([expect.stringContaining('miniprogram/pages/chat/chat.wxss: is missing: page')]);
  });

  it('fails on a usingComponents path that does not resolve', () => {
    const broken = { ...good, ...parts('miniprogram/pages/chat/chat', { component: true, usingComponents: { bubble: '/components/nope/nope' } }) };
    expect(messages(tree(broken))).toEqual([expect.stringContaining('usingComponents "bubble": "/components/nope/nope" does not resolve')]);
  });

  it('fails when a used component lacks a file or "component": true', () => {
    const broken = { ...without(good, 'miniprogram/components/chip/chip.ts'), 'miniprogram/components/bubble/bubble.json': '{}' };
    const problems = messages(tree(broken));
    expect(problems).toHaveLength(2);
    expect(problems.join('\n')).toContain('components/chip/chip.ts: is missing: component');
    expect(problems.join('\n')).toContain('bubble.json: must contain "component": true');
  });

  it('fails on project.config.json without the typescript compiler plugin, appid or cloudfunctionRoot', () => {
    const config = { compileType: 'miniprogram', miniprogramRoot: 'miniprogram/', setting: {} };
    const problems = messages(tree({ ...good, 'project.config.json': JSON.stringify(config) }));
    expect(problems.join('\n')).toContain('"appid"');
    expect(problems.join('\n')).toContain('"cloudfunctionRoot"');
    expect(problems.join('\n')).toContain('useCompilerPlugins');
  });

  it('fails on broken JSON, a missing sitemap and an incomplete cloud function folder', () => {
    const broken = without(without({ ...good, 'miniprogram/components/chip/chip.json': '{ "component": true, }' }, 'miniprogram/sitemap.json'), 'cloudfunctions/coze/index.js');
    const text = messages(tree(broken)).join('\n');
    expect(text).toContain('chip.json: is not valid JSON');
    expect(text).toContain('miniprogram/sitemap.json: is missing');
    expect(text).toContain('cloudfunctions/coze/index.js: is missing: run `npm run build`');
  });

  it('passes on the real project tree', () => {
    expect(messages(path.join(__dirname, '../../..'))).toEqual([]);
  });
});

describe('checkProject on hosts that are not ours', () => {
  const jsParts = (base: string, json: object): Files => ({
    [`${base}.js`]: 'Page({});',
    [`${base}.json`]: JSON.stringify(json),
    [`${base}.wxml`]: '<view />',
    [`${base}.wxss`]: '.a {}',
  });
  const jsHost: Files = {
    'project.config.json': JSON.stringify({ appid: 'touristappid', compileType: 'miniprogram', cloudfunctionRoot: 'cloudfunctions/' }),
    'app.json': JSON.stringify({ pages: ['pages/index/index'], subpackages: [{ root: 'sub', pages: ['pages/a/a'] }] }),
    'sitemap.json': '{ "rules": [] }',
    ...jsParts('pages/index/index', {}),
    ...jsParts('sub/pages/a/a', {}),
    'cloudfunctions/coze/index.js': 'exports.main = async () => ({});',
    'cloudfunctions/coze/package.json': '{}',
    'cloudfunctions/coze/config.json': '{}',
  };

  it('passes a JavaScript host (no TS plugin, no miniprogramRoot: the project folder is the root)', () => {
    expect(messages(tree(jsHost))).toEqual([]);
  });

  it('checks the pages of subpackages', () => {
    expect(messages(tree(without(jsHost, 'sub/pages/a/a.wxml')))).toEqual([expect.stringContaining('sub/pages/a/a.wxml: is missing: subpackage page')]);
    expect(messages(tree(without(jsHost, 'sub/pages/a/a.js')))).toEqual([expect.stringContaining('sub/pages/a/a.ts: is missing: subpackage page')]);
  });
});
