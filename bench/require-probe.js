/**
 * Runs in a FRESH node process (any version from 16 on, hence plain JS): optionally preloads one module
 * untimed, then times require() of one module, or of several given as a comma-separated list, and prints
 * {"ms": …} as JSON. Used by bench/cold-start.ts.
 */
'use strict';
const [target, preload] = process.argv.slice(2);
if (!target) {
  process.stderr.write('usage: node bench/require-probe.js <module-or-path>[,<module-or-path>…] [preload-module]\n');
  process.exit(2);
}
if (preload) require(preload);
const start = process.hrtime.bigint();
for (const name of target.split(',')) require(name);
const ms = Number(process.hrtime.bigint() - start) / 1e6;
process.stdout.write(JSON.stringify({ ms }) + '\n');
