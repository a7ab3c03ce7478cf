/**
 * The empty conversation: the bot's avatar (or, without an icon or when it fails to load, the name's first
 * character in a coloured circle), name and prologue (from `bot.info`), and its suggested questions as chips.
 * Emits `suggestion-tap` with the question.
 */

/** Detail of `suggestion-tap`. */
export interface SuggestionTapDetail {
  text: string;
}

Component({
  properties: {
    bot: { type: Object, value: {} },
  },
  data: {
    /** The icon failed to load: the fallback (the name's first character) is shown instead. */
    iconFailed: false,
  },
  observers: {
    'bot.iconUrl'() {
      // A new icon gets a new chance to load.
      if (this.data.iconFailed) this.setData({ iconFailed: false });
    },
  },
  methods: {
    onIconError() {
      this.setData({ iconFailed: true });
    },
    onSuggestion(e: WechatMiniprogram.TouchEvent) {
      this.triggerEvent('suggestion-tap', { text: String(e.currentTarget.dataset.text) } as SuggestionTapDetail);
    },
  },
});
