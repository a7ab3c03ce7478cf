/** Every action through the built bundle against the emulator over HTTP. */
import type { StreamDoc } from '../../../miniprogram/shared/protocol';
import { expectError, expectOk, FunctionHarness, startFunctionHarness } from '../../helpers/function-harness';

// The same module object the bundle requires (a namespace import would be a frozen copy).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const cloud = require('wx-server-sdk') as typeof import('wx-server-sdk');
const USER = 'o_actions_user';
let h: FunctionHarness;
beforeAll(async () => {
  h = await startFunctionHarness();
});
afterAll(async () => {
  await h.stop();
});

function streamId(n: number): string {
  return n.toString(16).padStart(32, '0');
}

test('bot.info answers name, prologue and suggested questions, cached per instance', async () => {
  const info = expectOk(await h.call(USER, { action: 'bot.info' }));
  expect(info.botId).toBe(h.emulator.botId);
  expect(info.name).not.toBe('');
  expect(info.prologue).not.toBe('');
  expect(info.suggestedQuestions.length).toBeGreaterThan(0);
  const before = h.emulator.requests.filter((r) => r.path.startsWith('/v1/bots/')).length;
  expectOk(await h.call(USER, { action: 'bot.info' }));
  expect(h.emulator.requests.filter((r) => r.path.startsWith('/v1/bots/')).length).toBe(before);
});

test('chat.send without streamId creates a conversation named after the text and returns the final answer', async () => {
  const result = expectOk(await h.call(USER, { action: 'chat.send', text: '  第一次提问  ' }));
  expect(result.status).toBe('completed');
  expect(result.conversationId).toMatch(/^\d+$/);
  expect(result.chatId).toMatch(/^\d+$/);
  expect(result.answer?.content.length).toBeGreaterThan(0);
  expect(result.answer?.role).toBe('assistant');
  expect(Array.isArray(result.followUps)).toBe(true);
  const sent = h.emulator.requests.filter((r) => r.path === '/v3/chat').pop();
  // Sent as typed (issue 12: indentation of pasted code must survive); the conversation name is trimmed.
  expect((sent?.body as { additional_messages: Array<{ content: string }> }).additional_messages[0].content).toBe('  第一次提问  ');
  const list = expectOk(await h.call(USER, { action: 'conversation.list' }));
  expect(list.conversations.find((c) => c.id === result.conversationId)?.name).toBe('第一次提问');
});

test('chat.send with streamId publishes growing snapshots and always the final state to the watcher', async () => {
  const id = streamId(1);
  const seen: StreamDoc[] = [];
  const stop = h.bundle.localStreams.watch(id, USER, (doc) => seen.push(doc));
  const foreign: StreamDoc[] = [];
  const stopForeign = h.bundle.localStreams.watch(id, 'o_someone_else', (doc) => foreign.push(doc));
  const result = expectOk(await h.call(USER, { action: 'chat.send', text: '请流式回答', streamId: id }));
  stopForeign();
  expect(seen.length).toBeGreaterThanOrEqual(1);
  const last = seen[seen.length - 1];
  expect(last).toEqual(
    expect.objectContaining({ _id: id, _openid: USER, status: 'completed', text: result.answer?.content, conversationId: result.conversationId, chatId: result.chatId, followUps: result.followUps, error: null }),
  );
  expect(seen.map((d) => d.seq)).toEqual(seen.map((_, i) => i + 1));
  for (const doc of seen) expect(result.answer?.content.startsWith(doc.text)).toBe(true);
  expect(foreign).toEqual([]);
  // A late watcher gets the final document while the chat is still watched; once nobody watches, it is gone.
  const late: StreamDoc[] = [];
  h.bundle.localStreams.watch(id, USER, (doc) => late.push(doc))();
  expect(late).toEqual([last]);
  stop();
  const after: StreamDoc[] = [];
  h.bundle.localStreams.watch(id, USER, (doc) => after.push(doc))();
  expect(after).toEqual([]);
});

test('a streamId owned by another user is BAD_REQUEST', async () => {
  const id = streamId(2);
  expectOk(await h.call(USER, { action: 'chat.send', text: '占用', streamId: id }));
  const error = expectError(await h.call('o_intruder', { action: 'chat.send', text: '抢占', streamId: id }));
  expect(error.code).toBe('BAD_REQUEST');
});

