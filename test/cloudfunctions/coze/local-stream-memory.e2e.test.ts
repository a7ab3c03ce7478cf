/**
 * The in-process stream channel (what `npm start` and the dev server use) must not keep every chat's document for
 * a day: a document goes once its chat is over and its watchers are gone, while a watched one stays readable.
 */
import type { ChatResult, StreamDoc } from '../../../miniprogram/shared/protocol';
import { expectOk, FunctionHarness, startFunctionHarness } from '../../helpers/function-harness';

const USER = 'o_stream_memory_user';
const OTHER = 'o_stream_memory_other';
const CHATS = 12;
let h: FunctionHarness;
beforeAll(async () => {
  h = await startFunctionHarness({ emulator: { deltaDelayMs: 0 } });
});
afterAll(async () => {
  await h.stop();
});

const streamIdOf = (i: number): string => i.toString(16).padStart(32, 'e');

test('finished chats leave no local documents once their watchers are gone', async () => {
  const before = h.bundle.localStreams.size;
  for (let i = 0; i < CHATS; i += 1) {
    const streamId = streamIdOf(i);
    const docs: StreamDoc[] = [];
    const stop = h.bundle.localStreams.watch(streamId, USER, (doc) => docs.push(doc));
    const result = expectOk(await h.call(USER, { action: 'chat.send', text: `第 ${i} 条`, streamId })) as ChatResult;
    expect(docs[docs.length - 1]).toEqual(expect.objectContaining({ status: 'completed', text: result.answer?.content }));
    // Still watched: the final document stays readable.
    expect(h.bundle.localStreams.get(streamId, USER)).toEqual(expect.objectContaining({ status: 'completed' }));
    stop();
    expect(h.bundle.localStreams.get(streamId, USER)).toBeUndefined();
  }
  // A chat nobody watched leaves nothing either.
  expectOk(await h.call(USER, { action: 'chat.send', text: '没人看', streamId: 'ab'.repeat(16) }));
  expect(h.bundle.localStreams.size).toBe(before);
});

test('a dropped document keeps its stream id claimed by its owner', async () => {
  const streamId = streamIdOf(0);
  const error = await h.call(OTHER, { action: 'chat.send', text: '抢占', streamId });
  expect(error).toEqual(expect.objectContaining({ ok: false, error: expect.objectContaining({ code: 'BAD_REQUEST' }) }));
});
