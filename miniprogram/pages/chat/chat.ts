/**
 * The chat page, built with Component() (miniprogram-simulate cannot load Page()). It only wires things:
 * the controller writes through SetDataChatState into this page's data, and each handler forwards an
 * event to the controller or to a wx UI action. The conversation shown follows `currentConversation`, which
 * the conversations page sets; scrolling to the top loads older history and keeps the reader's place with
 * scroll-into-view on the message that was first. Voice input fills the composer. The speaker on an answer reads it
 * aloud (one at a time, stopped when the page hides); the voice mode sends what was said and reads the answer.
 */
import type { ActionEvent, ActionName, ActionResult, ApiError } from '../../shared/protocol';
import { ChatController, type SendOutcome } from '../../core/chat-controller';
import { currentConversation } from '../../core/current-conversation';
import type { ReleaseAction } from '../../core/hold-to-talk';
import { NO_CLOUD, wxCloud } from '../../services/cloud-api';
import { CloudTransport } from '../../services/cloud-transport';
import { markdownToPlain } from '../../core/markdown-plain';
import { userError } from '../../core/user-error';
import { isDevtools, navBar } from '../../services/device';
import { forgetLastConversation, lastConversation, rememberConversation } from '../../services/last-conversation';
import { SetDataChatState } from '../../services/setdata-chat-state';
import { copyLink, copyText, openConversations, previewImage, showNotice } from '../../services/ui-actions';
import { VoiceInput } from '../../services/voice-input';
import { SpeechPlayer } from '../../services/speech-player';
import { nextVoiceMode, VOICE_MODE_HINTS, type VoiceModeEvent, type VoiceModeState } from '../../core/voice-mode';
import { AttachmentPicker, type PickerWx } from '../../services/attachment-picker';
import { fromTray, traySendable } from '../../core/attachments';

/** Scroll offset large enough to reach the bottom of any conversation. */
const SCROLL_BOTTOM = 1e7;
/** Toast after the context was cleared (the divider shows it too). */
export const CONTEXT_CLEARED_TOAST = '已清除上下文，接下来是新话题';
/** Toast when there is no context yet (the conversation was never created) or it was just cleared. */
export const NOTHING_TO_CLEAR_TOAST = '当前没有需要清除的上下文';

interface PageDeps {
  controller: ChatController;
  state: SetDataChatState;
  composerText: string;
  scrolls: number;
  /** Whether the list follows new text; off once the user touches the list, on again at the bottom or on send. */
  following: boolean;
  voice: VoiceInput;
  player: SpeechPlayer;
  attachments: AttachmentPicker;
  unsubscribe: () => void;
  /** The scroll-into-view target to send with the list that older history is put on top of (one render). */
  pendingAnchor: string;
}

/**
 * Adds a scroll-to-bottom to a flush that changes messages, while the list follows new text; a whole-list
 * flush after loading older history carries the scroll-into-view anchor instead, so the view does not jump.
 */
function withFollow(deps: PageDeps, data: Record<string, unknown>): Record<string, unknown> {
  if (deps.pendingAnchor && Object.keys(data).some((key) => key === 'messages' || key.startsWith('older'))) {
    const anchor = deps.pendingAnchor;
    deps.pendingAnchor = '';
    return { ...data, anchor };
  }
  if (!deps.following || !Object.keys(data).some((key) => key.startsWith('messages'))) return data;
  deps.scrolls += 1;
  return { ...data, scrollTop: SCROLL_BOTTOM + deps.scrolls };
}

/** Per-instance dependencies, kept out of `data` (only serialisable view state goes there). */
const instances = new WeakMap<object, PageDeps>();

