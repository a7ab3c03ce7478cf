/**
 * The SSE writer frames events like api.coze.cn, and its split mode really cuts events and UTF-8 characters
 * apart (checked on the writes themselves, not on what TCP happened to deliver).
 */
import { DONE_DATA, frameEvent, SseWriter } from '../../../tools/coze-emulator/sse-writer';

function recorder(): { writes: Buffer[]; sink: { write(c: Buffer, done: () => void): void } } {
  const writes: Buffer[] = [];
  return { writes, sink: { write: (c, done) => (writes.push(Buffer.from(c)), done()) } };
}

describe('SseWriter', () => {
  it('frames event:NAME\\ndata:JSON\\n\\n and ends with data:"[DONE]"', async () => {
    const { writes, sink } = recorder();
    const w = new SseWriter(sink, undefined);
    await w.send('conversation.message.delta', { content: '你好' });
    await w.done();
    expect(Buffer.concat(writes).toString()).toBe('event:conversation.message.delta\ndata:{"content":"你好"}\n\nevent:done\ndata:"[DONE]"\n\n');
    expect(DONE_DATA).toBe('"[DONE]"');
    expect(frameEvent('x', '{}')).toBe('event:x\ndata:{}\n\n');
  });

  it('split mode writes tiny chunks that split multi-byte characters and reassemble exactly', async () => {
    const { writes, sink } = recorder();
    const w = new SseWriter(sink, { seed: 7 });
    const text = '扣子机器人的回答：二〇二四年十月一日是星期二。';
    await w.send('conversation.message.delta', { content: text });
    const whole = Buffer.concat(writes);
    expect(whole.toString()).toBe(frameEvent('conversation.message.delta', JSON.stringify({ content: text })));
    expect(writes.length).toBeGreaterThan(20);
    expect(Math.max(...writes.map((c) => c.length))).toBeLessThanOrEqual(5);
    const decoder = new TextDecoder('utf-8', { fatal: true });
    const brokenChars = writes.filter((c) => {
      try {
        decoder.decode(c);
        return false;
      } catch {
        return true;
      }
    });
    expect(brokenChars.length).toBeGreaterThan(0);
  });

  it('stops writing once dropped', async () => {
    const { writes, sink } = recorder();
    let dropped = false;
    const w = new SseWriter(sink, undefined, () => {
      dropped = true;
    });
    w.drop();
    await w.send('e', {});
    expect(dropped).toBe(true);
    expect(w.open).toBe(false);
    expect(writes).toEqual([]);
  });
});
