/**
 * `npm run preview -- --app <project>`: the folder holding app.json of a mini-program PROJECT (the folder with
 * project.config.json, e.g. a host after `npm run integrate`), read from its `miniprogramRoot`.
 */
import * as fs from 'fs';
import * as path from 'path';

/** The app.json folder of the project at `projectDir`; throws with the fix when it is not a mini-program project. */
export function appRootOf(projectDir: string): string {
  const file = path.join(path.resolve(projectDir), 'project.config.json');
  let config: { miniprogramRoot?: unknown };
  try {
    config = JSON.parse(fs.readFileSync(file, 'utf8')) as { miniprogramRoot?: unknown };
  } catch (err) {
    throw new Error(`--app ${projectDir}: cannot read ${file} (${(err as Error).message}); pass the folder you open in WeChat DevTools.`);
  }
  // Without miniprogramRoot, DevTools uses the project folder itself.
  return path.join(path.dirname(file), typeof config.miniprogramRoot === 'string' ? config.miniprogramRoot : '.');
}
