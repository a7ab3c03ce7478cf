/**
 * Incremental, byte-safe SSE parser for Coze streams: one stateful UTF-8 decoder, partial lines carried
 * across chunks, `event:`/`data:` with or without a space, CRLF tolerated, a final event without a
 * trailing newline still delivered at end().
 */
import { StringDecoder } from 'string_decoder';

const CARRIAGE_RETURN = 0x0d;

/** One server-sent event: its name and its (joined) data text. */
export interface SseEvent {
  event: string;
  data: string;
}

/** Feed bytes with push(), collect events; call end() when the body ends. */
export class SseParser {
  private readonly decoder = new StringDecoder('utf8');
  private buffer = '';
  private event = '';
  private data: string[] = [];
  private hasData = false;

  /** Parses one chunk and returns the events it completed. */
  push(chunk: Buffer | string): SseEvent[] {
    this.buffer += typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
    const out: SseEvent[] = [];
    // One scan over the chunk: lines are cut by index, the buffer is sliced once at the end.
    let start = 0;
    let newline = this.buffer.indexOf('\n');
    while (newline >= 0) {
      const end = newline > start && this.buffer.charCodeAt(newline - 1) === CARRIAGE_RETURN ? newline - 1 : newline;
      this.line(this.buffer.slice(start, end), out);
      start = newline + 1;
      newline = this.buffer.indexOf('\n', start);
    }
    if (start > 0) this.buffer = this.buffer.slice(start);
    return out;
  }

  /** Flushes the decoder and the last line, and returns the last event if the body ended without a blank line. */
  end(): SseEvent[] {
    const out: SseEvent[] = [];
    this.buffer += this.decoder.end();
    if (this.buffer) {
      this.line(this.buffer.replace(/\r$/, ''), out);
      this.buffer = '';
    }
    this.dispatch(out);
    return out;
  }

  private line(line: string, out: SseEvent[]): void {
    if (line === '') {
      this.dispatch(out);
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') {
      if (this.hasData) this.dispatch(out);
      this.event = value.trim();
    } else if (field === 'data') {
      this.data.push(value);
      this.hasData = true;
    }
  }

  private dispatch(out: SseEvent[]): void {
    if (this.hasData || this.event) out.push({ event: this.event || 'message', data: this.data.join('\n') });
    this.event = '';
    this.data = [];
    this.hasData = false;
  }
}
