/**
 * The function against Coze's documented behaviour (issue 12), through the built bundle and the emulator:
 * history paging walks back with after_id (list_message.md), Coze error codes map as coze_error_codes says,
 * Coze's text is redacted in the log, every action is rate-limited, conversation.list pages after filtering,
 * and user text keeps its indentation but loses invisible characters.
 */
import type { ApiError } from '../../../miniprogram/shared/protocol';
import { expectError, expectOk, FunctionHarness, startFunctionHarness } from '../../helpers/function-harness';

const USER = 'o_real_coze_user_0000000000001';
let h: FunctionHarness;
beforeAll(async () => {
  h = await startFunctionHarness();
});
afterAll(async () => {
  await h.stop();
});
afterEach(() => h.emulator.clearFaults());

test('message.list pages back through a 52-message conversation, 20 per page: every message exactly once, oldest first, hasMore false at the start', async () => {
  const questions = Array.from({ length: 26 }, (_, i) => `第 ${i + 1} 问`);
  const first = expectOk(await h.call(USER, { action: 'chat.send', text: questions[0] }));
  for (const text of questions.slice(1)) expectOk(await h.call(USER, { action: 'chat.send', conversationId: first.conversationId, text }));
  const pages: Array<{ ids: string[]; hasMore: boolean }> = [];
  const seen: string[] = [];
  const contents: string[] = [];
  let beforeId: string | undefined;
  for (let i = 0; i < 10; i += 1) {
    const page = expectOk(await h.call(USER, { action: 'message.list', conversationId: first.conversationId, limit: 20, ...(beforeId ? { beforeId } : {}) }));
    pages.push({ ids: page.messages.map((m) => m.id), hasMore: page.hasMore });
    seen.unshift(...page.messages.map((m) => m.id));
    contents.unshift(...page.messages.filter((m) => m.role === 'user').map((m) => m.content));
    if (!page.hasMore) break;
    beforeId = page.firstId;
  }
  expect(pages.map((p) => p.ids.length)).toEqual([20, 20, 12]);
  expect(pages.map((p) => p.hasMore)).toEqual([true, true, false]);
  expect(new Set(seen).size).toBe(52);
  expect(contents).toEqual(questions);
  const sorted = [...seen].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
  expect(seen).toEqual(sorted);
  const sent = h.emulator.requests.filter((r) => r.path === '/v1/conversation/message/list').map((r) => r.body as Record<string, unknown>);
  expect(sent.some((b) => 'before_id' in b)).toBe(false);
});

describe('Coze error codes (coze_error_codes.md) through /v3/chat', () => {
  async function chatFailing(code: number, msg?: string): Promise<ApiError> {
    h.emulator.inject({ kind: 'coze-error', code, msg, path: '/v3/chat' });
    return expectError(await h.call(USER, { action: 'chat.send', text: `错误码 ${code}` }));
  }

  test('4010 (prompt over the model context): not retryable; the user is told to clear the context or start a new conversation, with the clear-context action', async () => {
    const error = await chatFailing(4010);
    expect(error).toEqual(expect.objectContaining({ code: 'BAD_REQUEST', retryable: false, action: 'clear-context' }));
    expect(error.message).toContain('清除上下文');
    expect(error.message).toContain('新的对话');
    expect(h.logs.join('\n')).toContain("context length");
  });

  test('4102 (risk control, 请稍后重试): retryable RATE_LIMITED, not CONTENT_BLOCKED', async () => {
    const error = await chatFailing(4102);
    expect(error).toEqual(expect.objectContaining({ code: 'RATE_LIMITED', retryable: true }));
    expect(error.message).toContain('稍后重试');
  });

  test.each([
    [4003, 'BAD_REQUEST', '联系开发者'],
    [4004, 'BAD_REQUEST', '联系开发者'],
    [4007, 'BAD_REQUEST', '联系开发者'],
    [4012, 'BOT_UNAVAILABLE', '模型'],
    [4013, 'UPSTREAM', '模型'],
    [4014, 'BAD_REQUEST', '无法回答'],
    [4021, 'BOT_UNAVAILABLE', '工作流'],
    [4999, 'UPSTREAM', '4999'],
    [5999, 'UPSTREAM', '5999'],
  ])('%i → %s with an honest message, never INTERNAL', async (code, ours, words) => {
    const error = await chatFailing(code);
    expect(error.code).toBe(ours);
    expect(error.message).toContain(words);
    expect(error.action).toBeUndefined();
  });

  test('700012006 "access token invalid" drops the token and exchanges a new one, like 4100', async () => {
    expectOk(await h.call(USER, { action: 'conversation.list' }));
    const before = h.emulator.stats.tokenExchanges;
    h.emulator.inject({ kind: 'coze-error', code: 700012006, path: '/v1/conversations' });
    expectOk(await h.call(USER, { action: 'conversation.list' }));
    expect(h.emulator.stats.tokenExchanges).toBe(before + 1);
  });
});

