/**
 * The framework-free chat controller (vercel/ai's AbstractChat, for one Coze bot): it owns the status
 * machine and the messages, and writes them only through a ChatState. Pages forward taps to it.
 * A second send while a reply is generating is REFUSED (not queued): Coze itself answers BUSY (4016) to a
 * second chat in the same conversation, and the composer shows stop instead of send while generating.
 */
import type { ApiError, Attachment, ChatResult, Feedback, Message } from '../shared/protocol';
import type { ChatPart } from './attachments';
import { applyEvent, type ChatEvent } from './apply-event';
import { afterSend, followChat, NETWORK_ERROR, POLL_BUDGET, POLL_INTERVAL_MS } from './chat-recovery';
import { canTransition, isGenerating } from './chat-status';
import { cleanPastedText } from './clean-text';
import type { ChatTransport, SendHandle, StreamProgress } from './chat-transport';
import type { ChatMessage, ChatState, ChatStatus } from './chat-types';
import { systemClock, type Clock } from './clock';
import { counterIds } from './ids';
import { type SpeechTarget, speechTargetOf } from './speech-target';

// The recovery rules (and their messages) live in chat-recovery.ts, shared with the terminal chat.
export { NETWORK_ERROR, POLL_BUDGET, POLL_INTERVAL_MS, POLL_TIMEOUT_ERROR } from './chat-recovery';

/** The divider shown where the user cleared the context; earlier messages stay visible above it. */
export const CONTEXT_CLEARED_TEXT = '上下文已清除';
/** How many history pages one scroll-up may fetch when pages hold only hidden messages. */
export const HIDDEN_PAGE_BUDGET = 3;
/** Shown when clear or feedback is tapped while an answer is still being written. */
export const BUSY_ERROR: ApiError = { code: 'BUSY', message: '回答生成中，请先停止或等待完成', retryable: true };

/** What `loadOlder` did: how many messages it put on top, and which message was first before (the scroll anchor). */
export interface LoadOlderResult {
  added: number;
  anchorId: string | null;
  error: ApiError | null;
}

/** What `send` did with the text. */
export type SendOutcome = 'sent' | 'empty' | 'refused';

/** Dependencies of the controller; clock and ids are injected so tests are deterministic. */
export interface ChatControllerOptions {
  state: ChatState;
  transport: ChatTransport;
  clock?: Clock;
  generateId?: () => string;
  pollIntervalMs?: number;
  pollBudget?: number;
  /** Told when the chat gets a conversation id (the first send created one), so the conversation list can follow. */
  onConversation?: (conversationId: string) => void;
}

interface Turn {
  index: number;
  /** The conversation the turn runs in (null until a first send's result names it). */
  conversationId: string | null;
  text: string;
  attachments?: Attachment[];
  chatId: string;
  stopped: boolean;
  cancelSent: boolean;
  handle: SendHandle | null;
}

/** Turns Coze history into chat messages; follow-up messages become chips of the answer before them. */
export function fromHistory(messages: readonly Message[]): ChatMessage[] {
  const out: ChatMessage[] = [];
  for (const m of messages) {
    if (m.type === 'follow_up') {
      const last = out[out.length - 1];
      if (last && last.role === 'assistant') last.followUps = last.followUps.concat(m.content);
    } else if (m.type === 'question' || m.type === 'answer') {
      const message: ChatMessage = { id: m.id, role: m.role, text: m.content, status: 'complete', error: null, followUps: [], chatId: m.chatId ?? '', remoteId: m.id };
      if (m.type === 'answer' && m.reasoning) message.reasoning = m.reasoning;
      // History shows attachments by their cloud fileID (the image component and wx.previewImage take it as src).
      if (m.parts && m.parts.length) message.parts = m.parts.map((p) => ({ kind: p.kind, name: p.name, size: p.size, src: p.fileID }));
      out.push(message);
    }
  }
  return out;
}

/** Drives one conversation: send, stop, retry, regenerate, history and bot info. */
export class ChatController {
  /** The Coze conversation; null until the first send creates one (or a conversation is opened). */
  conversationId: string | null = null;
  private turn: Turn | null = null;
  /** Paging state of the history: `firstId` is the oldest loaded message, the `beforeId` of the next page. */
  private history = { firstId: '', hasMore: false, loading: false };
  private running: Promise<void> = Promise.resolve();
  private readonly clock: Clock;
  private readonly nextId: () => string;
  private readonly pollIntervalMs: number;
  private readonly pollBudget: number;

