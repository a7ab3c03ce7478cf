/**
 * The conversations page (a page, not a drawer: it gets WeChat's back gesture and its own scroll), built with
 * Component(). Newest first, paged as the list scrolls; tap to switch, ＋ for a new conversation, rename and
 * delete with wx.showModal (delete asks for confirmation). The chat follows `currentConversation`.
 */
import type { ActionEvent, ActionName, ActionResult } from '../../shared/protocol';
import { ConversationList } from '../../core/conversation-list';
import { currentConversation } from '../../core/current-conversation';
import { NO_CLOUD, wxCloud } from '../../services/cloud-api';
import { CloudTransport } from '../../services/cloud-transport';
import { CHAT_PAGE_URL } from '../../services/open-coze-chat';
import { showNotice } from '../../services/ui-actions';

/** Shown (in the console) when the base library has no wx.cloud. */

/** Per-instance list controllers, kept out of `data`. */
const lists = new WeakMap<object, ConversationList>();

function idOf(e: WechatMiniprogram.TouchEvent): string {
  return String(e.currentTarget.dataset.id || '');
}

Component({
  data: { items: [] as unknown[], hasMore: true, loading: false, error: '' },
  lifetimes: {
    attached() {
      const cloud = wxCloud();
      if (!cloud) {
        console.error(NO_CLOUD);
        return;
      }
      const transport = new CloudTransport(cloud);
      const call = <A extends ActionName>(event: ActionEvent<A>): Promise<ActionResult<A>> => transport.call(event);
      const list = new ConversationList({ call, publish: (view) => this.setData(view), currentId: currentConversation.get() });
      lists.set(this, list);
      void list.refresh();
    },
  },
  methods: {
    /** Back to the chat (or to a fresh chat page when this page was opened on its own). */
    backToChat() {
      wx.navigateBack({ fail: () => wx.redirectTo({ url: CHAT_PAGE_URL }) });
    },
    onOpen(e: WechatMiniprogram.TouchEvent) {
      const id = idOf(e);
      if (!id) return;
      lists.get(this)?.setCurrent(id);
      currentConversation.set(id);
      this.backToChat();
    },
    onNew() {
      currentConversation.set(null);
      this.backToChat();
    },
    onMore() {
      void lists.get(this)?.loadMore();
    },
    onRetry() {
      void lists.get(this)?.refresh();
    },
    onRename(e: WechatMiniprogram.TouchEvent) {
      const list = lists.get(this);
      const conversation = list?.find(idOf(e));
      if (!list || !conversation) return;
      wx.showModal({
        title: '重命名对话',
        editable: true,
        placeholderText: '对话名称',
        content: conversation.name,
        success: async (res) => {
          if (!res.confirm) return;
          const error = await list.rename(conversation.id, res.content || '');
          if (error) showNotice(error.message);
        },
      });
    },
    onDelete(e: WechatMiniprogram.TouchEvent) {
      const list = lists.get(this);
      const conversation = list?.find(idOf(e));
      if (!list || !conversation) return;
      wx.showModal({
        title: '删除对话',
        content: `删除后无法恢复，确定删除「${conversation.name || '新对话'}」吗？`,
        confirmText: '删除',
        confirmColor: '#f54a45',
        success: async (res) => {
          if (!res.confirm) return;
          const error = await list.remove(conversation.id);
          if (error) return showNotice(error.message);
          if (currentConversation.get() === conversation.id) currentConversation.set(null);
        },
      });
    },
  },
});
