/**
 * WeChat calls (msgSecCheck, cloud.downloadFile, the cloud database) are raced against the call's remaining
 * time: a hung service still gets an envelope back instead of the function timing out with none. The fakes
 * never answer; without the deadline these calls would never return (and the tests would time out).
 */
import type { StreamTicketGrant } from '../../../miniprogram/shared/protocol';
import { callAs, expectError, expectOk, startFunctionHarness, type CloudFakes, type FunctionHarness } from '../../helpers/function-harness';
import { postChat, startHttpFunction, type HttpHandler } from '../../helpers/http-function';
import { FakeDatabase, FakeMediaCheck, FakeMsgSecCheck, MEDIA_WORDS } from '../../helpers/wx-cloud-fake';

// The same module object the bundle requires (a namespace import would be a frozen copy).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const cloud = require('wx-server-sdk') as typeof import('wx-server-sdk');

const USER = 'o_hung_wechat_user';
const STREAM_ID = 'cafe'.repeat(8);
const CLOUD_ENV = { TCB_ENV: 'env-hung', CHAT_DEADLINE_MS: '1500', CHAT_CONTENT_CHECK: 'off' };

async function withHarness(env: Record<string, string>, db: FakeDatabase, secCheck: FakeMsgSecCheck, body: (h: FunctionHarness) => Promise<void>, more: CloudFakes = {}): Promise<void> {
  // No delay between deltas: the chat itself ends well inside the short budget, only the hung service can hold it.
  const h = await startFunctionHarness({ emulator: { deltaDelayMs: 0 }, env: { ...CLOUD_ENV, ...env }, cloud: { database: db, secCheck, ...more } });
  try {
    await body(h);
  } finally {
    await h.stop();
  }
}

test('a hung msgSecCheck: chat.send still answers (the check counts as failed, closed policy → error envelope)', async () => {
  const secCheck = new FakeMsgSecCheck();
  secCheck.hang = true;
  await withHarness({ CHAT_CONTENT_CHECK: 'input', CHAT_INPUT_CHECK_FAILURE: 'closed' }, new FakeDatabase(), secCheck, async (h) => {
    const error = expectError(await h.call(USER, { action: 'chat.send', text: '检查挂起' }));
    expect(error.retryable).toBe(true);
    expect(secCheck.calls).toHaveLength(1);
    expect(h.emulator.requests.filter((r) => r.path === '/v3/chat')).toHaveLength(0);
  });
});

test('a hung usage counter (coze_usage) answers UPSTREAM', async () => {
  const db = new FakeDatabase();
  db.hanging.add('coze_usage');
  await withHarness({ CHAT_RATE_PER_MINUTE: '20' }, db, new FakeMsgSecCheck(), async (h) => {
    expect(expectError(await h.call(USER, { action: 'chat.send', text: '计数挂起' })).code).toBe('UPSTREAM');
    // The log says what happened (no answer in time), not to create a collection that exists.
    const warning = h.logs.find((line) => line.includes('limits.store_failed')) ?? '';
    expect(warning).toContain('did not answer within the call');
    expect(warning).not.toContain('create the coze_usage collection');
  });
});

test('a hung usage counter answers UPSTREAM for the other actions too (CHAT_CALLS_PER_MINUTE, counted before the handler)', async () => {
  const db = new FakeDatabase();
  db.hanging.add('coze_usage');
  await withHarness({ CHAT_CALLS_PER_MINUTE: '20' }, db, new FakeMsgSecCheck(), async (h) => {
    expect(expectError(await h.call(USER, { action: 'conversation.create' })).code).toBe('UPSTREAM');
  });
});

test('a hung stream collection (coze_streams) answers UPSTREAM', async () => {
  const db = new FakeDatabase();
  db.hanging.add('coze_streams');
  await withHarness({}, db, new FakeMsgSecCheck(), async (h) => {
    expect(expectError(await h.call(USER, { action: 'chat.send', text: '流挂起', streamId: STREAM_ID })).code).toBe('UPSTREAM');
  });
});

test('a hung cloud.downloadFile answers UPSTREAM for audio.transcribe', async () => {
  const spy = jest.spyOn(cloud, 'downloadFile').mockReturnValue(new Promise<never>(() => undefined) as never);
  try {
    await withHarness({}, new FakeDatabase(), new FakeMsgSecCheck(), async (h) => {
      const error = expectError(await h.call(USER, { action: 'audio.transcribe', fileID: 'cloud://env-1.abc/coze-voice/0123456789abcdef0123456789abcdef/0.mp3' }));
      expect(error.code).toBe('UPSTREAM');
      expect(spy).toHaveBeenCalledTimes(1);
    });
  } finally {
    spy.mockRestore();
  }
});

/** Generous against CHAT_DEADLINE_MS (1500): without its deadline the call would never answer and hit this instead. */
const HUNG_TEST_TIMEOUT_MS = 20_000;

