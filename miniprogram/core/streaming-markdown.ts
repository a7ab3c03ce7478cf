/**
 * Incremental tokenising of a growing answer. Top-level markdown blocks that are followed by another block
 * are treated as finished: they are converted once and kept (same object references, so a diff skips them),
 * and only the text after them is lexed again on each flush. The final answer is tokenised whole.
 *
 * `hideTail` (by default streaming-tail.ts `hideUnfinished`) trims half-typed syntax off the end before it
 * is lexed. It sees only the unfinished tail, never the finished blocks: the tail starts at a block boundary
 * outside any code fence, and finished blocks are already rendered, so nothing before it can be hidden. Running it
 * over the whole text instead made every flush scan the whole answer again.
 */
import type { Token } from 'marked';
import { lexTop, plainBlocks, tokensToBlocks, type MdBlock } from './markdown';
import { hideUnfinished } from './streaming-tail';

/** Keeps the finished blocks of one streaming answer and re-lexes only its tail. */
export class StreamingMarkdown {
  private stable: MdBlock[] = [];
  private offset = 0;
  private failed = false;
  /** The unfinished tail of the previous call: finished blocks are only valid while the new text extends it. */
  private lastTail = '';

  constructor(
    private readonly lex: (text: string) => Token[] = lexTop,
    private readonly hideTail: (tail: string) => string = hideUnfinished,
  ) {}

  /**
   * The blocks of `text`; a text that does not extend the previous one (a poll result, a rewrite) starts over.
   * "Extends" is checked on the unfinished tail only (a bounded compare): comparing the whole previous text on
   * every flush made the streamed cost grow with the square of the answer's length. The finished part is
   * trusted: live snapshots only ever grow, and a final answer is tokenised whole (setdata-chat-state.ts).
   */
  update(text: string): MdBlock[] {
    if (text.length < this.offset + this.lastTail.length || !text.startsWith(this.lastTail, this.offset)) {
      this.stable = [];
      this.offset = 0;
      this.failed = false;
    }
    if (this.failed) {
      this.lastTail = text;
      return plainBlocks(text);
    }
    try {
      const tokens = this.lex(this.hideTail(text.slice(this.offset)));
      let last = tokens.length - 1;
      while (last > 0 && tokens[last].type === 'space') last--;
      if (last > 0) {
        const finished = tokens.slice(0, last);
        this.stable = this.stable.concat(tokensToBlocks(finished));
        this.offset += finished.reduce((sum, t) => sum + t.raw.length, 0);
      }
      this.lastTail = text.slice(this.offset);
      return this.stable.concat(tokensToBlocks(tokens.slice(Math.max(last, 0))));
    } catch {
      // From here on the whole text is one plain paragraph, compared whole (a rare path).
      this.failed = true;
      this.stable = [];
      this.offset = 0;
      this.lastTail = text;
      return plainBlocks(text);
    }
  }
}
