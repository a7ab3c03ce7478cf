/**
 * Reduces Coze chat events (streamed, or fetched by chat.poll) to a ChatResult: the answer grows from
 * deltas, `message.completed` is the truth, follow-ups and usage are collected, failures carry Coze's code.
 */
import type { ChatQuestion, ChatResult, ChatStatus, Message, ToolStep, Usage } from '../../../../miniprogram/shared/protocol';
import { AppError, cozeError } from '../errors';
import { Json, num, obj, parseJson, str } from '../coze/json';
import { toChatStatus, toMessage, toToolStep, toUsage } from '../coze/mappers';
import type { SseEvent } from '../coze/sse';
import { displayContent, isInterrupt, parseQuestion } from '../coze/question';

const CHAT_OBJECT_EVENTS: ReadonlySet<string> = new Set([
  'conversation.chat.created',
  'conversation.chat.in_progress',
  'conversation.chat.completed',
  'conversation.chat.failed',
  'conversation.chat.requires_action',
]);

/** Between the answer messages of one turn. */
const ANSWER_SEPARATOR = '\n\n';

/** The state of one chat turn, fed event by event. */
export class ChatReducer {
  conversationId: string;
  chatId = '';
  status: ChatStatus = 'in_progress';
  /** True once a terminal chat event or `done` arrived. */
  finished = false;
  private readonly answers = new Map<string, Message>();
  private readonly followUps: string[] = [];
  /** Tool calls in order; a `tool_response` finishes the oldest unfinished one. */
  private readonly toolSteps: ToolStep[] = [];
  private usage?: Usage;
  private error?: AppError;
  /** answerText() of the current answers; dropped when an answer changes, so events that add no text copy nothing. */
  private joined?: string;
  /** A chatflow stopped at a question/input node (the `interrupt` verbose message, or a question card). */
  private interrupted = false;
  private pendingQuestion?: ChatQuestion;
  /** reasoningText(), cached the same way. */
  private joinedReasoning?: string;
  /** True once some answer carries reasoning: until then reasoningText() costs nothing per event. */
  private hasReasoning = false;

  constructor(conversationId: string) {
    this.conversationId = conversationId;
  }

  /** Applies one SSE event. Throws UPSTREAM on malformed data and the mapped error on an `error` event. */
  apply(event: SseEvent): void {
    if (event.event === 'done') {
      this.finished = true;
      // An interrupted chatflow ends with `done` and no chat event (workflow-chat doc example): the turn is over.
      if (this.interrupted && this.status === 'in_progress') this.status = 'completed';
      return;
    }
    const known = event.event === 'error' || event.event.startsWith('conversation.chat.') || event.event.startsWith('conversation.message.');
    if (!known) return;
    const parsed = parseJson(event.data);
    if (parsed === undefined || parsed === null || typeof parsed !== 'object') {
      throw new AppError('UPSTREAM', `malformed data in Coze event ${event.event}; the stream is unusable, retry`);
    }
    const data = parsed as Json;
    if (event.event === 'error') {
      throw cozeError({ cozeCode: num(data, 'code') || undefined, msg: str(data, 'msg') || 'stream error event' });
    }
    if (CHAT_OBJECT_EVENTS.has(event.event)) this.applyChat(data);
    else if (event.event === 'conversation.message.delta') this.applyDelta(data);
    else if (event.event === 'conversation.message.completed') this.applyCompleted(data);
  }

  /** Applies a Chat object (from an event or from /v3/chat/retrieve). */
  applyChat(chat: Json): void {
    this.chatId = str(chat, 'id') || this.chatId;
    this.conversationId = str(chat, 'conversation_id') || this.conversationId;
    this.status = toChatStatus(str(chat, 'status'));
    // In a chatflow, requires_action means "waiting at a question/input node", which the next message answers.
    if (this.status === 'requires_action' && this.interrupted) this.status = 'completed';
    this.usage = toUsage(chat) ?? this.usage;
    if (this.status !== 'in_progress') {
      this.finished = true;
    }
    if (this.status === 'failed') {
      const lastError = obj(chat.last_error);
      this.error = cozeError({ cozeCode: num(lastError, 'code') || undefined, msg: str(lastError, 'msg') || 'chat failed' });
    }
  }

