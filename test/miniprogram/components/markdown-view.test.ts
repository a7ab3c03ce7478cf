/** @jest-environment jsdom */
import { tokenize } from '../../../miniprogram/core/markdown';
import { load, mount, simulate, textOf } from '../helpers/simulate';

describe('markdown-view', () => {
  let id: string;
  beforeAll(() => {
    id = load('components/markdown-view/markdown-view', 'markdown-view');
  });

  const md = '# 标题\n\n正文 **粗体** `code` [官网](https://coze.cn)\n\n- 一\n  - 二\n\n> 引用\n\n```js\nconst a = 1;\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n![图](https://x.cn/a.png)';

  it('renders headings, emphasis, lists, quotes, code, tables and images natively', () => {
    const comp = mount(id, { blocks: tokenize(md) });
    expect(textOf(comp.querySelector('.h1'))).toBe('标题');
    expect(textOf(comp.querySelector('.b'))).toBe('粗体');
    expect(textOf(comp.querySelector('.c'))).toBe('code');
    expect(comp.querySelectorAll('.marker').map(textOf)).toEqual(['•', '•']);
    expect(textOf(comp.querySelector('.quoted'))).toBe('引用');
    expect(textOf(comp.querySelector('.code-text'))).toBe('const a = 1;');
    expect(textOf(comp.querySelector('.code-lang'))).toBe('js');
    expect(comp.querySelectorAll('.cell').map(textOf)).toEqual(['a', 'b', '1', '2']);
    expect(comp.querySelector('.img')).toBeTruthy();
    expect(comp.querySelector('.cursor')).toBeUndefined();
  });

  /** The rendered cells, row by row (DOM children: simulate's querySelectorAll does not scope to a sub-node). */
  function cellNodes(markdown: string): HTMLElement[][] {
    const comp = mount(id, { blocks: tokenize(markdown) });
    return Array.from(comp.dom.querySelectorAll<HTMLElement>('.markdown-view--row'), (row) => Array.from(row.children) as HTMLElement[]);
  }

  function cellsPerRow(markdown: string): string[][] {
    return cellNodes(markdown).map((row) => row.map((cell) => (cell.textContent ?? '').trim()));
  }

  it('renders a 2-column table as 2 cells in every row, the header included', () => {
    expect(cellsPerRow('| 项目 | 值 |\n| --- | --- |\n| 问题长度 | 16 |\n| 来源 | coze-emulator |')).toEqual([
      ['项目', '值'],
      ['问题长度', '16'],
      ['来源', 'coze-emulator'],
    ]);
  });

  it('renders a 3-column table as 3 cells in every row, a short row padded', () => {
    expect(cellsPerRow('| a | b | c |\n|---|:-:|--:|\n| 1 | 2 | 3 |\n| 4 | 5 |')).toEqual([
      ['a', 'b', 'c'],
      ['1', '2', '3'],
      ['4', '5', ''],
    ]);
  });

  it('draws a column line before every cell but the first of a row, and keeps the alignment class', () => {
    const classes = cellNodes('| a | b | c |\n|---|:-:|--:|\n| 1 | 2 | 3 |')[1].map((cell) => ({
      next: /--cell-next\b/.test(cell.className),
      align: (/--cell-(center|right)\b/.exec(cell.className) ?? [])[1] ?? '',
    }));
    expect(classes).toEqual([
      { next: false, align: '' },
      { next: true, align: 'center' },
      { next: true, align: 'right' },
    ]);
  });

  it('shows a cursor while streaming', () => {
    const comp = mount(id, { blocks: tokenize('部分'), streaming: true });
    expect(comp.querySelector('.cursor')).toBeTruthy();
  });

  it('emits link-tap, image-tap and copy-code with the URL, source and whole code', async () => {
    const comp = mount(id, { blocks: tokenize(md) });
    const events: Array<[string, unknown]> = [];
    for (const name of ['link-tap', 'image-tap', 'copy-code']) comp.addEventListener(name, (e) => events.push([name, e.detail]));
    comp.querySelector('.a')?.dispatchEvent('tap');
    comp.querySelector('.img')?.dispatchEvent('tap');
    comp.querySelector('.code-copy')?.dispatchEvent('tap');
    await simulate.sleep(0);
    expect(events).toEqual([
      ['link-tap', { href: 'https://coze.cn' }],
      ['image-tap', { src: 'https://x.cn/a.png' }],
      ['copy-code', { code: 'const a = 1;' }],
    ]);
  });
});
