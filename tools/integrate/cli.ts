/**
 * `npm run integrate -- --into <host project> [--name coze-chat] [--entry-page pages/index/index] [--dry-run] [--force]`:
 * adds the chat to an existing mini-program and prints what changed and the steps left.
 */
import { integrate } from './integrate';
import { IntegrateError } from './integrate-error';
import type { IntegrateOptions } from './plan';
import type { Change } from './apply';

const USAGE = 'usage: npm run integrate -- --into <mini-program project folder> [--name <subpackage>] [--entry-page <page route>] [--dry-run] [--force]';

/** Parses the command line; throws an IntegrateError naming the bad flag. */
export function parseArgs(argv: string[]): IntegrateOptions {
  const options: Partial<IntegrateOptions> = {};
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i];
    const value = (): string => {
      const v = argv[i + 1];
      if (v === undefined || v.startsWith('--')) throw new IntegrateError(`${flag} needs a value.\n${USAGE}`);
      i += 1;
      return v;
    };
    if (flag === '--into') options.into = value();
    else if (flag === '--name') options.name = value();
    else if (flag === '--entry-page') options.entryPage = value();
    else if (flag === '--dry-run') options.dryRun = true;
    else if (flag === '--force') options.force = true;
    else throw new IntegrateError(`Unknown argument ${flag}.\n${USAGE}`);
  }
  if (!options.into) throw new IntegrateError(`--into is required.\n${USAGE}`);
  return options as IntegrateOptions;
}

const LABEL: Record<Change['kind'], string> = {
  create: 'create', update: 'update', delete: 'delete', edit: 'edit  ', 'skip-edited': 'SKIP  ', 'skip-foreign': 'SKIP  ', 'keep-edited': 'keep  ',
};

function main(): void {
  const options = parseArgs(process.argv.slice(2));
  const result = integrate(options);
  const would = options.dryRun ? 'would ' : '';
  for (const c of result.changes) console.log(`${would}${LABEL[c.kind]} ${c.path}${c.detail ? `  (${c.detail})` : ''}`);
  const where = `subpackage "${result.plan.name}" in ${result.plan.host.dir}`;
  if (result.noop) console.log(`Nothing to change: ${where} is up to date (${result.unchanged} files).`);
  else console.log(`${options.dryRun ? 'Dry run: nothing written' : 'Done'} (${result.unchanged} files already up to date) — ${where}, ${result.plan.host.lang === 'ts' ? 'TypeScript' : 'JavaScript'}.`);
  const skipped = result.changes.filter((c) => c.kind === 'skip-edited' || c.kind === 'skip-foreign');
  if (skipped.length) console.log(`\n${skipped.length} file(s) kept as you have them: ${skipped.map((c) => c.path).join(', ')}. Re-run with --force to replace them.`);
  console.log('\nWhat is left for you:');
  for (const step of result.steps) console.log(step);
}

// `npm run -s integrate -- … | head` closes the pipe early: the rest of the report is simply not wanted.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code !== 'EPIPE') throw err;
});

try {
  main();
} catch (err) {
  console.error(err instanceof IntegrateError ? err.message : (err as Error).stack);
  process.exit(1);
}
