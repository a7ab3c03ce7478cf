import { STREAM_ID_PATTERN, type StreamDoc } from '../../../miniprogram/shared/protocol';
import { NETWORK_ERROR } from '../../../miniprogram/core/chat-controller';
import type { StreamProgress } from '../../../miniprogram/core/chat-transport';
import { BAD_ENVELOPE_MESSAGE, CloudTransport, INSECURE_STREAM_ID_WARNING } from '../../../miniprogram/services/cloud-transport';
import { WATCH_ERROR_WARNING, watchStream } from '../../../miniprogram/services/stream-watcher';
import { createWxFake, installWxFake, type WatchSource, type WxFake } from '../../helpers/wx-fake';
import { chatResult, flush } from '../helpers/scripted-transport';

/** A stream source the test writes to, shaped like the function's in-process channel. */
function channel() {
  const listeners = new Map<string, (doc: StreamDoc) => void>();
  const watch: WatchSource = (streamId, _openid, listener) => {
    listeners.set(streamId, listener);
    return () => listeners.delete(streamId);
  };
  const write = (streamId: string, seq: number, text: string) =>
    listeners.get(streamId)?.({ _id: streamId, _openid: 'o', status: 'in_progress', text, seq, conversationId: 'cv', chatId: 'ch', followUps: [], error: null, updatedAt: seq });
  return { watch, write, listeners };
}

describe('CloudTransport', () => {
  /** The global wx, for wx.getRandomValues (each test builds its own cloud fake). */
  let globalWx: WxFake;
  beforeAll(() => {
    globalWx = installWxFake({ callFunction: async () => ({}) });
  });
  afterAll(() => globalWx.uninstall());

  it('makes the streamId from 16 bytes of wx.getRandomValues (not Math.random), so it cannot be predicted', async () => {
    const fake = createWxFake({ callFunction: async () => ({ ok: true, data: chatResult({ text: 'x' }) }) });
    const bytes = Array.from({ length: 16 }, (_, i) => i * 17);
    globalWx.nextRandomValues = bytes;
    globalWx.randomRequests.length = 0;
    const random = jest.spyOn(Math, 'random');
    try {
      await new CloudTransport(fake.cloud).send({ text: 'hi' }, () => undefined).result;
      expect(random).not.toHaveBeenCalled();
    } finally {
      random.mockRestore();
    }
    expect(globalWx.randomRequests).toEqual([16]);
    expect(fake.calls[0].streamId).toBe(bytes.map((b) => b.toString(16).padStart(2, '0')).join(''));
    expect(fake.watches[0].query._id).toBe(fake.calls[0].streamId);
  });

  it('falls back to the injected source, warning once, only when wx.getRandomValues fails (live text keeps working)', async () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const fake = createWxFake({ callFunction: async () => ({ ok: true, data: chatResult({ text: 'x' }) }) });
      const transport = new CloudTransport(fake.cloud, () => 0.5);
      for (let n = 0; n < 2; n++) {
        globalWx.nextRandomValues = 'getRandomValues:fail internal error';
        expect((await transport.send({ text: 'hi' }, () => undefined).result).ok).toBe(true);
      }
      expect(fake.calls.map((c) => c.streamId)).toEqual(['80'.repeat(16), '80'.repeat(16)]);
      expect(fake.watches.map((w) => w.query._id)).toEqual(['80'.repeat(16), '80'.repeat(16)]);
      expect(warn.mock.calls).toEqual([[INSECURE_STREAM_ID_WARNING, 'wx.getRandomValues failed: getRandomValues:fail internal error']]);
    } finally {
      warn.mockRestore();
    }
  });

  it('starts the watch BEFORE chat.send, with a fresh 32-hex streamId and the {openid} condition', async () => {
    const ch = channel();
    const fake = createWxFake({ watch: ch.watch, callFunction: async () => ({ ok: true, data: chatResult({ text: 'x' }) }) });
    const transport = new CloudTransport(fake.cloud);
    const handle = transport.send({ text: 'hi' }, () => undefined);
    await handle.result;
    const streamId = String(fake.calls[0].streamId);
    expect(streamId).toMatch(STREAM_ID_PATTERN);
    expect(fake.log).toEqual([`watch:${streamId}`, 'call:chat.send']);
    expect(fake.watches[0]).toMatchObject({ collection: 'coze_streams', query: { _id: streamId, _openid: '{openid}' } });
    expect(fake.calls[0]).toEqual({ action: 'chat.send', text: 'hi', streamId });
    handle.close();
    expect(fake.watches[0].closed).toBe(true);
  });

  it('delivers live text in order and drops stale or repeated snapshots', async () => {
    const ch = channel();
    let finish!: (v: unknown) => void;
    const fake = createWxFake({ watch: ch.watch, callFunction: () => new Promise((r) => (finish = r)) });
    const seen: StreamProgress[] = [];
    const handle = new CloudTransport(fake.cloud).send({ conversationId: 'cv', text: 'hi' }, (p) => seen.push(p));
    await flush();
    const streamId = String(fake.calls[0].streamId);
    ch.write(streamId, 2, 'ab');
    ch.write(streamId, 1, 'a');
    ch.write(streamId, 2, 'ab');
    ch.write(streamId, 3, 'abc');
    await flush();
    expect(seen.map((p) => [p.seq, p.text])).toEqual([
      [2, 'ab'],
      [3, 'abc'],
    ]);
    expect(fake.calls[0].conversationId).toBe('cv');
    finish({ ok: true, data: chatResult() });
    await handle.result;
  });

  it('says in the console how to fix a failing watch (missing collection, security rules), and the final result still arrives', async () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const fake = createWxFake({ callFunction: async () => ({ ok: true, data: chatResult({ text: 'final' }) }) });
      fake.failNextWatch = { errCode: -502005, errMsg: 'database collection not exists' };
      const seen: StreamProgress[] = [];
      const handle = new CloudTransport(fake.cloud).send({ text: 'hi' }, (p) => seen.push(p));
      const result = await handle.result;
      await flush();
      expect(result).toMatchObject({ ok: true, data: { answer: { content: 'final' } } });
      expect(seen).toEqual([]);
      expect(warn).toHaveBeenCalledTimes(1);
      expect(warn.mock.calls[0][0]).toBe(`${WATCH_ERROR_WARNING} (-502005 database collection not exists)`);
      expect(WATCH_ERROR_WARNING).toContain('coze_streams');
      expect(WATCH_ERROR_WARNING).toContain('database-rules.json');
      handle.close();
    } finally {
      warn.mockRestore();
    }
  });

  it('turns a failed call into a network error envelope and a non-envelope into INTERNAL', async () => {
    const down = new CloudTransport(createWxFake({ callFunction: async () => Promise.reject(new Error('net')) }).cloud);
    expect(await down.poll('c', 'h')).toEqual({ ok: false, error: NETWORK_ERROR });
    const weird = new CloudTransport(createWxFake({ callFunction: async () => 'hello' }).cloud);
    expect(await weird.botInfo()).toEqual({ ok: false, error: { code: 'INTERNAL', message: BAD_ENVELOPE_MESSAGE, retryable: true } });
  });

  it('sends each action with the envelope fields of the contract', async () => {
    const fake = createWxFake({ callFunction: async () => ({ ok: true, data: {} }) });
    const t = new CloudTransport(fake.cloud);
    await t.poll('c', 'h');
    await t.cancel('c', 'h');
    await t.botInfo();
    await t.listMessages('c');
    expect(fake.calls).toEqual([
      { action: 'chat.poll', conversationId: 'c', chatId: 'h' },
      { action: 'chat.cancel', conversationId: 'c', chatId: 'h' },
      { action: 'bot.info' },
      { action: 'message.list', conversationId: 'c' },
    ]);
  });
});

