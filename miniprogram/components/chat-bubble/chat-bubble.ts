/**
 * One message: the user's text, or the assistant's markdown with a live cursor while it streams, its
 * error and retry inside the bubble, a stopped tag, an action bar (copy, regenerate, read aloud, like / unlike) and
 * follow-up chips under the last answer; a `system` message renders as the "context cleared" divider.
 * Presentational: it emits `retry`, `clear-context` (on a Coze 4010 error), `copy`, `regenerate`, `speak`,
 * `follow-up`, `feedback` and re-emits the markdown taps (`link-tap`, `image-tap`, `copy-code`). A user message shows its
 * attached images (tap: `image-tap` {src, urls}) and file chips (name, size).
 */
import type { ViewMessage } from '../../services/view-model';

/** Detail of `retry`, `copy` and `regenerate`. */
export interface MessageEventDetail {
  id: string;
}
/** Detail of `feedback`: the button tapped (the controller toggles). */
export interface FeedbackDetail {
  id: string;
  choice: 'like' | 'unlike';
}
/** Detail of `follow-up`. */
export interface FollowUpDetail {
  text: string;
}

Component({
  properties: {
    message: { type: Object, value: {} },
    isLast: { type: Boolean, value: false },
    /** WeChat DevTools or the preview: an error also shows its developer detail. */
    dev: { type: Boolean, value: false },
    /** Read-aloud state of this answer: '' (none), 'loading' or 'playing'; the speaker button shows it. */
    speech: { type: String, value: '' },
  },
  methods: {
    messageId(): string {
      return (this.data.message as ViewMessage).id;
    },
    onRetry() {
      this.triggerEvent('retry', { id: this.messageId() } as MessageEventDetail);
    },
    onClearContext() {
      this.triggerEvent('clear-context', { id: this.messageId() } as MessageEventDetail);
    },
    onCopy() {
      this.triggerEvent('copy', { id: this.messageId() } as MessageEventDetail);
    },
    onRegenerate() {
      this.triggerEvent('regenerate', { id: this.messageId() } as MessageEventDetail);
    },
    onSpeak() {
      this.triggerEvent('speak', { id: this.messageId() } as MessageEventDetail);
    },
    onLike() {
      this.triggerEvent('feedback', { id: this.messageId(), choice: 'like' } as FeedbackDetail);
    },
    onUnlike() {
      this.triggerEvent('feedback', { id: this.messageId(), choice: 'unlike' } as FeedbackDetail);
    },
    onFollowUp(e: WechatMiniprogram.TouchEvent) {
      this.triggerEvent('follow-up', { text: String(e.currentTarget.dataset.text) } as FollowUpDetail);
    },
    onLinkTap(e: WechatMiniprogram.CustomEvent) {
      this.triggerEvent('link-tap', e.detail);
    },
    onImageTap(e: WechatMiniprogram.CustomEvent) {
      this.triggerEvent('image-tap', e.detail);
    },
    /** An attached image: `image-tap` with its src and every image of the message, for wx.previewImage. */
    onPartImageTap(e: WechatMiniprogram.TouchEvent) {
      const parts = (this.data.message as ViewMessage).parts ?? [];
      this.triggerEvent('image-tap', { src: String(e.currentTarget.dataset.src), urls: parts.filter((p) => p.kind === 'image').map((p) => p.src) });
    },
    onCopyCode(e: WechatMiniprogram.CustomEvent) {
      this.triggerEvent('copy-code', e.detail);
    },
  },
});
