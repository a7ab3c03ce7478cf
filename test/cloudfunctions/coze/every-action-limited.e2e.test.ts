/**
 * Hardening from the adversarial review: every action that reaches Coze sits behind a per-user limit counted
 * across instances (chat.send in its message bucket, everything else in CHAT_CALLS_PER_MINUTE), and
 * conversation.list filters the caller's conversations before paging, so with Coze isolation off no page is
 * empty and nothing tells how many conversations others have.
 */
import type { ActionName } from '../../../miniprogram/shared/protocol';
import { callAs, expectError, expectOk, FunctionHarness, loadBundleCopy, startFunctionHarness } from '../../helpers/function-harness';
import { FakeDatabase } from '../../helpers/wx-cloud-fake';

const LIMIT = 3;

describe('a burst of each action', () => {
  let h: FunctionHarness;
  beforeAll(async () => {
    h = await startFunctionHarness({ env: { CHAT_CALLS_PER_MINUTE: String(LIMIT), CHAT_RATE_PER_MINUTE: '1' } });
  });
  afterAll(async () => {
    await h.stop();
  });

  const actions: Array<[ActionName, Record<string, unknown>]> = [
    ['bot.info', {}],
    ['conversation.create', { name: '新会话' }],
    ['conversation.list', {}],
    ['conversation.rename', { conversationId: '7400000000000000001', name: '改名' }],
    ['conversation.delete', { conversationId: '7400000000000000001' }],
    ['conversation.clear', { conversationId: '7400000000000000001' }],
    ['message.list', { conversationId: '7400000000000000001' }],
    ['chat.poll', { conversationId: '7400000000000000001', chatId: '7400000000000000002' }],
    ['chat.cancel', { conversationId: '7400000000000000001', chatId: '7400000000000000002' }],
    ['message.feedback', { conversationId: '7400000000000000001', messageId: '7400000000000000003', feedback: 'like' }],
    ['audio.transcribe', { fileID: 'cloud://env/voice.mp3' }],
  ];

  test.each(actions)('%s: the call after CHAT_CALLS_PER_MINUTE is RATE_LIMITED, and reaches nobody', async (action, params) => {
    const user = `o_burst_${action.replace('.', '_')}`;
    for (let i = 0; i < LIMIT; i += 1) {
      const result = await h.callRaw(user, { action, ...params });
      expect(result.ok ? 'ok' : result.error.code).not.toBe('RATE_LIMITED');
    }
    const requests = h.emulator.requests.length;
    const error = expectError(await h.callRaw(user, { action, ...params }));
    expect(error.code).toBe('RATE_LIMITED');
    expect(error.message).toContain(`每分钟最多 ${LIMIT} 次`);
    expect(h.emulator.requests.length).toBe(requests);
  });

  test('chat.send keeps its own bucket (CHAT_RATE_PER_MINUTE), so reads do not eat the messages', async () => {
    const user = 'o_burst_mixed';
    for (let i = 0; i < LIMIT; i += 1) expectOk(await h.call(user, { action: 'conversation.list' }));
    expect(expectOk(await h.call(user, { action: 'chat.send', text: '还能发消息' })).status).toBe('completed');
  });
});

test('the call bucket is counted across instances (the cloud database counters)', async () => {
  const db = new FakeDatabase();
  const h = await startFunctionHarness({ env: { TCB_ENV: 'env-burst', CHAT_CONTENT_CHECK: 'off', CHAT_CALLS_PER_MINUTE: String(LIMIT) }, cloud: { database: db } });
  try {
    const other = loadBundleCopy({ database: db });
    const user = 'o_burst_instances';
    expectOk(await h.call(user, { action: 'conversation.list' }));
    expectOk(await callAs(other, user, { action: 'conversation.list' }));
    expectOk(await h.call(user, { action: 'conversation.list' }));
    const error = await callAs(other, user, { action: 'conversation.list' });
    expect(error.ok ? 'ok' : error.error.code).toBe('RATE_LIMITED');
  } finally {
    await h.stop();
  }
});

describe('conversation.list with Coze session isolation off', () => {
  let h: FunctionHarness;
  beforeAll(async () => {
    h = await startFunctionHarness({ emulator: { isolation: false } });
  });
  afterAll(async () => {
    await h.stop();
  });

  test('a user with no conversations sees an empty list that ends, however many others exist', async () => {
    for (let i = 0; i < 60; i += 1) expectOk(await h.call('o_list_other', { action: 'conversation.create', name: `别人的 ${i}` }));
    const page = expectOk(await h.call('o_list_nobody', { action: 'conversation.list', pageSize: 20 }));
    expect(page).toEqual({ conversations: [], hasMore: false });
  });

  test("every page is full of the caller's own conversations until the list ends, even when others created more since", async () => {
    const mine: string[] = [];
    for (let i = 0; i < 25; i += 1) mine.unshift(expectOk(await h.call('o_list_me', { action: 'conversation.create', name: `我的 ${i}` })).conversation.id);
    for (let i = 0; i < 60; i += 1) expectOk(await h.call('o_list_other', { action: 'conversation.create', name: `后来的 ${i}` }));
    const p1 = expectOk(await h.call('o_list_me', { action: 'conversation.list', pageSize: 20 }));
    const p2 = expectOk(await h.call('o_list_me', { action: 'conversation.list', pageSize: 20, pageNum: 2 }));
    expect([p1.conversations.length, p1.hasMore, p2.conversations.length, p2.hasMore]).toEqual([20, true, 5, false]);
    expect([...p1.conversations, ...p2.conversations].map((c) => c.id)).toEqual(mine);
  });
});
