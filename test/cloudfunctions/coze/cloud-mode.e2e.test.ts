/**
 * Inside CloudBase (TCB_ENV set) the function uses the cloud database and content security by default:
 * the stream doc and the usage counters land in the (fake) database, and `auto` checks input and output.
 */
import type { ChatResult } from '../../../miniprogram/shared/protocol';
import { expectOk, FunctionHarness, startFunctionHarness } from '../../helpers/function-harness';
import { FakeDatabase, FakeMsgSecCheck } from '../../helpers/wx-cloud-fake';

const USER = 'o_cloud_mode_user';
const db = new FakeDatabase();
const secCheck = new FakeMsgSecCheck();
let h: FunctionHarness;
beforeAll(async () => {
  h = await startFunctionHarness({ env: { TCB_ENV: 'env-cloud-mode', CHAT_RATE_PER_MINUTE: '20', CHAT_DAILY_QUOTA: '300' }, cloud: { database: db, secCheck } });
});
afterAll(async () => {
  await h.stop();
});

test('chat.send in CloudBase: checked both ways, counted in coze_usage, streamed to coze_streams', async () => {
  const streamId = 'cd'.repeat(16);
  const result = expectOk(await h.call(USER, { action: 'chat.send', text: '云端模式', streamId })) as ChatResult;
  expect(result.status).toBe('completed');
  expect(secCheck.calls.map((c) => c.content)).toEqual(['云端模式', result.answer?.content]);
  const stream = db.collections.get('coze_streams')?.get(streamId);
  expect(stream).toEqual(expect.objectContaining({ _openid: USER, status: 'completed', text: result.answer?.content }));
  const counters = [...(db.collections.get('coze_usage')?.values() ?? [])];
  expect(counters.map((c) => c.count)).toEqual([1, 1]);
  expect(counters.map((c) => String(c._id).split('-')[0]).sort()).toEqual(['day', 'minute']);
  expect(h.bundle.localStreams.get(streamId, USER)).toBeUndefined();
});
