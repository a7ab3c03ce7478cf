/**
 * POST /v1/workflows/chat (workflow_chat doc): runs the scripted chatflow over SSE with chat v3's event family.
 * Conversations are scoped by session_name exactly like /v3/chat; a question node stops the flow (answer card,
 * `interrupt` verbose, `generate_answer_finish`, done: the doc's example), and the next call's user message
 * resumes it.
 */
import { CozeApiError } from './http-io';
import { field, type EmulatorState, type Reply, type Route, type RouteContext } from './router';
import { requireBot, questionOf, enterMessages } from './routes-chat';
import { chatflowReply, questionCard } from './scripted-chatflow';
import { splitDeltas } from './scripted-bot';
import { SseWriter, startSse } from './sse-writer';
import { chatJson, messageJson, type ChatRecord, type ConversationRecord, type MessageRecord } from './store';

/** Conversations whose flow waits at the question node (per emulator: records belong to one store). */
const waiting = new WeakSet<ConversationRecord>();

function requireWorkflow(state: EmulatorState, body: unknown): void {
  const workflowId = field(body, 'workflow_id');
  if (typeof workflowId !== 'string' || workflowId === '') throw new CozeApiError(4000, 'workflow_id is required (the chatflow id, a digit string)');
  if (workflowId !== state.workflowId) throw new CozeApiError(4200, `Requested resource workflow_id=${workflowId} does not exist or is not published.`);
  const appId = field(body, 'app_id');
  const botId = field(body, 'bot_id');
  if (appId !== undefined && botId !== undefined) throw new CozeApiError(4000, 'specify app_id or bot_id, not both');
  if (appId === undefined && botId === undefined) throw new CozeApiError(4000, 'app_id or bot_id is required to run a chatflow');
  if (appId !== undefined && appId !== state.chatflowAppId) throw new CozeApiError(4200, `Requested resource app_id=${String(appId)} does not exist.`);
  if (botId !== undefined) requireBot(state, botId);
}

function parametersOf(body: unknown): Record<string, unknown> {
  const value = field(body, 'parameters');
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw new CozeApiError(4000, 'parameters must be an object (map[String]any)');
  return value as Record<string, unknown>;
}

function message(state: EmulatorState, conv: ConversationRecord, chat: ChatRecord, type: MessageRecord['type'], content: string): MessageRecord {
  return state.store.addMessage(conv, { botId: chat.botId, chatId: chat.id, role: 'assistant', type, content, contentType: 'text', metaData: {} });
}

function verbose(msgType: string, data: string): string {
  return JSON.stringify({ msg_type: msgType, data, from_module: null, from_unit: null });
}

async function runChatflow(ctx: RouteContext): Promise<Reply> {
  const { state, body } = ctx;
  requireWorkflow(state, body);
  const messages = enterMessages(field(body, 'additional_messages'));
  const last = messages[messages.length - 1];
  if (!last || last.role !== 'user') throw new CozeApiError(4000, 'additional_messages must end with the user message (role user)');
  const parameters = parametersOf(body);
  const store = state.store;
  const convId = field(body, 'conversation_id');
  const conv = convId !== undefined ? store.conversation(ctx.caller, convId) : store.createConversation(ctx.caller, state.botId, '', {});
  const chat = store.createChat(conv, state.botId, {}, true);
  state.stats.chats += 1;
  const question = questionOf(last, (id) => store.file(ctx.caller, id)).text;
  for (const m of messages) {
    store.addMessage(conv, { botId: state.botId, chatId: chat.id, role: m.role, type: m.role === 'user' ? 'question' : 'answer', content: m.content, contentType: m.contentType, metaData: {} });
  }
  chat.status = 'in_progress';

  startSse(ctx.res, ctx.logId);
  const writer = new SseWriter(ctx.res, undefined, () => ctx.res.socket?.destroy());
  ctx.res.on('close', () => writer.close());
  await writer.send('conversation.chat.created', { ...chatJson(chat), status: 'created' });
  await writer.send('conversation.chat.in_progress', chatJson(chat));

  const resuming = waiting.has(conv);
  const answer = resuming ? chatflowReply(question, parameters) : questionCard();
  const answerMsg = message(state, conv, chat, 'answer', answer);
  // The question card is one JSON text: sent whole; the reply streams in deltas like the bot's answers.
  for (const delta of resuming ? splitDeltas(answer) : [answer]) {
    if (state.stopped || (chat.cancelRequested && state.cancelEndsStream)) break;
    await new Promise<void>((resolve) => (state.deltaDelayMs > 0 ? setTimeout(resolve, state.deltaDelayMs) : setImmediate(resolve)));
    await writer.send('conversation.message.delta', { ...messageJson(answerMsg), content: delta });
  }
  if (chat.cancelRequested) {
    // Like a canceled bot chat: the chat stays `canceled`, no chat event, no stored answer, then done.
    store.deleteMessage(conv, answerMsg);
    await writer.done();
    if (writer.open) ctx.res.end();
    return 'handled';
  }
  await writer.send('conversation.message.completed', messageJson(answerMsg));
  if (resuming) {
    waiting.delete(conv);
  } else {
    waiting.add(conv);
    await writer.send('conversation.message.completed', messageJson(message(state, conv, chat, 'verbose', verbose('interrupt', ''))));
  }
  await writer.send('conversation.message.completed', messageJson(message(state, conv, chat, 'verbose', verbose('generate_answer_finish', JSON.stringify({ finish_reason: resuming ? 0 : 1, FinData: '' })))));
  if (resuming) {
    chat.status = 'completed';
    chat.completedAt = store.now();
    await writer.send('conversation.chat.completed', chatJson(chat));
  } else {
    // What retrieve shows for an interrupted flow is UNCONFIRMED; the doc's event table names requires_action.
    chat.status = 'requires_action';
  }
  await writer.raw(`event: done\ndata: ${JSON.stringify({ debug_url: `https://www.coze.cn/work_flow?execute_id=${chat.id}&workflow_id=${state.workflowId}` })}\n\n`);
  if (writer.open) ctx.res.end();
  return 'handled';
}

/** The chatflow route; it needs the `run` permission (workflow_chat doc). */
export const workflowRoutes: Route[] = [{ method: 'POST', pattern: /^\/v1\/workflows\/chat$/, permissions: ['run'], handle: runChatflow }];