test('chat.send into an existing conversation, then message.list pages oldest first', async () => {
  const first = expectOk(await h.call(USER, { action: 'chat.send', text: '问题一' }));
  const conversationId = first.conversationId;
  expectOk(await h.call(USER, { action: 'chat.send', conversationId, text: '问题二' }));
  expectOk(await h.call(USER, { action: 'chat.send', conversationId, text: '问题三' }));
  const all = expectOk(await h.call(USER, { action: 'message.list', conversationId, limit: 50 }));
  expect(all.messages.filter((m) => m.role === 'user').map((m) => m.content)).toEqual(['问题一', '问题二', '问题三']);
  expect(all.messages.every((m) => m.type === 'question' || m.type === 'answer')).toBe(true);
  expect(all.firstId).toBe(all.messages[0].id);
  const page = expectOk(await h.call(USER, { action: 'message.list', conversationId, limit: 2 }));
  expect(page.messages.map((m) => m.content)).toEqual(all.messages.slice(-2).map((m) => m.content));
  expect(page.hasMore).toBe(true);
  const older = expectOk(await h.call(USER, { action: 'message.list', conversationId, limit: 2, beforeId: page.firstId }));
  expect(older.messages.map((m) => m.id)).toEqual(all.messages.slice(-4, -2).map((m) => m.id));
});

test('conversation.create / rename / clear / delete', async () => {
  const { conversation } = expectOk(await h.call(USER, { action: 'conversation.create', name: '旅行计划' }));
  expect(conversation.name).toBe('旅行计划');
  const renamed = expectOk(await h.call(USER, { action: 'conversation.rename', conversationId: conversation.id, name: '新名字' }));
  expect(renamed.conversation).toEqual(expect.objectContaining({ id: conversation.id, name: '新名字' }));
  const cleared = expectOk(await h.call(USER, { action: 'conversation.clear', conversationId: conversation.id }));
  expect(cleared.sectionId).toMatch(/^\d+$/);
  expect(expectOk(await h.call(USER, { action: 'conversation.delete', conversationId: conversation.id }))).toEqual({});
  const list = expectOk(await h.call(USER, { action: 'conversation.list', pageSize: 50 }));
  expect(list.conversations.map((c) => c.id)).not.toContain(conversation.id);
  expect(expectError(await h.call(USER, { action: 'conversation.rename', conversationId: conversation.id, name: 'x' })).code).toBe('NOT_FOUND');
});

test('chat.poll answers the final ChatResult of a finished chat', async () => {
  const sent = expectOk(await h.call(USER, { action: 'chat.send', text: '轮询我' }));
  const polled = expectOk(await h.call(USER, { action: 'chat.poll', conversationId: sent.conversationId, chatId: sent.chatId }));
  expect(polled.status).toBe('completed');
  expect(polled.answer?.content).toBe(sent.answer?.content);
  expect(polled.followUps).toEqual(sent.followUps);
});

test('chat.cancel of a finished chat is not an error: it answers the final status', async () => {
  const sent = expectOk(await h.call(USER, { action: 'chat.send', text: '取消我' }));
  expect(expectOk(await h.call(USER, { action: 'chat.cancel', conversationId: sent.conversationId, chatId: sent.chatId }))).toEqual({ status: 'completed' });
});

test('message.feedback like → POST, null → DELETE', async () => {
  const sent = expectOk(await h.call(USER, { action: 'chat.send', text: '给我点赞' }));
  const messageId = sent.answer?.id ?? '';
  expectOk(await h.call(USER, { action: 'message.feedback', conversationId: sent.conversationId, messageId, feedback: 'like', comment: '好' }));
  expectOk(await h.call(USER, { action: 'message.feedback', conversationId: sent.conversationId, messageId, feedback: null }));
  const calls = h.emulator.requests.filter((r) => r.path.endsWith('/feedback'));
  expect(calls.map((r) => r.method)).toEqual(['POST', 'DELETE']);
  expect(calls[0].body).toEqual(expect.objectContaining({ feedback_type: 'like', comment: '好' }));
});

const VOICE = 'cloud://env-1.abc/coze-voice/0123456789abcdef0123456789abcdef';