  constructor(private readonly options: ChatControllerOptions) {
    this.clock = options.clock ?? systemClock;
    this.nextId = options.generateId ?? counterIds();
    this.pollIntervalMs = options.pollIntervalMs ?? POLL_INTERVAL_MS;
    this.pollBudget = options.pollBudget ?? POLL_BUDGET;
  }

  private get state(): ChatState {
    return this.options.state;
  }

  /** Resolves when the current turn (including a stopped turn's cancel) has fully settled. */
  whenIdle(): Promise<void> {
    return this.running;
  }

  /** Loads the bot's name, avatar, prologue and suggested questions for the empty conversation; returns the failure. */
  async loadBot(): Promise<ApiError | null> {
    const res = await this.options.transport.botInfo();
    if (!res.ok) return res.error;
    this.state.setBot(res.data);
    return null;
  }

  /** Opens a conversation (null = a new one) and shows its history; a running reply is stopped first. */
  async openConversation(conversationId: string | null): Promise<ApiError | null> {
    this.stop();
    this.conversationId = conversationId;
    this.history = { firstId: '', hasMore: false, loading: false };
    this.state.setMessages([]);
    this.state.setHistory('none');
    if (this.state.status === 'error') this.setStatus('ready');
    if (!conversationId) return null;
    this.state.setHistory('loading');
    const res = await this.options.transport.listMessages(conversationId);
    if (this.conversationId !== conversationId) return null;
    if (!res.ok) {
      this.state.setHistory('none');
      return res.error;
    }
    this.history = { firstId: res.data.firstId, hasMore: res.data.hasMore, loading: false };
    this.state.setMessages(fromHistory(res.data.messages));
    // 'end' ("已显示全部消息") is only worth saying after the user paged up; one page that holds it all says nothing.
    this.state.setHistory(res.data.hasMore ? 'more' : 'none');
    return null;
  }

  /**
   * Loads the page of history before the oldest loaded message and puts it on top (scrolling up). A running
   * turn keeps writing to its own message: its index moves down by the number of messages added.
   */
  async loadOlder(): Promise<LoadOlderResult> {
    const conversationId = this.conversationId;
    const none: LoadOlderResult = { added: 0, anchorId: null, error: null };
    if (!conversationId || !this.history.hasMore || this.history.loading || !this.history.firstId) return none;
    this.history.loading = true;
    this.state.setHistory('loading');
    const known = new Set(this.state.messages.map((m) => m.id));
    let older: ChatMessage[] = [];
    // A page can hold only messages the list hides (tool calls, follow-ups): keep paging a little.
    for (let pages = 0; pages < HIDDEN_PAGE_BUDGET && this.history.hasMore && !older.length; pages++) {
      const res = await this.options.transport.listMessages(conversationId, this.history.firstId);
      if (this.conversationId !== conversationId) return none;
      if (!res.ok) {
        this.history.loading = false;
        this.state.setHistory('more');
        return { ...none, error: res.error };
      }
      const progressed = !!res.data.firstId && res.data.firstId !== this.history.firstId;
      this.history.firstId = res.data.firstId || this.history.firstId;
      this.history.hasMore = res.data.hasMore && progressed;
      older = fromHistory(res.data.messages).filter((m) => !known.has(m.id));
    }
    this.history.loading = false;
    const anchor = this.state.messages[0];
    if (older.length) {
      this.state.prependMessages(older);
      if (this.turn) this.turn.index += older.length;
    }
    this.state.setHistory(this.history.hasMore ? 'more' : 'end');
    return { added: older.length, anchorId: older.length && anchor ? anchor.id : null, error: null };
  }

  /**
   * Clears the context (`conversation.clear`): Coze starts a new section, so the bot forgets what came before,
   * and a divider marks the place; earlier messages stay visible. A conversation with no id yet has no context.
   */
  async clearContext(): Promise<ApiError | null> {
    if (isGenerating(this.state.status)) return BUSY_ERROR;
    const conversationId = this.conversationId;
    if (!conversationId) return null;
    const last = this.state.messages[this.state.messages.length - 1];
    if (!last || last.role === 'system') return null;
    const res = await this.options.transport.clearContext(conversationId);
    if (!res.ok) return res.error;
    if (this.conversationId !== conversationId) return null;
    this.state.pushMessage({ id: this.nextId(), role: 'system', text: CONTEXT_CLEARED_TEXT, status: 'complete', error: null, followUps: [], chatId: '' });
    return null;
  }

