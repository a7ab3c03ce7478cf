import { BULLET, CODE_SEGMENT_CHARS, RUN_SEGMENT_CHARS, tokenize } from '../../../miniprogram/core/markdown';
import { StreamingMarkdown } from '../../../miniprogram/core/streaming-markdown';

describe('tokenize (marked Lexer → flat plain-data blocks)', () => {
  it('converts headings, emphasis, inline code, links and images to runs', () => {
    const blocks = tokenize('## 标题\n\n普通 **粗** *斜* `code` ~~删~~ [链接](https://a.cn/x) ![图](https://a.cn/i.png)');
    expect(blocks[0]).toEqual({ kind: 'heading', level: 2, runs: [{ t: '标题' }] });
    expect(blocks[1].runs).toEqual([
      { t: '普通 ' },
      { t: '粗', cls: 'b' },
      { t: ' ' },
      { t: '斜', cls: 'i' },
      { t: ' ' },
      { t: 'code', cls: 'c' },
      { t: ' ' },
      { t: '删', cls: 'd' },
      { t: ' ' },
      { t: '链接', cls: 'a', href: 'https://a.cn/x' },
      { t: ' ' },
      { t: '图', src: 'https://a.cn/i.png' },
    ]);
  });

  it('flattens nested lists and quotes into blocks with indent, marker and quote depth', () => {
    expect(tokenize('- a\n  - b\n\n3. x\n4. y\n\n> q')).toEqual([
      { kind: 'paragraph', runs: [{ t: 'a' }], indent: 1, marker: BULLET },
      { kind: 'paragraph', runs: [{ t: 'b' }], indent: 2, marker: BULLET },
      { kind: 'paragraph', runs: [{ t: 'x' }], indent: 1, marker: '3.' },
      { kind: 'paragraph', runs: [{ t: 'y' }], indent: 1, marker: '4.' },
      { kind: 'paragraph', runs: [{ t: 'q' }], quote: 1 },
    ]);
  });

  it('keeps fenced code verbatim, split into fixed segments, and tables with alignment', () => {
    const code = 'x'.repeat(CODE_SEGMENT_CHARS + 5);
    const [block, table] = tokenize('```js\n' + code + '\n```\n\n| a | b |\n|:-|-:|\n| 1 | **2** |');
    expect(block).toEqual({ kind: 'code', lang: 'js', segs: [code.slice(0, CODE_SEGMENT_CHARS), 'xxxxx'] });
    expect(table).toEqual({
      kind: 'table',
      align: ['left', 'right'],
      header: [[{ t: 'a' }], [{ t: 'b' }]],
      rows: [[[{ t: '1' }], [{ t: '2', cls: 'b' }]]],
    });
  });

  it('a 2-column table has 2 cells in the header and in every row (no extra column)', () => {
    const [table] = tokenize('| 项目 | 值 |\n| --- | --- |\n| 问题长度 | 16 |\n| 来源 | coze-emulator |\n');
    expect(table.kind).toBe('table');
    expect(table.align).toEqual(['', '']);
    expect(table.header?.map((cell) => cell.map((r) => r.t).join(''))).toEqual(['项目', '值']);
    expect(table.rows?.map((row) => row.map((cell) => cell.map((r) => r.t).join('')))).toEqual([
      ['问题长度', '16'],
      ['来源', 'coze-emulator'],
    ]);
  });

  it('a 3-column table keeps 3 cells per row, padding a short row with an empty cell (columns stay aligned)', () => {
    const [table] = tokenize('名称 | 说明 | 备注\n:-- | :-: | --:\na | b | c\nd | e');
    expect(table.align).toEqual(['left', 'center', 'right']);
    expect(table.header).toHaveLength(3);
    expect(table.rows?.map((row) => row.map((cell) => cell.map((r) => r.t).join('')))).toEqual([
      ['a', 'b', 'c'],
      ['d', 'e', ''],
    ]);
  });

  it('never interprets HTML and un-escapes entities for display', () => {
    expect(tokenize('<b>x</b> & "y" `<i>`')).toEqual([
      { kind: 'paragraph', runs: [{ t: '<b>' }, { t: 'x' }, { t: '</b>' }, { t: ' & "y" ' }, { t: '<i>', cls: 'c' }] },
    ]);
  });

  it('splits long text into runs so a growing paragraph changes only its last run', () => {
    const runs = tokenize('y'.repeat(RUN_SEGMENT_CHARS * 2 + 1))[0].runs ?? [];
    expect(runs.map((r) => r.t.length)).toEqual([RUN_SEGMENT_CHARS, RUN_SEGMENT_CHARS, 1]);
  });

  it('falls back to the plain text when the tokenizer throws', () => {
    const broken = () => {
      throw new Error('boom');
    };
    expect(tokenize('**a** <b>', broken)).toEqual([{ kind: 'paragraph', runs: [{ t: '**a** <b>' }] }]);
  });

  it('produces serialisable data only (JSON round trip is lossless)', () => {
    const blocks = tokenize('# a\n\n- **b** [c](d)\n\n```\ne\n```');
    expect(JSON.parse(JSON.stringify(blocks))).toEqual(blocks);
  });
});

describe('StreamingMarkdown', () => {
  const doc = '# 标题\n\n第一段 **粗**。\n\n- 一\n- 二\n\n```ts\nconst a = 1;\nconst b = 2;\n```\n\n最后一段文字';

  it('ends with the same blocks as tokenising the whole text, at every prefix', () => {
    const md = new StreamingMarkdown();
    let last: unknown = null;
    for (let i = 1; i <= doc.length; i++) last = md.update(doc.slice(0, i));
    expect(last).toEqual(tokenize(doc));
  });

  it('keeps finished blocks as the same objects (so a diff skips them) and re-lexes only the tail', () => {
    const lexed: string[] = [];
    const md = new StreamingMarkdown((t) => {
      lexed.push(t);
      return require('marked').Lexer.lex(t);
    });
    const first = md.update('# 标题\n\n第一段');
    const second = md.update('# 标题\n\n第一段继续');
    expect(second[0]).toBe(first[0]);
    expect(lexed[1]).toBe('第一段继续');
  });

  it('starts over when a snapshot does not extend the previous text (a poll result, a rewrite)', () => {
    const md = new StreamingMarkdown();
    md.update('First paragraph here.\n\nSecond par');
    expect(md.update('New text')).toEqual(tokenize('New text'));
    expect(md.update('New text\n\nmore')).toEqual(tokenize('New text\n\nmore'));
  });

  it('starts over when the unfinished tail is rewritten, even by a longer text', () => {
    const md = new StreamingMarkdown();
    md.update('# 标题\n\nFirst paragraph here.\n\nSecond par');
    const rewritten = '# 标题\n\nFirst paragraph here.\n\nSecond, rewritten and longer';
    expect(md.update(rewritten)).toEqual(tokenize(rewritten));
  });

  it('falls back to plain text when the lexer throws', () => {
    const md = new StreamingMarkdown(() => {
      throw new Error('boom');
    });
    expect(md.update('**x')).toEqual([{ kind: 'paragraph', runs: [{ t: '**x' }] }]);
  });
});
