/**
 * Plays one scripted chat turn: the event sequence of a real /v3/chat answer (created, in_progress,
 * [function_call, tool_response,] [reasoning deltas,] deltas, completed answer, verbose, follow-ups,
 * chat.completed, done), the chat's status changes that retrieve/poll observe, and every chat-shaped fault.
 */
import { answerFor, botModes, followUpsFor, reasoningFor, splitDeltas, tokenCount, TOOL_CALLS } from './scripted-bot';
import { chatJson, messageJson, type ChatRecord, type ConversationRecord, type MessageRecord, type Store } from './store';
import { nextId } from './ids';
import type { SseWriter } from './sse-writer';
import type { Fault } from './types';
import type { ReceivedItem } from './routes-chat';

/** Deltas sent before drop-mid-stream destroys the socket. */
export const DROP_AFTER_DELTAS = 3;
/** Deltas sent before chat-failed / stream-error-event strike. */
export const FAIL_AFTER_DELTAS = 2;
/** Deltas sent before malformed-sse inserts its garbage line. */
export const MALFORMED_AFTER_DELTAS = 1;
/** last_error of chat-failed, copied from the recorded Coze fixture. */
export const CHAT_FAILED_ERROR = { code: 5000, msg: 'event interval error' } as const;
/** Default code/msg of stream-error-event. */
export const STREAM_ERROR_DEFAULT = { code: 5000, msg: 'stream error (emulated): the model service stopped answering' } as const;
/** The garbage data line of malformed-sse. */
export const MALFORMED_LINE = 'event:conversation.message.delta\ndata:{"id":not-json <<garbage>>\n\n';

/** What a chat run needs from the emulator. */
export interface ChatRunEnv {
  store: Store;
  deltaDelayMs: number;
  suggestedQuestions: boolean;
  /** End the stream at the next delta after a cancel (else it flows on, as chat_cancel.md says). */
  cancelEndsStream: boolean;
  isStopped: () => boolean;
}

/** One run's inputs. */
export interface ChatRun {
  conv: ConversationRecord;
  chat: ChatRecord;
  question: string;
  /** The files an object_string question carried: the answer echoes them. */
  received?: readonly ReceivedItem[];
  faults: readonly Fault[];
  /** Undefined for stream:false (the run happens in the background). */
  writer?: SseWriter;
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => (ms > 0 ? setTimeout(resolve, ms) : setImmediate(resolve)));
}

function find<K extends Fault['kind']>(faults: readonly Fault[], kind: K): Extract<Fault, { kind: K }> | undefined {
  return faults.find((f): f is Extract<Fault, { kind: K }> => f.kind === kind);
}

/** Builds an assistant message of this chat, stored only when the chat saves history and was not canceled (UNCONFIRMED). */
function assistantMessage(env: ChatRunEnv, run: ChatRun, type: MessageRecord['type'], content: string, id?: string, reasoningContent?: string): MessageRecord {
  const fields = { botId: run.chat.botId, chatId: run.chat.id, role: 'assistant' as const, type, content, contentType: 'text', metaData: {}, ...(reasoningContent ? { reasoningContent } : {}) };
  if (run.chat.saved && !run.chat.cancelRequested) {
    const stored = env.store.addMessage(run.conv, fields);
    if (id) stored.id = id;
    return stored;
  }
  const now = env.store.now();
  return { ...fields, id: id ?? nextId(), conversationId: run.conv.id, sectionId: run.chat.sectionId, createdAt: now, updatedAt: now };
}

