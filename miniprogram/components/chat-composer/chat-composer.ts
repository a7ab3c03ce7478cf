/**
 * The composer: a growing multi-line textarea (auto-height, maxlength), send disabled while empty, send
 * turning into stop while a reply is generating. The keyboard is handled by hand (`adjust-position` off,
 * the bar follows `keyboardheightchange`) and the safe area by `env(safe-area-inset-bottom)`.
 * Emits `send` {text}, `stop`, `draft-change` {value} and `keyboard-height` {height}.
 */

/** Default input limit (characters). */
export const COMPOSER_MAXLENGTH = 2000;

/** Detail of `send`. */
export interface SendDetail {
  text: string;
}
/** Detail of `draft-change`. */
export interface InputDetail {
  value: string;
}
/** Detail of `keyboard-height` (px). */
export interface KeyboardHeightDetail {
  height: number;
}

Component({
  properties: {
    generating: { type: Boolean, value: false },
    /** Set by the page to put text back (a failed send); the composer owns the text afterwards. */
    value: { type: String, value: '' },
    maxlength: { type: Number, value: COMPOSER_MAXLENGTH },
    placeholder: { type: String, value: '发消息…' },
  },
  data: { text: '', keyboardHeight: 0 },
  observers: {
    value(value: string) {
      if (value) this.setData({ text: value });
    },
  },
  methods: {
    onInput(e: WechatMiniprogram.TextareaInput) {
      this.setData({ text: e.detail.value });
      this.triggerEvent('draft-change', { value: e.detail.value } as InputDetail);
    },
    onKeyboardHeight(e: WechatMiniprogram.CustomEvent<{ height: number }>) {
      const height = e.detail.height || 0;
      this.setData({ keyboardHeight: height });
      this.triggerEvent('keyboard-height', { height } as KeyboardHeightDetail);
    },
    onSend() {
      const text = String(this.data.text).trim();
      if (!text || this.data.generating) return;
      this.setData({ text: '' });
      this.triggerEvent('draft-change', { value: '' } as InputDetail);
      this.triggerEvent('send', { text } as SendDetail);
    },
    onStop() {
      this.triggerEvent('stop', {});
    },
  },
});
