/** Id makers for optimistic messages (stream ids are secure random: services/random-hex.ts). */

/** A source of random numbers in [0, 1); injected so tests are reproducible. */
export type RandomSource = () => number;

/** Makes `local-1`, `local-2`, …: ids for messages that exist only on this device so far. */
export function counterIds(prefix = 'local'): () => string {
  let n = 0;
  return () => `${prefix}-${++n}`;
}
