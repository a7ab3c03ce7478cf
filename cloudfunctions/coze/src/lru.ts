/** A bounded least-recently-used map: per-user caches must not grow with the number of users. */
export class Lru<K, V> {
  private readonly map = new Map<K, V>();

  constructor(private readonly max: number) {}

  /** The value, refreshed as most recently used. */
  get(key: K): V | undefined {
    const value = this.map.get(key);
    if (value === undefined) return undefined;
    this.map.delete(key);
    this.map.set(key, value);
    return value;
  }

  /** Stores the value and evicts the least recently used entry when full. */
  set(key: K, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    while (this.map.size > this.max) {
      const oldest = this.map.keys().next();
      if (oldest.done) break;
      this.map.delete(oldest.value);
    }
  }

  /** Forgets one entry. */
  delete(key: K): void {
    this.map.delete(key);
  }

  /** Number of entries, for tests that prove the bound. */
  get size(): number {
    return this.map.size;
  }
}
