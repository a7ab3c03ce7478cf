import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { checkWx } from '../../tools/check-wx/check-wx';

function tree(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wx-check-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const good = {
  'pages/a/a.wxml': '<view wx:for="{{list}}" wx:key="id"><text>{{item.name}}</text></view>',
  'pages/a/a.wxss': '.a { color: red; }',
  'pages/a/a.json': '{ "component": true }',
};

describe('checkWx (WeChat wcc/wcsc)', () => {
  it('accepts a valid tree', () => {
    expect(checkWx(tree(good))).toEqual([]);
  });

  it('rejects a broken .wxml with file:line from wcc', () => {
    const problems = checkWx(tree({ ...good, 'pages/b/b.wxml': '<view><text>hi</view>' }));
    expect(problems).toHaveLength(1);
    expect(problems[0].tool).toBe('wcc');
    expect(problems[0].message).toContain('pages/b/b.wxml:1:');
  });

  it('rejects an unclosed mustache', () => {
    const problems = checkWx(tree({ ...good, 'pages/a/a.wxml': '<view>{{label}</view>' }));
    expect(problems.map((p) => p.tool)).toEqual(['wcc']);
  });

  it('rejects a broken .wxss with file and position from wcsc', () => {
    const problems = checkWx(tree({ ...good, 'pages/a/b.wxss': '.a { color: red;\n .b { } } }' }));
    expect(problems).toHaveLength(1);
    expect(problems[0].tool).toBe('wcsc');
    expect(problems[0].message).toContain('pages/a/b.wxss(2:');
  });

  it('passes on the real mini-program tree', () => {
    expect(checkWx(path.join(__dirname, '../../miniprogram'))).toEqual([]);
  });
});
