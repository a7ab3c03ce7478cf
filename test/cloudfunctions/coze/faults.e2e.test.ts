/**
 * Every fault the emulator can play, during a STREAMED chat.send, with its documented outcome (README,
 * "Fault tolerance"): errors a retry can fix are retryable and the same request, resent, succeeds (the user's
 * text is kept by the client); the function itself never resends /v3/chat; reads and the token exchange are
 * retried transparently; a dropped stream keeps its partial text in the stream doc.
 */
import type { ChatResult, StreamDoc } from '../../../miniprogram/shared/protocol';
import type { Fault } from '../../../tools/coze-emulator/types';
import { expectError, expectOk, FunctionHarness, startFunctionHarness } from '../../helpers/function-harness';

const USER = 'o_faults_user';
let h: FunctionHarness;
let streams = 0;

beforeAll(async () => {
  h = await startFunctionHarness({ emulator: { deltaDelayMs: 1 }, env: { CHAT_STREAM_WRITE_MS: '0', COZE_RETRY_BASE_MS: '20' } });
});
afterAll(async () => {
  await h.stop();
});
afterEach(() => {
  h.emulator.clearFaults();
});

function chatRequests(): number {
  return h.emulator.requests.filter((r) => r.path === '/v3/chat').length;
}

/** One streamed chat.send in a fresh conversation: the envelope, the stream docs, and how many /v3/chat calls it made. */
async function streamedSend(text: string) {
  const { conversation } = expectOk(await h.call(USER, { action: 'conversation.create' }));
  streams += 1;
  const streamId = `f0${streams.toString(16).padStart(30, '0')}`;
  const docs: StreamDoc[] = [];
  const stop = h.bundle.localStreams.watch(streamId, USER, (doc) => docs.push(doc));
  const before = chatRequests();
  const event = { action: 'chat.send' as const, conversationId: conversation.id, text, streamId };
  const result = await h.call(USER, event);
  stop();
  return { result, docs, last: docs[docs.length - 1], chatCalls: chatRequests() - before, event };
}

/** The client's retry: the SAME event (same text, same conversation; a new streamId like the mini-program makes). */
async function resend(event: { action: 'chat.send'; conversationId: string; text: string }): Promise<ChatResult> {
  return expectOk(await h.call(USER, { action: 'chat.send', conversationId: event.conversationId, text: event.text }));
}

const RETRYABLE_STREAM_FAULTS: Array<[string, Fault, string]> = [
  ['drop-mid-stream', { kind: 'drop-mid-stream' }, 'UPSTREAM'],
  ['malformed-sse', { kind: 'malformed-sse' }, 'UPSTREAM'],
  ['stream-error-event (5000)', { kind: 'stream-error-event' }, 'UPSTREAM'],
  ['stream-error-event (4016)', { kind: 'stream-error-event', code: 4016, msg: 'busy' }, 'BUSY'],
  ['http-500 on /v3/chat', { kind: 'http-500', path: '/v3/chat' }, 'UPSTREAM'],
  ['http-502 on /v3/chat', { kind: 'http-502', path: '/v3/chat' }, 'UPSTREAM'],
  ['http-429 on /v3/chat', { kind: 'http-429', path: '/v3/chat' }, 'RATE_LIMITED'],
  ['coze-error 4016 on /v3/chat', { kind: 'coze-error', code: 4016, path: '/v3/chat' }, 'BUSY'],
];

test.each(RETRYABLE_STREAM_FAULTS)('%s → %s, retryable, /v3/chat called once (no blind resend), and the resent request succeeds', async (_name, fault, code) => {
  h.emulator.inject(fault);
  const { result, last, chatCalls, event } = await streamedSend(`故障测试 ${fault.kind}`);
  expect(expectError(result)).toEqual(expect.objectContaining({ code, retryable: true }));
  expect(chatCalls).toBe(1);
  if (last) expect(last).toEqual(expect.objectContaining({ status: 'failed', error: expect.objectContaining({ code }) }));
  // The emulator may still be finishing the dropped turn in that conversation: a BUSY on resend is retryable too.
  let again: ChatResult | undefined;
  for (let tries = 0; !again; tries += 1) {
    const answer = await h.call(USER, { action: 'chat.send', conversationId: event.conversationId, text: event.text });
    if (answer.ok) again = answer.data;
    else if (answer.error.code !== 'BUSY' || tries > 50) throw new Error(`resend failed: ${JSON.stringify(answer.error)}`);
    else await new Promise((resolve) => setTimeout(resolve, 50));
  }
  expect(again.status).toBe('completed');
  expect(again.answer?.content).toContain('故障测试');
});

