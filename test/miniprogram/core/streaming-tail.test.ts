/**
 * Unfinished inline syntax at the end of a streaming answer is hidden until it closes (core/streaming-tail.ts),
 * and what is shown is always a prefix of the text (so the incremental tokenizer keeps its finished blocks).
 */
import { hideUnfinished } from '../../../miniprogram/core/streaming-tail';
import { StreamingMarkdown } from '../../../miniprogram/core/streaming-markdown';
import { lexTop, tokenize } from '../../../miniprogram/core/markdown';

describe('hideUnfinished', () => {
  it.each([
    ['和 [', '和 '],
    ['和 [链接', '和 '],
    ['和 [链接]', '和 '],
    ['和 [链接](https://www.co', '和 '],
    ['看 ![图](https://x.cn/a', '看 '],
    ['这是**粗', '这是'],
    ['这是 *斜', '这是 '],
    ['这是 ~~删', '这是 '],
    ['一个 `code', '一个 '],
    ['第一段\n\n| a | b', '第一段\n\n'],
    ['| a | b |\n| --', ''],
    ['列表：\n-', '列表：\n'],
    ['说明\n\n1.', '说明\n\n'],
    ['标题\n#', '标题\n'],
    ['代码\n``', '代码\n'],
    ['上一行\n|', '上一行\n'],
    ['示例如下：\n```js', '示例如下：\n'],
    ['参见 [1]。\n\n[1]: https://a.cn "标', '参见 [1]。\n\n'],
  ])('hides the unfinished end of %j', (text, shown) => {
    expect(hideUnfinished(text)).toBe(shown);
  });

  it.each([
    '和 [链接](https://x.cn) 之后',
    '这是**粗体**。',
    'snake_case 和 a_b_c 不是强调',
    '5 * 3 = 15',
    '`a` 和 `b`',
    '| a | b |\n| --- | --- |\n| 1 | 2 |',
    '```js\nconst s = `x **y [z',
    '转义 \\[ 和 \\*',
    '',
  ])('leaves finished text alone: %j', (text) => {
    expect(hideUnfinished(text)).toBe(text);
  });

  it('always returns a prefix, for every prefix of a real answer', () => {
    const answer = '## 对比\n\n这是**重点**和[文档](https://a.cn)，`code` 也行。\n\n| 语言 | 特点 |\n| --- | --- |\n| TS | *类型* |\n\n- 一\n- 二\n\n```ts\nconst a = 1;\n```\n';
    for (let i = 0; i <= answer.length; i++) {
      const text = answer.slice(0, i);
      expect(text.startsWith(hideUnfinished(text))).toBe(true);
    }
  });

  it('no raw "[", "**" or lone "|" reaches the rendered blocks while the answer streams', () => {
    const answer = '这里是**重点内容**，参见[文档](https://a.cn)。\n\n| 语言 | 特点 |\n| --- | --- |\n| TS | 强 |\n';
    const stream = new StreamingMarkdown();
    for (let i = 1; i <= answer.length; i++) {
      const blocks = stream.update(answer.slice(0, i));
      const runs = blocks.flatMap((b) => [...(b.runs ?? []), ...(b.header ?? []).flat(), ...(b.rows ?? []).flat(2)]);
      const shown = runs.map((r) => r.t).join('');
      expect({ at: i, shown, raw: /\*\*|\[|\]\(|^\s*\|/.test(shown) }).toEqual({ at: i, shown, raw: false });
    }
    expect(stream.update(answer)).toEqual(tokenize(answer));
  });

  const answer = [
    '## 对比\n\n这是**重点**和[文档](https://a.cn)，`code` 也行。\n',
    '| 语言 | 特点 |\n| --- | --- |\n| TS | *类型* |\n',
    '- 一\n- 二 ~~删~~\n',
    '```ts\nconst a = [1, 2];\n```\n',
    '> 引用里的 _强调_ 和 ![图](https://a.cn/x.png)\n',
  ].join('\n');

  it('the stream hides the tail exactly as hiding the whole text would, for every prefix of a real answer', () => {
    const tailOnly = new StreamingMarkdown();
    const wholeText = new StreamingMarkdown(lexTop, (tail) => tail);
    for (let i = 0; i <= answer.length; i++) {
      const text = answer.slice(0, i);
      expect({ at: i, blocks: tailOnly.update(text) }).toEqual({ at: i, blocks: wholeText.update(hideUnfinished(text)) });
    }
  });

  it('sees only the unfinished tail, so a flush costs the same at 16 K characters as at the start', () => {
    const long = answer.repeat(Math.ceil(16_000 / answer.length));
    const seen: number[] = [];
    const stream = new StreamingMarkdown(lexTop, (tail) => {
      seen.push(tail.length);
      return hideUnfinished(tail);
    });
    for (let i = 1; i <= long.length; i += 7) stream.update(long.slice(0, i));
    const longestBlock = Math.max(...answer.split('\n\n').map((block) => block.length));
    expect(seen.length).toBeGreaterThan(2_000);
    // A tail holds the block being typed plus at most the one before it (a block is finished once the next starts).
    expect(Math.max(...seen)).toBeLessThanOrEqual(2 * longestBlock + 2);
  });

  it('link reference definitions ("[1]: url", which marked leaves out of its tokens) never make a paragraph show twice', () => {
    const cited = '参见 [1] 和 [文档][doc]。\n\n[1]: https://a.cn\n[doc]: https://b.cn "标题"\n\n第二段\n\n第三段\n\n' + '后面的段落。\n\n'.repeat(40);
    const seen: number[] = [];
    const stream = new StreamingMarkdown(lexTop, (tail) => {
      seen.push(tail.length);
      return hideUnfinished(tail);
    });
    for (let i = 1; i <= cited.length; i++) {
      const texts = stream.update(cited.slice(0, i)).map((b) => (b.runs ?? []).map((r) => r.t).join(''));
      expect({ at: i, twice: texts.filter((t) => t === '第二段').length > 1, url: texts.some((t) => t.includes('https://')) }).toEqual({ at: i, twice: false, url: false });
    }
    expect(stream.update(cited)).toEqual(tokenize(cited));
    // The definitions are stepped over, not a reason to stop keeping finished blocks: the tail stays short.
    expect(Math.max(...seen.slice(-50))).toBeLessThan(100);
  });
});