  /**
   * Likes or unlikes an answer (one of the two; tapping the chosen one again clears it). The choice shows at
   * once and is undone if `message.feedback` fails; the error is returned for the page to show.
   */
  async setFeedback(messageId: string, choice: 'like' | 'unlike'): Promise<ApiError | null> {
    const index = this.state.messages.findIndex((m) => m.id === messageId);
    const message = this.state.messages[index];
    const conversationId = this.conversationId;
    if (!message || message.role !== 'assistant' || !message.remoteId || !conversationId) return null;
    const before: Feedback = message.feedback ?? null;
    const next: Feedback = before === choice ? null : choice;
    this.state.replaceMessage(index, { ...message, feedback: next });
    const res = await this.options.transport.feedback(conversationId, message.remoteId, next);
    if (res.ok) return null;
    const now = this.state.messages.findIndex((m) => m.id === messageId);
    if (now >= 0 && this.state.messages[now].feedback === next) this.state.replaceMessage(now, { ...this.state.messages[now], feedback: before });
    return res.error;
  }

  /**
   * Sends the user's text (optional with attachments) as typed — indentation of pasted code included; only
   * invisible paste artefacts are cleaned, and trimming only decides whether it is empty. Refused while a reply
   * is generating (the composer shows stop then).
   */
  send(text: string, attachments: readonly Attachment[] = [], parts: readonly ChatPart[] = []): SendOutcome {
    const typed = cleanPastedText(text);
    if (!typed.trim() && attachments.length === 0) return 'empty';
    if (isGenerating(this.state.status)) return 'refused';
    const question: ChatMessage = { id: this.nextId(), role: 'user', text: typed, status: 'complete', error: null, followUps: [], chatId: '' };
    if (attachments.length) {
      question.attachments = attachments.slice();
      question.parts = parts.slice();
    }
    this.state.pushMessage(question);
    this.state.pushMessage(this.pendingAnswer());
    this.start(this.state.messages.length - 1, typed, question.attachments);
    return 'sent';
  }

  /** Re-sends the question of a failed answer, in the failed answer's place. */
  retry(messageId: string): boolean {
    const index = this.state.messages.findIndex((m) => m.id === messageId);
    const message = this.state.messages[index];
    if (!message || message.status !== 'error') return false;
    return this.resend(index);
  }

  /** Asks again for the last answer (cut back to the last question and re-send it). */
  regenerate(): boolean {
    const index = this.state.messages.length - 1;
    const message = this.state.messages[index];
    if (!message || message.role !== 'assistant' || message.status === 'pending' || message.status === 'streaming') return false;
    return this.resend(index);
  }

  /**
   * Stops the reply: rendering stops at once, Coze is cancelled, the partial answer stays as `stopped`. If the
   * chat id is not known yet, the live-text watch stays open (rendering nothing) until progress names it, so
   * the cancel goes out then instead of after `chat.send` returns.
   */
  stop(): void {
    const turn = this.turn;
    if (!turn) return;
    turn.stopped = true;
    this.turn = null;
    this.apply(turn, { type: 'stop' });
    this.setStatus('ready');
    this.cancelIfKnown(turn);
  }

  /** Leaves the error status without retrying (the failed message keeps its retry button). */
  clearError(): void {
    if (this.state.status === 'error') this.setStatus('ready');
  }

  /** What `audio.speech` needs to read a message aloud (the last message when no id is given), or null. */
  speechTarget(messageId?: string): SpeechTarget | null {
    const messages = this.state.messages;
    const message = messageId === undefined ? messages[messages.length - 1] : messages.find((m) => m.id === messageId);
    return speechTargetOf(message, this.conversationId);
  }

  /** The full text of a message, for copying (the view holds only rendered blocks). */
  textOf(messageId: string): string {
    const message = this.state.messages.find((m) => m.id === messageId);
    return message ? message.text : '';
  }

  private resend(index: number): boolean {
    if (isGenerating(this.state.status)) return false;
    let q = index - 1;
    while (q >= 0 && this.state.messages[q].role !== 'user') q--;
    if (q < 0) return false;
    this.state.replaceMessage(index, this.pendingAnswer());
    this.start(index, this.state.messages[q].text, this.state.messages[q].attachments);
    return true;
  }

  private adopt(conversationId: string): void {
    this.conversationId = conversationId;
    if (this.options.onConversation) this.options.onConversation(conversationId);
  }

  private pendingAnswer(): ChatMessage {
    return { id: this.nextId(), role: 'assistant', text: '', status: 'pending', error: null, followUps: [], chatId: '' };
  }

