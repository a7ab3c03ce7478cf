/**
 * `audio.speech` through the built bundle against the emulator over HTTP: a long answer is read in
 * sentence-aligned pieces of at most 1024 bytes, kept in the user's own store, served again without any Coze
 * call, never to another user, and counted against the chat limits only when it is synthesised.
 */
import { MAX_SPEECH_INPUT_BYTES } from '../../../tools/coze-emulator/routes-bot-files';
import { createLocalCloud } from '../../../tools/dev-server/local-cloud';
import { speakableText } from '../../../cloudfunctions/coze/src/speech/speech-text';
import { expectError, expectOk, FunctionHarness, startFunctionHarness } from '../../helpers/function-harness';

const ALICE = 'o_speech_alice';
const BOB = 'o_speech_bob';
let h: FunctionHarness;

beforeAll(async () => {
  h = await startFunctionHarness();
});
afterAll(async () => {
  await h.stop();
});

/** A stored part as the dev server reads it for `openid` (the bundle's one `localFiles` store, owner-checked). */
function readAs(path: string, openid: string): Buffer | undefined {
  return createLocalCloud(h.bundle).client(openid).readFile(path);
}

function speechRequests(): Array<{ input: string; voice_id: string; response_format: string }> {
  return h.emulator.requests.filter((r) => r.path === '/v1/audio/speech').map((r) => r.body as { input: string; voice_id: string; response_format: string });
}

async function longAnswer(openid: string): Promise<{ conversationId: string; messageId: string; text: string }> {
  h.emulator.inject({ kind: 'long-answer', chars: 2400 });
  const result = expectOk(await h.call(openid, { action: 'chat.send', text: '请详细介绍一下长城' }));
  if (!result.answer) throw new Error('no answer');
  return { conversationId: result.conversationId, messageId: result.answer.id, text: result.answer.content };
}