test('stream writes that hang after the stream was claimed (coze_streams set): chat.send still answers completed', async () => {
  const db = new FakeDatabase();
  db.hangingOps.add('coze_streams.set');
  await withHarness({}, db, new FakeMsgSecCheck(), async (h) => {
    const result = expectOk(await h.call(USER, { action: 'chat.send', text: '写入挂起', streamId: STREAM_ID }));
    expect(result.status).toBe('completed');
    expect(db.ops).toEqual(expect.arrayContaining(['coze_streams.add', 'coze_streams.set']));
  });
}, HUNG_TEST_TIMEOUT_MS);

describe('an image sent before its verdict (CHAT_IMAGE_CHECK_PENDING=send) with a hung coze_media_checks', () => {
  const IMAGE = `cloud://env-hung.abc/coze-upload/${'0'.repeat(32)}/${MEDIA_WORDS.silent}.png`;
  const PENDING_ENV = { CHAT_CONTENT_CHECK: 'input', CHAT_IMAGE_CHECK_WAIT_MS: '20', CHAT_IMAGE_CHECK_PENDING: 'send' };
  beforeEach(() => {
    jest.spyOn(cloud, 'downloadFile').mockResolvedValue({ fileContent: Buffer.from('89504e470d0a1a0a', 'hex'), statusCode: 200, errMsg: 'downloadFile:ok' } as never);
    jest.spyOn(cloud, 'getTempFileURL').mockResolvedValue({ fileList: [{ fileID: IMAGE, tempFileURL: 'https://tmp.example/silent.png', status: 0 }], errMsg: 'getTempFileURL:ok' } as never);
  });
  afterEach(() => jest.restoreAllMocks());

  test('chat.send: remembering the unjudged image (coze_media_checks set) hangs, the call still answers an envelope', async () => {
    const db = new FakeDatabase();
    db.hangingOps.add('coze_media_checks.set');
    const mediaCheck = new FakeMediaCheck();
    await withHarness(PENDING_ENV, db, new FakeMsgSecCheck(), async (h) => {
      const error = expectError(await h.call(USER, { action: 'chat.send', text: '看图', attachments: [{ kind: 'image', fileID: IMAGE, name: 'a.png' }] }));
      expect(error.code).toBe('UPSTREAM');
      expect(mediaCheck.calls).toHaveLength(1);
      expect(h.emulator.requests.filter((r) => r.path === '/v3/chat')).toHaveLength(1);
      expect(db.ops).toContain('coze_media_checks.set');
    }, { mediaCheck });
  }, HUNG_TEST_TIMEOUT_MS);

  test('the verdict push: recording it (coze_media_checks set) hangs, the push still answers an envelope', async () => {
    const db = new FakeDatabase();
    db.hanging.add('coze_media_checks');
    await withHarness(PENDING_ENV, db, new FakeMsgSecCheck(), async (h) => {
      const answer = await callAs(h.bundle, undefined, { Event: 'wxa_media_check', trace_id: 'media-trace-hung', result: { suggest: 'risky', label: 20002 } });
      expect(expectError(answer).code).toBe('UPSTREAM');
      expect(db.ops).toEqual(['coze_media_checks.set']);
    });
  }, HUNG_TEST_TIMEOUT_MS);
});

test('a hung speech index (coze_speech) answers UPSTREAM for audio.speech', async () => {
  const db = new FakeDatabase();
  await withHarness({}, db, new FakeMsgSecCheck(), async (h) => {
    const chat = expectOk(await h.call(USER, { action: 'chat.send', text: '读给我听' }));
    db.hanging.add('coze_speech');
    const error = expectError(await h.call(USER, { action: 'audio.speech', conversationId: chat.conversationId, messageId: chat.answer?.id ?? '' }));
    expect(error.code).toBe('UPSTREAM');
    expect(db.ops).toContain('coze_speech.get');
  });
}, HUNG_TEST_TIMEOUT_MS);

test('coze-http: a hung ticket ledger (coze_streams add) answers UPSTREAM as the final SSE envelope', async () => {
  const db = new FakeDatabase();
  await withHarness({}, db, new FakeMsgSecCheck(), async (h) => {
    const server = await startHttpFunction((h.bundle as unknown as { handleHttp: HttpHandler }).handleHttp);
    try {
      const grant = expectOk(await h.call(USER, { action: 'chat.ticket', streamId: STREAM_ID })) as StreamTicketGrant;
      db.hanging.add('coze_streams');
      const chat = await postChat(server.url, { ticket: grant.ticket, text: '票据挂起', streamId: STREAM_ID });
      expect(expectError(chat.result as never).code).toBe('UPSTREAM');
      expect(db.ops).toContain('coze_streams.add');
      expect(h.emulator.requests.filter((r) => r.path === '/v3/chat')).toHaveLength(0);
    } finally {
      await server.stop();
    }
  });
}, HUNG_TEST_TIMEOUT_MS);
