/**
 * Static check of every WXML list key. In WeChat `wx:key="index"` names a FIELD `index` of each item (not the
 * loop index): the markdown blocks, runs and cells have none, so every item got the key `undefined` and WeChat
 * warned about duplicate keys. A key is `*this` or a field the items really have; positional lists (markdown blocks,
 * runs, cells, code pieces) are wrapped by markdown-view.wxs `keyed()` with their position as field `k`. A `wx:for`
 * without `wx:key` makes WeChat's WXML runtime warn on every render.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ROOT } from './helpers/simulate';

/** Every .wxml file under the mini-program root (relative paths), npm packages excluded. */
function wxmlFiles(dir = ROOT): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'miniprogram_npm' ? [] : wxmlFiles(full);
    return entry.name.endsWith('.wxml') ? [path.relative(ROOT, full)] : [];
  });
}

/** The `wx:key` values of one file. */
function keysOf(file: string): string[] {
  return Array.from(fs.readFileSync(path.join(ROOT, file), 'utf8').matchAll(/wx:key="([^"]*)"/g), (m) => m[1]);
}

describe('WXML list keys', () => {
  it('finds the WXML files, markdown-view among them', () => {
    expect(wxmlFiles()).toContain(path.join('components', 'markdown-view', 'markdown-view.wxml'));
  });

  it.each(wxmlFiles())('%s keys lists by *this or a real field, never by "index"', (file) => {
    expect(keysOf(file).filter((key) => key === 'index' || key.includes('{{'))).toEqual([]);
  });

  it.each(wxmlFiles())('%s gives every wx:for a wx:key', (file) => {
    const tags = fs.readFileSync(path.join(ROOT, file), 'utf8').match(/<[a-z-]+\s[^>]*wx:for=[^>]*>/g) ?? [];
    expect(tags.filter((tag) => !/\swx:key="[^"]+"/.test(tag))).toEqual([]);
  });

  it('keys messages and conversations by id (the lists that reorder and grow at the top)', () => {
    expect(keysOf(path.join('pages', 'chat', 'chat.wxml'))).toEqual(['key', 'id', 'id']);
    expect(keysOf(path.join('pages', 'conversations', 'conversations.wxml'))).toEqual(['id']);
  });
});
