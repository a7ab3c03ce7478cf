/**
 * Above an answer: one line per tool step ("正在调用 天气查询…", then "已调用 天气查询") and the thinking block,
 * open with "思考中…" while the model thinks, closed by itself once the answer starts (titled with the time it
 * took) and opened again by a tap; history shows it closed. Raw tool arguments and outputs never get here.
 */
import type { ViewStep, ViewThinking } from '../../services/view-model';

Component({
  properties: {
    thinking: { type: Object, value: null },
    steps: { type: Array, value: [] },
  },
  data: { open: false, live: false },
  observers: {
    thinking(value: ViewThinking | null) {
      // Opens while thinking, closes by itself when the answer starts; a tap may open it again after that
      // (later updates of the same state, e.g. the last reasoning being typed, leave the reader's choice alone).
      const live = value !== null && value.live === true;
      if (live !== this.data.live) this.setData({ live, open: live });
    },
  },
  methods: {
    onToggle() {
      const thinking = this.data.thinking as ViewThinking | null;
      if (thinking && !thinking.live) this.setData({ open: !this.data.open });
    },
  },
});

/** The shapes this component draws (re-exported so the bubble's props stay typed in one place). */
export type { ViewStep, ViewThinking };
