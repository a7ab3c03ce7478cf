/** `npm start` entry point: runs the terminal chat (see start-app.ts) and exits with its code. */
import { runStart } from './start-app';

runStart(process.argv.slice(2), { out: process.stdout, err: process.stderr, env: process.env })
  .then((code) => process.exit(code))
  .catch((err: Error) => {
    process.stderr.write(`npm start failed: ${err.message}\n`);
    process.exit(1);
  });
