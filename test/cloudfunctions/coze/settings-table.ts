/** Renders the README settings table from the one settings table in src/settings.ts. */
import { SETTINGS } from '../../../cloudfunctions/coze/src/settings';

/** The markdown table the README must contain, row for row. */
export function renderSettingsTable(): string {
  const rows = Object.values(SETTINGS).map((s) => `| \`${s.name}\` | ${s.fallback === undefined ? 'required' : `\`${s.fallback}\``} | ${s.doc.replace(/\|/g, '\\|')} |`);
  return ['| variable | default | meaning |', '| --- | --- | --- |', ...rows].join('\n');
}

if (process.argv[1] && process.argv[1].endsWith('settings-table.ts')) console.log(renderSettingsTable());
