/** Id makers: message ids for optimistic messages and the 32-hex stream id the stream channel needs. */

/** A source of random numbers in [0, 1); injected so tests are reproducible. */
export type RandomSource = () => number;

const HEX = '0123456789abcdef';
const STREAM_ID_LENGTH = 32;

/** A stream id as DESIGN.md section 5 requires: 32 lowercase hex characters, made by the client. */
export function makeStreamId(random: RandomSource = Math.random): string {
  let id = '';
  for (let i = 0; i < STREAM_ID_LENGTH; i++) id += HEX[Math.floor(random() * HEX.length)];
  return id;
}

/** Makes `local-1`, `local-2`, …: ids for messages that exist only on this device so far. */
export function counterIds(prefix = 'local'): () => string {
  let n = 0;
  return () => `${prefix}-${++n}`;
}
