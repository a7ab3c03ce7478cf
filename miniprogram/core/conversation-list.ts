/**
 * The conversations list (framework-free, like the chat controller): newest first, paged with
 * `conversation.list`, rename and delete through the cloud function, the current conversation marked.
 * The page renders what it publishes and asks the user for names and confirmations itself.
 */
import type { ApiError, Conversation } from '../shared/protocol';
import type { CallAction } from './chat-transport';

/** Conversations per `conversation.list` page. */
export const CONVERSATION_PAGE_SIZE = 20;
/** Longest name Coze keeps (the function refuses longer ones). */
export const MAX_NAME_LENGTH = 100;
/** Shown for a conversation that has no name yet. */
export const UNTITLED = '新对话';

/** One row of the list, as the page renders it. */
export interface ConversationItem {
  id: string;
  name: string;
  /** Epoch seconds of the last change (for "updated" labels). */
  updatedAt: number;
  current: boolean;
}

/** Everything the list shows. */
export interface ConversationListView {
  items: ConversationItem[];
  hasMore: boolean;
  loading: boolean;
  /** The last error's user-facing text, or '' (shown with a retry). */
  error: string;
}

/** Dependencies: how to call actions, where to publish, and which conversation is open. */
export interface ConversationListOptions {
  call: CallAction;
  publish: (view: ConversationListView) => void;
  currentId?: string | null;
  pageSize?: number;
}

/** Loads, pages, renames and deletes the caller's conversations. */
export class ConversationList {
  private conversations: Conversation[] = [];
  private pageNum = 0;
  private hasMore = true;
  private loading = false;
  private error = '';
  private currentId: string | null;
  private readonly pageSize: number;

  constructor(private readonly options: ConversationListOptions) {
    this.currentId = options.currentId ?? null;
    this.pageSize = options.pageSize ?? CONVERSATION_PAGE_SIZE;
  }

  /** The list as the view sees it (names default to Coze's name, which is the first message). */
  view(): ConversationListView {
    const items = this.conversations.map((c) => ({ id: c.id, name: c.name || UNTITLED, updatedAt: c.updatedAt, current: c.id === this.currentId }));
    return { items, hasMore: this.hasMore, loading: this.loading, error: this.error };
  }

  /** Loads the first page again (on show, or pull-down). */
  refresh(): Promise<ApiError | null> {
    this.pageNum = 0;
    this.hasMore = true;
    return this.loadPage(true);
  }

  /** Loads the next page (the list scrolled to its end). */
  loadMore(): Promise<ApiError | null> {
    if (!this.hasMore || this.loading) return Promise.resolve(null);
    return this.loadPage(false);
  }

  /** Marks the open conversation. */
  setCurrent(id: string | null): void {
    this.currentId = id;
    this.publish();
  }

  /** The conversation with this id, if listed. */
  find(id: string): Conversation | undefined {
    return this.conversations.find((c) => c.id === id);
  }

  /** Renames a conversation; an empty name is refused before any call. */
  async rename(id: string, name: string): Promise<ApiError | null> {
    const trimmed = name.trim();
    if (!trimmed) return { code: 'BAD_REQUEST', message: '名称不能为空', retryable: false };
    if (trimmed.length > MAX_NAME_LENGTH) return { code: 'BAD_REQUEST', message: `名称不能超过 ${MAX_NAME_LENGTH} 个字`, retryable: false };
    const res = await this.options.call({ action: 'conversation.rename', conversationId: id, name: trimmed });
    if (!res.ok) return res.error;
    this.conversations = this.conversations.map((c) => (c.id === id ? { ...c, ...res.data.conversation, name: res.data.conversation.name || trimmed } : c));
    this.publish();
    return null;
  }

  /** Deletes a conversation (the page has asked for confirmation); deleting the open one clears `current`. */
  async remove(id: string): Promise<ApiError | null> {
    const res = await this.options.call({ action: 'conversation.delete', conversationId: id });
    if (!res.ok) return res.error;
    this.conversations = this.conversations.filter((c) => c.id !== id);
    if (this.currentId === id) this.currentId = null;
    this.publish();
    return null;
  }

  private async loadPage(reset: boolean): Promise<ApiError | null> {
    this.loading = true;
    this.error = '';
    this.publish();
    const pageNum = this.pageNum + 1;
    const res = await this.options.call({ action: 'conversation.list', pageNum, pageSize: this.pageSize });
    this.loading = false;
    if (!res.ok) {
      this.error = res.error.message;
      this.publish();
      return res.error;
    }
    this.pageNum = pageNum;
    const page = res.data.conversations;
    if (reset) this.conversations = [];
    const known = new Set(this.conversations.map((c) => c.id));
    this.conversations = this.conversations.concat(page.filter((c) => !known.has(c.id)));
    this.hasMore = res.data.hasMore && page.length > 0;
    this.publish();
    return null;
  }

  private publish(): void {
    this.options.publish(this.view());
  }
}
