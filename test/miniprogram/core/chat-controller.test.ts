import { ChatController, POLL_TIMEOUT_ERROR, fromHistory } from '../../../miniprogram/core/chat-controller';
import { FakeClock } from '../helpers/fake-clock';
import { RecordingChatState } from '../helpers/recording-chat-state';
import { ScriptedTransport, chatResult, flush, type PendingSend } from '../helpers/scripted-transport';

function setup(options: { pollBudget?: number } = {}) {
  const state = new RecordingChatState();
  const transport = new ScriptedTransport();
  const clock = new FakeClock();
  const controller = new ChatController({ state, transport, clock, pollIntervalMs: 1500, ...options });
  return { state, transport, clock, controller };
}

describe('ChatController', () => {
  it('streams an answer: every rendered state in order, then the final result replaces the live text', async () => {
    const { state, transport, controller } = setup();
    expect(controller.send('  你好  ')).toBe('sent');
    const s = transport.sends[0];
    expect(s.params).toEqual({ conversationId: undefined, text: '你好' });
    s.progress({ text: '你', seq: 1 });
    s.progress({ text: '你好，我', seq: 2 });
    s.resolve({ ok: true, data: chatResult({ text: '你好，我是助手。', followUps: ['再讲讲'] }) });
    await controller.whenIdle();
    expect(state.timeline()).toEqual([
      'ready|complete:你好',
      'ready|pending:',
      'submitted|pending:',
      'submitted|streaming:你',
      'streaming|streaming:你',
      'streaming|streaming:你好，我',
      'streaming|complete:你好，我是助手。',
      'ready|complete:你好，我是助手。',
    ]);
    expect(state.messages[1].followUps).toEqual(['再讲讲']);
    expect(controller.conversationId).toBe('conv-1');
  });

  it('stop mid-stream: keeps the partial answer as stopped, goes ready at once and cancels the chat', async () => {
    const { state, transport, controller } = setup();
    controller.send('写首诗');
    transport.sends[0].progress({ text: '床前明月光', chatId: 'chat-9', conversationId: 'conv-9' });
    controller.stop();
    expect(state.status).toBe('ready');
    expect(state.messages[1]).toMatchObject({ status: 'stopped', text: '床前明月光' });
    expect(transport.sends[0].closed).toBe(true);
    expect(transport.cancels).toEqual([{ conversationId: 'conv-9', chatId: 'chat-9' }]);
    // Later text and the final result of the stopped turn change nothing.
    transport.sends[0].resolve({ ok: true, data: chatResult({ text: '床前明月光，疑是地上霜。', status: 'canceled', chatId: 'chat-9' }) });
    await controller.whenIdle();
    expect(state.messages[1]).toMatchObject({ status: 'stopped', text: '床前明月光' });
    expect(transport.cancels).toHaveLength(1);
  });

  it('stop before any live text cancels as soon as the chat id is known', async () => {
    const { transport, controller } = setup();
    controller.send('hi');
    controller.stop();
    expect(transport.cancels).toEqual([]);
    transport.sends[0].resolve({ ok: true, data: chatResult({ chatId: 'chat-late', conversationId: 'conv-late', status: 'in_progress' }) });
    await controller.whenIdle();
    expect(transport.cancels).toEqual([{ conversationId: 'conv-late', chatId: 'chat-late' }]);
  });

  it('stop before the chat id is known keeps watching, renders nothing more, and cancels as soon as progress names the chat', async () => {
    const { state, transport, controller } = setup();
    controller.send('hi');
    controller.stop();
    expect(state.status).toBe('ready');
    expect(transport.sends[0].closed).toBe(false);
    expect(transport.cancels).toEqual([]);
    transport.sends[0].progress({ text: 'late text', chatId: 'chat-early', conversationId: 'conv-early' });
    expect(transport.cancels).toEqual([{ conversationId: 'conv-early', chatId: 'chat-early' }]);
    expect(transport.sends[0].closed).toBe(true);
    expect(state.messages[1]).toMatchObject({ status: 'stopped', text: '' });
    expect(state.status).toBe('ready');
    transport.sends[0].resolve({ ok: true, data: chatResult({ chatId: 'chat-early', conversationId: 'conv-early', status: 'canceled', text: 'late text' }) });
    await controller.whenIdle();
    expect(transport.cancels).toHaveLength(1);
    expect(state.messages[1]).toMatchObject({ status: 'stopped', text: '' });
  });

  it('error then retry: the error lives in the message, the text goes back to the composer, retry re-sends it', async () => {
    const { state, transport, controller } = setup();
    controller.send('问题一');
    transport.sends[0].resolve({ ok: false, error: { code: 'RATE_LIMITED', message: '发送太频繁，请稍后再试', retryable: true } });
    await controller.whenIdle();
    expect(state.status).toBe('error');
    expect(state.messages[1]).toMatchObject({ status: 'error', error: { message: '发送太频繁，请稍后再试', beforeCoze: true, restored: true } });
    expect(state.drafts).toEqual(['问题一']);
    expect(controller.retry(state.messages[1].id)).toBe(true);
    expect(state.status).toBe('submitted');
    expect(state.messages).toHaveLength(2);
    expect(transport.sends[1].params.text).toBe('问题一');
    transport.sends[1].resolve({ ok: true, data: chatResult({ text: '好的' }) });
    await controller.whenIdle();
    expect(state.timeline().slice(-4)).toEqual(['error|pending:', 'submitted|pending:', 'submitted|complete:好的', 'ready|complete:好的']);
  });

  it('a failed text the composer could not take back (the user typed meanwhile) is not marked restored, so its bubble keeps 重试', async () => {
    const { state, transport, controller } = setup();
    state.restoreDraft = (text: string): boolean => {
      state.drafts.push(text);
      return false;
    };
    controller.send('问题一');
    transport.sends[0].resolve({ ok: false, error: { code: 'RATE_LIMITED', message: '发送太频繁，请稍后再试', retryable: true } });
    await controller.whenIdle();
    expect(state.messages[1].error).toMatchObject({ beforeCoze: true, retryable: true });
    expect(state.messages[1].error?.restored).toBeUndefined();
  });

  it('a final failure after Coze started keeps the partial text and does not refill the composer', async () => {
    const { state, transport, controller } = setup();
    controller.send('q');
    transport.sends[0].progress({ text: 'partial' });
    transport.sends[0].resolve({ ok: false, error: { code: 'INTERNAL', message: '服务异常', retryable: false } });
    await controller.whenIdle();
    expect(state.messages[1]).toMatchObject({ status: 'error', text: 'partial', error: { beforeCoze: false } });
    expect(state.drafts).toEqual([]);
    expect(transport.polls).toEqual([]);
  });

  it.each([
    ['the call rejects (network lost)', (s: PendingSend) => s.reject(new Error('request:fail timeout'))],
    ['the function answers a retryable error', (s: PendingSend) => s.resolve({ ok: false, error: { code: 'UPSTREAM', message: '服务暂时不可用', retryable: true } })],
  ])('after progress named the chat, %s: the turn follows the running chat with chat.poll instead of failing', async (_case, lose) => {
    const { state, transport, clock, controller } = setup();
    controller.send('q');
    transport.sends[0].progress({ text: '部分', chatId: 'chat-7', conversationId: 'conv-7' });
    transport.pollAnswers.push({ ok: true, data: chatResult({ status: 'completed', text: '部分和结尾', chatId: 'chat-7', conversationId: 'conv-7' }) });
    lose(transport.sends[0]);
    await flush();
    expect(state.messages[1]).toMatchObject({ status: 'streaming', text: '部分' });
    expect(state.status).toBe('streaming');
    clock.advance(1500);
    await controller.whenIdle();
    expect(transport.polls).toEqual([{ conversationId: 'conv-7', chatId: 'chat-7' }]);
    expect(state.messages[1]).toMatchObject({ status: 'complete', text: '部分和结尾', error: null });
    expect(state.status).toBe('ready');
    expect(state.drafts).toEqual([]);
  });

  it('a rejected call becomes a network error inside the message', async () => {
    const { state, controller, transport } = setup();
    transport.send = () => ({ result: Promise.reject(new Error('timeout')), close: () => undefined });
    controller.send('q');
    await controller.whenIdle();
    expect(state.messages[1].error).toMatchObject({ code: 'UPSTREAM', retryable: true });
  });

  it('detached then poll: polls every interval until a final status, showing text as it grows', async () => {
    const { state, transport, clock, controller } = setup();
    controller.send('长回答');
    transport.sends[0].progress({ text: '第一段' });
    transport.pollAnswers.push({ ok: true, data: chatResult({ status: 'in_progress', text: '第一段第二段' }) });
    transport.pollAnswers.push({ ok: true, data: chatResult({ status: 'completed', text: '第一段第二段完', followUps: ['继续'] }) });
    transport.sends[0].resolve({ ok: true, data: chatResult({ status: 'detached', text: '第一段' }) });
    await flush();
    expect(transport.polls).toHaveLength(0);
    clock.advance(1500);
    await flush();
    expect(transport.polls).toEqual([{ conversationId: 'conv-1', chatId: 'chat-1' }]);
    expect(state.messages[1]).toMatchObject({ status: 'streaming', text: '第一段第二段' });
    clock.advance(1500);
    await controller.whenIdle();
    expect(state.messages[1]).toMatchObject({ status: 'complete', text: '第一段第二段完', followUps: ['继续'] });
    expect(state.status).toBe('ready');
  });

  it('detached polling has a budget and then fails with a retry', async () => {
    const { state, transport, clock, controller } = setup({ pollBudget: 2 });
    controller.send('q');
    transport.pollAnswers.push({ ok: true, data: chatResult({ status: 'in_progress', text: 'a' }) }, { ok: true, data: chatResult({ status: 'in_progress', text: 'ab' }) });
    transport.sends[0].resolve({ ok: true, data: chatResult({ status: 'detached', text: 'a' }) });
    for (let i = 0; i < 3; i++) {
      await flush();
      clock.advance(1500);
    }
    await controller.whenIdle();
    expect(transport.polls).toHaveLength(2);
    expect(state.messages[1]).toMatchObject({ status: 'error', text: 'ab', error: { message: POLL_TIMEOUT_ERROR.message } });
  });

  it('refuses a second send while a reply is generating, and changes nothing', async () => {
    const { state, transport, controller } = setup();
    controller.send('一');
    const before = state.snapshots.length;
    expect(controller.send('二')).toBe('refused');
    expect(state.snapshots.length).toBe(before);
    expect(transport.sends).toHaveLength(1);
    transport.sends[0].resolve({ ok: true, data: chatResult({ text: 'ok' }) });
    await controller.whenIdle();
    expect(controller.send('二')).toBe('sent');
    expect(transport.sends[1].params).toEqual({ conversationId: 'conv-1', text: '二' });
  });

  it('ignores empty text', () => {
    const { state, controller } = setup();
    expect(controller.send('   ')).toBe('empty');
    expect(state.snapshots).toEqual([]);
  });

  it('regenerate replaces the last answer in place and re-asks the last question', async () => {
    const { state, transport, controller } = setup();
    controller.send('讲个笑话');
    transport.sends[0].resolve({ ok: true, data: chatResult({ text: '笑话一' }) });
    await controller.whenIdle();
    const oldId = state.messages[1].id;
    expect(controller.regenerate()).toBe(true);
    expect(state.messages).toHaveLength(2);
    expect(state.messages[1].id).not.toBe(oldId);
    expect(transport.sends[1].params.text).toBe('讲个笑话');
    transport.sends[1].resolve({ ok: true, data: chatResult({ text: '笑话二' }) });
    await controller.whenIdle();
    expect(state.messages.map((m) => m.text)).toEqual(['讲个笑话', '笑话二']);
  });

  it('opens a conversation with its history (follow-ups attach to the answer) and loads bot info', async () => {
    const { state, transport, controller } = setup();
    transport.history = {
      ok: true,
      data: {
        messages: [
          { id: '1', role: 'user', type: 'question', content: 'q', contentType: 'text', createdAt: 1 },
          { id: '2', role: 'assistant', type: 'answer', content: 'a', contentType: 'text', createdAt: 2 },
          { id: '3', role: 'assistant', type: 'follow_up', content: 'f', contentType: 'text', createdAt: 3 },
          { id: '4', role: 'assistant', type: 'verbose', content: '{}', contentType: 'text', createdAt: 4 },
        ],
        hasMore: false,
        firstId: '1',
        lastId: '4',
      },
    };
    await controller.openConversation('conv-old');
    expect(state.messages.map((m) => [m.id, m.text, m.followUps])).toEqual([
      ['1', 'q', []],
      ['2', 'a', ['f']],
    ]);
    controller.send('next');
    expect(transport.sends[0].params.conversationId).toBe('conv-old');
    await controller.loadBot();
    expect(state.bot?.name).toBe('小助手');
  });

  it('textOf gives the full text for copying', () => {
    const { controller, state } = setup();
    controller.send('复制我');
    expect(controller.textOf(state.messages[0].id)).toBe('复制我');
    expect(fromHistory([])).toEqual([]);
  });
});
