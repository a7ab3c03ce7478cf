/**
 * Leading-edge throttled progress writer for one chat.send. The first state that carries answer text is written
 * at once (a text-less state before it, which only tells the client the chatId, never delays it), and so is the
 * first state with reasoning (a thinking model shows it starts at once), and a state with a new tool step (the
 * page says which plugin runs while it runs; a step finishing waits for the window); after that,
 * at most one write per CHAT_STREAM_WRITE_MS, with the newest state written when the window ends. The final
 * state is written at once, never waiting out the window. A state equal to the last one offered is not written
 * again, writes never overlap, and a failed write is logged and never fails the chat.
 */
import type { StreamDoc } from '../../../../miniprogram/shared/protocol';
import { log } from '../log';
import type { StreamChannel } from './channel';
import type { Caller } from '../deadline';

/** The fields of a StreamDoc the publisher fills in itself. */
export type StreamState = Omit<StreamDoc, '_id' | '_openid' | 'seq' | 'updatedAt'>;

/** True when two states would show the same thing to the watcher (so the second need not be written). */
export function sameState(a: StreamState, b: StreamState): boolean {
  return (
    a.text === b.text &&
    a.reasoning === b.reasoning &&
    sameSteps(a.steps, b.steps) &&
    a.status === b.status &&
    a.chatId === b.chatId &&
    a.conversationId === b.conversationId &&
    a.error?.code === b.error?.code &&
    a.error?.message === b.error?.message &&
    a.followUps.length === b.followUps.length &&
    a.followUps.every((text, i) => text === b.followUps[i])
  );
}

function sameSteps(a: StreamState['steps'], b: StreamState['steps']): boolean {
  const x = a ?? [];
  const y = b ?? [];
  return x.length === y.length && x.every((step, i) => step.name === y[i].name && step.done === y[i].done);
}

/** Publishes snapshots of one stream. */
export class StreamPublisher {
  private seq = 0;
  private lastWrite = 0;
  /** Whether a write carrying answer text went out: until then, the first text skips the window. */
  private textWritten = false;
  /** The same for reasoning text. */
  private reasoningWritten = false;
  /** Tool steps in the last write: a state with more skips the window. */
  private stepsWritten = 0;
  /** The newest state offered (written or pending), to drop repeats. */
  private offered?: StreamState;
  /** The state waiting for the window to end. */
  private pending?: StreamState;
  private timer?: NodeJS.Timeout;
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly channel: StreamChannel,
    private readonly streamId: string,
    /** The chat.send that publishes: its user owns the doc, its deadline bounds every write. */
    private readonly caller: Caller,
    private readonly intervalMs: number,
  ) {}

  /** Offers the newest state; it is written now (first write, first text, or the window is over) or when the window ends. */
  offer(state: StreamState): void {
    if (this.offered && sameState(this.offered, state)) return;
    this.offered = state;
    this.pending = state;
    const firstText =
      (!this.textWritten && state.text !== '') || (!this.reasoningWritten && Boolean(state.reasoning)) || (state.steps?.length ?? 0) > this.stepsWritten;
    if (this.timer && !firstText) return;
    const wait = firstText ? 0 : this.lastWrite + this.intervalMs - Date.now();
    if (wait <= 0) this.flush();
    else this.timer = setTimeout(() => this.flush(), wait);
  }

  /** Writes the final state at once (always, even if equal) and waits for every write to finish. */
  async finish(state: StreamState): Promise<void> {
    this.offered = state;
    this.pending = state;
    this.flush();
    await this.chain;
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const state = this.pending;
    if (!state) return;
    this.pending = undefined;
    this.lastWrite = Date.now();
    this.textWritten ||= state.text !== '';
    this.reasoningWritten ||= Boolean(state.reasoning);
    this.stepsWritten = state.steps?.length ?? 0;
    this.seq += 1;
    const doc: StreamDoc = { ...state, _id: this.streamId, _openid: this.caller.openid, seq: this.seq, updatedAt: this.lastWrite };
    this.chain = this.chain
      .then(() => this.channel.write(doc, this.caller.deadline))
      .catch((error: unknown) => log.warn('stream.write_failed', { reason: error instanceof Error ? error.message : String(error) }));
  }
}
