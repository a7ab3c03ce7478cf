/**
 * WeChat calls (msgSecCheck, cloud.downloadFile, the cloud database) are raced against the call's remaining
 * time: a hung service still gets an envelope back instead of the function timing out with none. The fakes
 * never answer; without the deadline these calls would never return (and the tests would time out).
 */
import { expectError, startFunctionHarness, type FunctionHarness } from '../../helpers/function-harness';
import { FakeDatabase, FakeMsgSecCheck } from '../../helpers/wx-cloud-fake';

// The same module object the bundle requires (a namespace import would be a frozen copy).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const cloud = require('wx-server-sdk') as typeof import('wx-server-sdk');

const USER = 'o_hung_wechat_user';
const STREAM_ID = 'cafe'.repeat(8);
const CLOUD_ENV = { TCB_ENV: 'env-hung', CHAT_DEADLINE_MS: '1500', CHAT_CONTENT_CHECK: 'off' };

async function withHarness(env: Record<string, string>, db: FakeDatabase, secCheck: FakeMsgSecCheck, body: (h: FunctionHarness) => Promise<void>): Promise<void> {
  const h = await startFunctionHarness({ env: { ...CLOUD_ENV, ...env }, cloud: { database: db, secCheck } });
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
