import { readdirSync, readFileSync } from 'fs';
import path from 'path';
import { SseEvent, SseParser } from '../../../cloudfunctions/coze/src/coze/sse';

const FIXTURES = path.join(__dirname, '../../fixtures/coze');
const streams = readdirSync(FIXTURES).filter((name) => name.endsWith('_resp.txt'));

function parseAll(chunks: Buffer[]): SseEvent[] {
  const parser = new SseParser();
  const events: SseEvent[] = [];
  for (const chunk of chunks) events.push(...parser.push(chunk));
  events.push(...parser.end());
  return events;
}

function reference(bytes: Buffer): SseEvent[] {
  return parseAll([bytes]);
}

describe('SseParser on the recorded Coze streams', () => {
  test('finds the recorded fixtures', () => {
    expect(streams.length).toBeGreaterThanOrEqual(5);
  });

  test.each(streams)('%s: events are complete and JSON data parses', (name) => {
    const bytes = readFileSync(path.join(FIXTURES, name));
    const events = reference(bytes);
    expect(events.length).toBe((bytes.toString('utf8').match(/^event:/gm) ?? []).length);
    for (const event of events) {
      expect(event.event).not.toMatch(/^\s|\s$/);
      expect(() => JSON.parse(event.data)).not.toThrow();
    }
  });

  test.each(streams)('%s: same events when split at every byte offset', (name) => {
    const bytes = readFileSync(path.join(FIXTURES, name));
    const expected = reference(bytes);
    for (let offset = 1; offset < bytes.length; offset += 1) {
      expect(parseAll([bytes.subarray(0, offset), bytes.subarray(offset)])).toEqual(expected);
    }
  });

  test.each(streams)('%s: same events when fed byte by byte', (name) => {
    const bytes = readFileSync(path.join(FIXTURES, name));
    const chunks = Array.from({ length: bytes.length }, (_, i) => bytes.subarray(i, i + 1));
    expect(parseAll(chunks)).toEqual(reference(bytes));
  });

  test('the text stream ends with done "[DONE]" even without a trailing newline', () => {
    const events = reference(readFileSync(path.join(FIXTURES, 'cozepy__chat_text_stream_resp.txt')));
    expect(events[events.length - 1]).toEqual({ event: 'done', data: '"[DONE]"' });
    const deltas = events.filter((e) => e.event === 'conversation.message.delta').map((e) => JSON.parse(e.data).content as string);
    expect(deltas.join('')).toContain('星期三');
  });

  test('workflow stream with "event: " and "data: " (space) gives trimmed names and data', () => {
    const events = reference(readFileSync(path.join(FIXTURES, 'cozepy__workflows_chat_stream_resp.txt')));
    expect(events.map((e) => e.event)).toContain('conversation.chat.completed');
    expect(events[events.length - 1].event).toBe('done');
    expect(JSON.parse(events[events.length - 1].data)).toHaveProperty('debug_url');
  });
});

describe('SseParser framing', () => {
  test('a multi-byte character split across chunks is decoded once, intact', () => {
    const bytes = Buffer.from('event:conversation.message.delta\ndata:{"content":"星期三"}\n\n');
    const cut = bytes.indexOf(Buffer.from('期')) + 1;
    const events = parseAll([bytes.subarray(0, cut), bytes.subarray(cut)]);
    expect(JSON.parse(events[0].data).content).toBe('星期三');
  });

  test('CRLF line endings, comments and unknown fields are tolerated', () => {
    const text = ': keep-alive\r\nid: 7\r\nevent: done\r\ndata: "[DONE]"\r\n\r\n';
    expect(parseAll([Buffer.from(text)])).toEqual([{ event: 'done', data: '"[DONE]"' }]);
  });

  test('multiple data lines join with a newline; an event without data still dispatches', () => {
    expect(parseAll([Buffer.from('event:x\ndata:a\ndata:b\n\nevent:y\n\n')])).toEqual([
      { event: 'x', data: 'a\nb' },
      { event: 'y', data: '' },
    ]);
  });

  test('events that are not separated by a blank line are still split at the next event line', () => {
    expect(parseAll([Buffer.from('event:a\ndata:1\nevent:b\ndata:2')])).toEqual([
      { event: 'a', data: '1' },
      { event: 'b', data: '2' },
    ]);
  });
});
