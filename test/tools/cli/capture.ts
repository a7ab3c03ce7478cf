/** A captured terminal for CLI tests: every write is kept, in order. */
import type { Output } from '../../../tools/cli/terminal-chat';

export interface Captured extends Output {
  writes: string[];
  text(): string;
}

export function capture(isTTY = false): Captured {
  const writes: string[] = [];
  return { isTTY, writes, write: (t: string) => void writes.push(t), text: () => writes.join('') };
}
