/** Reading WeChat's wxa_media_check push, and verdicts meeting their waiters in the in-process store. */
import { MemoryVerdictStore, verdictOfPush } from '../../../cloudfunctions/coze/src/content/media-check';

describe('verdictOfPush', () => {
  const base = { ToUserName: 'gh_1', FromUserName: 'o_1', CreateTime: 1, MsgType: 'event', Event: 'wxa_media_check', appid: 'wx1', trace_id: 't-1', version: 2 };

  it('reads result.suggest (v2) and isrisky (the 1.0 shape some v2 calls get)', () => {
    expect(verdictOfPush({ ...base, result: { suggest: 'risky', label: 20002 } })).toEqual({ traceId: 't-1', verdict: 'risky' });
    expect(verdictOfPush({ ...base, result: { suggest: 'review', label: 21000 } })).toEqual({ traceId: 't-1', verdict: 'review' });
    expect(verdictOfPush({ ...base, isrisky: 1, extra_info_json: '', status_code: 0 })).toEqual({ traceId: 't-1', verdict: 'risky' });
    expect(verdictOfPush({ ...base, isrisky: 0, status_code: 0 })).toEqual({ traceId: 't-1', verdict: 'pass' });
  });

  it('ignores anything else: other events, no trace id, unknown verdicts, ordinary actions', () => {
    expect(verdictOfPush({ ...base, Event: 'user_enter_tempsession', result: { suggest: 'pass' } })).toBeUndefined();
    expect(verdictOfPush({ ...base, trace_id: '', result: { suggest: 'pass' } })).toBeUndefined();
    expect(verdictOfPush({ ...base, result: { suggest: 'maybe' } })).toBeUndefined();
    expect(verdictOfPush({ action: 'chat.send', text: 'x' })).toBeUndefined();
  });
});

describe('MemoryVerdictStore', () => {
  it('wakes a waiter when the verdict arrives, answers a known verdict at once, and gives up after the wait', async () => {
    const store = new MemoryVerdictStore();
    const waiting = store.wait('a', 5000);
    await store.record('a', 'risky');
    await expect(waiting).resolves.toBe('risky');
    await expect(store.wait('a', 0)).resolves.toBe('risky');
    await expect(store.wait('never', 1)).resolves.toBeUndefined();
  });
});
