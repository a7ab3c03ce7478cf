/**
 * `npm run check:project`: runs the DevTools readiness check on the repository (or the folder given as the
 * first argument) and exits non-zero with one line per problem.
 */
import * as path from 'path';
import { checkProject } from './project-checks';

const root = path.resolve(process.argv[2] ?? '.');
const problems = checkProject(root);
if (problems.length) {
  for (const p of problems) console.error(`${p.file}: ${p.message}`);
  console.error(`\nDevTools readiness check failed (${problems.length} problem${problems.length === 1 ? '' : 's'}): fix the files above.`);
  process.exit(1);
}
console.log('DevTools readiness check passed: project.config.json, pages, components, JSON, sitemap and the coze function folder are in place.');
