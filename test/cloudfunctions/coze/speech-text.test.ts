/** What of an answer is read aloud and how it is cut into pieces Coze accepts (≤ 1024 bytes each). */
import { speakableText, speechParts } from '../../../cloudfunctions/coze/src/speech/speech-text';

test('markdown marks, code blocks, links and images are not read', () => {
  const text = speakableText('## 标题\n\n**重要**：看 [文档](https://x.cn/a)。![图](https://x.cn/i.png)\n```ts\nconst a = 1;\n```\n- 一\n- 二\nhttps://x.cn/b');
  expect(text).toBe('标题\n重要：看 文档。\n一\n二');
});

test('pieces end at sentence ends and stay within the byte limit', () => {
  const sentence = '这是一个完整的句子。';
  const { parts, truncated } = speechParts(sentence.repeat(60), 10_000, 100);
  expect(truncated).toBe(false);
  expect(parts.length).toBeGreaterThan(1);
  for (const part of parts) {
    expect(Buffer.byteLength(part)).toBeLessThanOrEqual(100);
    expect(part.endsWith('。')).toBe(true);
  }
  expect(parts.join('')).toBe(sentence.repeat(60));
});

test('a sentence longer than the limit is cut at characters, never inside one', () => {
  const long = '长'.repeat(50) + '😀'.repeat(10);
  const { parts } = speechParts(long, 10_000, 32);
  for (const part of parts) expect(Buffer.byteLength(part)).toBeLessThanOrEqual(32);
  expect(parts.join('')).toBe(long);
});

test('text over the character budget is cut at a sentence end and flagged', () => {
  const { parts, truncated } = speechParts('第一句。第二句。第三句。', 9);
  expect(truncated).toBe(true);
  expect(parts.join('')).toBe('第一句。第二句。');
});
