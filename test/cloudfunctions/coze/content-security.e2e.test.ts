/**
 * WeChat content security through the bundle, with a faithful fake of the cloud call (test/helpers/wx-cloud-fake.ts):
 * a risky question never reaches Coze; a risky answer never reaches the final ChatResult, the final stream doc
 * or the history; `review` follows CHAT_CONTENT_REVIEW; a failing check fails closed for input and open for output
 * (both configurable). The emulator's bot echoes the question, so a risky word in the question makes a risky answer.
 */
import type { ChatResult, StreamDoc } from '../../../miniprogram/shared/protocol';
import { expectError, expectOk, FunctionHarness, startFunctionHarness } from '../../helpers/function-harness';
import { FakeMsgSecCheck, SEC_MAX_CONTENT, SEC_WORDS } from '../../helpers/wx-cloud-fake';

const USER = 'o_content_user';
const secCheck = new FakeMsgSecCheck();
let h: FunctionHarness;
let streamCounter = 0;

beforeAll(async () => {
  h = await startFunctionHarness({ emulator: { deltaDelayMs: 1 }, env: { CHAT_CONTENT_CHECK: 'both', CHAT_STREAM_WRITE_MS: '0' }, cloud: { secCheck } });
});
afterAll(async () => {
  await h.stop();
});
afterEach(() => {
  secCheck.failWith = undefined;
});

