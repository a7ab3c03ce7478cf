/** SetDataChatState for history paging, the clear-context divider and feedback. */
import type { ChatMessage } from '../../../miniprogram/core/chat-types';
import { SetDataChatState } from '../../../miniprogram/services/setdata-chat-state';
import { FakeClock } from '../helpers/fake-clock';

const msg = (id: string, role: ChatMessage['role'], text: string, over: Partial<ChatMessage> = {}): ChatMessage => ({ id, role, text, status: 'complete', error: null, followUps: [], chatId: '', ...over });

describe('SetDataChatState history and dividers', () => {
  it('puts older pages into older[k] chunks: only the new page crosses, and later changes find their path', () => {
    const calls: Array<Record<string, unknown>> = [];
    const state = new SetDataChatState({ clock: new FakeClock(), target: { setData: (d) => calls.push(d) } });
    state.setMessages([msg('q3', 'user', '问3'), msg('a3', 'assistant', '答', { status: 'streaming' })]);
    state.replaceMessage(1, msg('a3', 'assistant', '答三', { status: 'streaming' })); // throttled, not yet sent
    const before = calls.length;
    state.prependMessages([msg('q2', 'user', '问2'), msg('a2', 'assistant', '答2', { remoteId: 'a2', feedback: 'like' })]);
    state.prependMessages([msg('q1', 'user', '问1'), msg('a1', 'assistant', '答1', { remoteId: 'a1' })]);
    const sent = calls.slice(before);
    // The pending streaming text was flushed first, at its old path; then one key per loaded page.
    expect(Object.keys(sent[0]).every((k) => k.startsWith('messages[1]'))).toBe(true);
    expect(sent.slice(1).map((c) => Object.keys(c))).toEqual([['older[0]'], ['older[1]']]);
    const chunk = sent[2]['older[1]'] as { key: string; items: Array<{ id: string; canRate?: boolean }> };
    expect(chunk.key).toBe('older-1');
    expect(chunk.items.map((m) => m.id)).toEqual(['q1', 'a1']);
    expect(state.messages.map((m) => m.id)).toEqual(['q1', 'a1', 'q2', 'a2', 'q3', 'a3']);

    // Flat indices map to their chunk: a1 (index 1) is in older[1], a2 (index 3) in older[0], a3 in messages.
    state.replaceMessage(1, msg('a1', 'assistant', '答1', { remoteId: 'a1', feedback: 'unlike' }));
    state.replaceMessage(3, msg('a2', 'assistant', '答2', { remoteId: 'a2', feedback: null }));
    state.replaceMessage(5, msg('a3', 'assistant', '答三。', { status: 'complete' }));
    state.flushNow();
    const keys = calls.slice(before + 3).flatMap((c) => Object.keys(c));
    expect(keys).toEqual(expect.arrayContaining(['older[1].items[1].feedback', 'older[0].items[1].feedback', 'messages[1].status']));

    // Opening another conversation resets the chunks.
    state.setMessages([msg('x', 'user', 'x')]);
    expect(calls[calls.length - 1]).toMatchObject({ older: [] });
    state.setHistory('end');
    expect(calls[calls.length - 1]).toEqual({ history: 'end' });
  });

  it('bytes of loading one older page do not grow with the number of messages shown', () => {
    const bytesFor = (shown: number): number => {
      const calls: Array<Record<string, unknown>> = [];
      const state = new SetDataChatState({ clock: new FakeClock(), target: { setData: (d) => calls.push(d) } });
      state.setMessages(Array.from({ length: shown }, (_, i) => msg(`m${i}`, i % 2 ? 'assistant' : 'user', `第${i}条消息，有一些文字`)));
      const before = calls.length;
      state.prependMessages(Array.from({ length: 20 }, (_, i) => msg(`o${i}`, i % 2 ? 'assistant' : 'user', `更早的第${i}条`)));
      return calls.slice(before).reduce((sum, c) => sum + JSON.stringify(c).length, 0);
    };
    expect(bytesFor(400)).toBe(bytesFor(20));
  });

  it('a system message crosses as plain text (the divider), with no markdown blocks', () => {
    const calls: Array<Record<string, unknown>> = [];
    const state = new SetDataChatState({ clock: new FakeClock(), target: { setData: (d) => calls.push(d) } });
    state.setMessages([]);
    state.pushMessage(msg('d1', 'system', '上下文已清除'));
    expect(calls[1]).toEqual({ 'messages[0]': { id: 'd1', role: 'system', status: 'complete', text: '上下文已清除', error: null, followUps: [] } });
  });
});
