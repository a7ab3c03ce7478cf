/**
 * The empty conversation: the bot's avatar, name and prologue (from `bot.info`), and its suggested
 * questions as chips. Emits `suggestion-tap` with the question.
 */

/** Detail of `suggestion-tap`. */
export interface SuggestionTapDetail {
  text: string;
}

Component({
  properties: {
    bot: { type: Object, value: {} },
  },
  methods: {
    onSuggestion(e: WechatMiniprogram.TouchEvent) {
      this.triggerEvent('suggestion-tap', { text: String(e.currentTarget.dataset.text) } as SuggestionTapDetail);
    },
  },
});
