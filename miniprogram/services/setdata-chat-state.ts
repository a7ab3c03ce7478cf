/**
 * The ChatState a page implements with setData: the only performance layer between the controller and
 * the view. It sends path keys only, flushes a streaming answer at most every FLUSH_INTERVAL_MS after the
 * previous setData of any kind (so all calls together stay within MAX_SETDATA_PER_SECOND), at once on any
 * status change, and re-tokenises markdown only on a flush. A streaming answer crosses as its
 * growing tail: finished blocks are sent once, then only the last block's changed runs or code segments,
 * so bytes per flush grow neither with the answer nor with the conversation. Older history loaded by
 * scrolling up goes into `older[k]` chunks (the page renders them newest chunk last), so loading a page sends
 * only that page, never the whole list again. With `typewriter` on, a streaming answer (and its reasoning) is
 * revealed by core/typewriter.ts at this same flush cadence: while the shown text is behind what arrived, the
 * message stays dirty and the next throttled flush shows more, until it has caught up (even after the final result).
 */
import type { BotInfo } from '../shared/protocol';
import type { ChatMessage, ChatState, ChatStatus, HistoryStatus } from '../core/chat-types';
import { systemClock, type Clock, type TimerHandle } from '../core/clock';
import { tokenize } from '../core/markdown';
import { StreamingMarkdown } from '../core/streaming-markdown';
import { hideUnfinished } from '../core/streaming-tail';
import { Typewriter } from '../core/typewriter';
import { diffInto } from './data-diff';
import { distinct, toViewMessage, type ViewMessage } from './view-model';

/** The budget: WeChat's guidance is to keep setData well under 20 calls per second; we aim for 12. */
export const MAX_SETDATA_PER_SECOND = 12;
/** Calls per second kept free for the immediate flushes (status changes, new messages, bot, history). */
export const IMMEDIATE_SETDATA_PER_SECOND = 1;
/**
 * Minimum time between a flush (of any kind) and the next throttled one: 91 ms, so streaming takes at most 11
 * calls per second and the few immediate ones (7 in a whole turn) fit in the remaining one.
 */
export const FLUSH_INTERVAL_MS = Math.ceil(1000 / (MAX_SETDATA_PER_SECOND - IMMEDIATE_SETDATA_PER_SECOND));

/** Anything with setData: a page or component instance, or a recorder in tests. */
export interface SetDataTarget {
  setData(data: Record<string, unknown>): void;
}

/** One page of older history, in the order it was loaded (`older[0]` is the newest of them). */
export interface OlderChunk {
  key: string;
  items: ViewMessage[];
}

/** The view data this adapter owns on the page. */
export interface ChatViewData {
  status: ChatStatus;
  /** Older history, one chunk per page loaded; shown above `messages`, the last chunk on top. */
  older: OlderChunk[];
  messages: ViewMessage[];
  bot: BotInfo | null;
  draft: string;
  history: HistoryStatus;
}

/** Options of the adapter; `composerText` tells whether a failed text may go back to the composer. */
export interface SetDataChatStateOptions {
  target: SetDataTarget;
  clock?: Clock;
  flushIntervalMs?: number;
  composerText?: () => string;
  /** Reveal streamed text smoothly between sparse live snapshots (the chat page turns it on). */
  typewriter?: boolean;
}

/** What of an answer is shown at one flush, and whether more is still to come without new data. */
interface Shown {
  text: string;
  reasoning: string;
  behind: boolean;
}

interface Typers {
  text: Typewriter;
  reasoning: Typewriter;
}

/** Implements ChatState with throttled, path-keyed setData. */
export class SetDataChatState implements ChatState {
  status: ChatStatus = 'ready';
  messages: ChatMessage[] = [];
  private sent: ViewMessage[] = [];
  /** Sizes of the `older` chunks, in load order; the flat message list starts with the last one. */
  private chunks: number[] = [];
  private readonly dirty = new Set<number>();
  private readonly streams = new Map<string, StreamingMarkdown>();
  private readonly typers = new Map<string, Typers>();
  /** Set by view(): the message just viewed is still being typed (it needs another flush). */
  private typing = false;
  private statusDirty = false;
  private timer: TimerHandle | null = null;
  private lastFlushAt = Number.NEGATIVE_INFINITY;
  private readonly clock: Clock;
  private readonly interval: number;

  constructor(private readonly options: SetDataChatStateOptions) {
    this.clock = options.clock ?? systemClock;
    this.interval = options.flushIntervalMs ?? FLUSH_INTERVAL_MS;
  }

  /** Initial view data for the page's `data` block. */
  static initialData(): ChatViewData {
    return { status: 'ready', older: [], messages: [], bot: null, draft: '', history: 'none' };
  }

  setStatus(status: ChatStatus): void {
    if (status === this.status) return;
    this.status = status;
    this.statusDirty = true;
    this.flushNow();
  }

  setMessages(messages: ChatMessage[]): void {
    this.cancelTimer();
    this.messages = messages.slice();
    this.dirty.clear();
    this.streams.clear();
    this.typers.clear();
    this.sent = this.messages.map((m) => this.view(m));
    const data: Record<string, unknown> = { messages: this.sent };
    if (this.chunks.length) data.older = [];
    this.chunks = [];
    if (this.statusDirty) data.status = this.status;
    this.statusDirty = false;
    this.write(data);
  }

  pushMessage(message: ChatMessage): void {
    this.messages.push(message);
    this.dirty.add(this.messages.length - 1);
    this.flushNow();
  }

