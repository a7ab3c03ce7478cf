import type { ChatMessage } from '../../../miniprogram/core/chat-types';
import { CODE_SEGMENT_CHARS } from '../../../miniprogram/core/markdown';
import { FLUSH_INTERVAL_MS, MAX_SETDATA_PER_SECOND, SetDataChatState } from '../../../miniprogram/services/setdata-chat-state';
import { measureStreamSetData, mean } from '../../helpers/stream-setdata';
import { FakeClock } from '../helpers/fake-clock';

function setup(composer = '') {
  const clock = new FakeClock();
  const calls: Array<Record<string, unknown>> = [];
  const state = new SetDataChatState({ clock, target: { setData: (d) => calls.push(d) }, composerText: () => composer });
  return { clock, calls, state };
}

const answer = (text: string, status: ChatMessage['status'] = 'streaming'): ChatMessage => ({ id: 'a1', role: 'assistant', text, status, error: null, followUps: [], chatId: 'c' });
const question: ChatMessage = { id: 'u1', role: 'user', text: 'q', status: 'complete', error: null, followUps: [], chatId: '' };

describe('SetDataChatState', () => {
  it('sends path keys only, and a new message whole at its own index', () => {
    const { calls, state } = setup();
    state.setMessages([question]);
    state.pushMessage(answer('', 'pending'));
    expect(calls[1]).toEqual({ 'messages[1]': { id: 'a1', role: 'assistant', status: 'pending', blocks: [], error: null, followUps: [], canRate: false, feedback: null } });
    state.replaceMessage(1, answer('你好'));
    expect(Object.keys(calls[2])).toEqual(['messages[1].status', 'messages[1].blocks[0]']);
  });

  it('throttles streaming text to one flush per interval, coalescing every snapshot in between', () => {
    const { clock, calls, state } = setup();
    state.setMessages([question, answer('a')]);
    calls.length = 0;
    for (let i = 0; i < 10; i++) {
      state.replaceMessage(1, answer('a' + 'b'.repeat(i + 1)));
      clock.advance(5);
    }
    expect(calls).toHaveLength(0);
    clock.advance(FLUSH_INTERVAL_MS - 50);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toEqual({ 'messages[1].blocks[0].runs[0].t': 'abbbbbbbbbb' });
    state.replaceMessage(1, answer('abbbbbbbbbbc'));
    clock.advance(FLUSH_INTERVAL_MS - 1);
    expect(calls).toHaveLength(1);
    clock.advance(1);
    expect(calls).toHaveLength(2);
  });

  it('every setData starts a new window: a bot or history write pushes the pending streaming flush back', () => {
    const { clock, calls, state } = setup();
    state.setMessages([question, answer('a')]);
    calls.length = 0;
    state.replaceMessage(1, answer('ab'));
    clock.advance(FLUSH_INTERVAL_MS - 10);
    state.setHistory('end');
    clock.advance(10);
    // Due by the old window, but a setData went out 10 ms ago: it waits a whole interval after that one.
    expect(calls).toEqual([{ history: 'end' }]);
    clock.advance(FLUSH_INTERVAL_MS - 11);
    expect(calls).toHaveLength(1);
    clock.advance(1);
    expect(calls).toEqual([{ history: 'end' }, { 'messages[1].blocks[0].runs[0].t': 'ab' }]);
  });

  it('an immediate flush also starts a new window for the next streaming text', () => {
    const { clock, calls, state } = setup();
    state.setMessages([question, answer('a')]);
    clock.advance(FLUSH_INTERVAL_MS * 2);
    calls.length = 0;
    state.setStatus('streaming');
    clock.advance(1);
    state.replaceMessage(1, answer('ab'));
    clock.advance(FLUSH_INTERVAL_MS - 2);
    expect(calls).toEqual([{ status: 'streaming' }]);
    clock.advance(1);
    expect(calls).toHaveLength(2);
  });

  it('the interval leaves room for the immediate flushes inside the budget (≥ 1000/12 ms)', () => {
    expect(FLUSH_INTERVAL_MS).toBeGreaterThan(1000 / MAX_SETDATA_PER_SECOND);
  });

  it('flushes at once on a status change, including the pending text', () => {
    const { calls, state } = setup();
    state.setMessages([question, answer('a')]);
    state.replaceMessage(1, answer('ab'));
    state.replaceMessage(1, answer('abc', 'stopped'));
    expect(calls[calls.length - 1]).toEqual({ 'messages[1].status': 'stopped', 'messages[1].blocks[0].runs[0].t': 'abc' });
    state.setStatus('submitted');
    expect(calls[calls.length - 1]).toEqual({ status: 'submitted' });
  });

  it('sends only the last segment of a huge growing code block', () => {
    const { clock, calls, state } = setup();
    const code = 'x'.repeat(CODE_SEGMENT_CHARS * 5);
    state.setMessages([question, answer('```\n' + code)]);
    calls.length = 0;
    state.replaceMessage(1, answer('```\n' + code + 'yy'));
    clock.advance(FLUSH_INTERVAL_MS);
    expect(calls).toEqual([{ 'messages[1].blocks[0].segs[5]': 'yy' }]);
  });

  it('puts only serialisable data into setData', () => {
    const { calls, state } = setup();
    state.setMessages([question, answer('# t\n\n- [l](u) **b**', 'complete')]);
    state.setBot({ botId: 'b', name: 'n', description: '', iconUrl: '', prologue: 'p', suggestedQuestions: ['s'] });
    for (const data of calls) expect(JSON.parse(JSON.stringify(data))).toEqual(data);
  });

  it('gives a failed text back to the composer only when the composer is empty', () => {
    const empty = setup('');
    empty.state.restoreDraft('原文');
    expect(empty.calls).toEqual([{ draft: '原文' }]);
    const busy = setup('正在输入');
    busy.state.restoreDraft('原文');
    expect(busy.calls).toEqual([]);
  });

  it('hides unfinished syntax at the end of a streaming answer, and of an answer stopped mid-syntax', () => {
    const { calls, state } = setup();
    state.setMessages([question, answer('你问的是：**重')]);
    expect(calls[calls.length - 1]).toEqual({ messages: [expect.anything(), expect.objectContaining({ blocks: [{ kind: 'paragraph', runs: [{ t: '你问的是：' }] }] })] });
    state.replaceMessage(1, answer('你问的是：*', 'stopped'));
    const last = calls[calls.length - 1];
    expect(JSON.stringify(last)).not.toContain('*');
  });

  it('the final result replaces the live text (authoritative re-tokenising)', () => {
    const { calls, state } = setup();
    state.setMessages([question, answer('未完')]);
    state.replaceMessage(1, answer('**完整**', 'complete'));
    const last = calls[calls.length - 1];
    expect(last['messages[1].status']).toBe('complete');
    expect(last).toEqual({ 'messages[1].status': 'complete', 'messages[1].blocks[0].runs[0].t': '完整', 'messages[1].blocks[0].runs[0].cls': 'b' });
  });
});

