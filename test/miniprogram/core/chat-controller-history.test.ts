/** The controller's history paging, clear context and feedback, over the scripted transport. */
import type { ActionResult, Message } from '../../../miniprogram/shared/protocol';
import { BUSY_ERROR, CONTEXT_CLEARED_TEXT, ChatController, fromHistory } from '../../../miniprogram/core/chat-controller';
import { FakeClock } from '../helpers/fake-clock';
import { RecordingChatState } from '../helpers/recording-chat-state';
import { ScriptedTransport, chatResult, flush } from '../helpers/scripted-transport';

function setup() {
  const state = new RecordingChatState();
  const transport = new ScriptedTransport();
  const adopted: string[] = [];
  const controller = new ChatController({ state, transport, clock: new FakeClock(), onConversation: (id) => adopted.push(id) });
  return { state, transport, controller, adopted };
}

/** A question and its answer, with ids `q<n>` / `a<n>`. */
function turn(n: number): Message[] {
  return [
    { id: `q${n}`, role: 'user', type: 'question', content: `问${n}`, contentType: 'text', createdAt: n * 10 },
    { id: `a${n}`, role: 'assistant', type: 'answer', content: `答${n}`, contentType: 'text', createdAt: n * 10 + 1, chatId: `c${n}` },
  ];
}

function page(turns: number[], hasMore: boolean): ActionResult<'message.list'> {
  const messages = turns.flatMap(turn);
  return { ok: true, data: { messages, hasMore, firstId: messages[0]?.id ?? '', lastId: messages[messages.length - 1]?.id ?? '' } };
}

describe('ChatController history paging', () => {
  it('opens the newest page, then loads older pages on top with the previous first message as the anchor', async () => {
    const { state, transport, controller } = setup();
    transport.history = page([3, 4], true);
    await controller.openConversation('conv-1');
    expect(state.messages.map((m) => m.id)).toEqual(['q3', 'a3', 'q4', 'a4']);
    expect(state.history).toBe('more');

    transport.olderPages.push(page([1, 2], false));
    const result = await controller.loadOlder();
    expect(result).toEqual({ added: 4, anchorId: 'q3', error: null });
    expect(transport.listCalls).toEqual([{ conversationId: 'conv-1' }, { conversationId: 'conv-1', beforeId: 'q3' }]);
    expect(state.messages.map((m) => m.id)).toEqual(['q1', 'a1', 'q2', 'a2', 'q3', 'a3', 'q4', 'a4']);
    expect(state.histories).toEqual(['none', 'loading', 'more', 'loading', 'end']);

    // At the start of the conversation nothing more is asked.
    expect(await controller.loadOlder()).toEqual({ added: 0, anchorId: null, error: null });
    expect(transport.listCalls).toHaveLength(2);
  });

  it('a failed page keeps what is shown, reports the error and lets the user try again', async () => {
    const { state, transport, controller } = setup();
    transport.history = page([2], true);
    await controller.openConversation('conv-1');
    transport.olderPages.push({ ok: false, error: { code: 'UPSTREAM', message: '网络不稳定', retryable: true } });
    const result = await controller.loadOlder();
    expect(result.error?.code).toBe('UPSTREAM');
    expect(state.messages.map((m) => m.id)).toEqual(['q2', 'a2']);
    expect(state.history).toBe('more');
    transport.olderPages.push(page([1], false));
    expect((await controller.loadOlder()).added).toBe(2);
  });

  it('pages past pages that hold only hidden messages (follow-ups), within a budget', async () => {
    const { state, transport, controller } = setup();
    transport.history = page([9], true);
    await controller.openConversation('conv-1');
    const hidden = (id: string): ActionResult<'message.list'> => ({ ok: true, data: { messages: [], hasMore: true, firstId: id, lastId: id } });
    transport.olderPages.push(hidden('h1'), page([1], false));
    expect((await controller.loadOlder()).added).toBe(2);
    expect(transport.listCalls.map((c) => c.beforeId)).toEqual([undefined, 'q9', 'h1']);
    expect(state.history).toBe('end');

    // A server that stops moving (same firstId) ends paging instead of looping.
    const stuck = setup();
    stuck.transport.history = page([9], true);
    await stuck.controller.openConversation('conv-1');
    stuck.transport.olderPages.push(hidden('q9'));
    expect((await stuck.controller.loadOlder()).added).toBe(0);
    expect(stuck.state.history).toBe('end');
  });

  it('a streaming answer keeps growing in its own message after older history is put on top', async () => {
    const { state, transport, controller } = setup();
    transport.history = page([2], true);
    await controller.openConversation('conv-1');
    controller.send('新问题');
    transport.olderPages.push(page([1], false));
    await controller.loadOlder();
    transport.sends[0].progress({ text: '正在回答', conversationId: 'conv-1' });
    transport.sends[0].resolve({ ok: true, data: chatResult({ conversationId: 'conv-1', text: '完整回答' }) });
    await controller.whenIdle();
    expect(state.messages.map((m) => m.text)).toEqual(['问1', '答1', '问2', '答2', '新问题', '完整回答']);
  });

  it('tells the page the conversation id the first send created, once', async () => {
    const { transport, controller, adopted } = setup();
    await controller.openConversation(null);
    controller.send('你好');
    transport.sends[0].progress({ text: '你', conversationId: 'conv-new' });
    transport.sends[0].resolve({ ok: true, data: chatResult({ conversationId: 'conv-new', text: '你好' }) });
    await controller.whenIdle();
    expect(adopted).toEqual(['conv-new']);
    expect(controller.conversationId).toBe('conv-new');
  });
});

