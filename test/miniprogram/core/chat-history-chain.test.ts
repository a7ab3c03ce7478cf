/**
 * History paging, clear context and feedback over the real chain: the chat controller → CloudTransport → the
 * wx.cloud fake → the REAL built cloud function → the Coze emulator. Proves the `beforeId = firstId` paging
 * against Coze's own message order, and that answers are rated with ids Coze accepts.
 */
import { CONTEXT_CLEARED_TEXT, ChatController } from '../../../miniprogram/core/chat-controller';
import { CloudTransport } from '../../../miniprogram/services/cloud-transport';
import { startFunctionHarness, type FunctionHarness } from '../../helpers/function-harness';
import { createWxFake, installWxFake, type WxFake } from '../../helpers/wx-fake';
import { answerFor } from '../../../tools/coze-emulator/scripted-bot';
import { RecordingChatState } from '../helpers/recording-chat-state';

const OPENID = 'o-history-chain-user';
const TURNS = 12;

describe('history, clear and feedback over the real function', () => {
  let harness: FunctionHarness;
  let fake: WxFake;
  let transport: CloudTransport;
  let conversationId = '';

  beforeAll(async () => {
    harness = await startFunctionHarness();
    // Installed globally too: the transport makes stream ids with wx.getRandomValues.
    fake = installWxFake({ openid: OPENID, callFunction: (who, data) => harness.callRaw(who, data) });
    transport = new CloudTransport(fake.cloud);
    const writer = new ChatController({ state: new RecordingChatState(), transport });
    for (let n = 1; n <= TURNS; n++) {
      expect(writer.send(`第${n}个问题`)).toBe('sent');
      await writer.whenIdle();
    }
    conversationId = writer.conversationId ?? '';
  });
  afterAll(async () => {
    fake.uninstall();
    await harness.stop();
  });

  it('opens the newest page, then scrolling up pages back to the first question without gaps or duplicates', async () => {
    const state = new RecordingChatState();
    const reader = new ChatController({ state, transport });
    await reader.openConversation(conversationId);
    const firstPage = state.messages.length;
    expect(firstPage).toBeGreaterThan(0);
    expect(firstPage).toBeLessThan(2 * TURNS);
    expect(state.history).toBe('more');
    const anchors: Array<string | null> = [];
    for (let i = 0; i < 2 * TURNS && state.history === 'more'; i++) {
      const first = state.messages[0].id;
      const result = await reader.loadOlder();
      expect(result.error).toBeNull();
      if (result.added) expect(result.anchorId).toBe(first);
      anchors.push(result.anchorId);
    }
    expect(state.history).toBe('end');
    const expected = Array.from({ length: TURNS }, (_, i) => [`第${i + 1}个问题`, answerFor(`第${i + 1}个问题`)]).flat();
    expect(state.messages.map((m) => m.text)).toEqual(expected);
    expect(new Set(state.messages.map((m) => m.id)).size).toBe(2 * TURNS);
    expect(anchors.filter(Boolean).length).toBeGreaterThanOrEqual(1);
  });

  it('clear context adds the divider; Coze gets conversation.clear; the next answer still comes', async () => {
    const state = new RecordingChatState();
    const chat = new ChatController({ state, transport });
    await chat.openConversation(conversationId);
    expect(await chat.clearContext()).toBeNull();
    expect(state.messages[state.messages.length - 1]).toMatchObject({ role: 'system', text: CONTEXT_CLEARED_TEXT });
    expect(harness.emulator.requests.some((r) => r.method === 'POST' && r.path === `/v1/conversations/${conversationId}/clear`)).toBe(true);
    chat.send('清除之后的问题');
    await chat.whenIdle();
    expect(state.messages[state.messages.length - 1]).toMatchObject({ role: 'assistant', status: 'complete', text: answerFor('清除之后的问题') });
  });

  it('likes a history answer and a fresh answer with ids Coze accepts, and clears a like', async () => {
    const state = new RecordingChatState();
    const chat = new ChatController({ state, transport });
    await chat.openConversation(conversationId);
    const old = state.messages.find((m) => m.role === 'assistant');
    expect(await chat.setFeedback(old?.id ?? '', 'like')).toBeNull();
    chat.send('再来一个');
    await chat.whenIdle();
    const fresh = state.messages[state.messages.length - 1];
    expect(fresh.id).toMatch(/^local-/);
    expect(await chat.setFeedback(fresh.id, 'unlike')).toBeNull();
    expect(await chat.setFeedback(fresh.id, 'unlike')).toBeNull();
    const feedback = harness.emulator.requests.filter((r) => r.path.endsWith('/feedback')).map((r) => `${r.method} ${r.path.split('/')[5]}`);
    expect(feedback).toEqual([`POST ${old?.remoteId}`, `POST ${fresh.remoteId}`, `DELETE ${fresh.remoteId}`]);
    expect(state.messages[state.messages.length - 1].feedback).toBeNull();
  });

  it('another user cannot page, clear or rate this conversation (NOT_FOUND)', async () => {
    const other = new CloudTransport(createWxFake({ openid: 'o-someone-else', callFunction: (who, data) => harness.callRaw(who, data) }).cloud);
    expect(await other.listMessages(conversationId)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await other.clearContext(conversationId)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});
