/**
 * The composer: one rounded field with a one-line textarea that grows with the text up to a limit (auto-height,
 * maxlength), icon buttons aligned to it, send disabled while empty, send turning into stop while a reply is
 * generating. It sits in the page's flow (the list ends above it); the keyboard is handled by hand
 * (`adjust-position` off, its height becomes bottom padding) and the safe area by `env(safe-area-inset-bottom)`.
 * With `voice` on, a button switches to hold-to-talk: press to record, slide up to cancel, release to send
 * the recording for transcription (the page does the recording; the text comes back through `value`).
 * A slot in the field holds the page's attachment tray (the tray carries the "＋" button).
 * Emits `send` {text}, `stop`, `draft-change` {value}, `keyboard-height` {height}, `line-change` (the field grew
 * or shrank), `voice-start` and
 * `voice-end` {action: 'send' | 'cancel'}.
 */
import { releaseAction, type ReleaseAction } from '../../core/hold-to-talk';

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
/** Detail of `voice-end`. */
export interface VoiceEndDetail {
  action: ReleaseAction;
}

/** Which input the composer shows. */
type ComposerMode = 'text' | 'voice';

function touchY(e: WechatMiniprogram.TouchEvent): number {
  const touch = e.touches[0] || e.changedTouches[0];
  return touch ? touch.clientY : 0;
}

/** Per-instance gesture state (not view data). */
const gestures = new WeakMap<object, { startY: number; holding: boolean }>();
/** Per-instance last `value` put into the composer, so an unchanged value does not overwrite the user's edits. */
const appliedValues = new WeakMap<object, string>();

Component({
  properties: {
    generating: { type: Boolean, value: false },
    /** Set by the page to put text back (a failed send, a transcription); the composer owns the text afterwards. */
    value: { type: String, value: '' },
    maxlength: { type: Number, value: COMPOSER_MAXLENGTH },
    placeholder: { type: String, value: '发消息…' },
    /** Shows the voice button (hold-to-talk). */
    voice: { type: Boolean, value: false },
    /** The page's voice phase: idle | recording | transcribing. */
    voicePhase: { type: String, value: 'idle' },
    /** Attachments are waiting above the composer: send works without text. */
    hasAttachments: { type: Boolean, value: false },
  },
  data: { text: '', keyboardHeight: 0, mode: 'text' as ComposerMode, holding: false, cancelling: false },
  observers: {
    value(value: string) {
      // Re-rendering the parent can set the same value again (simulators do): only a new value is applied.
      if (appliedValues.get(this) === value) return;
      appliedValues.set(this, value);
      if (!value) return;
      this.setData({ text: value, mode: 'text' });
      // The page must learn the restored text too, or voice input would replace it instead of appending.
      this.triggerEvent('draft-change', { value } as InputDetail);
    },
  },
  methods: {
    onInput(e: WechatMiniprogram.TextareaInput) {
      this.setData({ text: e.detail.value });
      this.triggerEvent('draft-change', { value: e.detail.value } as InputDetail);
    },
    onLineChange() {
      this.triggerEvent('line-change', {});
    },
    onKeyboardHeight(e: WechatMiniprogram.CustomEvent<{ height: number }>) {
      const height = e.detail.height || 0;
      this.setData({ keyboardHeight: height });
      this.triggerEvent('keyboard-height', { height } as KeyboardHeightDetail);
    },
    onSend() {
      const text = String(this.data.text).trim();
      if ((!text && !this.data.hasAttachments) || this.data.generating) return;
      this.setData({ text: '' });
      this.triggerEvent('draft-change', { value: '' } as InputDetail);
      this.triggerEvent('send', { text } as SendDetail);
    },
    onStop() {
      this.triggerEvent('stop', {});
    },
    onToggleMode() {
      this.setData({ mode: this.data.mode === 'voice' ? 'text' : 'voice' });
    },
    onVoiceStart(e: WechatMiniprogram.TouchEvent) {
      if (this.data.voicePhase === 'transcribing') return;
      gestures.set(this, { startY: touchY(e), holding: true });
      this.setData({ holding: true, cancelling: false });
      this.triggerEvent('voice-start', {});
    },
    onVoiceMove(e: WechatMiniprogram.TouchEvent) {
      const g = gestures.get(this);
      if (!g || !g.holding) return;
      const cancelling = releaseAction(g.startY, touchY(e)) === 'cancel';
      if (cancelling !== this.data.cancelling) this.setData({ cancelling });
    },
    onVoiceEnd(e: WechatMiniprogram.TouchEvent) {
      const g = gestures.get(this);
      if (!g || !g.holding) return;
      g.holding = false;
      const action = releaseAction(g.startY, touchY(e));
      this.setData({ holding: false, cancelling: false });
      this.triggerEvent('voice-end', { action } as VoiceEndDetail);
    },
    onVoiceCancel() {
      const g = gestures.get(this);
      if (!g || !g.holding) return;
      g.holding = false;
      this.setData({ holding: false, cancelling: false });
      this.triggerEvent('voice-end', { action: 'cancel' } as VoiceEndDetail);
    },
  },
});
