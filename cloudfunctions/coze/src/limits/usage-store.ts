/**
 * Where per-user message counts live. Every instance of the function must see the same count, so in
 * CloudBase it is the cloud database (atomic `inc` on one doc per user and window); outside CloudBase
 * (`npm start`, tests) an in-process map stands in for it.
 */
import * as cloud from 'wx-server-sdk';
import { log } from '../log';
import type { Deadline } from '../deadline';
import { AppError } from '../errors';

/** The collection of usage counters (no client reads or writes it; see database-rules.json). */
export const USAGE_COLLECTION = 'coze_usage';

/** Counts events per key; a key belongs to one user and one time window. */
export interface UsageStore {
  /** Adds one to the key's count and resolves with the count after the increment (the database within `deadline`). */
  increment(key: string, expiresAt: number, deadline: Deadline): Promise<number>;
}

/** Most keys the in-process store keeps before it drops the expired ones. */
const MEMORY_PRUNE_AT = 10_000;

/** In-process counters for local runs: one process is one "instance", so this is the shared count there. */
export class MemoryUsageStore implements UsageStore {
  private readonly counts = new Map<string, { count: number; expiresAt: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  async increment(key: string, expiresAt: number): Promise<number> {
    const entry = this.counts.get(key);
    const count = entry && entry.expiresAt > this.now() ? entry.count + 1 : 1;
    this.counts.set(key, { count, expiresAt });
    if (this.counts.size > MEMORY_PRUNE_AT) this.prune();
    return count;
  }

  /** Number of live keys, for tests that prove the map stays bounded. */
  get size(): number {
    return this.counts.size;
  }

  private prune(): void {
    const now = this.now();
    for (const [key, entry] of this.counts) if (entry.expiresAt <= now) this.counts.delete(key);
  }
}

/** The few database calls the counter needs, typed narrowly (wx-server-sdk's own typings are loose). */
interface UsageCollection {
  doc(id: string): {
    update(options: { data: Record<string, unknown> }): Promise<{ stats: { updated: number } }>;
    get(): Promise<{ data: Record<string, unknown> }>;
  };
  add(options: { data: Record<string, unknown> }): Promise<unknown>;
  where(query: Record<string, unknown>): { remove(): Promise<unknown> };
}

const CLEANUP_INTERVAL_MS = 60 * 60 * 1000;
const WHAT = `the ${USAGE_COLLECTION} counter (cloud database)`;

/**
 * Counters in the cloud database: `update` with `db.command.inc(1)` is atomic across instances. The first
 * message of a window finds no doc (`updated: 0`) and creates it with `add` and a fixed `_id`; if another
 * instance created it in between, `add` fails on the duplicate `_id` and we increment the doc it made. (A `set`
 * would overwrite that instance's count, which is why creation does not use `set`.)
 */
export class DatabaseUsageStore implements UsageStore {
  private lastCleanup = 0;

  private collection(): UsageCollection {
    return cloud.database().collection(USAGE_COLLECTION) as unknown as UsageCollection;
  }

  async increment(key: string, expiresAt: number, deadline: Deadline): Promise<number> {
    const inc = { count: cloud.database().command.inc(1) };
    const doc = this.collection().doc(key);
    const first = await deadline.race(doc.update({ data: inc }), WHAT);
    if (first.stats.updated === 0) {
      try {
        await deadline.race(this.collection().add({ data: { _id: key, count: 1, expiresAt } }), WHAT);
        this.cleanup();
        return 1;
      } catch (error) {
        if (error instanceof AppError) throw error;
        // Created by another instance a moment ago: count on its document.
        await deadline.race(doc.update({ data: inc }), WHAT);
      }
    }
    const read = await deadline.race(doc.get(), WHAT);
    const count = read.data.count;
    return typeof count === 'number' ? count : 1;
  }

  private cleanup(): void {
    const now = Date.now();
    if (now - this.lastCleanup < CLEANUP_INTERVAL_MS) return;
    this.lastCleanup = now;
    this.collection()
      .where({ expiresAt: cloud.database().command.lt(now) })
      .remove()
      .catch((error: unknown) => log.warn('usage.cleanup_failed', { reason: error instanceof Error ? error.message : String(error) }));
  }
}
