/**
 * The fakes of test/helpers/wx-cloud-fake.ts must match what wx-server-sdk really gives (wechat-platform.md
 * §1.1), or every content-security and limit test would prove the wrong thing.
 */
import { FakeCloudSDKError, FakeDatabase, FakeMsgSecCheck, SEC_MAX_CONTENT, SEC_WORDS } from '../../helpers/wx-cloud-fake';

const REQUEST = { version: 2, openid: 'o_fake_check', scene: 2 };

describe('msgSecCheck v2 fake', () => {
  test.each([
    ['你好', 'pass', 100],
    [`这里有${SEC_WORDS.risky}`, 'risky', 20003],
    [`这里有${SEC_WORDS.review}`, 'review', 21000],
  ] as const)('%s → errCode 0 and the verdict only in result.suggest (%s)', async (content, suggest, label) => {
    const answer = await new FakeMsgSecCheck().msgSecCheck({ ...REQUEST, content });
    expect(answer).toEqual({
      errCode: 0,
      errMsg: 'openapi.security.msgSecCheck:ok',
      traceId: expect.any(String),
      result: { suggest, label },
      detail: expect.arrayContaining([expect.objectContaining({ strategy: 'content_model', errcode: 0, suggest, label })]),
    });
    // wx-server-sdk deletes errcode/errmsg and camelCases keys: no snake_case left at the top level.
    expect(Object.keys(answer)).not.toEqual(expect.arrayContaining(['errcode', 'errmsg', 'trace_id']));
    for (const item of answer.detail) expect(['content_model', 'keyword']).toContain(item.strategy);
  });

  test('failures are THROWN as CloudSDKError with a non-zero errCode, never answered', async () => {
    const fake = new FakeMsgSecCheck();
    fake.failWith = -501001;
    const thrown = await fake.msgSecCheck({ ...REQUEST, content: '你好' }).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(FakeCloudSDKError);
    expect(thrown).toEqual(expect.objectContaining({ errCode: -501001, message: expect.stringMatching(/^errCode: -501001 \| errMsg: /) }));
  });

  test('content over 2500 characters and a v1-style request are refused', async () => {
    const fake = new FakeMsgSecCheck();
    await expect(fake.msgSecCheck({ ...REQUEST, content: 'x'.repeat(SEC_MAX_CONTENT + 1) })).rejects.toBeInstanceOf(FakeCloudSDKError);
    await expect(fake.msgSecCheck({ ...REQUEST, version: 1, content: 'x' })).rejects.toBeInstanceOf(FakeCloudSDKError);
    expect((await fake.msgSecCheck({ ...REQUEST, content: '字'.repeat(SEC_MAX_CONTENT) })).result.suggest).toBe('pass');
  });
});

describe('cloud database fake', () => {
  test('update on a missing doc updates nothing; add refuses a duplicate _id; inc is applied atomically', async () => {
    const db = new FakeDatabase();
    const c = db.collection('coze_usage');
    expect(await c.doc('k').update({ data: { count: db.command.inc(1) } })).toEqual({ stats: { updated: 0 } });
    await c.add({ data: { _id: 'k', count: 1 } });
    await expect(c.add({ data: { _id: 'k', count: 1 } })).rejects.toBeInstanceOf(FakeCloudSDKError);
    await Promise.all(Array.from({ length: 20 }, () => c.doc('k').update({ data: { count: db.command.inc(1) } })));
    expect((await c.doc('k').get()).data.count).toBe(21);
  });

  test('where with lt finds and removes old docs; get of a missing doc throws', async () => {
    const db = new FakeDatabase();
    const c = db.collection('coze_streams');
    await c.doc('old').set({ data: { updatedAt: 1 } });
    await c.doc('new').set({ data: { updatedAt: 100 } });
    expect((await c.where({ updatedAt: db.command.lt(50) }).get()).data.map((d) => d._id)).toEqual(['old']);
    await c.where({ updatedAt: db.command.lt(50) }).remove();
    await expect(c.doc('old').get()).rejects.toBeInstanceOf(FakeCloudSDKError);
    expect((await c.where({ _id: 'new' }).get()).data).toHaveLength(1);
  });
});
