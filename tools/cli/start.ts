/** `npm start` entry point: runs the terminal chat (see start-app.ts) and exits with its code. */
import { runStart } from './start-app';

// `npm start -- --say … | head -1` closes the pipe early: the rest is not wanted, so stop quietly, local servers and all.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code !== 'EPIPE') throw err;
  process.exit(0);
});

runStart(process.argv.slice(2), { out: process.stdout, err: process.stderr, env: process.env })
  .then((code) => process.exit(code))
  .catch((err: Error) => {
    process.stderr.write(`npm start failed: ${err.message}\n`);
    process.exit(1);
  });
