/**
 * The record of what the integration wrote (`<subpackage>/.coze-weapp.json`): the content hash of every file,
 * so a re-run knows which files are still ours and untouched (safe to update) and which the developer edited.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { IntegrateError } from './integrate-error';

/** File name of the manifest inside the subpackage folder. */
export const MANIFEST_NAME = '.coze-weapp.json';

/** What the manifest holds; paths are project-relative and `/`-separated. */
export interface Manifest {
  generator: 'coze-weapp';
  version: string;
  subpackage: string;
  /** path → sha256 of the content we wrote. */
  files: Record<string, string>;
}

/** sha256 hex of some bytes. */
export function hashOf(content: Buffer | string): string {
  return createHash('sha256').update(content).digest('hex');
}

/** Reads a manifest, or null when there is none; a broken one is an error naming the file. */
export function readManifest(file: string): Manifest | null {
  if (!fs.existsSync(file)) return null;
  try {
    const value = JSON.parse(fs.readFileSync(file, 'utf8')) as Manifest;
    if (value.generator !== 'coze-weapp' || typeof value.files !== 'object') throw new Error('not a coze-weapp manifest');
    return value;
  } catch (err) {
    throw new IntegrateError(`${file} is damaged (${(err as Error).message}): restore it from version control, or delete it and re-run with --force.`);
  }
}

/** The manifest's text: keys sorted, no timestamps, so the same files give the same bytes. */
export function manifestText(manifest: Manifest): string {
  const files = Object.fromEntries(Object.entries(manifest.files).sort(([a], [b]) => (a < b ? -1 : 1)));
  return `${JSON.stringify({ ...manifest, files }, null, 2)}\n`;
}

/** Where the manifest of subpackage `name` lives under the mini-program root `mpRoot` (absolute). */
export function manifestPath(mpRoot: string, name: string): string {
  return path.join(mpRoot, name, MANIFEST_NAME);
}
