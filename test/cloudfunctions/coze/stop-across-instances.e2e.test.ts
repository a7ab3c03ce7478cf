/**
 * Stop must stop the work: Coze's /v3/chat/cancel only switches the chat's status and the stream flows on
 * (chat_cancel.md; the emulator plays that by default). chat.cancel records the cancel in the shared stream
 * channel, and the chat.send reading the stream — here in ANOTHER instance — sees it, stops reading and
 * writing, and answers `canceled` with its partial text. Both channels: in-process and the (fake) database.
 */
import type { ChatResult, StreamDoc } from '../../../miniprogram/shared/protocol';
import { callAs, CozeBundle, expectOk, FunctionHarness, loadBundleCopy, startFunctionHarness } from '../../helpers/function-harness';
import { FakeDatabase } from '../../helpers/wx-cloud-fake';

const USER = 'o_stop_user';
const ANSWER_CHARS = 4000;
const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits (no time limit asserted) until `read` returns a stream doc with a chat id and some text. */
async function streaming(read: () => StreamDoc | undefined): Promise<StreamDoc> {
  for (;;) {
    const doc = read();
    if (doc && doc.chatId && doc.text.length > 20) return doc;
    await pause(5);
  }
}

/** Runs one long chat.send on `sender`, cancels it from `canceler` once it streams, and checks the outcome. */
async function stopFromAnotherInstance(h: FunctionHarness, sender: CozeBundle, canceler: CozeBundle, read: (streamId: string) => StreamDoc | undefined, streamId: string): Promise<void> {
  h.emulator.inject({ kind: 'long-answer', chars: ANSWER_CHARS });
  const pending = callAs(sender, USER, { action: 'chat.send', text: '讲一个很长的故事，我会中途停止', streamId });
  const live = await streaming(() => read(streamId));
  const canceled = expectOk(await callAs(canceler, USER, { action: 'chat.cancel', conversationId: live.conversationId, chatId: live.chatId })) as { status: string };
  expect(canceled.status).toBe('canceled');
  const result = expectOk(await pending) as ChatResult;
  expect(result.status).toBe('canceled');
  expect(result.answer?.content.startsWith(live.text)).toBe(true);
  // It stopped before the answer ended: Coze (the emulator) streamed on, the function did not read on.
  expect(result.answer?.content.length ?? 0).toBeLessThan(ANSWER_CHARS);
  const last = read(streamId);
  expect(last).toEqual(expect.objectContaining({ status: 'canceled', text: result.answer?.content }));
  // Nothing is written after the final state.
  const seq = last?.seq;
  await pause(300);
  expect(read(streamId)?.seq).toBe(seq);
}

describe('in-process stream channel', () => {
  let h: FunctionHarness;
  beforeAll(async () => {
    h = await startFunctionHarness({ emulator: { deltaDelayMs: 10 }, env: { CHAT_STREAM_WRITE_MS: '0', CHAT_CANCEL_CHECK_MS: '100' } });
  });
  afterAll(async () => {
    await h.stop();
  });

  test('chat.cancel stops a chat.send whose Coze stream keeps flowing after the cancel', async () => {
    // Watched like the mini-program does (the in-process channel drops a finished document nobody watches).
    const streamId = 'ab'.repeat(16);
    let last: StreamDoc | undefined;
    const unwatch = h.bundle.localStreams.watch(streamId, USER, (doc) => (last = doc));
    try {
      await stopFromAnotherInstance(h, h.bundle, h.bundle, () => last, streamId);
    } finally {
      unwatch();
    }
  });

  test('a streamId in use by the same user for another running chat is refused; once finished it may be reused', async () => {
    h.emulator.inject({ kind: 'long-answer', chars: 600 });
    const streamId = 'ac'.repeat(16);
    const first = h.call(USER, { action: 'chat.send', text: '第一条', streamId });
    const live = await streaming(() => h.bundle.localStreams.get(streamId, USER));
    const second = await h.call(USER, { action: 'chat.send', text: '第二条', streamId });
    expect(second.ok ? 'ok' : second.error.code).toBe('BAD_REQUEST');
    expect(second.ok ? '' : second.error.message).toContain('streamId');
    expect(live.status).toBe('in_progress');
    expect(expectOk(await first).status).toBe('completed');
    expect(expectOk(await h.call(USER, { action: 'chat.send', text: '第三条', streamId })).status).toBe('completed');
  });
});

describe('database stream channel (two instances sharing the fake cloud database)', () => {
  const db = new FakeDatabase();
  let h: FunctionHarness;
  let other: CozeBundle;
  beforeAll(async () => {
    h = await startFunctionHarness({
      emulator: { deltaDelayMs: 10 },
      env: { TCB_ENV: 'env-stop', CHAT_CONTENT_CHECK: 'off', CHAT_STREAM_WRITE_MS: '0', CHAT_CANCEL_CHECK_MS: '100' },
      cloud: { database: db },
    });
    other = loadBundleCopy({ database: db });
  });
  afterAll(async () => {
    await h.stop();
  });

  const read = (streamId: string): StreamDoc | undefined => db.collections.get('coze_streams')?.get(streamId) as StreamDoc | undefined;

  test('chat.cancel in instance B stops the chat.send running in instance A', async () => {
    await stopFromAnotherInstance(h, h.bundle, other, read, 'ba'.repeat(16));
    const cancels = [...(db.collections.get('coze_streams')?.values() ?? [])].filter((d) => String(d._id).startsWith('cancel-'));
    expect(cancels).toEqual([expect.objectContaining({ _openid: USER, canceled: true })]);
  });

  test('a streamId in use by the same user for a running chat is refused in another instance too', async () => {
    h.emulator.inject({ kind: 'long-answer', chars: 600 });
    const streamId = 'bc'.repeat(16);
    const first = h.call(USER, { action: 'chat.send', text: '第一条', streamId });
    await streaming(() => read(streamId));
    const second = await callAs(other, USER, { action: 'chat.send', text: '第二条', streamId });
    expect(second.ok ? 'ok' : second.error.code).toBe('BAD_REQUEST');
    expect(expectOk(await first).status).toBe('completed');
  });
});
