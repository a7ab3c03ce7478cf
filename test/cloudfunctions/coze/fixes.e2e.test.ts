/**
 * Fixes found by colleagues, each proved through the built bundle: a canceled chat.send ends `canceled` with
 * its partial text; bot.info's prologue has no `{{user_name}}`; no literal PEM header sits in the function's
 * sources or bundle (the before-stop key scan); hostile text (lone surrogates, NUL, bidi overrides) is BAD_REQUEST.
 */
import { readdirSync, readFileSync, statSync } from 'fs';
import path from 'path';
import type { ChatResult } from '../../../miniprogram/shared/protocol';
import { withoutUserName } from '../../../cloudfunctions/coze/src/actions/bot-info';
import { BUNDLE_PATH, expectError, expectOk, FunctionHarness, startFunctionHarness } from '../../helpers/function-harness';

const USER = 'o_fixes_user';
let h: FunctionHarness;
beforeAll(async () => {
  h = await startFunctionHarness({ emulator: { deltaDelayMs: 15 }, env: { CHAT_STREAM_WRITE_MS: '0' } });
});
afterAll(async () => {
  await h.stop();
});

test('chat.cancel while chat.send streams: the pending chat.send answers canceled and keeps the partial text', async () => {
  h.emulator.inject({ kind: 'long-answer', chars: 3000 });
  const streamId = 'ca'.repeat(16);
  let started: (ids: { conversationId: string; chatId: string; text: string }) => void = () => undefined;
  const streaming = new Promise<{ conversationId: string; chatId: string; text: string }>((resolve) => (started = resolve));
  const stop = h.bundle.localStreams.watch(streamId, USER, (doc) => {
    if (doc.text.length > 20 && doc.chatId) started({ conversationId: doc.conversationId, chatId: doc.chatId, text: doc.text });
  });
  const pending = h.call(USER, { action: 'chat.send', text: '讲个长故事然后被我打断', streamId });
  const live = await streaming;
  const canceled = expectOk(await h.call(USER, { action: 'chat.cancel', conversationId: live.conversationId, chatId: live.chatId }));
  expect(canceled.status).toBe('canceled');
  const result = expectOk(await pending) as ChatResult;
  expect(result.status).toBe('canceled');
  expect(result.answer?.content.startsWith(live.text)).toBe(true);
  expect((result.answer?.content.length ?? 0) < 3000).toBe(true);
  expect(h.bundle.localStreams.get(streamId, USER)).toEqual(expect.objectContaining({ status: 'canceled', text: result.answer?.content }));
  stop();
});

test("bot.info removes Coze's {{user_name}} placeholder from the prologue (the emulator's is '你好，{{user_name}}！…')", async () => {
  const info = expectOk(await h.call(USER, { action: 'bot.info' }));
  expect(info.prologue).not.toContain('{{');
  expect(info.prologue.startsWith('你好！')).toBe(true);
});

test.each([
  ['你好，{{user_name}}！欢迎', '你好！欢迎'],
  ['{{user_name}}，欢迎回来', '欢迎回来'],
  ['Hi {{user_name}}, welcome', 'Hi, welcome'],
  ['亲爱的{{ user_name }}：你好', '亲爱的：你好'],
  ['没有占位符', '没有占位符'],
])('withoutUserName(%j) → %j', (input, output) => {
  expect(withoutUserName(input)).toBe(output);
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

test('no committed non-markdown file of the function holds a literal PEM private-key header (the key scan regex)', () => {
  const header = new RegExp(['-----BEGIN', ' (RSA |EC )?PRIVATE KEY', '-----'].join(''));
  const root = path.dirname(BUNDLE_PATH);
  const files = filesUnder(root).filter((f) => !f.endsWith('.md') && !f.includes('node_modules'));
  expect(files).toContain(BUNDLE_PATH);
  for (const file of files) expect([file, header.test(readFileSync(file, 'utf8'))]).toEqual([file, false]);
});

test('the private key check still accepts real PKCS#8 keys (the harness key) and explains a wrong paste', async () => {
  expectOk(await h.call(USER, { action: 'conversation.list' }));
  const saved = process.env.COZE_JWT_OAUTH_PRIVATE_KEY;
  process.env.COZE_JWT_OAUTH_PRIVATE_KEY = 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC';
  try {
    const error = expectError(await h.call(USER, { action: 'conversation.list' }));
    expect(error.code).toBe('CONFIG');
    expect(error.message).toContain('BEGIN PRIVATE KEY');
  } finally {
    process.env.COZE_JWT_OAUTH_PRIVATE_KEY = saved;
  }
});

describe('hostile input is BAD_REQUEST saying what was wrong', () => {
  test.each([
    ['a lone high surrogate', { action: 'chat.send', text: 'ab\uD800cd' }, /代理项/],
    ['a lone low surrogate', { action: 'conversation.create', name: '\uDC00名字' }, /代理项/],
    ['a NUL character', { action: 'chat.send', text: 'a\u0000b' }, /控制字符/],
    ['a bidi override (RLO)', { action: 'conversation.rename', conversationId: '1', name: 'abc\u202Egpj.exe' }, /方向控制符/],
    ['an array where a string belongs', { action: 'chat.send', text: ['a', 'b'] }, /text 必须是文本，不能是 数组/],
    ['an object where a string belongs', { action: 'message.feedback', conversationId: '1', messageId: '2', feedback: 'like', comment: { a: 1 } }, /comment/],
    ['a number where an id belongs', { action: 'message.list', conversationId: 7453407973575833389 }, /conversationId 必须是数字字符串.*不能是 数字/],
    ['an id that is too long', { action: 'chat.poll', conversationId: '1'.repeat(33), chatId: '2' }, /conversationId/],
    ['a huge string', { action: 'chat.send', text: 'x'.repeat(5_000_000) }, /不能超过 2000 个字符/],
    ['a missing required id', { action: 'chat.cancel', chatId: '1' }, /conversationId.*缺少/],
  ])('%s', async (_label, event, what) => {
    const error = expectError(await h.callRaw(USER, event));
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toMatch(what);
  });

  // The RLM/LRM marks (U+200E/U+200F) are refused since issue 12 (invisible format characters): real-coze.e2e.test.ts.
  test('emoji (ZWJ sequences), right-to-left script, CJK and combining characters are ordinary text', async () => {
    const text = '你好 👩‍👩‍👧 שלום é 🇨🇳';
    const result = expectOk(await h.call(USER, { action: 'chat.send', text })) as ChatResult;
    expect(result.status).toBe('completed');
    const sent = h.emulator.requests.filter((r) => r.path === '/v3/chat').pop()?.body as { additional_messages: Array<{ content: string }> };
    expect(sent.additional_messages[0].content).toBe(text);
  });

  test('2000 emoji are 2000 characters (code points), not 4000', async () => {
    expect(expectOk(await h.call(USER, { action: 'conversation.create', name: '😀'.repeat(100) })).conversation.name).toBe('😀'.repeat(100));
    const over = expectError(await h.callRaw(USER, { action: 'conversation.create', name: '😀'.repeat(101) }));
    expect(over.message).toMatch(/100/);
  });
});
