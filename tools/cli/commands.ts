/** Parses what the user types in the terminal chat into commands, so the readline loop stays a dispatcher. */

/** One line of input, understood. */
export type Command =
  | { kind: 'say'; text: string }
  | { kind: 'pick'; index: number }
  | { kind: 'new' }
  | { kind: 'list' }
  | { kind: 'switch'; index: number }
  | { kind: 'clear' }
  | { kind: 'like' }
  | { kind: 'unlike' }
  | { kind: 'user'; name: string }
  | { kind: 'help' }
  | { kind: 'quit' }
  | { kind: 'empty' }
  | { kind: 'invalid'; message: string };

/** Simulated user names: they become openids, so the same characters. */
export const USER_NAME_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;

const SIMPLE: Record<string, Command> = {
  '/new': { kind: 'new' },
  '/list': { kind: 'list' },
  '/clear': { kind: 'clear' },
  '/like': { kind: 'like' },
  '/unlike': { kind: 'unlike' },
  '/help': { kind: 'help' },
  '/quit': { kind: 'quit' },
  '/exit': { kind: 'quit' },
};

/** Turns one input line into a command; anything not starting with `/` is a message to the bot. */
export function parseCommand(line: string): Command {
  const text = line.trim();
  if (!text) return { kind: 'empty' };
  if (!text.startsWith('/')) return { kind: 'say', text };
  const [head, ...rest] = text.split(/\s+/);
  const arg = rest.join(' ');
  const simple = SIMPLE[head.toLowerCase()];
  if (simple) return simple;
  if (/^\/\d+$/.test(head)) return { kind: 'pick', index: Number(head.slice(1)) };
  if (head === '/switch') {
    if (!/^\d+$/.test(arg)) return { kind: 'invalid', message: 'Usage: /switch N (N from /list).' };
    return { kind: 'switch', index: Number(arg) };
  }
  if (head === '/user') {
    if (!USER_NAME_PATTERN.test(arg)) return { kind: 'invalid', message: 'Usage: /user NAME (1-32 letters, digits, "_" or "-").' };
    return { kind: 'user', name: arg };
  }
  return { kind: 'invalid', message: `Unknown command ${head}: type /help for the list.` };
}

/** The simulated openid of a user name (WeChat openids are opaque; this one is readable on purpose). */
export function openidFor(name: string): string {
  return `o_dev_${name}`;
}
