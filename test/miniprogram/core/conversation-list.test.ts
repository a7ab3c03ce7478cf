/** The conversations list over a scripted `call`: paging, names, rename, delete, the current one. */
import type { ActionEvent, ActionName, ActionResult, Conversation } from '../../../miniprogram/shared/protocol';
import { ConversationList, UNTITLED, type ConversationListView } from '../../../miniprogram/core/conversation-list';
import { CurrentConversation } from '../../../miniprogram/core/current-conversation';

const conv = (n: number, name = `对话${n}`): Conversation => ({ id: `c${n}`, name, createdAt: n, updatedAt: n });

function setup(pages: Conversation[][]) {
  const calls: Array<Record<string, unknown>> = [];
  const views: ConversationListView[] = [];
  const answers: Array<ActionResult<ActionName>> = [];
  const call = async <A extends ActionName>(event: ActionEvent<A>): Promise<ActionResult<A>> => {
    calls.push({ ...event });
    const queued = answers.shift();
    if (queued) return queued as ActionResult<A>;
    if (event.action === 'conversation.list') {
      const n = Number((event as ActionEvent<'conversation.list'>).pageNum) - 1;
      return { ok: true, data: { conversations: pages[n] ?? [], hasMore: n < pages.length - 1 } } as ActionResult<A>;
    }
    if (event.action === 'conversation.rename') {
      const e = event as ActionEvent<'conversation.rename'>;
      return { ok: true, data: { conversation: { id: e.conversationId, name: e.name, createdAt: 1, updatedAt: 99 } } } as ActionResult<A>;
    }
    return { ok: true, data: {} } as ActionResult<A>;
  };
  const list = new ConversationList({ call, publish: (v) => views.push(v), currentId: 'c2', pageSize: 2 });
  return { list, calls, views, answers };
}

describe('ConversationList', () => {
  it('loads newest first page by page, marks the current one and names unnamed ones', async () => {
    const { list, calls } = setup([[conv(4), conv(3, '')], [conv(2), conv(1)]]);
    await list.refresh();
    expect(list.view()).toEqual({
      items: [
        { id: 'c4', name: '对话4', updatedAt: 4, current: false },
        { id: 'c3', name: UNTITLED, updatedAt: 3, current: false },
      ],
      hasMore: true,
      loading: false,
      error: '',
    });
    await list.loadMore();
    expect(list.view().items.map((i) => [i.id, i.current])).toEqual([['c4', false], ['c3', false], ['c2', true], ['c1', false]]);
    expect(list.view().hasMore).toBe(false);
    await list.loadMore();
    expect(calls).toEqual([
      { action: 'conversation.list', pageNum: 1, pageSize: 2 },
      { action: 'conversation.list', pageNum: 2, pageSize: 2 },
    ]);
    // Refresh starts over from page 1 and does not duplicate rows.
    await list.refresh();
    expect(list.view().items.map((i) => i.id)).toEqual(['c4', 'c3']);
  });

  it('renames (trimmed, empty refused before any call) and deletes; deleting the current one clears it', async () => {
    const { list, calls } = setup([[conv(2), conv(1)]]);
    await list.refresh();
    expect((await list.rename('c1', '   '))?.code).toBe('BAD_REQUEST');
    expect(await list.rename('c1', '  旅行计划 ')).toBeNull();
    expect(list.view().items[1].name).toBe('旅行计划');
    expect(await list.remove('c2')).toBeNull();
    expect(list.view().items.map((i) => i.id)).toEqual(['c1']);
    expect(list.view().items.some((i) => i.current)).toBe(false);
    expect(calls.slice(1)).toEqual([
      { action: 'conversation.rename', conversationId: 'c1', name: '旅行计划' },
      { action: 'conversation.delete', conversationId: 'c2' },
    ]);
  });

  it('keeps rows and shows the error when a call fails', async () => {
    const { list, answers } = setup([[conv(2), conv(1)]]);
    await list.refresh();
    answers.push({ ok: false, error: { code: 'NOT_FOUND', message: '会话不存在或已删除', retryable: false } });
    expect((await list.remove('c1'))?.message).toBe('会话不存在或已删除');
    expect(list.view().items).toHaveLength(2);
    answers.push({ ok: false, error: { code: 'UPSTREAM', message: '网络不稳定，请检查网络后重试', retryable: true } });
    await list.refresh();
    expect(list.view()).toMatchObject({ error: '网络不稳定，请检查网络后重试', loading: false });
  });
});

describe('CurrentConversation', () => {
  it('tells listeners about set (even unchanged) but not about adopt; unsubscribe stops it', () => {
    const current = new CurrentConversation();
    const seen: Array<string | null> = [];
    const off = current.subscribe((id) => seen.push(id));
    current.set('c1');
    current.set('c1');
    current.adopt('c2');
    current.set(null);
    off();
    current.set('c3');
    expect(seen).toEqual(['c1', 'c1', null]);
    expect(current.get()).toBe('c3');
  });
});
