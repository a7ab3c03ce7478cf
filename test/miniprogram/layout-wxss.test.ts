/**
 * Static checks of the layout rules behind two review findings (screenshot 03-markdown-answer.png):
 * a bubble must not grow past the screen when it holds wide code or a table (border-box, min-width 0), and a
 * markdown table must lay its rows out as one grid (table layout: every row shares the column widths; flex rows
 * sized each row on its own, so a long cell made a row wider and the rest showed an empty extra "column").
 * miniprogram-simulate applies no CSS, so the rules are read from the WXSS with postcss; the preview
 * screenshots show the result.
 */
import * as fs from 'fs';
import * as path from 'path';
import postcss from 'postcss';
import { ROOT } from './helpers/simulate';

/** The declarations of the rule whose selector is exactly `selector` (later declarations win). */
function rule(file: string, selector: string): Record<string, string> {
  const out: Record<string, string> = {};
  let found = false;
  postcss.parse(fs.readFileSync(path.join(ROOT, file), 'utf8')).walkRules((r) => {
    if (!r.selectors.includes(selector)) return;
    found = true;
    r.walkDecls((d) => {
      out[d.prop] = d.value;
    });
  });
  if (!found) throw new Error(`${file} has no rule for ${selector}`);
  return out;
}

const BUBBLE = 'components/chat-bubble/chat-bubble.wxss';
const MARKDOWN = 'components/markdown-view/markdown-view.wxss';

describe('bubbles stay inside the screen', () => {
  it('.bubble counts its padding in its max-width and may shrink below its content (wide content scrolls inside)', () => {
    expect(rule(BUBBLE, '.bubble')).toMatchObject({ 'box-sizing': 'border-box', 'min-width': '0', 'max-width': '86%' });
    expect(rule(BUBBLE, '.bubble-assistant')['max-width']).toBe('100%');
  });

  it('code and table scrollers take the width they are given (no width: 100% beside an indent margin)', () => {
    expect(rule(MARKDOWN, '.code-scroll')).toMatchObject({ 'white-space': 'nowrap' });
    expect(rule(MARKDOWN, '.code-scroll').width).toBeUndefined();
    const css = fs.readFileSync(path.join(ROOT, MARKDOWN), 'utf8');
    expect(css).not.toMatch(/\.block-table\s*\{[^}]*width:\s*100%/);
  });
});

describe('markdown tables are one grid', () => {
  it('table, rows and cells use table layout, so every row shares the column widths', () => {
    expect(rule(MARKDOWN, '.table').display).toBe('table');
    expect(rule(MARKDOWN, '.row').display).toBe('table-row');
    expect(rule(MARKDOWN, '.cell').display).toBe('table-cell');
  });

  it('the table is as wide as its columns (it scrolls sideways when wider than the bubble), and a column wraps past a maximum', () => {
    expect(rule(MARKDOWN, '.table').width).toBe('max-content');
    expect(rule(MARKDOWN, '.cell-text')).toMatchObject({ 'min-width': expect.stringMatching(/rpx$/), 'max-width': expect.stringMatching(/rpx$/) });
  });

  it('column lines sit between cells (cell-next), not after the last one against the table border', () => {
    expect(rule(MARKDOWN, '.cell')['border-right']).toBeUndefined();
    expect(rule(MARKDOWN, '.cell-next')['border-left']).toMatch(/solid var\(--coze-border\)/);
  });
});
