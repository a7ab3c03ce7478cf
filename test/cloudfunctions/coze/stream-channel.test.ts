/** Stream channel implementations and the leading-edge throttled publisher (fake timers: no timing assertions). */
import type { StreamDoc } from '../../../miniprogram/shared/protocol';
import { MemoryStreamChannel, StreamChannel } from '../../../cloudfunctions/coze/src/stream/channel';
import { FakeDatabase } from '../../helpers/wx-cloud-fake';
import { DatabaseStreamChannel } from '../../../cloudfunctions/coze/src/stream/database-channel';
import { StreamPublisher, StreamState } from '../../../cloudfunctions/coze/src/stream/publisher';
import { NO_DEADLINE } from '../../../cloudfunctions/coze/src/deadline';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const cloud = require('wx-server-sdk') as typeof import('wx-server-sdk');

function doc(id: string, openid: string, text: string, seq = 1): StreamDoc {
  return { _id: id, _openid: openid, status: 'in_progress', text, seq, conversationId: '1', chatId: '2', followUps: [], error: null, updatedAt: Date.now() };
}

describe('MemoryStreamChannel', () => {
  test('watch delivers the current doc then each write, only to the owner', async () => {
    const channel = new MemoryStreamChannel();
    await channel.open('s1', 'o_a');
    await channel.write(doc('s1', 'o_a', 'he'));
    const mine: string[] = [];
    const theirs: string[] = [];
    const stop = channel.watch('s1', 'o_a', (d) => mine.push(d.text));
    channel.watch('s1', 'o_b', (d) => theirs.push(d.text));
    await channel.write(doc('s1', 'o_a', 'hello', 2));
    stop();
    await channel.write(doc('s1', 'o_a', 'hello!', 3));
    expect(mine).toEqual(['he', 'hello']);
    expect(theirs).toEqual([]);
  });

  test('open by another openid is BAD_REQUEST; by the owner too while its chat runs, and fine once it finished', async () => {
    const channel = new MemoryStreamChannel();
    await channel.open('s2', 'o_a');
    await expect(channel.open('s2', 'o_b')).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(channel.open('s2', 'o_a')).rejects.toMatchObject({ code: 'BAD_REQUEST', userMessage: expect.stringContaining('进行中') });
    await channel.write(doc('s2', 'o_a', 'partial'));
    await expect(channel.open('s2', 'o_a')).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await channel.write({ ...doc('s2', 'o_a', 'done', 2), status: 'completed' });
    await expect(channel.open('s2', 'o_a')).resolves.toBeUndefined();
  });

  test('a cancel is seen only for its chat and its user', async () => {
    const channel = new MemoryStreamChannel();
    await channel.requestCancel('7001', 'o_a');
    expect(await channel.cancelRequested('7001', 'o_a')).toBe(true);
    expect(await channel.cancelRequested('7001', 'o_b')).toBe(false);
    expect(await channel.cancelRequested('7002', 'o_a')).toBe(false);
  });
});

