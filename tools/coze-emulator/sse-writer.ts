/**
 * Writes Server-Sent Events framed like api.coze.cn: `event:NAME\ndata:JSON\n\n`, ending with
 * `event:done` / `data:"[DONE]"` (coze-api.md §2.3). Optionally splits the bytes into tiny random chunks
 * that cut events and UTF-8 characters apart, to prove a client's parser reassembles them.
 */
import type { ServerResponse } from 'http';

/** The data text of the final `done` event, with its JSON quotes. */
export const DONE_DATA = '"[DONE]"';

/** Frames one event exactly as the real server does. */
export function frameEvent(event: string, dataText: string): string {
  return `event:${event}\ndata:${dataText}\n\n`;
}

/** A tiny deterministic PRNG (mulberry32), so split-chunks runs are reproducible from a seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Largest chunk of the split-chunks fault, bytes. */
const MAX_SPLIT_BYTES = 5;

/** Cuts bytes into chunks of 1..MAX_SPLIT_BYTES bytes. */
export function splitBytes(bytes: Buffer, random: () => number): Buffer[] {
  const out: Buffer[] = [];
  let i = 0;
  while (i < bytes.length) {
    const size = 1 + Math.floor(random() * MAX_SPLIT_BYTES);
    out.push(bytes.subarray(i, i + size));
    i += size;
  }
  return out;
}

/** Where SSE bytes go; a ServerResponse in production, a recorder in unit tests. */
export interface ByteSink {
  write(chunk: Buffer, done: (err?: Error | null) => void): unknown;
}

/** One SSE response. `open` turns false once the client is gone or the stream was dropped on purpose. */
export class SseWriter {
  private closed = false;
  private readonly random: (() => number) | undefined;

  constructor(
    private readonly sink: ByteSink,
    split: { seed: number } | undefined,
    private readonly onDrop: () => void = () => undefined,
  ) {
    this.random = split ? seededRandom(split.seed) : undefined;
  }

  get open(): boolean {
    return !this.closed;
  }

  /** Marks the writer closed (client went away). */
  close(): void {
    this.closed = true;
  }

  /** Sends one event whose data is JSON. */
  send(event: string, data: unknown): Promise<void> {
    return this.raw(frameEvent(event, JSON.stringify(data)));
  }

  /** Sends the final done event. */
  done(): Promise<void> {
    return this.raw(frameEvent('done', DONE_DATA));
  }

  /** Sends text as-is (malformed-sse uses it for garbage). */
  async raw(text: string): Promise<void> {
    if (this.closed) return;
    const bytes = Buffer.from(text, 'utf8');
    const chunks = this.random ? splitBytes(bytes, this.random) : [bytes];
    for (const chunk of chunks) {
      if (this.closed) return;
      await new Promise<void>((resolve) => this.sink.write(chunk, () => resolve()));
    }
  }

  /** Destroys the connection mid-stream (drop-mid-stream fault). */
  drop(): void {
    this.closed = true;
    this.onDrop();
  }
}

/** Starts an SSE response on `res` with the headers the real server sends. */
export function startSse(res: ServerResponse, logId: string): void {
  res.writeHead(200, {
    'Content-Type': 'text/event-stream',
    'Cache-Control': 'no-cache',
    Connection: 'keep-alive',
    'X-Tt-Logid': logId,
  });
  res.socket?.setNoDelay(true);
}