describe('ChatController clear context', () => {
  it('calls conversation.clear and adds a divider under the earlier messages, which stay', async () => {
    const { state, transport, controller } = setup();
    transport.history = page([1], false);
    await controller.openConversation('conv-1');
    expect(await controller.clearContext()).toBeNull();
    expect(transport.clears).toEqual(['conv-1']);
    expect(state.messages.map((m) => [m.role, m.text])).toEqual([
      ['user', '问1'],
      ['assistant', '答1'],
      ['system', CONTEXT_CLEARED_TEXT],
    ]);
    // A second clear right after the divider changes nothing.
    await controller.clearContext();
    expect(transport.clears).toHaveLength(1);
  });

  it('shows the error and no divider when the clear fails; refuses while an answer is written', async () => {
    const { state, transport, controller } = setup();
    transport.history = page([1], false);
    await controller.openConversation('conv-1');
    transport.clearAnswer = { ok: false, error: { code: 'NOT_FOUND', message: '会话不存在', retryable: false } };
    expect((await controller.clearContext())?.code).toBe('NOT_FOUND');
    expect(state.messages.some((m) => m.role === 'system')).toBe(false);
    controller.send('再问');
    expect(await controller.clearContext()).toBe(BUSY_ERROR);
    controller.stop();
  });

  it('regenerate and retry skip the divider to find the question', async () => {
    const { state, transport, controller } = setup();
    await controller.openConversation(null);
    controller.send('问');
    transport.sends[0].resolve({ ok: false, error: { code: 'UPSTREAM', message: 'x', retryable: true } });
    await controller.whenIdle();
    // No conversation yet: clearing has no context to clear.
    expect(await controller.clearContext()).toBeNull();
    expect(transport.clears).toEqual([]);
    expect(controller.retry(state.messages[1].id)).toBe(true);
    expect(transport.sends[1].params.text).toBe('问');
    controller.stop();
  });
});

describe('ChatController feedback', () => {
  it('likes, switches to unlike, and clears by tapping the chosen one again, with Coze ids', async () => {
    const { state, transport, controller } = setup();
    transport.history = page([1], false);
    await controller.openConversation('conv-1');
    await controller.setFeedback('a1', 'like');
    expect(state.messages[1].feedback).toBe('like');
    await controller.setFeedback('a1', 'unlike');
    expect(state.messages[1].feedback).toBe('unlike');
    await controller.setFeedback('a1', 'unlike');
    expect(state.messages[1].feedback).toBeNull();
    expect(transport.feedbacks).toEqual([
      { conversationId: 'conv-1', messageId: 'a1', feedback: 'like' },
      { conversationId: 'conv-1', messageId: 'a1', feedback: 'unlike' },
      { conversationId: 'conv-1', messageId: 'a1', feedback: null },
    ]);
  });

  it('a fresh answer is rated with the id Coze gave it, not the local id', async () => {
    const { state, transport, controller } = setup();
    controller.send('你好');
    transport.sends[0].resolve({ ok: true, data: chatResult({ conversationId: 'conv-9', text: '你好！' }) });
    await controller.whenIdle();
    expect(state.messages[1].id).toMatch(/^local-/);
    await controller.setFeedback(state.messages[1].id, 'like');
    expect(transport.feedbacks).toEqual([{ conversationId: 'conv-9', messageId: 'ans-1', feedback: 'like' }]);
  });

  it('undoes the choice and returns the error when message.feedback fails; questions cannot be rated', async () => {
    const { state, transport, controller } = setup();
    transport.history = page([1], false);
    await controller.openConversation('conv-1');
    transport.feedbackAnswer = { ok: false, error: { code: 'UPSTREAM', message: '网络不稳定', retryable: true } };
    const pending = controller.setFeedback('a1', 'like');
    expect(state.messages[1].feedback).toBe('like');
    expect((await pending)?.code).toBe('UPSTREAM');
    expect(state.messages[1].feedback).toBeNull();
    await controller.setFeedback('q1', 'like');
    await flush();
    expect(transport.feedbacks).toHaveLength(1);
  });
});

test('history keeps an answer\'s reasoning (shown collapsed, without a duration) and never gives a question one', () => {
  const messages: Message[] = [
    { id: '1', role: 'user', type: 'question', content: 'q', contentType: 'text', createdAt: 1, reasoning: 'ignored' },
    { id: '2', role: 'assistant', type: 'answer', content: 'a', contentType: 'text', createdAt: 2, reasoning: '想过了' },
  ];
  const [q, a] = fromHistory(messages);
  expect(q.reasoning).toBeUndefined();
  expect(a).toMatchObject({ text: 'a', reasoning: '想过了', status: 'complete' });
  expect(a.thinkingMs).toBeUndefined();
});
