/**
 * The terminal chat's state and actions, speaking exactly the mini-program's protocol: bot.info on start,
 * chat.send with a streamId watched through the stream channel (the watch starts BEFORE the send), the final
 * result replacing the live text, chat.cancel on stop, conversations and feedback. No terminal I/O here.
 */
import { afterSend, followChat } from '../../miniprogram/core/chat-recovery';
import type { BotInfo, ChatResult, Conversation, Message, StreamDoc } from '../../miniprogram/shared/protocol';
import type { Progress } from './render';
import type { LocalCloud, LocalCloudClient } from '../dev-server/local-cloud';
import { ActionError, callAction, callEnvelope, newStreamId } from './cloud-call';
import { openidFor } from './commands';

/** Where one simulated user is: their own current conversation and last answer. */
interface UserState {
  client: LocalCloudClient;
  conversationId?: string;
  lastAnswer?: { conversationId: string; messageId: string };
  listed: Conversation[];
}

/** A reply in flight: what cancel needs. */
interface Pending {
  streamId: string;
  conversationId?: string;
  chatId?: string;
  stopped: boolean;
  stopWatch: () => void;
}

/** A reply as it streams: the answer so far, and the thinking and tool steps before it. */
export interface LiveReply extends Progress {
  text: string;
}

/** Messages shown when switching to a conversation. */
export const HISTORY_LIMIT = 6;

/** Conversations /list shows. */
export const LIST_PAGE_SIZE = 20;

/** Knobs for tests; the defaults are the mini-program's (core/chat-recovery.ts). */
export interface ChatSessionOptions {
  pollIntervalMs?: number;
  maxPolls?: number;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** One terminal chat: several simulated WeChat users sharing one local cloud. */
export class ChatSession {
  private readonly users = new Map<string, UserState>();
  private current: string;
  private pending?: Pending;

  constructor(private readonly cloud: LocalCloud, user: string, private readonly options: ChatSessionOptions = {}) {
    this.current = user;
    this.state();
  }

  /** Name of the current simulated user. */
  get user(): string {
    return this.current;
  }

  /** True when the current user is in a conversation (false: their next message starts one). */
  get hasConversation(): boolean {
    return this.state().conversationId !== undefined;
  }

  /** True while a reply is being generated. */
  get busy(): boolean {
    return this.pending !== undefined;
  }

  /** Switches to another simulated WeChat user (created on first use) and returns the name. */
  switchUser(name: string): string {
    this.current = name;
    this.state();
    return name;
  }

  private state(): UserState {
    let s = this.users.get(this.current);
    if (!s) {
      s = { client: this.cloud.client(openidFor(this.current)), listed: [] };
      this.users.set(this.current, s);
    }
    return s;
  }

  /** The bot's name, prologue and suggested questions. */
  botInfo(): Promise<BotInfo> {
    return callAction(this.state().client, 'bot.info', {});
  }

  /**
   * Sends a message and streams the answer: `onLive` receives the whole reply so far (text, reasoning, tool
   * steps) on each stream write that carries any of them.
   * Resolves with the authoritative final result (which replaces what the stream showed). A reply that
   * `chat.send` did not end (detached, or the stream dropped after Coze named the chat) is followed with
   * `chat.poll` by the mini-program's own rules (core/chat-recovery.ts); a failure throws ActionError.
   */
  async send(text: string, onLive: (live: LiveReply) => void): Promise<ChatResult> {
    const s = this.state();
    const streamId = newStreamId();
    let lastSeq = 0;
    const pending: Pending = { streamId, conversationId: s.conversationId, stopped: false, stopWatch: () => undefined };
    pending.stopWatch = s.client.watchStream(streamId, (doc: StreamDoc) => {
      if (doc.seq <= lastSeq) return;
      lastSeq = doc.seq;
      pending.conversationId = doc.conversationId || pending.conversationId;
      if (doc.chatId && !pending.chatId) {
        pending.chatId = doc.chatId;
        // Stopped before Coze named the chat: cancel as soon as it is known.
        if (pending.stopped) void this.cancelPending(pending);
      }
      if (!pending.stopped && (doc.text || doc.reasoning || doc.steps?.length)) onLive({ text: doc.text, reasoning: doc.reasoning ?? '', steps: doc.steps ?? [] });
    });
    this.pending = pending;
    try {
      const sent = await callEnvelope(s.client, 'chat.send', { text, streamId, ...(s.conversationId ? { conversationId: s.conversationId } : {}) });
      const verdict = afterSend(sent, pending);
      if (verdict.kind === 'fail') throw new ActionError(verdict.error);
      const result = verdict.kind === 'done' ? verdict.result : await this.follow(s.client, pending, verdict, sent.ok ? sent.data : undefined, onLive);
      s.conversationId = result.conversationId;
      if (result.answer) s.lastAnswer = { conversationId: result.conversationId, messageId: result.answer.id };
      return result;
    } finally {
      pending.stopWatch();
      this.pending = undefined;
    }
  }

