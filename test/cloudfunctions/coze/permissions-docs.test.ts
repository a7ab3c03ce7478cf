/**
 * One truth for the Coze OAuth permissions: the table in code (src/coze/permissions.ts, which names the missing
 * permission on a 4101), the doctor's probes, the README's permission table and the function README agree.
 * Sources: list_message.md (权限 chat、listMessage), delete_message.md (deleteMessage).
 */
import { readFileSync } from 'fs';
import path from 'path';
import { knownPermissions, permissionFor } from '../../../cloudfunctions/coze/src/coze/permissions';
import { PERMISSIONS, PERMISSION_USERS } from '../../../tools/cli/doctor-fixes';

const ROOT = path.resolve(__dirname, '../../..');
const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const functionReadme = readFileSync(path.join(ROOT, 'cloudfunctions/coze/README.md'), 'utf8');

/** Rows of the README's "permission | needed by" table: permission → needed-by text. */
function readmeTable(): Map<string, string> {
  const start = readme.indexOf('| permission | needed by |');
  expect(start).toBeGreaterThan(-1);
  const rows = new Map<string, string>();
  for (const line of readme.slice(start).split('\n').slice(2)) {
    const match = /^\s*\| `(\w+)` \| (.*) \|\s*$/.exec(line);
    if (!match) break;
    rows.set(match[1], match[2]);
  }
  return rows;
}

test('the README permission table, the doctor and the code name the same permissions', () => {
  const table = readmeTable();
  expect([...table.keys()].sort()).toEqual([...PERMISSIONS].sort());
  expect(knownPermissions().sort()).toEqual([...PERMISSIONS].sort());
});

test('message.list needs chat AND listMessage (list_message.md): code, README and doctor say so', () => {
  expect(permissionFor('POST /v1/conversation/message/list')).toBe('chat + listMessage');
  const table = readmeTable();
  expect(table.get('chat')).toContain('message.list');
  expect(table.get('listMessage')).toContain('message.list');
  expect(PERMISSION_USERS.chat).toContain('message.list');
  expect(PERMISSION_USERS.listMessage).toContain('message.list');
});

test('every "needs the OAuth permission X" in the function README is what the code says for that endpoint', () => {
  const mentions = [...functionReadme.matchAll(/`(\/v\d\/[^`]+)`, needs the OAuth permission `(\w+)`/g)];
  expect(mentions.length).toBeGreaterThan(0);
  for (const [, endpoint, permission] of mentions) {
    const inCode = ['POST', 'GET', 'PUT', 'DELETE'].map((method) => permissionFor(`${method} ${endpoint}`)).find(Boolean);
    expect([endpoint, permission]).toEqual([endpoint, inCode]);
  }
  expect(permissionFor('POST /v1/conversation/message/delete')).toBe('deleteMessage');
});
