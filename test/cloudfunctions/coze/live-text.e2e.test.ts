/**
 * Live text through the BUILT bundle with the shipped CHAT_STREAM_WRITE_MS (1500 ms) and a bot that streams
 * with no pause: the chatId is published before any text, the first delta is published on its own at once
 * (not held for the throttle window, not folded into the final doc), and the final doc carries the answer.
 */
import type { ChatResult, StreamDoc } from '../../../miniprogram/shared/protocol';
import { splitDeltas } from '../../../tools/coze-emulator/scripted-bot';
import { expectOk, FunctionHarness, startFunctionHarness } from '../../helpers/function-harness';

const USER = 'o_live_text_user';
const LONG_ANSWER_CHARS = 3000;
let h: FunctionHarness;
beforeAll(async () => {
  h = await startFunctionHarness({ emulator: { deltaDelayMs: 0 } });
});
afterAll(async () => {
  await h.stop();
});

test('the first text reaches the stream doc as the first delta alone, before the final doc', async () => {
  expect(h.env.CHAT_STREAM_WRITE_MS).toBeUndefined();
  h.emulator.inject({ kind: 'long-answer', chars: LONG_ANSWER_CHARS });
  const streamId = 'f1'.repeat(16);
  const docs: StreamDoc[] = [];
  const stop = h.bundle.localStreams.watch(streamId, USER, (doc) => docs.push(doc));
  const result = expectOk(await h.call(USER, { action: 'chat.send', text: '请写一段很长的回答', streamId })) as ChatResult;
  stop();
  const answer = result.answer?.content ?? '';
  expect(answer.length).toBeGreaterThanOrEqual(LONG_ANSWER_CHARS);

  const [first] = docs;
  expect(first).toEqual(expect.objectContaining({ status: 'in_progress', text: '', chatId: result.chatId, conversationId: result.conversationId }));
  const firstText = docs.find((doc) => doc.text !== '');
  expect(firstText).toEqual(expect.objectContaining({ status: 'in_progress', text: splitDeltas(answer)[0] }));
  expect(docs[docs.length - 1]).toEqual(expect.objectContaining({ status: 'completed', text: answer, followUps: result.followUps }));
  expect(docs.map((doc) => doc.seq)).toEqual(docs.map((_, i) => i + 1));
});
