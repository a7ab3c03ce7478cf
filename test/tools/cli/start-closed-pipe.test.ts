/**
 * `npm start -- --say … | head -1`: the reader closes stdout after the first line. The process stops quietly with
 * exit 0: no unhandled EPIPE stack on stderr (tools/cli/start.ts).
 */
import { spawn } from 'child_process';
import path from 'path';

const ROOT = path.resolve(__dirname, '../../..');

test('a reader that closes the pipe after the first chunk ends npm start --say quietly, exit 0', async () => {
  const child = spawn(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'tools/cli/start.ts', '--say', '你好 #mode:think #mode:tool'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let chunks = 0;
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout.on('data', () => {
    chunks += 1;
    child.stdout.destroy();
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  expect(chunks).toBeGreaterThan(0);
  expect(stderr).not.toMatch(/EPIPE|Unhandled|at .*\.ts:\d+/);
  expect(code).toBe(0);
}, 60_000);
