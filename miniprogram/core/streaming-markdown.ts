/**
 * Incremental tokenising of a growing answer. Top-level markdown blocks that are followed by another block
 * are treated as finished: they are converted once and kept (same object references, so a diff skips them),
 * and only the text after them is lexed again on each flush. The final answer is tokenised whole.
 *
 * `hideTail` (by default streaming-tail.ts `hideUnfinished`) trims half-typed syntax off the end before it
 * is lexed. It sees only the unfinished tail, never the finished blocks: the tail starts at a block boundary
 * outside any code fence, and finished blocks are already rendered. Running it over the whole text made every flush
 * scan the whole answer again; on the tail the result is the same, except where a finished block (a heading, a
 * table) ended in syntax that looked unfinished, which the whole-text road hid for a moment and this one shows.
 */
import type { Token } from 'marked';
import { lexTop, plainBlocks, tokensToBlocks, type MdBlock } from './markdown';
import { hideUnfinished } from './streaming-tail';

/** Blank lines and link reference definitions ("[1]: https://…"), which marked keeps out of its token list. */
const LINK_DEFINITIONS = /^(?:[ \t]*\n| {0,3}\[[^\]\n]+\]:[^\n]*(?:\n|$))*$/;

/**
 * How many of `finished` can be placed one after another from the start of `lexed`, and where the last one ends.
 * Text marked left out of the tokens is stepped over when it is only link definitions (they render nothing); any
 * other gap stops the placement there, and the tokens after it are lexed again on the next flush (always right).
 */
function place(lexed: string, finished: readonly Token[]): { count: number; end: number } {
  let end = 0;
  let count = 0;
  for (const token of finished) {
    const at = lexed.indexOf(token.raw, end);
    if (at < 0 || !LINK_DEFINITIONS.test(lexed.slice(end, at))) break;
    end = at + token.raw.length;
    count += 1;
  }
  return { count, end };
}

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
      const lexed = this.hideTail(text.slice(this.offset));
      const tokens = this.lex(lexed);
      let last = tokens.length - 1;
      while (last > 0 && tokens[last].type === 'space') last--;
      // Finished blocks are kept only where their text is found: summing their lengths instead fell behind a link
      // definition and showed the paragraphs after it twice while the answer streamed.
      const { count, end } = last > 0 ? place(lexed, tokens.slice(0, last)) : { count: 0, end: 0 };
      this.stable = this.stable.concat(tokensToBlocks(tokens.slice(0, count)));
      this.offset += end;
      this.lastTail = text.slice(this.offset);
      return this.stable.concat(tokensToBlocks(tokens.slice(count)));
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