test('a long answer is split at sentence ends, synthesised once, and served from storage the second time', async () => {
  const answer = await longAnswer(ALICE);
  const before = h.emulator.requests.length;
  const first = expectOk(await h.call(ALICE, { action: 'audio.speech', conversationId: answer.conversationId, messageId: answer.messageId }));
  const pieces = speechRequests();
  expect(pieces.length).toBeGreaterThan(1);
  expect(first.urls).toHaveLength(pieces.length);
  expect(first.cached).toBe(false);
  expect(first.truncated).toBe(false);
  for (const piece of pieces) {
    expect(Buffer.byteLength(piece.input)).toBeLessThanOrEqual(MAX_SPEECH_INPUT_BYTES);
    expect(piece.voice_id).toBe(h.env.COZE_TTS_VOICE_ID);
    expect(piece.response_format).toBe('mp3');
    // Markdown marks are not read aloud.
    expect(piece.input).not.toMatch(/\*\*|```|\]\(/);
  }
  // Every piece but the last ends a sentence: at its punctuation or at a line end.
  const spoken = speakableText(answer.text);
  for (const piece of pieces.slice(0, -1)) expect(/[。！？!?；;…]$/.test(piece.input) || spoken.includes(`${piece.input}\n`)).toBe(true);
  expect(pieces.map((p) => p.input).join('').replace(/\s/g, '')).toBe(spoken.replace(/\s/g, ''));

  // The parts are real MP3 files in Alice's folder, readable by Alice only.
  const path = first.urls[0].replace(/^\/__file\//, '');
  expect(path).toMatch(/^coze-speech\/[0-9a-f]{32}\/[0-9a-f]{32}-0\.mp3$/);
  const audio = readAs(path, ALICE);
  expect(audio?.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xf3]));
  expect(readAs(path, BOB)).toBeUndefined();

  const afterFirst = h.emulator.requests.length;
  expect(afterFirst).toBeGreaterThan(before);
  const second = expectOk(await h.call(ALICE, { action: 'audio.speech', conversationId: answer.conversationId, messageId: answer.messageId }));
  expect(second.cached).toBe(true);
  expect(second.urls).toEqual(first.urls);
  expect(h.emulator.requests.length).toBe(afterFirst);
});

test('another user can neither synthesise nor fetch an answer of someone else', async () => {
  const answer = await longAnswer(ALICE);
  const mine = expectOk(await h.call(ALICE, { action: 'audio.speech', conversationId: answer.conversationId, messageId: answer.messageId }));
  const speeches = speechRequests().length;
  const error = expectError(await h.call(BOB, { action: 'audio.speech', conversationId: answer.conversationId, messageId: answer.messageId }));
  expect(error.code).toBe('NOT_FOUND');
  expect(speechRequests().length).toBe(speeches);
  for (const url of mine.urls) expect(readAs(url.replace(/^\/__file\//, ''), BOB)).toBeUndefined();
});

test('only answers are read, and bad ids are refused with the fix', async () => {
  const result = expectOk(await h.call(ALICE, { action: 'chat.send', text: '你好' }));
  const history = expectOk(await h.call(ALICE, { action: 'message.list', conversationId: result.conversationId }));
  const question = history.messages.find((m) => m.role === 'user');
  if (!question) throw new Error('no question in history');
  expect(expectError(await h.call(ALICE, { action: 'audio.speech', conversationId: result.conversationId, messageId: question.id })).code).toBe('BAD_REQUEST');
  const bad = expectError(await h.callRaw(ALICE, { action: 'audio.speech', conversationId: result.conversationId, messageId: 7 }) as never);
  expect(bad.code).toBe('BAD_REQUEST');
  expect(bad.message).toContain('messageId');
});

test('synthesis counts against the chat limits; a cached answer does not', async () => {
  const limited = await startFunctionHarness({ env: { CHAT_RATE_PER_MINUTE: '2' } });
  try {
    const USER = 'o_speech_limited';
    const chat = expectOk(await limited.call(USER, { action: 'chat.send', text: '你好' }));
    const messageId = chat.answer?.id ?? '';
    // One message sent (1 of 2); the first read-aloud synthesises (2 of 2).
    expectOk(await limited.call(USER, { action: 'audio.speech', conversationId: chat.conversationId, messageId }));
    // Served from storage: not counted, still allowed.
    expect(expectOk(await limited.call(USER, { action: 'audio.speech', conversationId: chat.conversationId, messageId })).cached).toBe(true);
    // A new synthesis is over the limit.
    const other = expectError(await limited.call(USER, { action: 'chat.send', text: '再来一条', conversationId: chat.conversationId }));
    expect(other.code).toBe('RATE_LIMITED');
  } finally {
    await limited.stop();
  }
});

test('without COZE_TTS_VOICE_ID the action answers CONFIG in plain Chinese; the log names the setting', async () => {
  const chat = expectOk(await h.call(ALICE, { action: 'chat.send', text: '你好' }));
  const saved = process.env.COZE_TTS_VOICE_ID;
  process.env.COZE_TTS_VOICE_ID = '';
  const logged = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  try {
    const error = expectError(await h.call(ALICE, { action: 'audio.speech', conversationId: chat.conversationId, messageId: chat.answer?.id ?? '' }));
    expect(error.code).toBe('CONFIG');
    expect(error.message).not.toMatch(/[A-Z_]{4,}/);
    expect(logged.mock.calls.map((args) => String(args[0])).join('\n')).toContain('COZE_TTS_VOICE_ID is not set');
  } finally {
    logged.mockRestore();
    process.env.COZE_TTS_VOICE_ID = saved;
  }
});

test('without the createSpeech permission Coze answers 4101: COZE_AUTH, and the log names the permission to tick', async () => {
  const { ALL_PERMISSIONS } = await import('../../../tools/coze-emulator/index');
  const denied = await startFunctionHarness({ emulator: {} });
  try {
    denied.emulator.registerApp({ appId: denied.keys.appId, keyId: denied.keys.keyId, publicKeyPem: denied.keys.publicKeyPem, permissions: ALL_PERMISSIONS.filter((p) => p !== 'createSpeech') });
    const USER = 'o_speech_denied';
    const chat = expectOk(await denied.call(USER, { action: 'chat.send', text: '你好' }));
    const error = expectError(await denied.call(USER, { action: 'audio.speech', conversationId: chat.conversationId, messageId: chat.answer?.id ?? '' }));
    expect(error.code).toBe('COZE_AUTH');
    expect(denied.logs.join('\n')).toContain('createSpeech');
    // Nothing was stored: the next request (once granted) synthesises, it is not a cached failure.
    denied.emulator.registerApp({ appId: denied.keys.appId, keyId: denied.keys.keyId, publicKeyPem: denied.keys.publicKeyPem });
    expect(expectOk(await denied.call(USER, { action: 'audio.speech', conversationId: chat.conversationId, messageId: chat.answer?.id ?? '' })).cached).toBe(false);
  } finally {
    await denied.stop();
  }
});