Component({
  data: {
    ...SetDataChatState.initialData(),
    scrollTop: 0,
    anchor: '',
    voicePhase: 'idle',
    attachments: [] as unknown[],
    nav: navBar(),
    /** WeChat DevTools or the preview: errors show their developer detail too (services/device.ts). */
    dev: false,
    /** bot.info failed: the error state with (when it can help) a retry, instead of a blank page. */
    botError: null as { message: string; retryable: boolean; detail: string } | null,
    speech: { id: null as string | null, loading: false },
    voiceMode: 'off' as VoiceModeState,
    voiceHint: '',
  },
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
      deps.pendingAnchor = '';
      deps.state = new SetDataChatState({ target: { setData: (data) => this.setData(withFollow(deps, data)) }, composerText: () => deps.composerText, typewriter: true });
      const transport = new CloudTransport(cloud);
      const call = <A extends ActionName>(event: ActionEvent<A>): Promise<ActionResult<A>> => transport.call(event);
      deps.controller = new ChatController({
        state: deps.state,
        transport,
        onConversation: (id) => {
          currentConversation.adopt(id);
          rememberConversation(id);
        },
      });
      deps.voice = new VoiceInput({
        cloud,
        call,
        onText: (text) => {
          if (this.data.voiceMode !== 'off') return void this.voiceTurn(text);
          const before = deps.composerText.trim();
          deps.composerText = before ? `${before} ${text}` : text;
          this.setData({ draft: deps.composerText });
        },
        onError: (message) => {
          this.voiceMode('dropped');
          showNotice(message);
        },
        onPhase: (voicePhase) => {
          this.setData({ voicePhase });
          if (voicePhase === 'recording') this.voiceMode('press');
          if (voicePhase === 'transcribing') this.voiceMode('recorded');
        },
      });
      deps.player = new SpeechPlayer({ call, onChange: (speech) => this.setData({ speech }), onError: showNotice });
      deps.attachments = new AttachmentPicker({ wx: wx as unknown as PickerWx, onChange: (attachments) => this.setData({ attachments }) });
      deps.unsubscribe = currentConversation.subscribe((id) => {
        if (id === null || id !== deps.controller.conversationId) void this.openConversation(id);
      });
      instances.set(this, deps);
      this.setData({ dev: isDevtools(), nav: navBar() });
      void this.loadBot();
      // Reopening the mini-program resumes the last conversation; 新建对话 in the header starts a new one.
      const last = lastConversation();
      currentConversation.adopt(last);
      if (last) void this.openConversation(last);
    },
    detached() {
      const deps = instances.get(this);
      if (!deps) return;
      deps.unsubscribe();
      deps.voice.finish('cancel');
      deps.player.destroy();
      deps.controller.stop();
    },
  },
  pageLifetimes: {
    hide() {
      this.deps()?.player.stop();
    },
  },
  methods: {
    deps(): PageDeps | undefined {
      return instances.get(this);
    },
    /** Opens a conversation (null starts a new one) and shows its history; for the conversations page. */
    async openConversation(conversationId: string | null): Promise<ApiError | null> {
      const deps = this.deps();
      if (!deps) return null;
      deps.following = true;
      rememberConversation(conversationId);
      const error = await deps.controller.openConversation(conversationId);
      if (!error) return null;
      if (error.code === 'NOT_FOUND') {
        // Deleted meanwhile (or another user's): start a new conversation instead of an empty one.
        forgetLastConversation();
        currentConversation.adopt(null);
        await deps.controller.openConversation(null);
      }
      showNotice(userError(error).message);
      return error;
    },
    /** Loads the welcome (bot.info); on failure shows the error state (developer detail only in DevTools). */
    async loadBot() {
      const deps = this.deps();
      if (!deps) return;
      if (this.data.botError) this.setData({ botError: null });
      const error = await deps.controller.loadBot();
      if (!error) {
        const bot = this.data.bot as { name?: string } | null;
        if (bot && bot.name) wx.setNavigationBarTitle({ title: bot.name, fail: () => undefined });
        return;
      }
      this.setData({ botError: userError(error) });
    },
    onRetryBot() {
      void this.loadBot();
    },
    /** The list reached its top: load the older page and keep the previously first message in place. */
    async onListTop() {
      const deps = this.deps();
      if (!deps) return;
      deps.following = false;
      const first = deps.state.messages[0];
      deps.pendingAnchor = first ? `msg-${first.id}` : '';
      const result = await deps.controller.loadOlder();
      deps.pendingAnchor = '';
      if (result.error) showNotice(result.error.message);
    },
    onOpenConversations() {
      openConversations();
    },
    onNewConversation() {
      currentConversation.set(null);
    },
    async onClearContext() {
      const deps = this.deps();
      if (!deps) return;
      const before = deps.state.messages.length;
      const error = await deps.controller.clearContext();
      if (error) showNotice(userError(error).message);
      else showNotice(deps.state.messages.length > before ? CONTEXT_CLEARED_TOAST : NOTHING_TO_CLEAR_TOAST);
    },
    async onFeedback(e: WechatMiniprogram.CustomEvent<{ id: string; choice: 'like' | 'unlike' }>) {
      const deps = this.deps();
      if (!deps) return;
      const error = await deps.controller.setFeedback(e.detail.id, e.detail.choice);
      if (error) return showNotice(userError(error).message);
      const rated = deps.state.messages.find((m) => m.id === e.detail.id);
      if (rated) showNotice(rated.feedback ? '感谢反馈' : '已取消');
    },
    onVoiceStart() {
      void this.deps()?.voice.start();
    },
    onVoiceEnd(e: WechatMiniprogram.CustomEvent<{ action: ReleaseAction }>) {
      this.deps()?.voice.finish(e.detail.action);
      if (e.detail.action === 'cancel') this.voiceMode('dropped');
    },
    /** The speaker on an answer: read it aloud, or stop it when it is the one being read. */
    onSpeak(e: WechatMiniprogram.CustomEvent<{ id: string }>) {
      const deps = this.deps();
      if (!deps) return;
      const target = deps.controller.speechTarget(e.detail.id);
      if (!target) return showNotice('这条回答还不能朗读');
      void deps.player.toggle(e.detail.id, target);
    },
    /** Moves the voice mode's state machine and shows its hint; returns the new state. */
    voiceMode(event: VoiceModeEvent): VoiceModeState {
      const next = nextVoiceMode(this.data.voiceMode, event);
      if (next !== this.data.voiceMode) this.setData({ voiceMode: next, voiceHint: VOICE_MODE_HINTS[next] });
      return next;
    },
    onVoiceModeToggle() {
      if (this.data.voiceMode === 'off') this.voiceMode('enter');
      else this.onVoiceModeExit();
    },
    onVoiceModeExit() {
      const deps = this.deps();
      this.voiceMode('exit');
      deps?.voice.finish('cancel');
      deps?.player.stop();
    },
    onVoiceModePress() {
      // Pressing while an answer is read interrupts it.
      this.deps()?.player.stop();
      this.onVoiceStart();
    },
    onVoiceModeRelease() {
      this.deps()?.voice.finish('send');
    },
    onVoiceModeCancel() {
      this.deps()?.voice.finish('cancel');
      this.voiceMode('dropped');
    },
    /** Voice mode: send what was heard, then read the answer aloud once it is complete, then listen again. */
    async voiceTurn(text: string) {
      const deps = this.deps();
      if (!deps || this.voiceMode('heard') !== 'answering') return;
      if (this.sendText(text) !== 'sent') return void this.voiceMode('answer-failed');
      await deps.controller.whenIdle();
      if (this.data.voiceMode !== 'answering') return;
      const last = deps.state.messages[deps.state.messages.length - 1];
      const target = deps.controller.speechTarget();
      if (!last || !target) return void this.voiceMode('answer-failed');
      this.voiceMode('answered');
      await deps.player.play(last.id, target);
      this.voiceMode('spoken');
    },
    sendText(text: string, withAttachments = false): SendOutcome | undefined {
      const deps = this.deps();
      if (!deps) return undefined;
      const tray = withAttachments ? deps.attachments.items() : [];
      const sendable = traySendable(tray);
      if (sendable !== 'ok') {
        // Nothing typed is lost: the text goes back into the composer.
        this.setData({ draft: text });
        showNotice(sendable === 'uploading' ? '附件还在上传，请稍候再发送' : '有附件上传失败，请删除后重新添加');
        return undefined;
      }
      deps.following = true;
      // The composer owns its text after a restore; clearing `draft` lets the same text be restored again.
      if (this.data.draft) this.setData({ draft: '' });
      const { attachments, parts } = fromTray(tray);
      const outcome = deps.controller.send(text, attachments, parts);
      if (outcome === 'sent' && tray.length) deps.attachments.clear();
      return outcome;
    },
    onAttach() {
      void this.deps()?.attachments.open();
    },
    onRemoveAttachment(e: WechatMiniprogram.CustomEvent<{ id: string }>) {
      this.deps()?.attachments.remove(e.detail.id);
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
      this.sendText(e.detail.text, true);
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
      const deps = this.deps();
      if (!deps) return;
      const message = deps.state.messages.find((m) => m.id === e.detail.id);
      const text = deps.controller.textOf(e.detail.id);
      // An answer is markdown: the clipboard gets what the reader sees (code blocks exactly as written).
      if (text) copyText(message && message.role === 'assistant' ? markdownToPlain(text) : text);
    },
    onCopyCode(e: WechatMiniprogram.CustomEvent<{ code: string }>) {
      copyText(e.detail.code);
    },
    onLinkTap(e: WechatMiniprogram.CustomEvent<{ href: string }>) {
      copyLink(e.detail.href);
    },
    onImageTap(e: WechatMiniprogram.CustomEvent<{ src: string; urls?: string[] }>) {
      previewImage(e.detail.src, e.detail.urls);
    },
    onComposerInput(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const deps = this.deps();
      if (deps) deps.composerText = e.detail.value;
    },
    /** The keyboard or a taller draft shrank the list: keep its end in view while following. */
    onKeyboardHeight() {
      this.onComposerResize();
    },
    onComposerResize() {
      const deps = this.deps();
      if (!deps || !deps.following) return;
      deps.scrolls += 1;
      this.setData({ scrollTop: SCROLL_BOTTOM + deps.scrolls });
    },
  },
});