  /** Applies a completed message (from an event or from /v3/chat/message/list). */
  applyCompleted(data: Json): void {
    const type = str(data, 'type');
    if (type === 'follow_up') {
      const text = str(data, 'content');
      if (text && !this.followUps.includes(text)) this.followUps.push(text);
    } else if (type === 'verbose' && isInterrupt(str(data, 'content'))) {
      this.markInterrupted();
    } else if (type === 'answer') {
      const question = parseQuestion(str(data, 'content'));
      if (question) {
        this.pendingQuestion = question;
        this.markInterrupted();
      }
      const id = str(data, 'id');
      const message = toMessage(data);
      // A completed message without reasoning_content keeps what its deltas streamed.
      const streamed = this.answers.get(id)?.reasoning;
      if (!message.reasoning && streamed) message.reasoning = streamed;
      this.answers.set(id, message);
      this.changed(message);
      this.chatId = this.chatId || str(data, 'chat_id');
    } else if (type === 'function_call') {
      this.toolSteps.push(toToolStep(str(data, 'content')));
    } else if (type === 'tool_response' || type === 'tool_output') {
      const open = this.toolSteps.find((step) => !step.done);
      if (open) open.done = true;
    }
  }

  /** The flow waits at a question/input node: in a chatflow, requires_action means exactly that, and the turn is over. */
  private markInterrupted(): void {
    this.interrupted = true;
    if (this.status === 'requires_action') this.status = 'completed';
  }

  /** A delta adds to `content` or, for a deep-thinking model, to `reasoning_content` (with empty content). */
  private applyDelta(data: Json): void {
    if (str(data, 'type') !== 'answer') return;
    const id = str(data, 'id');
    let message = this.answers.get(id);
    if (message) {
      message.content += str(data, 'content');
      const reasoning = str(data, 'reasoning_content');
      if (reasoning) message.reasoning = (message.reasoning ?? '') + reasoning;
    } else {
      message = toMessage(data);
      this.answers.set(id, message);
    }
    this.changed(message);
    this.chatId = this.chatId || str(data, 'chat_id');
  }

  private changed(message: Message): void {
    this.joined = undefined;
    this.joinedReasoning = undefined;
    this.hasReasoning ||= Boolean(message.reasoning);
  }

  /** The answer text so far (all answer messages of the turn, joined), built at most once per change. */
  answerText(): string {
    this.joined ??= [...this.answers.values()].map((m) => displayContent(m.content)).join(ANSWER_SEPARATOR);
    return this.joined;
  }

  /** The reasoning text so far (of all answer messages that carry one, joined), built at most once per change. */
  reasoningText(): string {
    if (!this.hasReasoning) return '';
    this.joinedReasoning ??= [...this.answers.values()].flatMap((m) => (m.reasoning ? [m.reasoning] : [])).join(ANSWER_SEPARATOR);
    return this.joinedReasoning;
  }

  /** The answer so far: the first answer message carrying the text (and reasoning) of all of them. */
  answer(): Message | null {
    const first = this.answers.values().next();
    if (first.done) return null;
    const message: Message = { ...first.value, content: this.answerText() };
    const reasoning = this.reasoningText();
    if (reasoning) message.reasoning = reasoning;
    else delete message.reasoning;
    return message;
  }

  /** Tool steps so far, copied (the caller may keep them while the reducer goes on); undefined when none. */
  steps(): ToolStep[] | undefined {
    return this.toolSteps.length > 0 ? this.toolSteps.map((step) => ({ ...step })) : undefined;
  }

  /** Ids of the answer messages of this turn (to remove a withheld answer from the history). */
  answerIds(): string[] {
    return [...this.answers.keys()].filter((id) => id !== '');
  }

  /** The question the flow waits on, once it stopped: the card's, or the last answer's text (input node / no options). */
  question(): ChatQuestion | undefined {
    if (!this.interrupted) return undefined;
    if (this.pendingQuestion) return { text: this.pendingQuestion.text, options: [...this.pendingQuestion.options] };
    const last = [...this.answers.values()].pop();
    return last ? { text: displayContent(last.content), options: [] } : undefined;
  }

  /** Follow-up suggestions so far. */
  suggestions(): string[] {
    return [...this.followUps];
  }

  /** The result as the client sees it; `status` may be overridden (e.g. `detached`). */
  result(status: ChatStatus = this.status): ChatResult {
    const result: ChatResult = {
      conversationId: this.conversationId,
      chatId: this.chatId,
      status,
      answer: this.answer(),
      followUps: this.suggestions(),
    };
    if (this.usage) result.usage = this.usage;
    const steps = this.steps();
    if (steps) result.steps = steps;
    if (this.error) result.error = { code: this.error.code, message: this.error.userMessage };
    const question = this.question();
    if (question) result.question = question;
    return result;
  }
}