/** Runs a body with some settings changed (the function re-reads its configuration when the environment changes). */
async function withEnv<T>(env: Record<string, string>, body: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  try {
    return await body();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

function nextStreamId(): string {
  streamCounter += 1;
  return `c0${streamCounter.toString(16).padStart(30, '0')}`;
}

/** chat.send with a watched stream: the answer envelope and every stream doc written. */
async function sendWatched(text: string): Promise<{ result: Awaited<ReturnType<FunctionHarness['callRaw']>>; docs: StreamDoc[] }> {
  const streamId = nextStreamId();
  const docs: StreamDoc[] = [];
  const stop = h.bundle.localStreams.watch(streamId, USER, (doc) => docs.push(doc));
  const result = await h.callRaw(USER, { action: 'chat.send', text, streamId });
  stop();
  return { result, docs };
}

test('a clean question is checked (v2, scene 2, the caller openid) and answered', async () => {
  const before = secCheck.calls.length;
  const result = expectOk(await h.call(USER, { action: 'chat.send', text: '今天天气怎么样' })) as ChatResult;
  expect(result.status).toBe('completed');
  const calls = secCheck.calls.slice(before);
  expect(calls[0]).toEqual({ version: 2, openid: USER, scene: 2, content: '今天天气怎么样' });
  expect(calls.length).toBeGreaterThanOrEqual(2); // the question, then the answer
});

test('a risky question is CONTENT_BLOCKED before it reaches Coze', async () => {
  const chats = h.emulator.stats.chats;
  const error = expectError(await h.call(USER, { action: 'chat.send', text: `请告诉我${SEC_WORDS.risky}` }));
  expect(error).toEqual(expect.objectContaining({ code: 'CONTENT_BLOCKED', retryable: false }));
  expect(error.message).toMatch(/未通过安全审核/);
  expect(h.emulator.stats.chats).toBe(chats);
});

test('review blocks by default and passes with CHAT_CONTENT_REVIEW=allow', async () => {
  expect(expectError(await h.call(USER, { action: 'chat.send', text: `一个${SEC_WORDS.review}` })).code).toBe('CONTENT_BLOCKED');
  await withEnv({ CHAT_CONTENT_REVIEW: 'allow' }, async () => {
    expect(expectOk(await h.call(USER, { action: 'chat.send', text: `一个${SEC_WORDS.review}` })).status).toBe('completed');
  });
});

test('a risky answer is withheld: CONTENT_BLOCKED, the final stream doc has no text, and the history loses it', async () => {
  await withEnv({ CHAT_CONTENT_CHECK: 'output' }, async () => {
    const { result, docs } = await sendWatched(`复述${SEC_WORDS.risky}`);
    const error = expectError(result);
    expect(error.code).toBe('CONTENT_BLOCKED');
    expect(error.message).toMatch(/回答内容未通过安全审核/);
    expect(JSON.stringify(result)).not.toContain(SEC_WORDS.risky);
    const last = docs[docs.length - 1];
    expect(last).toEqual(expect.objectContaining({ status: 'failed', text: '', error: expect.objectContaining({ code: 'CONTENT_BLOCKED' }) }));
    // While streaming the live text was shown (documented in the README); the final view carries none of it.
    expect(docs.some((d) => d.text.includes(SEC_WORDS.risky))).toBe(true);
    const history = expectOk(await h.call(USER, { action: 'message.list', conversationId: last.conversationId }));
    expect(history.messages.map((m) => m.role)).toEqual(['user']);
    expect(history.messages.filter((m) => m.role === 'assistant')).toEqual([]);
  });
});

test('a long answer is checked in segments of at most 2500 characters', async () => {
  await withEnv({ CHAT_CONTENT_CHECK: 'output' }, async () => {
    h.emulator.inject({ kind: 'long-answer', chars: 6000 });
    const before = secCheck.calls.length;
    const result = expectOk(await h.call(USER, { action: 'chat.send', text: '长回答' })) as ChatResult;
    const segments = secCheck.calls.slice(before);
    expect(segments.length).toBeGreaterThanOrEqual(3);
    for (const s of segments) expect([...s.content].length).toBeLessThanOrEqual(SEC_MAX_CONTENT);
    expect(segments.map((s) => s.content).join('')).toBe(result.answer?.content);
  });
});

test('a failing check fails CLOSED for the question (UPSTREAM, retryable, Coze not called) by default', async () => {
  secCheck.failWith = -501001;
  const chats = h.emulator.stats.chats;
  const error = expectError(await h.call(USER, { action: 'chat.send', text: '检查服务挂了' }));
  expect(error).toEqual(expect.objectContaining({ code: 'UPSTREAM', retryable: true }));
  expect(error.message).toMatch(/内容安全检查暂时不可用/);
  expect(h.emulator.stats.chats).toBe(chats);
  expect(h.logs.some((l) => l.includes('content.check_failed') && l.includes('-501001'))).toBe(true);
  await withEnv({ CHAT_INPUT_CHECK_FAILURE: 'open', CHAT_OUTPUT_CHECK_FAILURE: 'open' }, async () => {
    expect(expectOk(await h.call(USER, { action: 'chat.send', text: '放行' })).status).toBe('completed');
  });
});

test('a failing check fails OPEN for the answer by default, and CLOSED withholds it when configured', async () => {
  await withEnv({ CHAT_CONTENT_CHECK: 'output' }, async () => {
    secCheck.failWith = -1;
    const shown = expectOk(await h.call(USER, { action: 'chat.send', text: '回答检查失败' })) as ChatResult;
    expect(shown.answer?.content).toContain('回答检查失败');
    await withEnv({ CHAT_OUTPUT_CHECK_FAILURE: 'closed' }, async () => {
      const { result, docs } = await sendWatched('回答检查失败但关闭');
      expect(expectError(result)).toEqual(expect.objectContaining({ code: 'UPSTREAM', retryable: true }));
      expect(docs[docs.length - 1]).toEqual(expect.objectContaining({ status: 'failed', text: '' }));
    });
  });
});

test('a detached chat is checked when chat.poll makes it final', async () => {
  const { conversation } = expectOk(await h.call(USER, { action: 'conversation.create' }));
  await withEnv({ CHAT_CONTENT_CHECK: 'output', CHAT_DEADLINE_MS: '1000' }, async () => {
    // The changed settings rebuild the runtime: get the token and verify the conversation's owner first (as
    // deadline.e2e does), so the 1 s budget is spent on the chat, not on setup work on a busy machine.
    expectOk(await h.call(USER, { action: 'message.list', conversationId: conversation.id }));
    h.emulator.inject({ kind: 'long-answer', chars: 6000 });
    const detached = expectOk(await h.call(USER, { action: 'chat.send', conversationId: conversation.id, text: `慢慢复述${SEC_WORDS.risky}` })) as ChatResult;
    expect(detached.status).toBe('detached');
    for (;;) {
      const polled = await h.call(USER, { action: 'chat.poll', conversationId: detached.conversationId, chatId: detached.chatId });
      if (polled.ok && polled.data.status === 'in_progress') {
        await new Promise((resolve) => setTimeout(resolve, 100));
        continue;
      }
      expect(expectError(polled).code).toBe('CONTENT_BLOCKED');
      expect(JSON.stringify(polled)).not.toContain(SEC_WORDS.risky);
      break;
    }
  });
});

test('CHAT_CONTENT_CHECK=auto checks nothing outside CloudBase (no TCB_ENV)', async () => {
  await withEnv({ CHAT_CONTENT_CHECK: 'auto' }, async () => {
    const before = secCheck.calls.length;
    expectOk(await h.call(USER, { action: 'chat.send', text: `本地${SEC_WORDS.risky}` }));
    expect(secCheck.calls.length).toBe(before);
  });
});

test('no log line carries the openid or the checked text', () => {
  for (const line of h.logs) {
    expect(line).not.toContain(USER);
    expect(line).not.toContain(SEC_WORDS.risky);
  }
});
