/** SetDataChatState for history paging, the clear-context divider and feedback. */
import type { ChatMessage } from '../../../miniprogram/core/chat-types';
import { SetDataChatState } from '../../../miniprogram/services/setdata-chat-state';
import { FakeClock } from '../helpers/fake-clock';

const msg = (id: string, role: ChatMessage['role'], text: string, over: Partial<ChatMessage> = {}): ChatMessage => ({ id, role, text, status: 'complete', error: null, followUps: [], chatId: '', ...over });

describe('SetDataChatState history and dividers', () => {
  it('prepends older messages by sending the list once, after flushing pending text; history status has its own key', () => {
    const calls: Array<Record<string, unknown>> = [];
    const state = new SetDataChatState({ clock: new FakeClock(), target: { setData: (d) => calls.push(d) } });
    state.setMessages([msg('q2', 'user', '问2'), msg('a2', 'assistant', '答', { status: 'streaming' })]);
    state.replaceMessage(1, msg('a2', 'assistant', '答二', { status: 'streaming' })); // throttled, not yet sent
    const before = calls.length;
    state.prependMessages([msg('q1', 'user', '问1'), msg('a1', 'assistant', '答1', { remoteId: 'a1', feedback: 'like' })]);
    const sent = calls.slice(before);
    const last = sent[sent.length - 1].messages as Array<{ id: string; text?: string; feedback?: string; canRate?: boolean }>;
    expect(last.map((m) => m.id)).toEqual(['q1', 'a1', 'q2', 'a2']);
    expect(last[1]).toMatchObject({ canRate: true, feedback: 'like' });
    expect(state.messages[3].text).toBe('答二');
    state.setHistory('end');
    expect(calls[calls.length - 1]).toEqual({ history: 'end' });
  });

  it('a system message crosses as plain text (the divider), with no markdown blocks', () => {
    const calls: Array<Record<string, unknown>> = [];
    const state = new SetDataChatState({ clock: new FakeClock(), target: { setData: (d) => calls.push(d) } });
    state.setMessages([]);
    state.pushMessage(msg('d1', 'system', '上下文已清除'));
    expect(calls[1]).toEqual({ 'messages[0]': { id: 'd1', role: 'system', status: 'complete', text: '上下文已清除', error: null, followUps: [] } });
  });
});
