/** chat.send stops before its deadline and answers `detached`; chat.poll then follows the chat to its end. */
import type { ChatResult, StreamDoc } from '../../../miniprogram/shared/protocol';
import { expectOk, FunctionHarness, startFunctionHarness } from '../../helpers/function-harness';

const USER = 'o_deadline_user';
let h: FunctionHarness;
beforeAll(async () => {
  h = await startFunctionHarness({ emulator: { deltaDelayMs: 20 }, env: { CHAT_DEADLINE_MS: '1200', CHAT_STREAM_WRITE_MS: '50' } });
  // The budget also bounds every Coze call before the stream: get the token first, so a busy machine cannot spend it.
  await h.call(USER, { action: 'conversation.list' });
});
afterAll(async () => {
  await h.stop();
});

async function pollUntilFinal(conversationId: string, chatId: string): Promise<ChatResult> {
  for (;;) {
    const polled = expectOk(await h.call(USER, { action: 'chat.poll', conversationId, chatId }));
    if (polled.status !== 'in_progress') return polled;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

test('a chat longer than CHAT_DEADLINE_MS answers detached with the text so far; chat.poll finishes it', async () => {
  h.emulator.inject({ kind: 'long-answer', chars: 400 });
  const streamId = 'e'.repeat(32);
  const docs: StreamDoc[] = [];
  const stop = h.bundle.localStreams.watch(streamId, USER, (doc) => docs.push(doc));
  const detached = expectOk(await h.call(USER, { action: 'chat.send', text: '讲一个很长的故事', streamId }));
  stop();
  expect(detached.status).toBe('detached');
  expect(detached.chatId).toMatch(/^\d+$/);
  expect(docs[docs.length - 1]).toEqual(expect.objectContaining({ status: 'detached', text: detached.answer?.content ?? '' }));
  const final = await pollUntilFinal(detached.conversationId, detached.chatId);
  expect(final.status).toBe('completed');
  expect(final.answer?.content.length).toBeGreaterThan(detached.answer?.content.length ?? 0);
  expect(final.answer?.content.startsWith(detached.answer?.content ?? '')).toBe(true);
});

test('chat.cancel of a running chat answers canceled', async () => {
  h.emulator.inject({ kind: 'long-answer', chars: 3000 });
  const detached = expectOk(await h.call(USER, { action: 'chat.send', text: '再讲一个长故事' }));
  expect(detached.status).toBe('detached');
  const canceled = expectOk(await h.call(USER, { action: 'chat.cancel', conversationId: detached.conversationId, chatId: detached.chatId }));
  expect(canceled.status).toBe('canceled');
  expect((await pollUntilFinal(detached.conversationId, detached.chatId)).status).toBe('canceled');
});
