/** Number formatting shared by the table rows, so every figure carries its unit the same way. */

/** Milliseconds with two decimals. */
export function ms(value: number): string {
  return `${value.toFixed(2)} ms`;
}

/** Small durations in microseconds (below 1 ms), larger ones in milliseconds. */
export function fine(value: number): string {
  return value < 1 ? `${(value * 1000).toFixed(1)} µs` : ms(value);
}

/** A ratio such as 1.23×. */
export function times(value: number): string {
  return `${value.toFixed(2)}×`;
}

/** Bytes with thousands separators. */
export function bytes(value: number): string {
  return `${Math.round(value).toLocaleString('en-US')} B`;
}

/** A share as a percentage. */
export function percent(value: number): string {
  return `${Math.round(value * 100)} %`;
}
