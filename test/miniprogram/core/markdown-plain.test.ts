/** Copy puts what a reader sees on the clipboard (core/markdown-plain.ts): no markdown syntax, code exactly as written. */
import { markdownToPlain } from '../../../miniprogram/core/markdown-plain';

describe('markdownToPlain', () => {
  it('drops emphasis, heading and quote syntax, keeps a link address after its text', () => {
    expect(markdownToPlain('# 标题\n\n这是**粗体**、*斜体*、~~删除~~和`代码`，见[文档](https://a.cn)。\n\n> 引用')).toBe(
      '标题\n\n这是粗体、斜体、删除和代码，见文档 (https://a.cn)。\n\n引用',
    );
  });

  it('keeps list bullets and numbers, one item per line, nested items indented', () => {
    expect(markdownToPlain('- 一\n- 二\n  1. 甲\n  2. 乙')).toBe('• 一\n• 二\n  1. 甲\n  2. 乙');
  });

  it('keeps a code block exactly, markdown-looking characters included', () => {
    const code = 'const a = "**x**"; // [y](z)\n  indented | pipe';
    expect(markdownToPlain(`说明\n\n\`\`\`ts\n${code}\n\`\`\``)).toBe(`说明\n\n${code}`);
  });

  it('turns a table into tab-separated rows', () => {
    expect(markdownToPlain('| 语言 | 特点 |\n| --- | --- |\n| TS | **类型** |')).toBe('语言\t特点\nTS\t类型');
  });

  it('a bare URL is written once', () => {
    expect(markdownToPlain('见 https://a.cn')).toBe('见 https://a.cn');
  });
});
