/**
 * Two users never see each other's conversations: with the emulator's session isolation ON (Coze's own
 * scoping by session_name) and OFF (only our owner tag protects them).
 */
import type { ActionEvent, ActionName } from '../../../miniprogram/shared/protocol';
import { expectError, expectOk, FunctionHarness, startFunctionHarness } from '../../helpers/function-harness';

describe.each([true, false])('emulator isolation %s', (isolation) => {
  let h: FunctionHarness;
  beforeAll(async () => {
    h = await startFunctionHarness({ emulator: { isolation } });
  });
  afterAll(async () => {
    await h.stop();
  });

  test("a user's conversations, messages and chats are invisible to another user", async () => {
    const alice = expectOk(await h.call('o_alice', { action: 'chat.send', text: '爱丽丝的秘密' }));
    const bob = expectOk(await h.call('o_bob', { action: 'chat.send', text: '鲍勃的问题' }));
    const bobList = expectOk(await h.call('o_bob', { action: 'conversation.list', pageSize: 50 }));
    expect(bobList.conversations.map((c) => c.id)).toEqual([bob.conversationId]);
    const aliceList = expectOk(await h.call('o_alice', { action: 'conversation.list', pageSize: 50 }));
    expect(aliceList.conversations.map((c) => c.id)).toEqual([alice.conversationId]);

    const conversationId = alice.conversationId;
    const attempts: Array<ActionEvent<ActionName>> = [
      { action: 'message.list', conversationId },
      { action: 'chat.send', conversationId, text: '偷看' },
      { action: 'chat.poll', conversationId, chatId: alice.chatId },
      { action: 'chat.cancel', conversationId, chatId: alice.chatId },
      { action: 'conversation.rename', conversationId, name: '改名' },
      { action: 'conversation.clear', conversationId },
      { action: 'message.feedback', conversationId, messageId: alice.answer?.id ?? '1', feedback: 'unlike' },
      { action: 'conversation.delete', conversationId },
    ];
    for (const event of attempts) {
      const error = expectError(await h.callRaw('o_bob', event));
      expect([event.action, error.code]).toEqual([event.action, 'NOT_FOUND']);
    }
    const still = expectOk(await h.call('o_alice', { action: 'message.list', conversationId }));
    expect(still.messages.map((m) => m.content)).toContain('爱丽丝的秘密');
  });

  test('conversations are created with an HMAC owner tag, never the raw openid', async () => {
    const created = h.emulator.requests.length;
    expectOk(await h.call('o_carol', { action: 'conversation.create', name: 'tagged' }));
    const body = h.emulator.requests.slice(created).find((r) => r.path === '/v1/conversation/create')?.body as { meta_data: Record<string, string> };
    expect(body.meta_data.owner).toMatch(/^[0-9a-f]{32}$/);
    expect(JSON.stringify(body)).not.toContain('o_carol');
  });
});