/** Runs the turn to its end; resolves when the last event is written (or the run stopped). */
export async function runChat(env: ChatRunEnv, run: ChatRun): Promise<void> {
  const { chat, writer } = run;
  const send = (event: string, data: unknown): Promise<void> => (writer ? writer.send(event, data) : Promise.resolve());
  const long = find(run.faults, 'long-answer');
  const answer = answerFor(run.question, long?.chars ?? 0, run.received);
  const answerId = nextId();

  // The recorded Coze stream carries completed_at already on created/in_progress events: mirror it.
  const early = { completed_at: chat.createdAt };
  await send('conversation.chat.created', { ...chatJson(chat), ...early, status: 'created' });
  chat.status = 'in_progress';
  await send('conversation.chat.in_progress', { ...chatJson(chat), ...early });

  const modes = botModes(run.question);
  /**
   * Waits one delta pause; false when the run must end: stopped, or canceled with `cancelEndsStream` (then the
   * stream ends with done). By default a cancel only switches the status and the stream flows on (chat_cancel.md).
   */
  const goOn = async (): Promise<boolean> => {
    await pause(env.deltaDelayMs);
    if (env.isStopped()) return false;
    if (!(chat.cancelRequested && env.cancelEndsStream)) return true;
    if (writer) await writer.done();
    return false;
  };
  const messageFields = { conversation_id: chat.conversationId, bot_id: chat.botId, role: 'assistant', content_type: 'text', chat_id: chat.id, section_id: chat.sectionId };
  if (modes.tool) {
    // Coze sends each plugin call and its result as whole messages before the answer (coze-api.md §2.1 typical order).
    for (const tool of TOOL_CALLS) {
      const call = { name: `${tool.pluginName}-${tool.apiName}`, arguments: tool.arguments, plugin_name: tool.pluginName, api_name: tool.apiName, plugin_type: 1 };
      await send('conversation.message.completed', messageJson(assistantMessage(env, run, 'function_call', JSON.stringify(call))));
      for (let i = 0; i < 3; i += 1) if (!(await goOn())) return;
      await send('conversation.message.completed', messageJson(assistantMessage(env, run, 'tool_response', tool.output)));
    }
  }
  const reasoning = modes.think ? reasoningFor(run.question) : '';
  for (const piece of splitDeltas(reasoning)) {
    if (!(await goOn())) return;
    // A deep-thinking model streams reasoning_content on answer deltas whose content is empty ([DOC:chat_v3]).
    await send('conversation.message.delta', { id: answerId, ...messageFields, type: 'answer', content: '', reasoning_content: piece });
  }

  const deltas = splitDeltas(answer);
  for (let i = 0; i < deltas.length; i += 1) {
    if (!(await goOn())) return;
    if (writer && i === DROP_AFTER_DELTAS && find(run.faults, 'drop-mid-stream')) writer.drop();
    if (writer && i === MALFORMED_AFTER_DELTAS && find(run.faults, 'malformed-sse')) await writer.raw(MALFORMED_LINE);
    if (i === FAIL_AFTER_DELTAS) {
      const failed = find(run.faults, 'chat-failed');
      const streamError = find(run.faults, 'stream-error-event');
      if (failed || streamError) {
        const lastError = streamError ? { code: streamError.code ?? STREAM_ERROR_DEFAULT.code, msg: streamError.msg ?? STREAM_ERROR_DEFAULT.msg } : { ...CHAT_FAILED_ERROR };
        chat.status = 'failed';
        chat.failedAt = env.store.now();
        chat.lastError = lastError;
        if (streamError) {
          await send('error', lastError);
        } else {
          await send('conversation.chat.failed', chatJson(chat));
          if (writer) await writer.done();
        }
        return;
      }
    }
    await send('conversation.message.delta', {
      id: answerId,
      conversation_id: chat.conversationId,
      bot_id: chat.botId,
      role: 'assistant',
      type: 'answer',
      content: deltas[i],
      content_type: 'text',
      chat_id: chat.id,
      section_id: chat.sectionId,
    });
  }

  const answerMsg = assistantMessage(env, run, 'answer', answer, answerId, reasoning);
  await send('conversation.message.completed', messageJson(answerMsg));
  const verbose = JSON.stringify({
    msg_type: 'generate_answer_finish',
    data: JSON.stringify({ finish_reason: 0, FinData: '' }),
    from_module: null,
    from_unit: null,
  });
  await send('conversation.message.completed', messageJson(assistantMessage(env, run, 'verbose', verbose)));
  if (env.suggestedQuestions) {
    for (const q of followUpsFor(run.question)) {
      await send('conversation.message.completed', messageJson(assistantMessage(env, run, 'follow_up', q)));
    }
  }
  if (chat.cancelRequested) {
    // Canceled: the answer streamed on, but the chat stays `canceled` (no chat.completed; UNCONFIRMED what real Coze sends).
    if (writer) await writer.done();
    return;
  }
  const input = tokenCount(run.question) + 600;
  const output = tokenCount(answer);
  chat.usage = { token_count: input + output, output_count: output, input_count: input };
  chat.status = 'completed';
  chat.completedAt = env.store.now();
  await send('conversation.chat.completed', chatJson(chat));
  if (writer) await writer.done();
}