describe('DatabaseStreamChannel (only the WeChat database is faked)', () => {
  let db: FakeDatabase;
  let spy: jest.SpyInstance;
  beforeEach(() => {
    db = new FakeDatabase();
    spy = jest.spyOn(cloud, 'database').mockReturnValue(db as never);
  });
  afterEach(() => spy.mockRestore());
  const rows = (): Map<string, Record<string, unknown>> => db.collections.get('coze_streams') ?? new Map();

  test('write upserts doc(streamId) with _openid; open by another owner is BAD_REQUEST; old docs are cleaned up', async () => {
    const channel: StreamChannel = new DatabaseStreamChannel();
    await channel.open('s3', 'o_a', NO_DEADLINE);
    await channel.write(doc('s3', 'o_a', 'x'), NO_DEADLINE);
    await channel.write(doc('s3', 'o_a', 'xy', 2), NO_DEADLINE);
    expect(rows().get('s3')).toEqual(expect.objectContaining({ _openid: 'o_a', text: 'xy', seq: 2 }));
    await expect(channel.open('s3', 'o_b', NO_DEADLINE)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    // Still in_progress: the same user may not start a second chat on it.
    await expect(channel.open('s3', 'o_a', NO_DEADLINE)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await channel.write({ ...doc('s3', 'o_a', 'xyz', 3), status: 'completed' }, NO_DEADLINE);
    await channel.open('s3', 'o_a', NO_DEADLINE);
    expect(db.ops.filter((op) => op === 'coze_streams.where.remove')).toHaveLength(1);
  });

  test('a cancel record (its own document, cancel-<chatId>) is seen by another instance, only for its user', async () => {
    await new DatabaseStreamChannel().requestCancel('7003', 'o_a', NO_DEADLINE);
    const other = new DatabaseStreamChannel();
    expect(await other.cancelRequested('7003', 'o_a', NO_DEADLINE)).toBe(true);
    expect(await other.cancelRequested('7003', 'o_b', NO_DEADLINE)).toBe(false);
    expect(await other.cancelRequested('7004', 'o_a', NO_DEADLINE)).toBe(false);
    expect(rows().get('cancel-7003')).toEqual(expect.objectContaining({ _openid: 'o_a', chatId: '7003', canceled: true }));
  });

  test('open claims the id atomically: of two openids racing for one streamId, exactly one wins', async () => {
    const [a, b] = await Promise.allSettled([new DatabaseStreamChannel().open('s9', 'o_a', NO_DEADLINE), new DatabaseStreamChannel().open('s9', 'o_b', NO_DEADLINE)]);
    expect([a.status, b.status].sort()).toEqual(['fulfilled', 'rejected']);
    const loser = (a.status === 'rejected' ? a : b) as PromiseRejectedResult;
    expect(loser.reason).toMatchObject({ code: 'BAD_REQUEST' });
    const winner = a.status === 'fulfilled' ? 'o_a' : 'o_b';
    expect(rows().get('s9')).toEqual(expect.objectContaining({ _openid: winner, status: 'in_progress', seq: 0 }));
  });
});

describe('StreamPublisher', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  const state = (text: string): StreamState => ({ status: 'in_progress', text, conversationId: '1', chatId: '2', followUps: [], error: null });

  test('a burst of updates is written at most once per interval, and the final state always', async () => {
    const writes: StreamDoc[] = [];
    const channel: StreamChannel = { open: async () => undefined, write: async (d) => void writes.push(d) };
    const publisher = new StreamPublisher(channel, 's4', { openid: 'o_a', deadline: NO_DEADLINE }, 250);
    for (let i = 1; i <= 100; i += 1) publisher.offer(state('x'.repeat(i)));
    await jest.advanceTimersByTimeAsync(0);
    expect(writes.map((d) => d.text.length)).toEqual([1]);
    await jest.advanceTimersByTimeAsync(249);
    expect(writes.map((d) => d.text.length)).toEqual([1]);
    await jest.advanceTimersByTimeAsync(1);
    expect(writes.map((d) => d.text.length)).toEqual([1, 100]);
    for (let i = 101; i <= 150; i += 1) publisher.offer(state('x'.repeat(i)));
    await publisher.finish({ ...state('x'.repeat(150)), status: 'completed' });
    expect(writes.map((d) => [d.seq, d.text.length, d.status])).toEqual([
      [1, 1, 'in_progress'],
      [2, 100, 'in_progress'],
      [3, 150, 'completed'],
    ]);
    expect(writes.every((d) => d._id === 's4' && d._openid === 'o_a')).toBe(true);
  });

  test('the first text is written at once: a text-less write before it (the chatId) does not hold it back', async () => {
    const writes: StreamDoc[] = [];
    const channel: StreamChannel = { open: async () => undefined, write: async (d) => void writes.push(d) };
    const publisher = new StreamPublisher(channel, 's6', { openid: 'o_a', deadline: NO_DEADLINE }, 250);
    publisher.offer(state(''));
    publisher.offer(state(''));
    await jest.advanceTimersByTimeAsync(10);
    publisher.offer(state('he'));
    await jest.advanceTimersByTimeAsync(0);
    expect(writes.map((d) => d.text)).toEqual(['', 'he']);
    publisher.offer(state('hel'));
    publisher.offer(state('hello'));
    await jest.advanceTimersByTimeAsync(249);
    expect(writes.map((d) => d.text)).toEqual(['', 'he']);
    await jest.advanceTimersByTimeAsync(1);
    expect(writes.map((d) => d.text)).toEqual(['', 'he', 'hello']);
  });

  test('a new tool step, the first reasoning and the first answer text are each written at once; a step finishing waits for the window', async () => {
    const writes: StreamDoc[] = [];
    const channel: StreamChannel = { open: async () => undefined, write: async (d) => void writes.push(d) };
    const publisher = new StreamPublisher(channel, 's8', { openid: 'o_a', deadline: NO_DEADLINE }, 1200);
    publisher.offer(state(''));
    publisher.offer({ ...state(''), steps: [{ name: '天气查询', done: false }] });
    publisher.offer({ ...state(''), steps: [{ name: '天气查询', done: true }] });
    await jest.advanceTimersByTimeAsync(10);
    expect(writes.map((d) => d.steps)).toEqual([undefined, [{ name: '天气查询', done: false }]]);
    publisher.offer({ ...state(''), reasoning: '想', steps: [{ name: '天气查询', done: true }] });
    publisher.offer({ ...state(''), reasoning: '想一想', steps: [{ name: '天气查询', done: true }] });
    await jest.advanceTimersByTimeAsync(0);
    expect(writes.map((d) => d.reasoning)).toEqual([undefined, undefined, '想']);
    publisher.offer({ ...state('答'), reasoning: '想一想' });
    await jest.advanceTimersByTimeAsync(0);
    expect(writes.map((d) => [d.text, d.reasoning])).toEqual([['', undefined], ['', undefined], ['', '想'], ['答', '想一想']]);
    publisher.offer({ ...state('答案'), reasoning: '想一想' });
    await jest.advanceTimersByTimeAsync(1199);
    expect(writes).toHaveLength(4);
    await jest.advanceTimersByTimeAsync(1);
    expect(writes.map((d) => d.text)).toEqual(['', '', '', '答', '答案']);
  });

  test('the final state is written at once, never waiting out a pending window', async () => {
    const writes: StreamDoc[] = [];
    const channel: StreamChannel = { open: async () => undefined, write: async (d) => void writes.push(d) };
    const publisher = new StreamPublisher(channel, 's7', { openid: 'o_a', deadline: NO_DEADLINE }, 250);
    publisher.offer(state('a'));
    publisher.offer(state('ab'));
    await publisher.finish({ ...state('abc'), status: 'completed' });
    expect(writes.map((d) => [d.seq, d.text, d.status])).toEqual([
      [1, 'a', 'in_progress'],
      [2, 'abc', 'completed'],
    ]);
    await jest.advanceTimersByTimeAsync(1000);
    expect(writes).toHaveLength(2);
  });

  test('a state equal to the last one offered is not written again', async () => {
    const writes: StreamDoc[] = [];
    const channel: StreamChannel = { open: async () => undefined, write: async (d) => void writes.push(d) };
    const publisher = new StreamPublisher(channel, 's8', { openid: 'o_a', deadline: NO_DEADLINE }, 250);
    publisher.offer(state('a'));
    await jest.advanceTimersByTimeAsync(1000);
    publisher.offer(state('a'));
    publisher.offer({ ...state('a'), followUps: [] });
    await jest.advanceTimersByTimeAsync(1000);
    expect(writes.map((d) => d.text)).toEqual(['a']);
    publisher.offer({ ...state('a'), followUps: ['再来一个？'] });
    await jest.advanceTimersByTimeAsync(0);
    expect(writes.map((d) => d.followUps)).toEqual([[], ['再来一个？']]);
  });

  test('a failing write is logged and does not fail the chat', async () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const channel: StreamChannel = { open: async () => undefined, write: async () => Promise.reject(new Error('db down')) };
    const publisher = new StreamPublisher(channel, 's5', { openid: 'o_a', deadline: NO_DEADLINE }, 250);
    publisher.offer(state('a'));
    await expect(publisher.finish(state('ab'))).resolves.toBeUndefined();
    expect(warn).toHaveBeenCalled();
    warn.mockRestore();
  });
});