test('audio.transcribe outside CloudBase reads the local file store, never cloud storage', async () => {
  const spy = jest.spyOn(cloud, 'downloadFile');
  try {
    const error = expectError(await h.call(USER, { action: 'audio.transcribe', fileID: `${VOICE}/0.wav` }));
    expect(error.code).toBe('NOT_FOUND');
    expect(error.message).toMatch(/重新上传/);
    h.bundle.localFiles.put(`${VOICE}/0.wav`, Buffer.from('local recording bytes'), USER);
    expect(expectOk(await h.call(USER, { action: 'audio.transcribe', fileID: `${VOICE}/0.wav` })).text).toMatch(/21 字节/);
    expect(spy).not.toHaveBeenCalled();
  } finally {
    spy.mockRestore();
  }
});

test('audio.transcribe (in CloudBase) downloads the cloud file (only downloadFile mocked) and posts it as multipart', async () => {
  process.env.TCB_ENV = 'env-audio-test';
  process.env.CHAT_CONTENT_CHECK = 'off';
  const audio = Buffer.from('RIFF....WAVEfmt fake audio bytes');
  const spy = jest.spyOn(cloud, 'downloadFile').mockResolvedValue({ fileContent: audio, statusCode: 200, errMsg: 'downloadFile:ok' } as never);
  try {
    const result = expectOk(await h.call(USER, { action: 'audio.transcribe', fileID: `${VOICE}/1.wav` }));
    expect(typeof result.text).toBe('string');
    expect(result.text.length).toBeGreaterThan(0);
    expect(spy).toHaveBeenCalledWith({ fileID: `${VOICE}/1.wav` });
    const tooBig = Buffer.alloc(10 * 1024 * 1024 + 1);
    spy.mockResolvedValueOnce({ fileContent: tooBig, statusCode: 200, errMsg: 'downloadFile:ok' } as never);
    expect(expectError(await h.call(USER, { action: 'audio.transcribe', fileID: `${VOICE}/2.wav` })).code).toBe('BAD_REQUEST');
  } finally {
    spy.mockRestore();
    delete process.env.TCB_ENV;
    delete process.env.CHAT_CONTENT_CHECK;
  }
});

describe('validation', () => {
  test.each([
    ['unknown action', { action: 'nope' }, /action/],
    ['blank text', { action: 'chat.send', text: '   ' }, /text/],
    ['numeric text', { action: 'chat.send', text: 42 }, /text/],
    ['text over CHAT_MAX_TEXT', { action: 'chat.send', text: 'x'.repeat(2001) }, /2000/],
    ['id as a JS number', { action: 'chat.send', text: 'hi', conversationId: 7_453_407_973_575_833_389 }, /conversationId/],
    ['id with letters', { action: 'chat.send', text: 'hi', conversationId: '12ab' }, /conversationId/],
    ['bad streamId', { action: 'chat.send', text: 'hi', streamId: 'XYZ' }, /streamId/],
    ['limit too big', { action: 'message.list', conversationId: '1', limit: 500 }, /limit/],
    ['unknown feedback', { action: 'message.feedback', conversationId: '1', messageId: '2', feedback: 'love' }, /feedback/],
    ['fileID not cloud://', { action: 'audio.transcribe', fileID: 'https://evil.example/a.wav' }, /fileID/],
    ['fileID outside coze-voice/', { action: 'audio.transcribe', fileID: 'cloud://env-1.abc/private/0123456789abcdef0123456789abcdef/a.wav' }, /coze-voice/],
    ['fileID without the random folder', { action: 'audio.transcribe', fileID: 'cloud://env-1.abc/coze-voice/a.wav' }, /coze-voice/],
    ['fileID climbing out', { action: 'audio.transcribe', fileID: 'cloud://env-1.abc/coze-voice/0123456789abcdef0123456789abcdef/../x/a.wav' }, /fileID/],
  ])('%s → BAD_REQUEST saying what was wrong', async (_label, event, what) => {
    const error = expectError(await h.callRaw(USER, event));
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toMatch(what);
    expect(error.message).toMatch(/[\u4e00-\u9fff]/);
  });

  test('unknown fields are ignored and __proto__/constructor keys are harmless', async () => {
    const event = JSON.parse('{"action":"conversation.create","name":"安全","__proto__":{"polluted":true},"constructor":{"prototype":{"x":1}},"extra":1}') as unknown;
    const result = expectOk(await h.callRaw(USER, event)) as { conversation: { name: string } };
    expect(result.conversation.name).toBe('安全');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test('a non-object event is BAD_REQUEST, never a throw', async () => {
    for (const event of [null, undefined, 'chat.send', 42, []]) {
      expect(expectError(await h.callRaw(USER, event)).code).toBe('BAD_REQUEST');
    }
  });
});
