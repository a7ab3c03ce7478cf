/**
 * Loads the built cloud function bundle (`cloudfunctions/coze/index.js`) so local tools run exactly what
 * DevTools uploads, and explains how to fix it when it is missing or not the expected shape.
 */
import * as fs from 'fs';
import { createRequire } from 'module';
import * as path from 'path';
import type { CloudFunctionModule } from './cloud-types';

/** Where `npm run build` writes the bundle. */
export const FUNCTION_BUNDLE = path.join(__dirname, '..', '..', 'cloudfunctions', 'coze', 'index.js');

function isFunctionModule(value: unknown): value is CloudFunctionModule {
  if (typeof value !== 'object' || value === null) return false;
  const mod = value as { main?: unknown; localStreams?: { watch?: unknown } };
  return typeof mod.main === 'function' && typeof mod.localStreams?.watch === 'function';
}

/**
 * Requires the bundle. The COZE_* variables must be in process.env before the first call to `main`
 * (the function reads its configuration from the environment).
 */
export function loadFunctionModule(file: string = FUNCTION_BUNDLE): CloudFunctionModule {
  if (!fs.existsSync(file)) {
    throw new Error(`${file} is missing: run \`npm run build\` to build the cloud function bundle.`);
  }
  const mod: unknown = createRequire(__filename)(file);
  if (!isFunctionModule(mod)) {
    throw new Error(`${file} does not export { main, localStreams }: rebuild it with \`npm run build\`.`);
  }
  return mod;
}
