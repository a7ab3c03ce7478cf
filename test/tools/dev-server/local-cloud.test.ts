import { createLocalCloud, MAX_RESULT_BYTES } from '../../../tools/dev-server/local-cloud';
import type { StreamDoc } from '../../../miniprogram/shared/protocol';
import { fakeFunction } from './fake-function';

const STREAM = 'a'.repeat(32);

describe('createLocalCloud (in-process wx.cloud)', () => {
  it('runs each call as its own user even when calls of two users interleave', async () => {
    const fn = fakeFunction();
    const cloud = createLocalCloud(fn);
    const alice = cloud.client('o_alice');
    const bob = cloud.client('o_bob');
    const a = alice.callFunction({ name: 'coze', data: { action: 'wait', key: 'a' } });
    const b = bob.callFunction({ name: 'coze', data: { action: 'wait', key: 'b' } });
    fn.release('b');
    fn.release('a');
    const [ra, rb] = await Promise.all([a, b]);
    expect((ra.result as { data: { openid: string } }).data.openid).toBe('o_alice');
    expect((rb.result as { data: { openid: string } }).data.openid).toBe('o_bob');
    expect(ra.errMsg).toBe('cloud.callFunction:ok');
    expect(ra.requestID).toMatch(/^[0-9a-f]{32}$/);
    expect(fn.contexts[0]).toEqual(expect.objectContaining({ function_name: 'coze', time_limit_in_ms: 60000 }));
  });

  it('sends the data as JSON does: undefined fields are dropped, the caller keeps its own object', async () => {
    const cloud = createLocalCloud(fakeFunction());
    const data = { action: 'echo', text: 'hi', skip: undefined, nested: { n: 1 } };
    const res = await cloud.client('o_alice').callFunction({ name: 'coze', data });
    const echoed = (res.result as { data: { event: Record<string, unknown> } }).data.event;
    expect(echoed).toEqual({ action: 'echo', text: 'hi', nested: { n: 1 } });
    expect('skip' in echoed).toBe(false);
    expect(echoed.nested).not.toBe(data.nested);
  });

  it('rejects an unknown function name and an invalid openid with the fix', async () => {
    const cloud = createLocalCloud(fakeFunction());
    await expect(cloud.client('o_alice').callFunction({ name: 'other', data: {} })).rejects.toThrow('only the "coze" function');
    expect(() => cloud.client('o alice; rm')).toThrow('1-64 letters');
  });

  it('refuses results over 1 MB like wx.cloud does', async () => {
    const cloud = createLocalCloud(fakeFunction());
    const call = cloud.client('o_alice').callFunction({ name: 'coze', data: { action: 'big', size: MAX_RESULT_BYTES } });
    await expect(call).rejects.toThrow('-604001');
  });

  it('delivers stream documents to their owner only, and stops after unsubscribe', async () => {
    const fn = fakeFunction();
    const cloud = createLocalCloud(fn);
    const alice = cloud.client('o_alice');
    const seen: StreamDoc[] = [];
    const bobSeen: StreamDoc[] = [];
    const stop = alice.watchStream(STREAM, (doc) => seen.push(doc));
    cloud.client('o_bob').watchStream(STREAM, (doc) => bobSeen.push(doc));
    await alice.callFunction({ name: 'coze', data: { action: 'stream', streamId: STREAM } });
    expect(seen.map((d) => [d.seq, d.status, d.text])).toEqual([
      [1, 'in_progress', '你'],
      [2, 'in_progress', '你好'],
      [3, 'in_progress', '你好！'],
      [4, 'completed', '你好！'],
    ]);
    expect(bobSeen).toEqual([]);
    expect(fn.watchers).toEqual([
      { streamId: STREAM, openid: 'o_alice' },
      { streamId: STREAM, openid: 'o_bob' },
    ]);
    stop();
    await alice.callFunction({ name: 'coze', data: { action: 'stream', streamId: STREAM } });
    expect(seen).toHaveLength(4);
  });

  it('rejects a stream id that is not 32 hex characters', () => {
    const cloud = createLocalCloud(fakeFunction());
    expect(() => cloud.client('o_alice').watchStream('../x', () => undefined)).toThrow('32 lowercase hex');
  });
});