describe('wx fake', () => {
  it('answers callFunction through the handler with the openid, JSON round-tripped, and refuses unknown functions', async () => {
    const fake = createWxFake({ openid: 'o-1', callFunction: async (openid, data) => ({ ok: true, data: { openid, data, when: new Date(0) } }) });
    const res = await fake.cloud.callFunction({ name: 'coze', data: { action: 'bot.info' } });
    expect(res.result).toEqual({ ok: true, data: { openid: 'o-1', data: { action: 'bot.info' }, when: '1970-01-01T00:00:00.000Z' } });
    await expect(fake.cloud.callFunction({ name: 'other', data: {} })).rejects.toMatchObject({ errCode: -501000 });
  });

  it('delivers an init snapshot (with the current doc) first, then one snapshot per write, and stops after close', async () => {
    const ch = channel();
    const fake = createWxFake({ watch: ch.watch, callFunction: async () => ({}) });
    const snaps: Array<{ type?: string; n: number; text?: string }> = [];
    const stop = watchStream(fake.cloud, 's1', () => undefined);
    stop();
    const w = fake.cloud.database().collection('coze_streams').where({ _id: 's2', _openid: '{openid}' }).watch({
      onChange: (s) => snaps.push({ type: s.type, n: (s.docs as StreamDoc[]).length, text: (s.docs as StreamDoc[])[0]?.text }),
      onError: () => undefined,
    });
    ch.write('s2', 1, 'a');
    await flush();
    ch.write('s2', 2, 'ab');
    await flush();
    await w.close();
    ch.write('s2', 3, 'abc');
    await flush();
    expect(snaps).toEqual([
      { type: 'init', n: 1, text: 'a' },
      { type: undefined, n: 1, text: 'ab' },
    ]);
    expect(fake.watches[0].closed).toBe(true);
  });

  it('refuses a watch without the {openid} condition, as the security rule does', async () => {
    const fake = createWxFake({ callFunction: async () => ({}) });
    const errors: unknown[] = [];
    fake.cloud.database().collection('coze_streams').where({ _id: 'x' }).watch({ onChange: () => undefined, onError: (e) => errors.push(e) });
    await flush();
    expect(errors).toHaveLength(1);
  });

  it('installs recorders on the global wx and restores it', () => {
    const fake = installWxFake({ callFunction: async () => ({}) });
    wx.setClipboardData({ data: 'copied' });
    wx.showToast({ title: 't' });
    wx.previewImage({ current: 'u', urls: ['u'] });
    expect([fake.clipboard, fake.toasts, fake.previews]).toEqual([['copied'], ['t'], [{ current: 'u', urls: ['u'] }]]);
    fake.uninstall();
    expect((globalThis as { wx?: unknown }).wx).toBeUndefined();
  });
});
