/**
 * The setData adapter with the typewriter on (as the chat page runs it) and the thinking / tool-step view:
 * a sparse snapshot is revealed over several throttled flushes, never beyond what arrived, and the reveal
 * goes on after the final result until it has caught up; the reasoning and steps reach the view. Fake clock.
 */
import type { ChatMessage } from '../../../miniprogram/core/chat-types';
import { FLUSH_INTERVAL_MS, SetDataChatState, type ChatViewData } from '../../../miniprogram/services/setdata-chat-state';
import type { ViewMessage } from '../../../miniprogram/services/view-model';
import { FakeClock } from '../helpers/fake-clock';

const question: ChatMessage = { id: 'u1', role: 'user', text: 'q', status: 'complete', error: null, followUps: [], chatId: '' };
const answer = (fields: Partial<ChatMessage>): ChatMessage => ({ id: 'a1', role: 'assistant', text: '', status: 'streaming', error: null, followUps: [], chatId: 'c', ...fields });

/** Applies setData path keys to a plain object, like the framework does, so tests read the page's data. */
function applyPaths(data: Record<string, unknown>, patch: Record<string, unknown>): void {
  for (const [path, value] of Object.entries(patch)) {
    const keys = path.replace(/\[(\d+)\]/g, '.$1').split('.');
    let node = data as Record<string, unknown>;
    for (const key of keys.slice(0, -1)) {
      if (node[key] === undefined) node[key] = /^\d+$/.test(key) ? [] : {};
      node = node[key] as Record<string, unknown>;
    }
    node[keys[keys.length - 1]] = JSON.parse(JSON.stringify(value)) as unknown;
  }
}

function setup(typewriter: boolean) {
  const clock = new FakeClock();
  const data = SetDataChatState.initialData() as unknown as Record<string, unknown>;
  let calls = 0;
  const state = new SetDataChatState({ clock, typewriter, target: { setData: (d) => { calls += 1; applyPaths(data, d); } } });
  const shown = (): ViewMessage => (data as unknown as ChatViewData).messages[1];
  const text = (): string => (shown().blocks ?? []).flatMap((b) => b.runs ?? []).map((r) => r.t).join('');
  return { clock, state, shown, text, calls: () => calls };
}

test('a sparse snapshot is typed out over several flushes, never beyond what arrived, then stops asking for frames', () => {
  const { clock, state, text, calls } = setup(true);
  state.setMessages([question, answer({ status: 'pending' })]);
  const arrived = '这是一段一次到达的较长文字，打字机会把它分几次显示出来。';
  state.replaceMessage(1, answer({ text: arrived }));
  const seen: string[] = [text()];
  for (let i = 0; i < 15; i++) {
    clock.advance(FLUSH_INTERVAL_MS);
    seen.push(text());
  }
  const distinct = [...new Set(seen)];
  expect(distinct.length).toBeGreaterThan(3);
  distinct.forEach((s, i) => {
    expect(arrived.startsWith(s)).toBe(true);
    if (i > 0) expect(s.length).toBeGreaterThan(distinct[i - 1].length);
  });
  expect(seen[seen.length - 1]).toBe(arrived);
  const after = calls();
  clock.advance(FLUSH_INTERVAL_MS * 5);
  expect(calls()).toBe(after);
});

test('without the typewriter the same snapshot shows whole at the first flush (the adapter default)', () => {
  const { state, text } = setup(false);
  state.setMessages([question, answer({ status: 'pending' })]);
  state.replaceMessage(1, answer({ text: '一次到达的文字' }));
  expect(text()).toBe('一次到达的文字');
});

test('the final result does not jump: typing goes on after completion until caught up, then the whole-text blocks', () => {
  const { clock, state, text, shown } = setup(true);
  state.setMessages([question, answer({ status: 'pending' })]);
  const final = '最后一次到达的文字比较长，完成之后仍然继续显示。';
  state.replaceMessage(1, answer({ text: final.slice(0, 4) }));
  clock.advance(1500);
  state.replaceMessage(1, answer({ text: final, status: 'complete' }));
  expect(shown().status).toBe('complete');
  expect(text().length).toBeLessThan(final.length);
  clock.advance(2000);
  expect(text()).toBe(final);
});

test('reasoning is typed and shown open while thinking, then titled with its duration once the answer starts; steps become lines', () => {
  const { clock, state, shown } = setup(true);
  state.setMessages([question, answer({ status: 'pending' })]);
  state.replaceMessage(1, answer({ reasoning: '先想一想问题的要点。', steps: [{ name: '天气查询', done: false }] }));
  clock.advance(FLUSH_INTERVAL_MS * 12);
  expect(shown().thinking).toEqual({ segs: ['先想一想问题的要点。'], live: true, label: '思考中…' });
  expect(shown().steps).toEqual([{ name: '天气查询', done: false, label: '正在调用 天气查询…' }]);
  state.replaceMessage(1, answer({ reasoning: '先想一想问题的要点。', text: '答', thinkingMs: 12_400, steps: [{ name: '天气查询', done: true }] }));
  clock.advance(FLUSH_INTERVAL_MS * 12);
  expect(shown().thinking).toEqual({ segs: ['先想一想问题的要点。'], live: false, label: '已深度思考（用时 12 秒）' });
  expect(shown().steps?.[0].label).toBe('已调用 天气查询');
});
