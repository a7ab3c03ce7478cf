/**
 * Reads Server-Sent Events from a byte stream that arrives in arbitrary chunks (the HTTP path of issue 21:
 * `wx.cloud.callHTTPFunction` hands over ArrayBuffer chunks): an incremental UTF-8 decoder that keeps a character
 * split across chunks, and a frame splitter that keeps a frame split across chunks. Pure: no wx.
 */

/** One event: its name (`message` when the frame has none) and its data lines joined by newlines. */
export interface SseFrame {
  event: string;
  data: string;
}

/** Length of the UTF-8 sequence a lead byte starts (1 for ASCII and for stray bytes, which decode as U+FFFD). */
function sequenceLength(lead: number): number {
  if (lead >= 0xf0 && lead < 0xf8) return 4;
  if (lead >= 0xe0) return lead < 0xf0 ? 3 : 1;
  if (lead >= 0xc0) return 2;
  return 1;
}

/** Decodes UTF-8 chunk by chunk; a character cut at a chunk's end waits for the next chunk. */
export class Utf8Stream {
  private rest: number[] = [];

  /** The text of this chunk (plus what the previous one left). */
  push(chunk: Uint8Array): string {
    const bytes = this.rest.length ? [...this.rest, ...chunk] : Array.from(chunk);
    let end = bytes.length;
    // Hold back an incomplete sequence at the end: at most 3 bytes, starting at the last lead byte.
    for (let i = bytes.length - 1; i >= Math.max(0, bytes.length - 3); i -= 1) {
      if ((bytes[i] & 0xc0) !== 0x80) {
        if (i + sequenceLength(bytes[i]) > bytes.length) end = i;
        break;
      }
    }
    this.rest = bytes.slice(end);
    let text = '';
    let i = 0;
    while (i < end) {
      const lead = bytes[i];
      const size = sequenceLength(lead);
      let code = size === 1 ? (lead < 0x80 ? lead : 0xfffd) : lead & (0xff >> (size + 1));
      for (let k = 1; k < size; k += 1) code = (code << 6) | (bytes[i + k] & 0x3f);
      text += String.fromCodePoint(code);
      i += size;
    }
    return text;
  }
}

/** Splits decoded text into SSE frames; a frame is complete at its blank line. Comment lines are skipped. */
export class SseFrameReader {
  private buffer = '';
  /** A `\r` at the end of a chunk: it may be the first half of a `\r\n` the next chunk completes. */
  private carriage = '';

  /** The frames this text completes. */
  push(text: string): SseFrame[] {
    let raw = this.carriage + text;
    this.carriage = raw.endsWith('\r') ? '\r' : '';
    if (this.carriage) raw = raw.slice(0, -1);
    this.buffer += raw.replace(/\r\n?/g, '\n');
    const frames: SseFrame[] = [];
    let cut = this.buffer.indexOf('\n\n');
    while (cut >= 0) {
      const block = this.buffer.slice(0, cut);
      this.buffer = this.buffer.slice(cut + 2);
      let event = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        const colon = line.indexOf(':');
        if (colon === 0) continue;
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'event') event = value;
        else if (field === 'data') data.push(value);
      }
      if (data.length) frames.push({ event, data: data.join('\n') });
      cut = this.buffer.indexOf('\n\n');
    }
    return frames;
  }
}
