/**
 * Chatflows (COZE_WORKFLOW_ID) through the BUILT bundle and the emulator's /v1/workflows/chat: a chat streams
 * to completion per user with session isolation, a question node's options come back as `question`, and the
 * chosen option sent as the next message resumes the flow. COZE_APP_ID switches bot_id to app_id.
 */
import type { ChatResult, StreamDoc } from '../../../miniprogram/shared/protocol';
import { USER_MESSAGES } from '../../../cloudfunctions/coze/src/errors';
import { CHATFLOW_OPTIONS, CHATFLOW_QUESTION } from '../../../tools/coze-emulator/scripted-chatflow';
import { DEFAULT_CHATFLOW_APP_ID, DEFAULT_WORKFLOW_ID } from '../../../tools/coze-emulator/index';
import { expectError, expectOk, FunctionHarness, startFunctionHarness } from '../../helpers/function-harness';

type Body = Record<string, unknown>;

function chatflowBodies(h: FunctionHarness, since: number): Body[] {
  return h.emulator.requests.slice(since).filter((r) => r.path === '/v1/workflows/chat').map((r) => r.body as Body);
}

describe('a chatflow bound to the bot', () => {
  let h: FunctionHarness;
  beforeAll(async () => {
    h = await startFunctionHarness({ env: { COZE_WORKFLOW_ID: DEFAULT_WORKFLOW_ID } });
  });
  afterAll(async () => {
    await h.stop();
  });

  test('the question node reaches the caller with its options; the chosen option resumes the flow', async () => {
    const since = h.emulator.requests.length;
    const streamId = 'c0'.repeat(16);
    const docs: StreamDoc[] = [];
    const stop = h.bundle.localStreams.watch(streamId, 'o_flow_alice', (doc) => docs.push(doc));
    const asked = expectOk(await h.call('o_flow_alice', { action: 'chat.send', text: '我想咨询', streamId })) as ChatResult;
    stop();
    expect(asked.status).toBe('completed');
    expect(asked.question).toEqual({ text: CHATFLOW_QUESTION, options: [...CHATFLOW_OPTIONS] });
    expect(asked.answer?.content).toBe(CHATFLOW_QUESTION);
    expect(docs[docs.length - 1]).toEqual(expect.objectContaining({ status: 'completed', text: CHATFLOW_QUESTION }));
    const [first] = chatflowBodies(h, since);
    expect(first).toEqual(expect.objectContaining({ workflow_id: DEFAULT_WORKFLOW_ID, bot_id: h.emulator.botId, conversation_id: asked.conversationId }));
    expect(first).not.toHaveProperty('app_id');
    expect(h.emulator.requests.slice(since).some((r) => r.path === '/v3/chat')).toBe(false);

    const resumed = expectOk(await h.call('o_flow_alice', { action: 'chat.send', conversationId: asked.conversationId, text: CHATFLOW_OPTIONS[1] })) as ChatResult;
    expect(resumed.status).toBe('completed');
    expect(resumed.question).toBeUndefined();
    expect(resumed.answer?.content).toContain(`你选择了「${CHATFLOW_OPTIONS[1]}」`);

    const history = expectOk(await h.call('o_flow_alice', { action: 'message.list', conversationId: asked.conversationId }));
    const texts = history.messages.filter((m) => m.type === 'answer' || m.type === 'question').map((m) => m.content);
    expect(texts).toEqual(['我想咨询', CHATFLOW_QUESTION, CHATFLOW_OPTIONS[1], resumed.answer?.content]);
  });

  test('two users run the flow side by side: each one waits at their own question, and neither can touch the other', async () => {
    const alice = expectOk(await h.call('o_flow_a2', { action: 'chat.send', text: '开始' })) as ChatResult;
    const bob = expectOk(await h.call('o_flow_b2', { action: 'chat.send', text: '开始' })) as ChatResult;
    expect([alice.question?.text, bob.question?.text]).toEqual([CHATFLOW_QUESTION, CHATFLOW_QUESTION]);
    expect(bob.conversationId).not.toBe(alice.conversationId);

    expect(expectError(await h.call('o_flow_b2', { action: 'chat.send', conversationId: alice.conversationId, text: CHATFLOW_OPTIONS[0] })).code).toBe('NOT_FOUND');
    const bobDone = expectOk(await h.call('o_flow_b2', { action: 'chat.send', conversationId: bob.conversationId, text: '随便聊聊' })) as ChatResult;
    expect(bobDone.answer?.content).toContain('你输入了「随便聊聊」');
    // Bob answering his own question did not resume Alice's flow: she is still at hers.
    const aliceDone = expectOk(await h.call('o_flow_a2', { action: 'chat.send', conversationId: alice.conversationId, text: CHATFLOW_OPTIONS[2] })) as ChatResult;
    expect(aliceDone.answer?.content).toContain(`你选择了「${CHATFLOW_OPTIONS[2]}」`);
    const bobList = expectOk(await h.call('o_flow_b2', { action: 'conversation.list', pageSize: 50 }));
    expect(bobList.conversations.map((c) => c.id)).toEqual([bob.conversationId]);
  });

  test('a token without the run permission answers COZE_AUTH (Coze 4101)', async () => {
    h.emulator.registerApp({ appId: h.keys.appId, keyId: h.keys.keyId, publicKeyPem: h.keys.publicKeyPem, permissions: ['chat', 'createConversation', 'listConversation', 'retrieveConversation', 'listMessage', 'getChat'] });
    h.emulator.revokeTokens();
    try {
      const error = expectError(await h.call('o_flow_noperm', { action: 'chat.send', text: '开始' }));
      expect(error.code).toBe('COZE_AUTH');
    } finally {
      h.emulator.registerApp({ appId: h.keys.appId, keyId: h.keys.keyId, publicKeyPem: h.keys.publicKeyPem });
      h.emulator.revokeTokens();
    }
  });
});

