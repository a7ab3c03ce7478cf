/**
 * A developer who has not created `coze_streams` yet: chat.send still answers (without live text) instead of
 * INTERNAL on every call, and the log says how to fix it. The fake database throws wx-server-sdk's real
 * "collection not exists" error (-502005 DATABASE_COLLECTION_NOT_EXIST).
 */
import type { ChatResult } from '../../../miniprogram/shared/protocol';
import { expectOk, FunctionHarness, startFunctionHarness } from '../../helpers/function-harness';
import { FakeDatabase, FakeMsgSecCheck } from '../../helpers/wx-cloud-fake';

const USER = 'o_no_streams_user';
const db = new FakeDatabase();
db.missing.add('coze_streams');
let h: FunctionHarness;
beforeAll(async () => {
  h = await startFunctionHarness({ env: { TCB_ENV: 'env-no-streams', CHAT_CONTENT_CHECK: 'off' }, cloud: { database: db, secCheck: new FakeMsgSecCheck() } });
});
afterAll(async () => {
  await h.stop();
});

test('chat.send without the coze_streams collection answers the final result and logs the fix', async () => {
  const result = expectOk(await h.call(USER, { action: 'chat.send', text: '没有集合', streamId: 'ab'.repeat(16) })) as ChatResult;
  expect(result.status).toBe('completed');
  expect(result.answer?.content.length).toBeGreaterThan(0);
  const lines = h.logs.filter((l) => l.includes('stream.collection_missing'));
  expect(lines).toHaveLength(1);
  expect(lines[0]).toContain('"level":"error"');
  expect(lines[0]).toContain('create the coze_streams collection');
  expect(lines[0]).toContain('database-rules.json');
  // Only the claim was attempted: no write per delta against the missing collection.
  expect(db.ops.filter((op) => op.startsWith('coze_streams.')).filter((op) => op !== 'coze_streams.add' && op !== 'coze_streams.where.get')).toEqual([]);
});
