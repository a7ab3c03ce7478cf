/**
 * @jest-environment jsdom
 *
 * The conversations page with a scripted function: newest first, paging on scroll, the current one marked,
 * switch (back to the chat, which opens it), new, rename with an editable modal, delete only after confirming.
 */
import type { Conversation } from '../../../miniprogram/shared/protocol';
import { currentConversation } from '../../../miniprogram/core/current-conversation';
import { installWxFake, type WxFake } from '../../helpers/wx-fake';
import { load, mount, textOf, until, type SimNode } from '../helpers/simulate';

/** 25 conversations, c25 newest. */
let store: Conversation[] = [];

describe('conversations page', () => {
  let fake: WxFake;
  let pageId: string;

  beforeAll(() => {
    fake = installWxFake({
      callFunction: async (_openid, data) => {
        switch (data.action) {
          case 'conversation.list': {
            const size = Number(data.pageSize);
            const start = (Number(data.pageNum) - 1) * size;
            return { ok: true, data: { conversations: store.slice(start, start + size), hasMore: start + size < store.length } };
          }
          case 'conversation.rename': {
            const c = store.find((x) => x.id === data.conversationId);
            if (!c) return { ok: false, error: { code: 'NOT_FOUND', message: '会话不存在或已删除', retryable: false } };
            c.name = String(data.name);
            return { ok: true, data: { conversation: c } };
          }
          case 'conversation.delete':
            store = store.filter((x) => x.id !== data.conversationId);
            return { ok: true, data: {} };
          default:
            throw new Error(`test: unexpected action ${String(data.action)}`);
        }
      },
    });
    pageId = load('pages/conversations/conversations', 'conversations-page');
  });
  afterAll(() => fake.uninstall());
  beforeEach(() => {
    store = Array.from({ length: 25 }, (_, i) => 25 - i).map((n) => ({ id: `c${n}`, name: n === 24 ? '' : `对话${n}`, createdAt: n, updatedAt: 1700000000 + n }));
    fake.calls.length = 0;
    fake.navigation.length = 0;
    fake.modals.length = 0;
  });

  const rows = (page: SimNode) => page.querySelectorAll('.item');
  const names = (page: SimNode) => page.querySelectorAll('.name').map(textOf);

  it('lists newest first with default names, pages on scroll, and marks the current conversation', async () => {
    currentConversation.adopt('c23');
    const page = mount(pageId);
    await until(() => rows(page).length === 20, 'first page');
    expect(names(page).slice(0, 3)).toEqual(['对话25', '新对话', '对话23']);
    expect(rows(page)[2].dom.className).toContain('current');
    expect(rows(page).filter((r) => r.dom.className.includes('current'))).toHaveLength(1);
    page.querySelector('.list')?.dispatchEvent('scrolltolower');
    await until(() => rows(page).length === 25, 'second page');
    expect(fake.calls.map((c) => c.pageNum)).toEqual([1, 2]);
    expect(page.querySelector('.more')).toBeUndefined();
    page.detach();
  });

  it('tapping a conversation makes it current and goes back to the chat; ＋ starts a new one', async () => {
    const seen: Array<string | null> = [];
    const off = currentConversation.subscribe((id) => seen.push(id));
    const page = mount(pageId);
    await until(() => rows(page).length === 20, 'first page');
    rows(page)[3].dispatchEvent('tap');
    await until(() => fake.navigation.length === 1, 'back');
    expect(seen).toEqual(['c22']);
    expect(fake.navigation).toEqual(['navigateBack']);
    page.querySelector('.new')?.dispatchEvent('tap');
    await until(() => fake.navigation.length === 2, 'back again');
    expect(seen).toEqual(['c22', null]);
    off();
    page.detach();
  });

  it('renames through an editable modal prefilled with the name', async () => {
    const page = mount(pageId);
    await until(() => rows(page).length === 20, 'first page');
    fake.modalAnswers.push({ confirm: true, content: '  周末计划  ' });
    page.querySelectorAll('.rename')[0].dispatchEvent('tap');
    await until(() => names(page)[0] === '周末计划', 'renamed');
    expect(fake.modals[0]).toMatchObject({ title: '重命名对话', editable: true, content: '对话25' });
    expect(fake.calls[1]).toEqual({ action: 'conversation.rename', conversationId: 'c25', name: '周末计划' });
    // The rename icon does not also open the conversation.
    expect(fake.navigation).toEqual([]);
    page.detach();
  });

  it('deletes only after the confirmation; deleting the open conversation resets the chat to a new one', async () => {
    currentConversation.adopt('c25');
    const seen: Array<string | null> = [];
    const off = currentConversation.subscribe((id) => seen.push(id));
    const page = mount(pageId);
    await until(() => rows(page).length === 20, 'first page');

    fake.modalAnswers.push({ confirm: false });
    page.querySelectorAll('.delete')[0].dispatchEvent('tap');
    await until(() => fake.modals.length === 1, 'confirmation');
    expect(fake.modals[0].content).toContain('对话25');
    await until(() => true, 'settle');
    expect(fake.calls.some((c) => c.action === 'conversation.delete')).toBe(false);
    expect(rows(page)).toHaveLength(20);

    fake.modalAnswers.push({ confirm: true });
    page.querySelectorAll('.delete')[0].dispatchEvent('tap');
    await until(() => rows(page).length === 19, 'deleted');
    expect(fake.calls.filter((c) => c.action === 'conversation.delete')).toEqual([{ action: 'conversation.delete', conversationId: 'c25' }]);
    expect(names(page)[0]).toBe('新对话');
    expect(seen).toEqual([null]);
    off();
    page.detach();
  });
});
