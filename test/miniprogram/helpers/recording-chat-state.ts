/** A ChatState that records a deep copy of every state the view would render (vercel/ai's TestChatState idea). */
import type { BotInfo } from '../../../miniprogram/shared/protocol';
import type { ChatMessage, ChatState, ChatStatus, HistoryStatus } from '../../../miniprogram/core/chat-types';

/** One rendered state: the chat status and each message's status and text. */
export interface Snapshot {
  status: ChatStatus;
  messages: ChatMessage[];
}

/** Implements ChatState in memory and keeps a snapshot after each mutation. */
export class RecordingChatState implements ChatState {
  status: ChatStatus = 'ready';
  messages: ChatMessage[] = [];
  bot: BotInfo | null = null;
  drafts: string[] = [];
  history: HistoryStatus = 'none';
  /** Every history status, in order. */
  histories: HistoryStatus[] = [];
  readonly snapshots: Snapshot[] = [];

  private record(): void {
    this.snapshots.push(JSON.parse(JSON.stringify({ status: this.status, messages: this.messages })) as Snapshot);
  }

  setStatus(status: ChatStatus): void {
    this.status = status;
    this.record();
  }
  setMessages(messages: ChatMessage[]): void {
    this.messages = messages.slice();
    this.record();
  }
  pushMessage(message: ChatMessage): void {
    this.messages = this.messages.concat(message);
    this.record();
  }
  replaceMessage(index: number, message: ChatMessage): void {
    this.messages = this.messages.map((m, i) => (i === index ? message : m));
    this.record();
  }
  prependMessages(messages: ChatMessage[]): void {
    this.messages = messages.concat(this.messages);
    this.record();
  }
  setHistory(history: HistoryStatus): void {
    this.history = history;
    this.histories.push(history);
  }
  setBot(bot: BotInfo | null): void {
    this.bot = bot;
  }
  restoreDraft(text: string): boolean {
    this.drafts.push(text);
    return true;
  }

  /** Compact timeline: `status|lastMessageStatus:text` per snapshot, consecutive duplicates removed. */
  timeline(): string[] {
    const lines = this.snapshots.map((s) => {
      const last = s.messages[s.messages.length - 1];
      return `${s.status}|${last ? `${last.status}:${last.text}` : '-'}`;
    });
    return lines.filter((line, i) => line !== lines[i - 1]);
  }
}