  replaceMessage(index: number, message: ChatMessage): void {
    const before = this.messages[index];
    this.messages[index] = message;
    this.dirty.add(index);
    if (!before || before.status !== message.status || before.id !== message.id) this.flushNow();
    else this.schedule();
  }

  prependMessages(messages: ChatMessage[]): void {
    if (!messages.length) return;
    // Indices shift: pending work is flushed first (a message still being typed stays dirty, at its new index); then only the new chunk crosses.
    this.flushNow();
    const typing = [...this.dirty].map((index) => index + messages.length);
    this.dirty.clear();
    for (const index of typing) this.dirty.add(index);
    const views = messages.map((m) => this.view(m));
    const k = this.chunks.length;
    this.messages = messages.concat(this.messages);
    this.sent = views.concat(this.sent);
    this.chunks.push(messages.length);
    const chunk: OlderChunk = { key: `older-${k}`, items: views };
    this.write({ [`older[${k}]`]: chunk });
  }

  setHistory(history: HistoryStatus): void {
    this.write({ history });
  }

  setBot(bot: BotInfo | null): void {
    this.write({ bot: bot && { ...bot, suggestedQuestions: distinct(bot.suggestedQuestions) } });
  }

  restoreDraft(text: string): boolean {
    const current = this.options.composerText ? this.options.composerText() : '';
    if (current.trim()) return false;
    this.write({ draft: text });
    return true;
  }

  /** Sends whatever is pending now (the page calls it before leaving). */
  flushNow(): void {
    this.cancelTimer();
    const data: Record<string, unknown> = {};
    const stillTyping: number[] = [];
    for (const index of this.dirty) {
      const view = this.view(this.messages[index]);
      if (this.typing) stillTyping.push(index);
      const path = this.pathOf(index);
      if (index < this.sent.length) diffInto(this.sent[index], view, path, data);
      else data[path] = view;
      this.sent[index] = view;
    }
    this.dirty.clear();
    if (this.statusDirty) data.status = this.status;
    this.statusDirty = false;
    const wrote = Object.keys(data).length > 0;
    if (wrote) this.write(data);
    for (const index of stillTyping) this.dirty.add(index);
    // A typing frame that changed nothing on screen still waits a full interval before the next one.
    if (stillTyping.length) this.schedule(wrote ? undefined : this.interval);
  }

  /** The setData path of a message by its index in the flat list (older chunks first, last chunk on top). */
  private pathOf(index: number): string {
    let offset = 0;
    for (let k = this.chunks.length - 1; k >= 0; k--) {
      if (index < offset + this.chunks[k]) return `older[${k}].items[${index - offset}]`;
      offset += this.chunks[k];
    }
    return `messages[${index - offset}]`;
  }

  private view(message: ChatMessage): ViewMessage {
    this.typing = false;
    if (message.role !== 'assistant') return toViewMessage(message, []);
    const shown = this.shown(message);
    this.typing = shown.behind;
    if (message.status === 'streaming' || shown.behind) {
      let stream = this.streams.get(message.id);
      if (!stream) {
        // Half-typed syntax at the end ("[", "**", a lone "|") waits until it closes (the cursor shows where text grows).
        stream = new StreamingMarkdown();
        this.streams.set(message.id, stream);
      }
      return toViewMessage(message, stream.update(shown.text), shown.reasoning);
    }
    this.streams.delete(message.id);
    // A stopped answer was cut mid-stream: its unfinished end stays hidden, as it was while streaming.
    return toViewMessage(message, tokenize(message.status === 'stopped' ? hideUnfinished(message.text) : message.text));
  }

  /** The text and reasoning to show now: all of it, or (typewriter on) what the typewriter has revealed. */
  private shown(message: ChatMessage): Shown {
    const all: Shown = { text: message.text, reasoning: message.reasoning ?? '', behind: false };
    if (!this.options.typewriter) return all;
    let typers = this.typers.get(message.id);
    if (message.status === 'streaming' && !typers) {
      typers = { text: new Typewriter(), reasoning: new Typewriter() };
      this.typers.set(message.id, typers);
    }
    // Only a streaming answer, or one that completed while still being typed, is typed; stop and errors show all.
    if (!typers || (message.status !== 'streaming' && message.status !== 'complete')) {
      this.typers.delete(message.id);
      return all;
    }
    const now = this.clock.now();
    typers.text.arrive(all.text, now);
    typers.reasoning.arrive(all.reasoning, now);
    const behind = !typers.text.caughtUp(now) || !typers.reasoning.caughtUp(now);
    if (!behind && message.status === 'complete') this.typers.delete(message.id);
    return { text: typers.text.reveal(now), reasoning: typers.reasoning.reveal(now), behind };
  }

  private schedule(delayMs?: number): void {
    if (this.timer !== null) return;
    const delay = delayMs ?? Math.max(0, this.lastFlushAt + this.interval - this.clock.now());
    this.timer = this.clock.setTimeout(() => {
      this.timer = null;
      this.flushNow();
    }, delay);
  }

  private cancelTimer(): void {
    if (this.timer === null) return;
    this.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  /** Every setData starts a new throttle window: a pending streaming flush moves to a full interval after it. */
  private write(data: Record<string, unknown>): void {
    this.lastFlushAt = this.clock.now();
    this.options.target.setData(data);
    if (this.timer !== null) {
      this.cancelTimer();
      this.schedule();
    }
  }
}
