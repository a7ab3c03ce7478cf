/**
 * The preview build without a browser: WXSS scoping and units, app.json scanning, the j-component source patch
 * failing loudly, and build problems carrying file:line.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PATCHES, applyPatch } from '../../tools/preview/build/bundle';
import { PreviewBuilder } from '../../tools/preview/build/builder';
import { scopeSelector } from '../../tools/preview/build/convert-wxss';
import { scanApp } from '../../tools/preview/build/scan-app';
import { convertUnits } from '../../tools/preview/shared/wx-style';

const FIXTURE = path.join(__dirname, 'fixtures', 'mini');
const RENDER_JS = path.join(__dirname, '..', '..', 'node_modules', 'j-component', 'src', 'render', 'render.js');

describe('WXSS conversion', () => {
  test.each([
    ['.a .b', '.card--a .card--b'],
    ['view.a > text', 'wx-view.card--a > wx-text'],
    ['page', 'wx-page'],
    [':host', 'card'],
    [':host(.dark) .x', 'card.card--dark .card--x'],
    ['.a:not(.b)::after', '.card--a:not(.card--b)::after'],
    ['button[disabled]', 'wx-button[disabled]'],
    ['scroll-view .row', 'wx-scroll-view .card--row'],
    ['my-widget .x', 'my-widget .card--x'],
  ])('%s → %s in a component', (input, output) => {
    expect(scopeSelector(input, { prefix: 'card', hostTag: 'card' })).toBe(output);
  });

  test('pages and app.wxss keep their class names', () => {
    expect(scopeSelector('.chat view', { prefix: '', hostTag: 'wx-page' })).toBe('.chat wx-view');
  });

  test('the rules of a page stay inside its own frame (WeChat isolates page styles), so two pages may both style .list', () => {
    const within = '.wx-page-frame[data-route="pages/a/a"]';
    expect(scopeSelector('.list', { prefix: '', hostTag: 'wx-page', within })).toBe(`${within} .list`);
    expect(scopeSelector('page', { prefix: '', hostTag: 'wx-page', within })).toBe(`${within} wx-page`);
  });

  test('rpx, vh and vw scale with the phone frame; other numbers stay', () => {
    expect(convertUnits('0 24rpx -1.5rpx .5rpx')).toBe('0 calc(24 * var(--rpx)) calc(-1.5 * var(--rpx)) calc(.5 * var(--rpx))');
    expect(convertUnits('calc(100vh - 10px) 50vw')).toBe('calc(calc(100 * var(--vh)) - 10px) calc(50 * var(--vw))');
    expect(convertUnits('#a1rpx url(x2rpx.png) 10px')).toBe('#a1rpx url(x2rpx.png) 10px');
  });
});

describe('app.json scanning', () => {
  test('pages and their components, children first, with unique prefixes and ids', () => {
    const app = scanApp(FIXTURE);
    expect(app.components.map((c) => [c.path, c.isPage, c.classPrefix])).toEqual([
      ['components/card/card', false, 'card'],
      ['pages/index/index', true, ''],
      ['pages/second/second', true, ''],
    ]);
    const card = app.components[0];
    expect(app.components[1].using).toEqual({ card: card.id });
    expect(app.components[2].using).toEqual({ card: card.id });
  });

  test('subpackage pages (subpackages or subPackages) are scanned as pages under their root', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'preview-scan-'));
    try {
      fs.cpSync(FIXTURE, root, { recursive: true });
      fs.mkdirSync(path.join(root, 'pkg/pages/second'), { recursive: true });
      fs.writeFileSync(path.join(root, 'pkg/pages/second/second.json'), '{ "usingComponents": {} }');
      fs.writeFileSync(path.join(root, 'pkg/pages/second/second.wxml'), '<view>in a subpackage</view>');
      fs.writeFileSync(path.join(root, 'pkg/pages/second/second.ts'), 'Component({});');
      const appJson = JSON.parse(fs.readFileSync(path.join(root, 'app.json'), 'utf8')) as Record<string, unknown>;
      fs.writeFileSync(path.join(root, 'app.json'), JSON.stringify({ ...appJson, subPackages: [{ root: 'pkg', pages: ['pages/second/second'] }] }));
      const app = scanApp(root);
      expect(app.components.filter((c) => c.isPage).map((c) => c.path)).toEqual(expect.arrayContaining(['pkg/pages/second/second']));
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  test('a missing usingComponents target names the file to fix', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'preview-scan-'));
    try {
      fs.cpSync(FIXTURE, root, { recursive: true });
      fs.writeFileSync(path.join(root, 'pages/second/second.json'), JSON.stringify({ usingComponents: { x: '/components/nope/nope' } }));
      expect(() => scanApp(root)).toThrow(/pages\/second\/second\.json: usingComponents "\/components\/nope\/nope" not found/);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('the j-component source patch', () => {
  test('applies to the pinned j-component and adds `hidden` handling', () => {
    const patched = applyPatch(fs.readFileSync(RENDER_JS, 'utf8'), PATCHES[0], RENDER_JS);
    expect(patched).toContain("name === 'hidden'");
    expect(patched).toContain("exparserNode.$$.setAttribute('hidden', '')");
  });

  test('writes aria-* attributes (camel-cased by wcc) onto the DOM, aria-role also as role', () => {
    const patched = applyPatch(fs.readFileSync(RENDER_JS, 'utf8'), PATCHES[0], RENDER_JS);
    const branch = patched.slice(patched.indexOf('/^aria(-|[A-Z])/'), patched.indexOf('/^data-/.test(name)'));
    const set: Array<[string, string]> = [];
    const node = { $$: { setAttribute: (n: string, v: string) => set.push([n, v]), removeAttribute: () => undefined } };
    const body = branch.slice(branch.indexOf('{') + 1, branch.lastIndexOf('}'));
    // eslint-disable-next-line no-new-func
    new Function('exparserNode', 'name', 'value', body)(node, 'ariaRole', 'button');
    expect(set).toEqual([['aria-role', 'button'], ['role', 'button']]);
  });

  test('fails loudly when the text it patches has changed', () => {
    const drifted = fs.readFileSync(RENDER_JS, 'utf8').replace('/^data-/.test(name)', "name.startsWith('data-')");
    expect(() => applyPatch(drifted, PATCHES[0], RENDER_JS)).toThrow(/no longer applies .*pinned at 1\.4\.10/);
  });
});

describe('a build of the fixture app', () => {
  test('succeeds and reports a broken WXML file with its file:line', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'preview-build-'));
    fs.cpSync(FIXTURE, root, { recursive: true });
    const builder = new PreviewBuilder(root);
    try {
      const ok = await builder.build();
      expect(ok.problems).toEqual([]);
      expect(ok.wxmlJs).toContain('./pages/index/index.wxml');
      expect(ok.css).toContain('.card--title');
      fs.writeFileSync(path.join(root, 'pages/second/second.wxml'), '<view>{{from}</view>');
      const broken = await builder.build();
      expect(broken.ok).toBe(false);
      expect(broken.problems[0].file).toBe(path.join(root, 'pages/second/second.wxml'));
      expect(broken.problems[0].line).toBe(1);
    } finally {
      await builder.dispose();
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
