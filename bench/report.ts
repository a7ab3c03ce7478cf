/**
 * One row per reported figure, with its target and a pass/miss mark, rendered as a console table and as
 * the Markdown of bench/RESULTS.md, so the printed run and the committed sample say the same thing.
 */

/** Whether a figure met its target; `info` rows have no target (context only). */
export type Verdict = 'pass' | 'miss' | 'info';

/** One reported figure. */
export interface Row {
  section: string;
  metric: string;
  value: string;
  target: string;
  verdict: Verdict;
}

/** A row with a target. */
export function judged(section: string, metric: string, value: string, target: string, pass: boolean): Row {
  return { section, metric, value, target, verdict: pass ? 'pass' : 'miss' };
}

/** A row for context, without a target. */
export function info(section: string, metric: string, value: string): Row {
  return { section, metric, value, target: '–', verdict: 'info' };
}

const MARKS: Record<Verdict, string> = { pass: 'PASS', miss: 'MISS', info: '' };

/** Fixed-width console table. */
export function renderTable(rows: readonly Row[]): string {
  const cells = rows.map((r) => [r.section, r.metric, r.value, r.target, MARKS[r.verdict]]);
  const header = ['section', 'metric', 'value', 'target', ''];
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]): string => c.map((cell, i) => cell.padEnd(widths[i])).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}

/** Markdown table (pipes in cells escaped). */
export function renderMarkdownTable(rows: readonly Row[]): string {
  const esc = (text: string): string => text.replace(/\|/g, '\\|');
  const out = ['| section | metric | value | target | |', '| --- | --- | --- | --- | --- |'];
  for (const r of rows) out.push(`| ${esc(r.section)} | ${esc(r.metric)} | ${esc(r.value)} | ${esc(r.target)} | ${MARKS[r.verdict]} |`);
  return out.join('\n');
}
