import { readFileSync } from 'fs';
import path from 'path';
import { renderSettingsTable } from './settings-table';

test('the README settings table is the one generated from src/settings.ts', () => {
  const readme = readFileSync(path.resolve(__dirname, '../../../cloudfunctions/coze/README.md'), 'utf8');
  const table = renderSettingsTable();
  if (!readme.includes(table)) {
    throw new Error(`cloudfunctions/coze/README.md is missing this table (print it with npx tsx test/cloudfunctions/coze/settings-table.ts):\n${table}`);
  }
});
