/**
 * Throttled progress writer for one chat.send: at most one write per CHAT_STREAM_WRITE_MS, writes never
 * overlap, and the final state is always written. A failed write is logged and never fails the chat.
 */
import type { StreamDoc } from '../../../../miniprogram/shared/protocol';
import { log } from '../log';
import type { StreamChannel } from './channel';

/** The fields of a StreamDoc the publisher fills in itself. */
export type StreamState = Omit<StreamDoc, '_id' | '_openid' | 'seq' | 'updatedAt'>;

/** Publishes snapshots of one stream. */
export class StreamPublisher {
  private seq = 0;
  private lastWrite = 0;
  private latest?: StreamState;
  private timer?: NodeJS.Timeout;
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly channel: StreamChannel,
    private readonly streamId: string,
    private readonly openid: string,
    private readonly intervalMs: number,
  ) {}

  /** Offers the newest state; it is written now or when the interval allows. */
  offer(state: StreamState): void {
    this.latest = state;
    if (this.timer) return;
    const wait = this.lastWrite + this.intervalMs - Date.now();
    if (wait <= 0) this.flush();
    else this.timer = setTimeout(() => this.flush(), wait);
  }

  /** Writes the final state (always) and waits for every write to finish. */
  async finish(state: StreamState): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.latest = state;
    this.flush();
    await this.chain;
  }

  private flush(): void {
    this.timer = undefined;
    const state = this.latest;
    if (!state) return;
    this.latest = undefined;
    this.lastWrite = Date.now();
    this.seq += 1;
    const doc: StreamDoc = { ...state, _id: this.streamId, _openid: this.openid, seq: this.seq, updatedAt: this.lastWrite };
    this.chain = this.chain
      .then(() => this.channel.write(doc))
      .catch((error: unknown) => log.warn('stream.write_failed', { reason: error instanceof Error ? error.message : String(error) }));
  }
}
