/**
 * Runs in a FRESH node process (any version from 16 on, hence plain JS): optionally preloads one module
 * untimed, then times one require() and prints {"ms": …} as JSON. Used by bench/cold-start.ts.
 */
'use strict';
const [target, preload] = process.argv.slice(2);
if (!target) {
  process.stderr.write('usage: node bench/require-probe.js <module-or-path> [preload-module]\n');
  process.exit(2);
}
if (preload) require(preload);
const start = process.hrtime.bigint();
require(target);
const ms = Number(process.hrtime.bigint() - start) / 1e6;
process.stdout.write(JSON.stringify({ ms }) + '\n');