describe('a chatflow of a low-code app (COZE_APP_ID)', () => {
  let h: FunctionHarness;
  beforeAll(async () => {
    h = await startFunctionHarness({ env: { COZE_WORKFLOW_ID: DEFAULT_WORKFLOW_ID, COZE_APP_ID: DEFAULT_CHATFLOW_APP_ID } });
  });
  afterAll(async () => {
    await h.stop();
  });

  test('runs with app_id and without bot_id, and still resumes', async () => {
    const since = h.emulator.requests.length;
    const asked = expectOk(await h.call('o_app_user', { action: 'chat.send', text: '你好' })) as ChatResult;
    expect(asked.question?.options).toEqual([...CHATFLOW_OPTIONS]);
    const done = expectOk(await h.call('o_app_user', { action: 'chat.send', conversationId: asked.conversationId, text: CHATFLOW_OPTIONS[0] })) as ChatResult;
    expect(done.answer?.content).toContain(`你选择了「${CHATFLOW_OPTIONS[0]}」`);
    const bodies = chatflowBodies(h, since);
    expect(bodies).toHaveLength(2);
    for (const body of bodies) {
      expect(body.app_id).toBe(DEFAULT_CHATFLOW_APP_ID);
      expect(body).not.toHaveProperty('bot_id');
    }
  });

  test.each([
    ['COZE_WORKFLOW_ID', 'https://www.coze.cn/work_flow?workflow_id=1'],
    ['COZE_APP_ID', 'app-1'],
    ['COZE_USER_CONTEXT_HOOK', 'user-context.ts'],
  ])('a malformed %s answers CONFIG in plain Chinese; the log names it and the fix, never the value', async (name, value) => {
    const saved = process.env[name];
    process.env[name] = value;
    try {
      const error = expectError(await h.call('o_app_user', { action: 'chat.send', text: '你好' }));
      expect(error.code).toBe('CONFIG');
      // DESIGN §4: the message is for users; the variable and its fix are for the developer, in the log only.
      expect(error.message).toBe(USER_MESSAGES.CONFIG);
      expect(error.message).not.toContain(name);
      expect(h.logs.join('\n')).toMatch(new RegExp(`${name} must`));
      expect(h.logs.join('\n')).not.toContain(value);
    } finally {
      if (saved === undefined) delete process.env[name];
      else process.env[name] = saved;
    }
  });

  test('a workflow id Coze does not know answers BOT_UNAVAILABLE (4200)', async () => {
    process.env.COZE_WORKFLOW_ID = '7000000000000000001';
    try {
      expect(expectError(await h.call('o_app_user', { action: 'chat.send', text: '你好' })).code).toBe('BOT_UNAVAILABLE');
    } finally {
      process.env.COZE_WORKFLOW_ID = DEFAULT_WORKFLOW_ID;
    }
  });
});

describe('a chatflow turn longer than the call budget', () => {
  let h: FunctionHarness;
  beforeAll(async () => {
    // The question card comes after one 2.5 s pause: longer than the 1 s budget, so chat.send detaches first.
    h = await startFunctionHarness({ emulator: { deltaDelayMs: 2500 }, env: { COZE_WORKFLOW_ID: DEFAULT_WORKFLOW_ID, CHAT_DEADLINE_MS: '1000' } });
    await h.call('o_flow_slow', { action: 'conversation.list' });
  });
  afterAll(async () => {
    await h.stop();
  });

  test('answers detached, and chat.poll brings the question with its options', async () => {
    const detached = expectOk(await h.call('o_flow_slow', { action: 'chat.send', text: '开始' })) as ChatResult;
    expect(detached.status).toBe('detached');
    let polled: ChatResult;
    for (;;) {
      polled = expectOk(await h.call('o_flow_slow', { action: 'chat.poll', conversationId: detached.conversationId, chatId: detached.chatId })) as ChatResult;
      if (polled.status !== 'in_progress') break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(polled.status).toBe('completed');
    expect(polled.question).toEqual({ text: CHATFLOW_QUESTION, options: [...CHATFLOW_OPTIONS] });
    expect(polled.answer?.content).toBe(CHATFLOW_QUESTION);
  });
});
