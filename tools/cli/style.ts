/**
 * Terminal styling: colours only when stdout is a TTY and NO_COLOR is unset (https://no-color.org), plain
 * text otherwise, so `npm start -- --say` output can be piped and compared.
 */

/** The colours the CLI uses, by meaning rather than by hue. */
export type Tone = 'bot' | 'user' | 'dim' | 'ok' | 'fail' | 'warn' | 'accent' | 'bold';

const CODES: Record<Tone, [number, number]> = {
  bot: [36, 39],
  user: [32, 39],
  dim: [2, 22],
  ok: [32, 39],
  fail: [31, 39],
  warn: [33, 39],
  accent: [35, 39],
  bold: [1, 22],
};

/** Applies a tone to text; the plain style returns text unchanged. */
export interface Style {
  readonly color: boolean;
  paint(tone: Tone, text: string): string;
}

/** A style that colours (or not). */
export function makeStyle(color: boolean): Style {
  return {
    color,
    paint: (tone, text) => (color ? `\u001b[${CODES[tone][0]}m${text}\u001b[${CODES[tone][1]}m` : text),
  };
}

/** Whether to colour: TTY and no NO_COLOR. */
export function wantsColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(stream.isTTY) && env.NO_COLOR === undefined;
}

/** Spinner frames shown while waiting for the first text of an answer. */
export const SPINNER_FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'] as const;

/** How often the spinner advances. */
export const SPINNER_INTERVAL_MS = 80;
