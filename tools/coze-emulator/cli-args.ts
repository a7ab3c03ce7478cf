/**
 * Parses the Coze emulator's command line (kept apart from cli.ts so tests import it without starting a server).
 */
import { DEFAULT_BOT_ID } from './index';

/** Delay between SSE deltas on the command line, so a person sees text stream in. */
export const CLI_DEFAULT_DELAY_MS = 30;

/** Parsed command line. */
export interface CliArgs {
  port: number;
  appId?: string;
  keyId?: string;
  publicKeyFile?: string;
  botId: string;
  delayMs: number;
  isolation: boolean;
  pascal: boolean;
  suggestions: boolean;
}

/** One-line usage text, printed on bad input. */
export const USAGE =
  'usage: npm run emulator -- [--port N] [--app-id ID --key-id KID --public-key FILE] [--bot-id ID] [--delay MS] [--no-isolation] [--pascal-onboarding] [--no-suggestions]';

function intArg(name: string, value: string | undefined): number {
  const n = Number(value);
  if (value === undefined || !Number.isInteger(n) || n < 0) throw new Error(`${name} needs a non-negative integer\n${USAGE}`);
  return n;
}

/** Parses argv (without node and script); throws a usage message on bad input. */
export function parseCliArgs(argv: readonly string[]): CliArgs {
  const args: CliArgs = { port: 0, botId: DEFAULT_BOT_ID, delayMs: CLI_DEFAULT_DELAY_MS, isolation: true, pascal: false, suggestions: true };
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value\n${USAGE}`);
      return v;
    };
    switch (flag) {
      case '--port': args.port = intArg(flag, value()); break;
      case '--app-id': args.appId = value(); break;
      case '--key-id': args.keyId = value(); break;
      case '--public-key': args.publicKeyFile = value(); break;
      case '--bot-id': args.botId = value(); break;
      case '--delay': args.delayMs = intArg(flag, value()); break;
      case '--no-isolation': args.isolation = false; break;
      case '--pascal-onboarding': args.pascal = true; break;
      case '--no-suggestions': args.suggestions = false; break;
      case '--help': case '-h': throw new Error(USAGE);
      default: throw new Error(`unknown option ${flag}\n${USAGE}`);
    }
  }
  const given = [args.appId, args.keyId, args.publicKeyFile].filter((v) => v !== undefined).length;
  if (given !== 0 && given !== 3) throw new Error(`--app-id, --key-id and --public-key go together (or leave all three out for a generated dev key)\n${USAGE}`);
  return args;
}
