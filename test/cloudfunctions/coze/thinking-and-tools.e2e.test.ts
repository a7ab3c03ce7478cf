/**
 * A deep-thinking bot and a tool-calling bot (the emulator's `#mode:think` / `#mode:tool`) through the BUILT
 * bundle: the reasoning arrives apart from the answer, live (stream docs) and final (chat.send, chat.poll,
 * message.list); tool steps arrive in order, by name only; the reasoning is content-checked like the answer.
 */
import type { ChatResult, StreamDoc } from '../../../miniprogram/shared/protocol';
import { answerFor, reasoningFor, TOOL_CALLS } from '../../../tools/coze-emulator/scripted-bot';
import { expectError, expectOk, FunctionHarness, startFunctionHarness } from '../../helpers/function-harness';
import { FakeMsgSecCheck } from '../../helpers/wx-cloud-fake';

const USER = 'o_thinking_user';
const secCheck = new FakeMsgSecCheck();
let h: FunctionHarness;
let streams = 0;

beforeAll(async () => {
  // Every state is written (CHAT_STREAM_WRITE_MS=0), so the docs show each step of the stream.
  h = await startFunctionHarness({ emulator: { deltaDelayMs: 1 }, env: { CHAT_CONTENT_CHECK: 'both', CHAT_STREAM_WRITE_MS: '0' }, cloud: { secCheck } });
});
afterAll(async () => {
  await h.stop();
});
afterEach(() => {
  secCheck.riskyPhrase = undefined;
});

async function sendWatched(text: string): Promise<{ result: Awaited<ReturnType<FunctionHarness['callRaw']>>; docs: StreamDoc[] }> {
  streams += 1;
  const streamId = `7e${streams.toString(16).padStart(30, '0')}`;
  const docs: StreamDoc[] = [];
  const stop = h.bundle.localStreams.watch(streamId, USER, (doc) => docs.push(doc));
  const result = await h.callRaw(USER, { action: 'chat.send', text, streamId });
  stop();
  return { result, docs };
}

test('thinking: the reasoning streams before and apart from the answer, and is final in chat.send, chat.poll and message.list', async () => {
  const question = '为什么天空是蓝色的 #mode:think';
  const { result, docs } = await sendWatched(question);
  const chat = expectOk(result) as ChatResult;
  const reasoning = reasoningFor(question);
  expect(chat.answer).toEqual(expect.objectContaining({ content: answerFor(question), reasoning }));
  expect(chat.answer?.content).not.toContain('先想清楚');

  // Live: reasoning grows while the answer text is still empty, then the answer grows with the reasoning kept.
  const thinking = docs.filter((doc) => doc.status === 'in_progress' && doc.reasoning && doc.text === '');
  expect(thinking.length).toBeGreaterThan(2);
  for (const doc of thinking) expect(reasoning.startsWith(doc.reasoning ?? '')).toBe(true);
  const firstText = docs.findIndex((doc) => doc.text !== '');
  expect(firstText).toBeGreaterThan(docs.indexOf(thinking[thinking.length - 1]));
  expect(docs[firstText].reasoning).toBe(reasoning);
  expect(docs[docs.length - 1]).toEqual(expect.objectContaining({ status: 'completed', text: chat.answer?.content, reasoning }));

  const polled = expectOk(await h.call(USER, { action: 'chat.poll', conversationId: chat.conversationId, chatId: chat.chatId }));
  expect(polled.answer).toEqual(expect.objectContaining({ content: chat.answer?.content, reasoning }));
  const history = expectOk(await h.call(USER, { action: 'message.list', conversationId: chat.conversationId }));
  const stored = history.messages.find((m) => m.type === 'answer');
  expect(stored).toEqual(expect.objectContaining({ content: chat.answer?.content, reasoning }));
  expect(history.messages.find((m) => m.type === 'question')?.reasoning).toBeUndefined();
});

test('a plain bot has no reasoning and no steps anywhere', async () => {
  const { result, docs } = await sendWatched('普通问题');
  const chat = expectOk(result) as ChatResult;
  expect(chat.answer?.reasoning).toBeUndefined();
  expect(chat.steps).toBeUndefined();
  expect(docs.some((doc) => doc.reasoning !== undefined || doc.steps !== undefined)).toBe(false);
});

test('tool steps arrive in order (running, then done) before the answer, by name only, live and final', async () => {
  const question = '北京天气 #mode:tool #mode:think';
  const { result, docs } = await sendWatched(question);
  const chat = expectOk(result) as ChatResult;
  const [first, second] = TOOL_CALLS.map((tool) => tool.pluginName);
  const allDone = [{ name: first, done: true }, { name: second, done: true }];
  expect(chat.steps).toEqual(allDone);

  // Every distinct step list the stream showed, in order: each tool runs, then is done, one after the other.
  const seen = docs.map((doc) => JSON.stringify(doc.steps ?? [])).filter((s, i, all) => s !== '[]' && s !== all[i - 1]);
  expect(seen.map((s) => JSON.parse(s) as unknown)).toEqual([
    [{ name: first, done: false }],
    [{ name: first, done: true }],
    [{ name: first, done: true }, { name: second, done: false }],
    allDone,
  ]);
  const running = docs.findIndex((doc) => doc.steps?.[0]?.done === false);
  expect(docs[running].text).toBe('');
  expect(docs[running].reasoning).toBeUndefined();
  expect(docs[docs.length - 1].steps).toEqual(allDone);

  const polled = expectOk(await h.call(USER, { action: 'chat.poll', conversationId: chat.conversationId, chatId: chat.chatId }));
  expect(polled.steps).toEqual(allDone);
  // Raw tool arguments and outputs never leave the function.
  expect(JSON.stringify([chat, polled, docs])).not.toMatch(/RAW-(ARGUMENT|TOOL-OUTPUT)/);
});

test('the reasoning is content-checked like the answer: risky reasoning withholds the whole answer, live and in history', async () => {
  secCheck.riskyPhrase = '先想清楚问题的要点';
  const before = secCheck.calls.length;
  const question = '一个干净的问题 #mode:think';
  const { result, docs } = await sendWatched(question);
  expect(expectError(result).code).toBe('CONTENT_BLOCKED');
  const checked = secCheck.calls.slice(before).map((c) => c.content);
  expect(checked).toContain(reasoningFor(question));
  expect(answerFor(question)).not.toContain(secCheck.riskyPhrase);
  const last = docs[docs.length - 1];
  expect(last).toEqual(expect.objectContaining({ status: 'failed', text: '' }));
  expect(last.reasoning).toBeUndefined();
  const conversationId = last.conversationId;
  const history = expectOk(await h.call(USER, { action: 'message.list', conversationId }));
  expect(history.messages.some((m) => m.type === 'answer')).toBe(false);
});