  private setStatus(to: ChatStatus): void {
    const from = this.state.status;
    if (!canTransition(from, to)) {
      throw new Error(`Illegal chat status change ${from} → ${to}: add it to CHAT_TRANSITIONS in core/chat-status.ts if it is intended.`);
    }
    if (from !== to) this.state.setStatus(to);
  }

  private apply(turn: Turn, event: ChatEvent): ChatMessage {
    const before = this.state.messages[turn.index];
    const after = applyEvent(before, event);
    if (after !== before) this.state.replaceMessage(turn.index, after);
    return after;
  }

  private start(index: number, text: string, attachments?: Attachment[]): void {
    const turn: Turn = { index, conversationId: this.conversationId, text, attachments, chatId: '', stopped: false, cancelSent: false, handle: null };
    this.turn = turn;
    this.setStatus('submitted');
    this.running = this.run(turn);
  }

  /** Cancels a stopped turn once its chat and conversation ids are known, then stops watching its live text. */
  private cancelIfKnown(turn: Turn): void {
    if (turn.cancelSent || !turn.chatId || !turn.conversationId) return;
    turn.cancelSent = true;
    turn.handle?.close();
    void this.options.transport.cancel(turn.conversationId, turn.chatId).catch(() => undefined);
  }

  private onProgress(turn: Turn, progress: StreamProgress): void {
    if (progress.chatId) turn.chatId = progress.chatId;
    if (progress.conversationId && !turn.conversationId) turn.conversationId = progress.conversationId;
    if (turn.stopped) return this.cancelIfKnown(turn);
    if (turn.conversationId && !this.conversationId) this.adopt(turn.conversationId);
    if (!progress.text && !progress.reasoning && !progress.steps) return;
    this.apply(turn, { type: 'progress', text: progress.text, chatId: progress.chatId, reasoning: progress.reasoning, steps: progress.steps, at: this.clock.now() });
    if (this.state.status === 'submitted') this.setStatus('streaming');
  }

  private async run(turn: Turn): Promise<void> {
    const params = { conversationId: turn.conversationId ?? undefined, text: turn.text, ...(turn.attachments ? { attachments: turn.attachments } : {}) };
    const handle = this.options.transport.send(params, (p) => this.onProgress(turn, p));
    turn.handle = handle;
    const res = await handle.result.catch(() => ({ ok: false as const, error: NETWORK_ERROR }));
    handle.close();
    if (res.ok) {
      turn.conversationId = res.data.conversationId || turn.conversationId;
      if (!turn.stopped && turn.conversationId && turn.conversationId !== this.conversationId) this.adopt(turn.conversationId);
      turn.chatId = res.data.chatId || turn.chatId;
    }
    if (turn.stopped) return this.cancelIfKnown(turn);
    const verdict = afterSend(res, turn);
    if (verdict.kind === 'fail') return this.fail(turn, verdict.error);
    if (res.ok) this.onResult(turn, res.data);
    if (verdict.kind === 'done') return this.finish(turn);
    return this.follow(turn, verdict.conversationId, verdict.chatId);
  }

  /** Follows the chat with `chat.poll` (detached, or the call was lost) by the shared recovery rules. */
  private async follow(turn: Turn, conversationId: string, chatId: string): Promise<void> {
    const outcome = await followChat(conversationId, chatId, {
      poll: (c, id) => this.options.transport.poll(c, id),
      sleep: (ms) => this.sleep(ms),
      stopped: () => turn.stopped,
      onResult: (result) => this.onResult(turn, result),
      intervalMs: this.pollIntervalMs,
      budget: this.pollBudget,
    });
    if (outcome.kind === 'failed') return this.fail(turn, outcome.error);
    if (outcome.kind === 'final') this.finish(turn);
  }

  private onResult(turn: Turn, result: ChatResult): void {
    const message = this.apply(turn, { type: 'result', result, at: this.clock.now() });
    if (message.status === 'streaming' && this.state.status === 'submitted') this.setStatus('streaming');
  }

  private finish(turn: Turn): void {
    this.turn = null;
    const message = this.state.messages[turn.index];
    this.setStatus(message.status === 'error' ? 'error' : 'ready');
  }

  private fail(turn: Turn, error: ApiError): void {
    const beforeCoze = !turn.chatId;
    // Nothing reached Coze: the text goes back to the composer, and then the bubble offers no 重试 (one way only).
    const restored = beforeCoze && this.state.restoreDraft(turn.text);
    this.apply(turn, { type: 'failure', error, beforeCoze, restored });
    this.turn = null;
    this.setStatus('error');
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.clock.setTimeout(resolve, ms));
  }
}