test('a dropped stream keeps the partial answer in the stream doc', async () => {
  h.emulator.inject({ kind: 'drop-mid-stream' });
  const { result, last } = await streamedSend('断线保留部分回答');
  expect(expectError(result).code).toBe('UPSTREAM');
  expect(last.status).toBe('failed');
  expect(last.text.length).toBeGreaterThan(0);
  expect(last.chatId).toMatch(/^\d+$/);
});

test('chat-failed → a failed ChatResult carrying the mapped error; the stream doc says failed; resending works', async () => {
  h.emulator.inject({ kind: 'chat-failed' });
  const { result, last, event } = await streamedSend('会失败的对话');
  const failed = expectOk(result);
  expect(failed.status).toBe('failed');
  expect(failed.error).toEqual(expect.objectContaining({ code: 'UPSTREAM' }));
  expect(last).toEqual(expect.objectContaining({ status: 'failed' }));
  expect((await resend(event)).status).toBe('completed');
});

test.each([
  ['split-chunks', { kind: 'split-chunks' } as Fault],
  ['long-answer', { kind: 'long-answer', chars: 3000 } as Fault],
  ['token-invalid on /v3/chat (one re-exchange)', { kind: 'token-invalid', path: '/v3/chat' } as Fault],
  ['slow-first-byte shorter than COZE_TIMEOUT_MS', { kind: 'slow-first-byte', ms: 200 } as Fault],
])('%s → completed, transparently', async (_name, fault) => {
  h.emulator.inject(fault);
  const { result, last } = await streamedSend('透明处理');
  const done = expectOk(result);
  expect(done.status).toBe('completed');
  expect(last).toEqual(expect.objectContaining({ status: 'completed', text: done.answer?.content }));
  if (fault.kind === 'long-answer') expect(done.answer?.content.length).toBeGreaterThanOrEqual(3000);
});

test('slow-first-byte beyond COZE_TIMEOUT_MS → UPSTREAM retryable, and the resent request succeeds', async () => {
  const saved = process.env.COZE_TIMEOUT_MS;
  // A changed setting rebuilds the runtime (new token exchange, conversation.create), all under COZE_TIMEOUT_MS per
  // request: 2 s leaves room on a busy machine, while the 20 s stall still exceeds it by far.
  process.env.COZE_TIMEOUT_MS = '2000';
  try {
    h.emulator.inject({ kind: 'slow-first-byte', ms: 20_000 });
    const { result, chatCalls, event } = await streamedSend('首字节太慢');
    expect(expectError(result)).toEqual(expect.objectContaining({ code: 'UPSTREAM', retryable: true }));
    expect(chatCalls).toBe(1);
    expect((await resend(event)).status).toBe('completed');
  } finally {
    if (saved === undefined) delete process.env.COZE_TIMEOUT_MS;
    else process.env.COZE_TIMEOUT_MS = saved;
  }
});

test('an emulator "restart" (every token revoked) is recovered transparently with one re-exchange', async () => {
  expectOk(await h.call(USER, { action: 'conversation.list' }));
  const exchanges = h.emulator.stats.tokenExchanges;
  h.emulator.revokeTokens();
  const { result } = await streamedSend('重启之后');
  expect(expectOk(result).status).toBe('completed');
  expect(h.emulator.stats.tokenExchanges - exchanges).toBe(1);
});

test('idempotent reads are retried: one 5xx / 429 / network-level fault on a read is invisible', async () => {
  for (const kind of ['http-500', 'http-502', 'http-429'] as const) {
    h.emulator.inject({ kind, path: '/v1/conversations' });
    expectOk(await h.call(USER, { action: 'conversation.list' }));
  }
});

test('the token exchange is retried on a 5xx (a new JWT each time), not on a refusal', async () => {
  h.emulator.inject({ kind: 'token-exchange-error', error_code: 'internal_error' });
  expectOk(await h.call('o_faults_new_user', { action: 'conversation.list' }));
  h.emulator.inject({ kind: 'token-exchange-error', error_code: 'invalid_client' });
  expect(expectError(await h.call('o_faults_other_user', { action: 'conversation.list' }))).toEqual(expect.objectContaining({ code: 'COZE_AUTH', retryable: false }));
});

test('Coze quota errors on /v3/chat say "try later" to the user and are not resent', async () => {
  for (const code of [4008, 4009, 4011, 4019, 4020, 4028]) {
    h.emulator.inject({ kind: 'coze-error', code, path: '/v3/chat' });
    const { result, chatCalls } = await streamedSend(`额度 ${code}`);
    const error = expectError(result);
    expect(['RATE_LIMITED', 'QUOTA_EXCEEDED']).toContain(error.code);
    expect(error.message).toMatch(/稍后|明天/);
    expect(chatCalls).toBe(1);
  }
});
