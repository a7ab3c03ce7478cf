/**
 * While an answer streams, its last characters are often half-typed markdown: "和 [" before a link, "**" before
 * bold text, a lone "|" or "-" that starts a table row or a list item. Rendered as they are, they flash as raw
 * syntax for a moment. `hideUnfinished` cuts the text before any such unfinished construct of the last
 * paragraph; the result is always a prefix of the text, so the incremental tokenizer keeps its finished blocks.
 * The final answer is rendered whole (nothing is hidden once the answer is complete).
 */

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
/** A last line that is only the start of a block marker: list bullet, number, heading, fence, rule, setext. */
const BARE_MARKER = /^ {0,3}([-*+]|\d{1,9}[.)]?|#{1,6}|`{1,2}|~{1,2}|=+|-+|>)[ \t]*$/;
/** A last line that starts a link reference definition ("[1]: https://…"): shown once complete, as nothing. */
const DEFINITION_START = /^ {0,3}\[[^\]\n]*\]:/;
const TABLE_DELIMITER = /^ {0,3}\|?[ \t]*:?-+:?[ \t]*(\|[ \t]*:?-*:?[ \t]*)*\|?[ \t]*$/;

/** Whether the text ends inside an open code fence (code is shown as it comes). */
function insideFence(lines: string[]): boolean {
  let open = '';
  for (const line of lines) {
    const m = FENCE.exec(line);
    if (!m) continue;
    if (!open) open = m[1][0];
    else if (m[1][0] === open) open = '';
  }
  return open !== '';
}

interface Opener {
  mark: string;
  at: number;
}

/** Index in `para` where an unclosed inline construct starts (emphasis, code span, link, image), or -1. */
export function unfinishedInlineAt(para: string): number {
  const open: Opener[] = [];
  let i = 0;
  while (i < para.length) {
    const ch = para[i];
    if (ch === '\\') {
      i += 2;
      continue;
    }
    if (ch === '`') {
      let n = 1;
      while (para[i + n] === '`') n++;
      const close = para.indexOf('`'.repeat(n), i + n);
      if (close < 0) return earliest(open, i);
      i = close + n;
      continue;
    }
    if (ch === '[' || (ch === '!' && para[i + 1] === '[')) {
      open.push({ mark: '[', at: i });
      i += ch === '!' ? 2 : 1;
      continue;
    }
    if (ch === ']') {
      const k = lastIndex(open, '[');
      if (k >= 0) {
        if (i + 1 >= para.length) return earliest(open, -1);
        if (para[i + 1] === '(') {
          const end = para.indexOf(')', i + 2);
          if (end < 0) return earliest(open, -1);
          open.splice(k);
          i = end + 1;
          continue;
        }
        open.splice(k, 1);
      }
      i += 1;
      continue;
    }
    if (ch === '*' || ch === '_' || ch === '~') {
      let n = 1;
      while (para[i + n] === ch) n++;
      const mark = ch.repeat(Math.min(n, 2));
      const before = i > 0 ? para[i - 1] : ' ';
      const after = i + n < para.length ? para[i + n] : '';
      const k = lastIndex(open, mark);
      const canClose = !/\s/.test(before) && k >= 0;
      const canOpen = after === '' || !/\s/.test(after);
      const wordInside = ch === '_' && /\w/.test(before);
      if (canClose) open.splice(k);
      else if (canOpen && !wordInside && (ch !== '~' || n >= 2)) open.push({ mark, at: i });
      i += n;
      continue;
    }
    i += 1;
  }
  return earliest(open, -1);
}

function lastIndex(open: Opener[], mark: string): number {
  for (let k = open.length - 1; k >= 0; k--) if (open[k].mark === mark) return k;
  return -1;
}

function earliest(open: Opener[], also: number): number {
  let at = also;
  for (const o of open) if (at < 0 || o.at < at) at = o.at;
  return at;
}

/** The streaming text without its unfinished trailing syntax (always a prefix of `text`). */
export function hideUnfinished(text: string): string {
  const lines = text.split('\n');
  const last = lines[lines.length - 1];
  if (insideFence(lines)) {
    // A fence opened on the last line ("```js" still being typed) shows once its line is complete; code shows as it comes.
    return FENCE.test(last) && !insideFence(lines.slice(0, -1)) ? text.slice(0, text.length - last.length) : text;
  }
  // The last paragraph: from after the last blank line (or fence line) to the end.
  let start = lines.length - 1;
  while (start > 0 && lines[start - 1].trim() !== '' && !FENCE.test(lines[start - 1])) start--;
  const paraStart = text.length - lines.slice(start).join('\n').length;
  let cut = text.length;
  if (BARE_MARKER.test(last) || DEFINITION_START.test(last)) cut = text.length - last.length;
  // A table shows once its header and delimiter rows are complete; until then its rows are hidden.
  const para = lines.slice(start);
  if (/^ {0,3}\|/.test(para[0])) {
    const complete = para.length >= 3 || (para.length === 2 && para[1] === '');
    if (!complete || !TABLE_DELIMITER.test(para[1])) cut = Math.min(cut, paraStart);
  } else if (/^ {0,3}\|/.test(last)) {
    cut = Math.min(cut, text.length - last.length);
  }
  const inline = unfinishedInlineAt(text.slice(paraStart, cut));
  if (inline >= 0) cut = paraStart + inline;
  return text.slice(0, cut);
}
