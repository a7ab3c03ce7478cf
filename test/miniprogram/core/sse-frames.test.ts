/** The HTTP path's SSE reader: frames and UTF-8 characters cut anywhere by chunk boundaries come out whole. */
import { SseFrameReader, Utf8Stream } from '../../../miniprogram/core/sse-frames';

const TEXT = 'event:doc\ndata:{"text":"你好，世界 🌏 ok"}\n\n: comment\n\nevent:result\r\ndata:{"ok":true}\r\n\r\ndata:plain\n\n';
const EXPECTED = [
  { event: 'doc', data: '{"text":"你好，世界 🌏 ok"}' },
  { event: 'result', data: '{"ok":true}' },
  { event: 'message', data: 'plain' },
];

test('every split of the bytes gives the same frames', () => {
  const bytes = new Uint8Array(Buffer.from(TEXT, 'utf8'));
  for (let a = 0; a <= bytes.length; a += 1) {
    const b = Math.min(bytes.length, a + 3);
    const utf8 = new Utf8Stream();
    const reader = new SseFrameReader();
    const frames = [bytes.slice(0, a), bytes.slice(a, b), bytes.slice(b)].flatMap((part) => reader.push(utf8.push(part)));
    expect(frames).toEqual(EXPECTED);
  }
});

test('bytes that are not UTF-8 become U+FFFD instead of throwing', () => {
  expect(new Utf8Stream().push(Uint8Array.from([0x61, 0xff, 0x62]))).toBe('a\ufffdb');
});