describe('streaming cost (bytes and calls on a fake clock)', () => {
  const long = { answerChars: 4200, deltas: 1000 };

  it('does not grow with the number of earlier messages (10 vs 1000)', async () => {
    const small = await measureStreamSetData({ historyLength: 10, ...long });
    const big = await measureStreamSetData({ historyLength: 1000, ...long });
    expect(big.calls).toBe(small.calls);
    expect(mean(big.bytesPerCall) / mean(small.bytesPerCall)).toBeLessThanOrEqual(1.1);
  });

  it('does not grow with the length of the answer so far (last vs first quarter)', async () => {
    const r = await measureStreamSetData({ historyLength: 100, ...long });
    const q = Math.floor(r.calls / 4);
    const first = mean(r.bytesPerCall.slice(0, q));
    const last = mean(r.bytesPerCall.slice(r.calls - q));
    expect(last / first).toBeLessThanOrEqual(1.5);
    expect(Math.max(...r.bytesPerCall)).toBeLessThan(r.finalMessageBytes / 2);
  });

  it('makes at most 12 setData calls per simulated second, immediate ones included (4,000 chars, 1,000 deltas)', async () => {
    const r = await measureStreamSetData({ historyLength: 10, answerChars: 4000, deltas: 1000 });
    expect(r.calls / r.simulatedSeconds).toBeLessThanOrEqual(MAX_SETDATA_PER_SECOND);
    // Any 1-second stretch: at most 1000/interval throttled flushes plus the immediate ones of that stretch.
    const immediate = r.payloads.filter((p) => 'status' in p || Object.keys(p).some((k) => /^messages\[\d+\](\.status)?$/.test(k))).length;
    expect(r.calls - immediate).toBeLessThanOrEqual(Math.floor((r.simulatedSeconds * 1000) / FLUSH_INTERVAL_MS) + 1);
  });

  it('with the typewriter and sparse snapshots (the function writes every 1.5 s) it stays within 12 calls/s, each call small', async () => {
    const r = await measureStreamSetData({ historyLength: 10, answerChars: 4000, deltas: 20, deltaIntervalMs: 1500, typewriter: true });
    expect(r.calls / r.simulatedSeconds).toBeLessThanOrEqual(MAX_SETDATA_PER_SECOND);
    // Typing between snapshots: many more calls than snapshots, each one small.
    expect(r.calls).toBeGreaterThan(20 * 4);
    expect(Math.max(...r.bytesPerCall)).toBeLessThan(r.finalMessageBytes / 2);
  });

  it('flushes at most 12 times per simulated second on the longer answer too', async () => {
    const r = await measureStreamSetData({ historyLength: 10, ...long });
    expect(r.calls / r.simulatedSeconds).toBeLessThanOrEqual(MAX_SETDATA_PER_SECOND);
    // 1000 snapshots became far fewer setData calls.
    expect(r.calls).toBeLessThan(long.deltas / 3);
  });

  it('chip lists (keyed by *this) never repeat: follow-ups and suggested questions are made unique', () => {
    const { calls, state } = setup();
    state.setMessages([question, { ...answer('好', 'complete'), followUps: ['再说说', '举个例子', '再说说'] }]);
    expect((calls[0].messages as Array<{ followUps: string[] }>)[1].followUps).toEqual(['再说说', '举个例子']);
    state.setBot({ botId: 'b', name: 'n', description: '', iconUrl: '', prologue: '', suggestedQuestions: ['能做什么？', '能做什么？', '你是谁？'] });
    expect((calls[1].bot as { suggestedQuestions: string[] }).suggestedQuestions).toEqual(['能做什么？', '你是谁？']);
  });
});
