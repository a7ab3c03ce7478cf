/**
 * Sends the cloud function's console output (its JSON log lines) to a file while the terminal chat runs,
 * so developer logs don't interleave with the conversation. The chat itself writes to process.stdout.
 */
import * as fs from 'fs';
import * as path from 'path';

type ConsoleMethod = 'log' | 'info' | 'warn' | 'error' | 'debug';
const METHODS: readonly ConsoleMethod[] = ['log', 'info', 'warn', 'error', 'debug'];

/** Redirects console.* to `file` (appending); returns the function that restores the console. */
export function redirectConsole(file: string): () => void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const saved = METHODS.map((m) => [m, console[m]] as const);
  for (const m of METHODS) {
    console[m] = (...args: unknown[]): void => {
      const text = args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ');
      fs.appendFileSync(file, `${text}\n`);
    };
  }
  return () => {
    for (const [m, fn] of saved) console[m] = fn;
  };
}
