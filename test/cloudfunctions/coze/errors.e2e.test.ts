/**
 * Every Coze failure mode reaches the client as our code with a Chinese message; streams that break are
 * never a silent success; and no answer or log line carries a key, a token, an openid or a stack trace.
 */
import type { ErrorCode, Result } from '../../../miniprogram/shared/protocol';
import { expectError, expectOk, FunctionHarness, startFunctionHarness } from '../../helpers/function-harness';

const USER = 'o_errors_user_5f3a';
let h: FunctionHarness;
const answers: Array<Result<unknown>> = [];
async function call(event: Parameters<FunctionHarness['callRaw']>[1], openid = USER): Promise<Result<unknown>> {
  const result = await h.callRaw(openid, event);
  answers.push(result);
  return result;
}

beforeAll(async () => {
  h = await startFunctionHarness({ record: true });
});
afterAll(async () => {
  await h.stop();
});

const TABLE: Array<[number, ErrorCode]> = [
  [4000, 'BAD_REQUEST'],
  [4001, 'NOT_FOUND'],
  [4002, 'NOT_FOUND'],
  [4005, 'NOT_FOUND'],
  [4006, 'BOT_UNAVAILABLE'],
  [4008, 'QUOTA_EXCEEDED'],
  [4009, 'RATE_LIMITED'],
  [4011, 'QUOTA_EXCEEDED'],
  [4015, 'BOT_UNAVAILABLE'],
  [4016, 'BUSY'],
  [4019, 'QUOTA_EXCEEDED'],
  [4020, 'RATE_LIMITED'],
  [4028, 'QUOTA_EXCEEDED'],
  [4101, 'COZE_AUTH'],
  [4102, 'RATE_LIMITED'], // risk control "请稍后重试" (coze_error_codes): retryable, not a verdict on the text
  [4105, 'CONTENT_BLOCKED'],
  [4200, 'BOT_UNAVAILABLE'],
  [5000, 'UPSTREAM'],
];

test.each(TABLE)('Coze %i on /v3/chat answers %s with a Chinese message', async (code, expected) => {
  h.emulator.inject({ kind: 'coze-error', code, path: '/v3/chat' });
  const error = expectError(await call({ action: 'chat.send', text: `触发 ${code}` }));
  expect(error.code).toBe(expected);
  expect(error.message).toMatch(/[\u4e00-\u9fff]/);
  expect(typeof error.retryable).toBe('boolean');
  expect(error.logid).toBeTruthy();
});

test('Coze 4100 on every try answers COZE_AUTH', async () => {
  h.emulator.inject({ kind: 'coze-error', code: 4100, path: '/v1/conversations', times: 2 });
  expect(expectError(await call({ action: 'conversation.list' })).code).toBe('COZE_AUTH');
});

test.each([
  ['http-500', 'UPSTREAM', true],
  ['http-502', 'UPSTREAM', true],
  ['http-429', 'RATE_LIMITED', true],
] as const)('%s on every try of a read answers %s (retryable %s) after COZE_RETRY_MAX retries', async (kind, expected, retryable) => {
  const before = h.emulator.requests.filter((r) => r.path === '/v1/conversations').length;
  h.emulator.inject({ kind, path: '/v1/conversations', times: 3 });
  const error = expectError(await call({ action: 'conversation.list' }));
  expect(error).toEqual(expect.objectContaining({ code: expected, retryable }));
  expect(h.emulator.requests.filter((r) => r.path === '/v1/conversations').length - before).toBe(3);
});

test('a stream dropped mid-way is UPSTREAM, never a silent success, and the stream doc says failed', async () => {
  const streamId = 'd'.repeat(32);
  h.emulator.inject({ kind: 'drop-mid-stream' });
  const stop = h.bundle.localStreams.watch(streamId, USER, () => undefined);
  const error = expectError(await call({ action: 'chat.send', text: '断线', streamId }));
  expect(error.code).toBe('UPSTREAM');
  expect(h.bundle.localStreams.get(streamId, USER)).toEqual(expect.objectContaining({ status: 'failed', error: expect.objectContaining({ code: 'UPSTREAM' }) }));
  stop();
});

test('malformed SSE data is UPSTREAM, not a crash', async () => {
  h.emulator.inject({ kind: 'malformed-sse' });
  expect(expectError(await call({ action: 'chat.send', text: '坏数据' })).code).toBe('UPSTREAM');
});

test('a mid-stream error event carries Coze code mapped to ours', async () => {
  h.emulator.inject({ kind: 'stream-error-event', code: 4016, msg: 'busy' });
  expect(expectError(await call({ action: 'chat.send', text: '流中错误' })).code).toBe('BUSY');
});

test('conversation.chat.failed answers a failed ChatResult with the mapped error', async () => {
  h.emulator.inject({ kind: 'chat-failed' });
  const result = expectOk(await call({ action: 'chat.send', text: '失败' })) as { status: string; error?: { code: string; message: string } };
  expect(result.status).toBe('failed');
  expect(result.error?.message).toMatch(/[\u4e00-\u9fff]/);
});

test('chunks split at odd byte offsets still give the same answer', async () => {
  const plain = expectOk(await call({ action: 'chat.send', text: '分块测试' })) as { answer: { content: string } };
  h.emulator.inject({ kind: 'split-chunks' });
  const split = expectOk(await call({ action: 'chat.send', text: '分块测试' })) as { answer: { content: string } };
  expect(split.answer.content).toBe(plain.answer.content);
});

test('a missing setting answers CONFIG naming the variable, without its value', async () => {
  const saved = process.env.COZE_BOT_ID;
  process.env.COZE_BOT_ID = 'bot-abc-secretish';
  try {
    const error = expectError(await call({ action: 'conversation.list' }));
    expect(error.code).toBe('CONFIG');
    expect(error.message).toContain('COZE_BOT_ID');
    expect(error.message).not.toContain('bot-abc-secretish');
  } finally {
    process.env.COZE_BOT_ID = saved;
  }
});

test('no answer or log line contains the private key, a JWT, an access token, an openid or a stack trace', () => {
  const tokens = [...(h.recording?.jwts ?? []), ...(h.recording?.accessTokens ?? [])];
  expect(tokens.length).toBeGreaterThan(0);
  expect(h.logs.length).toBeGreaterThan(0);
  const keyBody = h.keys.privateKeyPem.split('\n')[1];
  const texts = [...answers.map((a) => JSON.stringify(a)), ...h.logs];
  for (const text of texts) {
    expect(text).not.toContain(keyBody);
    expect(text).not.toContain('PRIVATE KEY');
    expect(text).not.toContain(USER);
    expect(text).not.toMatch(/\n\s+at /);
    for (const token of tokens) expect(text).not.toContain(token);
  }
});
