/**
 * Carries out a plan: writes new and updated files of ours, never a file the developer edited (unless --force),
 * removes files a newer release dropped, applies the host edits, and records every hash in the manifest.
 * With dryRun it only reports. A run whose sources did not change writes nothing at all.
 */
import * as fs from 'fs';
import * as path from 'path';
import { type Manifest, hashOf, manifestText } from './manifest';
import type { Plan } from './plan';

/** What happened (or would happen) to one path. */
export type ChangeKind = 'create' | 'update' | 'delete' | 'edit' | 'skip-edited' | 'skip-foreign' | 'keep-edited';

/** One line of the report. */
export interface Change {
  kind: ChangeKind;
  path: string;
  detail?: string;
}

/** The result of a run. */
export interface ApplyResult {
  changes: Change[];
  unchanged: number;
  /** True when nothing was (or would be) written. */
  noop: boolean;
}

function readIfExists(file: string): Buffer | null {
  try {
    return fs.readFileSync(file);
  } catch {
    return null;
  }
}

function write(file: string, content: Buffer | string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
}

/** Applies (or, with dryRun, only evaluates) `plan`; force overwrites files the developer changed. */
export function applyPlan(plan: Plan, options: { dryRun?: boolean; force?: boolean } = {}): ApplyResult {
  const abs = (rel: string): string => path.join(plan.host.dir, rel);
  const old = plan.oldManifest?.files ?? {};
  const recorded: Record<string, string> = {};
  const changes: Change[] = [];
  const writes: Array<[string, Buffer | string]> = [];
  let unchanged = 0;

  for (const file of plan.files) {
    const wanted = hashOf(file.content);
    const disk = readIfExists(abs(file.path));
    const diskHash = disk ? hashOf(disk) : null;
    const before = old[file.path];
    if (diskHash === wanted) {
      unchanged += 1;
      recorded[file.path] = wanted;
    } else if (diskHash === null || diskHash === before || options.force) {
      changes.push({ kind: diskHash === null ? 'create' : 'update', path: file.path, detail: diskHash !== null && diskHash !== before ? 'overwritten (--force)' : undefined });
      writes.push([file.path, file.content]);
      recorded[file.path] = wanted;
    } else if (before) {
      changes.push({ kind: 'skip-edited', path: file.path, detail: 'you changed it since we wrote it; kept yours (re-run with --force to replace it)' });
      recorded[file.path] = before;
    } else {
      changes.push({ kind: 'skip-foreign', path: file.path, detail: 'exists and is not ours; kept it (re-run with --force to replace it)' });
    }
  }

  const planned = new Set(plan.files.map((f) => f.path));
  const deletes: string[] = [];
  for (const [rel, hash] of Object.entries(old)) {
    if (planned.has(rel)) continue;
    const disk = readIfExists(abs(rel));
    if (!disk) continue;
    if (hashOf(disk) === hash || options.force) {
      changes.push({ kind: 'delete', path: rel, detail: 'no longer part of the chat' });
      deletes.push(rel);
    } else {
      changes.push({ kind: 'keep-edited', path: rel, detail: 'no longer part of the chat, but you changed it: kept; delete it yourself when done' });
    }
  }

  for (const edit of plan.edits) {
    changes.push({ kind: 'edit', path: edit.path, detail: edit.changes.join('; ') });
    writes.push([edit.path, edit.after]);
  }

  const manifest: Manifest = { generator: 'coze-weapp', version: plan.version, subpackage: plan.name, files: recorded };
  const text = manifestText(manifest);
  const manifestRel = path.relative(plan.host.dir, plan.manifestPath).split(path.sep).join('/');
  const oldText = readIfExists(plan.manifestPath)?.toString('utf8');
  if (oldText !== text) writes.push([manifestRel, text]);

  if (!options.dryRun) {
    for (const [rel, content] of writes) write(abs(rel), content);
    for (const rel of deletes) fs.rmSync(abs(rel));
  }
  return { changes, unchanged, noop: writes.length === 0 && deletes.length === 0 };
}
