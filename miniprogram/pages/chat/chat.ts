/**
 * The chat page, built with Component() (miniprogram-simulate cannot load Page()). It only wires things:
 * the controller writes through SetDataChatState into this page's data, and each handler forwards an
 * event to the controller or to a wx UI action. `openConversation` is the seam for a conversations page.
 */
import type { ApiError } from '../../shared/protocol';
import { ChatController } from '../../core/chat-controller';
import { wxCloud } from '../../services/cloud-api';
import { CloudTransport } from '../../services/cloud-transport';
import { SetDataChatState } from '../../services/setdata-chat-state';
import { copyLink, copyText, previewImage } from '../../services/ui-actions';

/** Scroll offset large enough to reach the bottom of any conversation. */
const SCROLL_BOTTOM = 1e7;
/** Shown (in the console) when the base library has no wx.cloud. */
const NO_CLOUD = 'wx.cloud is missing: set the base library to 2.8.1 or later and call wx.cloud.init in app.ts.';

interface PageDeps {
  controller: ChatController;
  state: SetDataChatState;
  composerText: string;
  scrolls: number;
  /** Whether the list follows new text; off once the user touches the list, on again at the bottom or on send. */
  following: boolean;
}

/** Adds a scroll-to-bottom to a flush that changes messages, while the list follows new text. */
function withFollow(deps: PageDeps, data: Record<string, unknown>): Record<string, unknown> {
  if (!deps.following || !Object.keys(data).some((key) => key.startsWith('messages'))) return data;
  deps.scrolls += 1;
  return { ...data, scrollTop: SCROLL_BOTTOM + deps.scrolls };
}

/** Per-instance dependencies, kept out of `data` (only serialisable view state goes there). */
const instances = new WeakMap<object, PageDeps>();

Component({
  data: { ...SetDataChatState.initialData(), keyboardHeight: 0, scrollTop: 0 },
  lifetimes: {
    attached() {
      const cloud = wxCloud();
      if (!cloud) {
        console.error(NO_CLOUD);
        return;
      }
      const deps = {} as PageDeps;
      deps.composerText = '';
      deps.scrolls = 0;
      deps.following = true;
      deps.state = new SetDataChatState({ target: { setData: (data) => this.setData(withFollow(deps, data)) }, composerText: () => deps.composerText });
      deps.controller = new ChatController({ state: deps.state, transport: new CloudTransport(cloud) });
      instances.set(this, deps);
      void deps.controller.loadBot();
    },
    detached() {
      const deps = instances.get(this);
      if (deps) deps.controller.stop();
    },
  },
  methods: {
    deps(): PageDeps | undefined {
      return instances.get(this);
    },
    /** Opens a conversation (null starts a new one) and shows its history; for the conversations page. */
    openConversation(conversationId: string | null): Promise<ApiError | null> {
      const deps = this.deps();
      return deps ? deps.controller.openConversation(conversationId) : Promise.resolve(null);
    },
    sendText(text: string) {
      const deps = this.deps();
      if (!deps) return;
      deps.following = true;
      deps.controller.send(text);
    },
    onListTouch() {
      const deps = this.deps();
      if (deps) deps.following = false;
    },
    onListBottom() {
      const deps = this.deps();
      if (deps) deps.following = true;
    },
    onSend(e: WechatMiniprogram.CustomEvent<{ text: string }>) {
      this.sendText(e.detail.text);
    },
    onSuggestion(e: WechatMiniprogram.CustomEvent<{ text: string }>) {
      this.sendText(e.detail.text);
    },
    onFollowUp(e: WechatMiniprogram.CustomEvent<{ text: string }>) {
      this.sendText(e.detail.text);
    },
    onStop() {
      this.deps()?.controller.stop();
    },
    onRetry(e: WechatMiniprogram.CustomEvent<{ id: string }>) {
      this.deps()?.controller.retry(e.detail.id);
    },
    onRegenerate() {
      this.deps()?.controller.regenerate();
    },
    onCopy(e: WechatMiniprogram.CustomEvent<{ id: string }>) {
      const text = this.deps()?.controller.textOf(e.detail.id);
      if (text) copyText(text);
    },
    onCopyCode(e: WechatMiniprogram.CustomEvent<{ code: string }>) {
      copyText(e.detail.code);
    },
    onLinkTap(e: WechatMiniprogram.CustomEvent<{ href: string }>) {
      copyLink(e.detail.href);
    },
    onImageTap(e: WechatMiniprogram.CustomEvent<{ src: string }>) {
      previewImage(e.detail.src);
    },
    onComposerInput(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const deps = this.deps();
      if (deps) deps.composerText = e.detail.value;
    },
    onKeyboardHeight(e: WechatMiniprogram.CustomEvent<{ height: number }>) {
      this.setData({ keyboardHeight: e.detail.height });
    },
  },
});
