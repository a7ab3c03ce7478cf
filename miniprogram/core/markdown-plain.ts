/**
 * Markdown → plain text for the clipboard ("复制" on an answer): what a reader sees, without `**`, `#`, `|` or
 * link syntax. Code blocks keep their text exactly; list items keep their bullet or number; table cells are
 * separated by tabs (they paste into a spreadsheet); a link keeps its address after its text.
 */
import { tokenize, type MdBlock, type MdRun } from './markdown';

function runsText(runs: readonly MdRun[] | undefined): string {
  const list = runs ?? [];
  let out = '';
  list.forEach((run, i) => {
    out += run.src ? run.t || run.src : run.t;
    const next = list[i + 1];
    // A link's runs share its href: the address goes once, after the last of them.
    if (run.href && (!next || next.href !== run.href)) {
      const text = list.filter((r) => r.href === run.href).map((r) => r.t).join('');
      if (text !== run.href) out += ` (${run.href})`;
    }
  });
  return out;
}

function blockText(block: MdBlock): string {
  switch (block.kind) {
    case 'code':
      return (block.segs ?? []).join('');
    case 'hr':
      return '———';
    case 'table':
      return [block.header ?? [], ...(block.rows ?? [])].map((row) => row.map(runsText).join('\t')).join('\n');
    default: {
      const indent = '  '.repeat(Math.max(0, (block.indent ?? 0) - 1));
      const marker = block.marker ? `${block.marker} ` : block.indent ? '  ' : '';
      return `${indent}${marker}${runsText(block.runs)}`;
    }
  }
}

/** The text of a markdown answer as a reader sees it (for copying). */
export function markdownToPlain(markdown: string): string {
  const blocks = tokenize(markdown);
  let out = '';
  blocks.forEach((block, i) => {
    if (i > 0) {
      const prev = blocks[i - 1];
      // List items follow each other line by line; other blocks are separated by a blank line.
      out += prev.indent && block.indent ? '\n' : '\n\n';
    }
    out += blockText(block);
  });
  return out;
}