  /** Follows a reply with chat.poll until it is final; a stop returns the latest known state (the caller shows the stop). */
  private async follow(client: LocalCloudClient, pending: Pending, ids: { conversationId: string; chatId: string }, sent: ChatResult | undefined, onLive: (live: LiveReply) => void): Promise<ChatResult> {
    pending.conversationId = ids.conversationId;
    pending.chatId = ids.chatId;
    let latest: ChatResult = sent ?? { conversationId: ids.conversationId, chatId: ids.chatId, status: 'in_progress', answer: null, followUps: [] };
    const outcome = await followChat(ids.conversationId, ids.chatId, {
      poll: (conversationId, chatId) => callEnvelope(client, 'chat.poll', { conversationId, chatId }),
      sleep,
      stopped: () => pending.stopped,
      onResult: (result) => {
        latest = result;
        if (!pending.stopped) onLive(liveOf(result));
      },
      intervalMs: this.options.pollIntervalMs,
      budget: this.options.maxPolls,
    });
    if (outcome.kind === 'failed') throw new ActionError(outcome.error);
    return outcome.kind === 'final' ? outcome.result : latest;
  }

  /** Stops the reply in flight: rendering stops at once, Coze is told to cancel. Returns false when idle. */
  stop(): boolean {
    const pending = this.pending;
    if (!pending || pending.stopped) return false;
    pending.stopped = true;
    if (pending.chatId) void this.cancelPending(pending);
    return true;
  }

  private async cancelPending(pending: Pending): Promise<void> {
    if (!pending.conversationId || !pending.chatId) return;
    try {
      await callAction(this.state().client, 'chat.cancel', { conversationId: pending.conversationId, chatId: pending.chatId });
    } catch {
      // The send's own result reports the final state; a failed cancel changes nothing the user sees.
    }
  }

  /** Starts a new conversation: the next message creates it. */
  newConversation(): void {
    const s = this.state();
    s.conversationId = undefined;
    s.lastAnswer = undefined;
  }

  /** The current user's conversations (only theirs: the function scopes them by openid). */
  async list(): Promise<{ conversations: Conversation[]; currentId?: string }> {
    const s = this.state();
    const { conversations } = await callAction(s.client, 'conversation.list', { pageNum: 1, pageSize: LIST_PAGE_SIZE });
    s.listed = conversations;
    return { conversations, currentId: s.conversationId };
  }

  /** Switches to conversation N of the last /list (1-based) and returns its latest messages. */
  async switchTo(index: number): Promise<{ conversation: Conversation; messages: Message[] }> {
    const s = this.state();
    const conversation = s.listed[index - 1];
    if (!conversation) throw new RangeError(`No conversation ${index}: run /list first and pick a number from it.`);
    const { messages } = await callAction(s.client, 'message.list', { conversationId: conversation.id, limit: HISTORY_LIMIT });
    s.conversationId = conversation.id;
    const last = [...messages].reverse().find((m) => m.role === 'assistant');
    s.lastAnswer = last ? { conversationId: conversation.id, messageId: last.id } : undefined;
    return { conversation, messages };
  }

  /** Clears the current conversation's context (Coze starts a new section); false when there is none yet. */
  async clear(): Promise<boolean> {
    const s = this.state();
    if (!s.conversationId) return false;
    await callAction(s.client, 'conversation.clear', { conversationId: s.conversationId });
    return true;
  }

  /** Likes or unlikes the last answer; false when there is no answer yet. */
  async feedback(kind: 'like' | 'unlike'): Promise<boolean> {
    const s = this.state();
    if (!s.lastAnswer) return false;
    await callAction(s.client, 'message.feedback', { ...s.lastAnswer, feedback: kind });
    return true;
  }
}

/** A chat result as a live reply (the final result and each poll replace what the stream showed). */
export function liveOf(result: ChatResult): LiveReply {
  return { text: result.answer?.content ?? '', reasoning: result.answer?.reasoning ?? '', steps: result.steps ?? [] };
}