test("Coze's msg and logid are redacted in the log (openid, token, JWT) and a logid carrying a token never reaches the client", async () => {
  const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4eHh4In0.c2lnbmF0dXJl';
  h.logs.length = 0;
  h.emulator.inject({ kind: 'coze-error', code: 4000, msg: `bad user_id ${USER} with token czs_abcdefSECRET and ${jwt}`, logid: `czs_leakedTOKEN${USER}`, path: '/v3/chat' });
  const error = expectError(await h.call(USER, { action: 'chat.send', text: '日志' }));
  expect(error.logid).toBeUndefined();
  const logs = h.logs.join('\n');
  expect(logs).toContain('action.failed');
  for (const secret of [USER, 'czs_abcdefSECRET', 'czs_leakedTOKEN', jwt]) expect(logs).not.toContain(secret);
  h.emulator.inject({ kind: 'coze-error', code: 4000, path: '/v3/chat' });
  expect(expectError(await h.call(USER, { action: 'chat.send', text: '日志' })).logid).toMatch(/^\d{14}[0-9A-F]{20}$/);
});

test('with no openid every event answers UNAUTHENTICATED, even an unknown action or a non-object event', async () => {
  for (const event of [{ action: 'no.such.action' }, {}, null, 'text', { action: 'bot.info' }]) {
    const result = await h.callRaw(undefined, event);
    expect(result.ok ? 'ok' : result.error.code).toBe('UNAUTHENTICATED');
  }
});

test('leading whitespace reaches Coze as typed (indented code); only the empty test trims', async () => {
  const code = '    function f() {\n        return 1;\n    }\n';
  expectOk(await h.call(USER, { action: 'chat.send', text: code }));
  const chat = h.emulator.requests.filter((r) => r.path === '/v3/chat').pop()?.body as { additional_messages: Array<{ content: string }> };
  expect(chat.additional_messages[0].content).toBe(code);
  expect(expectError(await h.call(USER, { action: 'chat.send', text: ' \n\t ' })).code).toBe('BAD_REQUEST');
});

test.each([
  ['C1 control U+0085', 'a\u0085b'],
  ['C1 control U+009B', 'a\u009bb'],
  ['zero-width space U+200B', 'a\u200bb'],
  ['LRM U+200E', 'a\u200eb'],
  ['line separator U+2028', 'a\u2028b'],
  ['paragraph separator U+2029', 'a\u2029b'],
  ['word joiner U+2060', 'a\u2060b'],
  ['invisible times U+2062', 'a\u2062b'],
  ['BOM U+FEFF', '\ufeffab'],
  ['interlinear annotation U+FFF9', 'a\ufff9b'],
  ['noncharacter U+FFFF', 'a\uffffb'],
  ['noncharacter U+FDD0', 'a\ufdd0b'],
  ['noncharacter U+1FFFE', 'a\u{1fffe}b'],
  ['tag character U+E0041', 'a\u{e0041}b'],
  ['lone zero-width joiner U+200D', 'a\u200db'],
])('refuses %s in user text with a clear BAD_REQUEST, before Coze', async (_name, text) => {
  const chats = h.emulator.stats.chats;
  const error = expectError(await h.call(USER, { action: 'chat.send', text }));
  expect(error.code).toBe('BAD_REQUEST');
  expect(error.message).toMatch(/请删除后重试/);
  expect(h.emulator.stats.chats).toBe(chats);
});

test('emoji sequences stay allowed: a ZWJ family and a subdivision flag (tag characters)', async () => {
  for (const text of ['一家 👨‍👩‍👧', '英格兰 🏴\u{e0067}\u{e0062}\u{e0065}\u{e006e}\u{e0067}\u{e007f}', '❤️‍🔥']) {
    expect(expectOk(await h.call(USER, { action: 'chat.send', text })).status).toBe('completed');
  }
});
