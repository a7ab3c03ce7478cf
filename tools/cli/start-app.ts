/**
 * `npm start`: the whole chain locally. Loads .env, picks real Coze or the embedded emulator, loads the
 * built cloud function behind the local cloud (dev server), then chats in the terminal, or with
 * `--say TEXT` prints one streamed answer and exits (0 on success, 1 with the envelope's message).
 */
import * as path from 'path';
import type { BotInfo } from '../../miniprogram/shared/protocol';
import { createLocalCloud, type LocalCloud } from '../dev-server/local-cloud';
import { loadFunctionModule } from '../dev-server/load-function';
import { DEFAULT_PORT as PREVIEW_PORT, startPreview, type Preview } from '../preview/server';
import { startBackend, type Backend } from './backend';
import { ActionError } from './cloud-call';
import { ChatSession } from './chat-session';
import { openidFor, USER_NAME_PATTERN } from './commands';
import { loadSettings } from './env-file';
import { withFunctionEnv } from './function-env';
import { redirectConsole } from './function-log';
import { backendLine, renderAnswerEnd, renderBanner, renderFailure, renderWelcome } from './render';
import { makeStyle, wantsColor, type Style } from './style';
import { runInteractive, streamAnswer, writeLines, type Output } from './terminal-chat';

/** Repository root: .env and the log folder live there. */
export const REPO_ROOT = path.join(__dirname, '..', '..');

/** Where the function's own log lines go during `npm start`. */
export const FUNCTION_LOG = path.join(REPO_ROOT, '.cache', 'npm-start-function.log');

/** Pause between emulator deltas so a person sees the answer grow. */
export const DEMO_DELTA_MS = 25;

/** Exit codes of the command. */
export type ExitCode = 0 | 1 | 2;

/** Command-line options of npm start. */
export interface StartArgs {
  say?: string;
  user: string;
  help: boolean;
  /** Serve the browser preview beside the terminal chat (interactive runs only). */
  preview: boolean;
  /** Port of the preview; taken only when free, otherwise a free one is picked. */
  previewPort: number;
  /** Road of the preview page's live text: `http` serves coze-http (the page probes and takes it), `watch` does not. */
  stream: 'http' | 'watch';
}

/** The usage text, printed by --help and on bad arguments. */
export const START_USAGE = [
  'Usage: npm start [-- --say "你好"] [-- --user NAME] [-- --no-preview] [-- --preview-port N]',
  '  --say TEXT         send one message, print the streamed answer, exit (0 ok, 1 error)',
  '  --user NAME        simulated WeChat user to start as (default: alice)',
  `  --preview-port N   port of the browser preview of the mini-program (default ${PREVIEW_PORT}; a free one if taken)`,
  '  --no-preview       do not serve the browser preview',
  '  --stream http|watch  live text of the preview page: over the HTTP function coze-http (default) or the database watch',
  'Without COZE_* credentials (environment or .env) it runs against the embedded Coze emulator.',
].join('\n');

/** Parses `npm start -- ...` arguments; throws with the usage on anything unknown. */
export function parseStartArgs(argv: readonly string[]): StartArgs {
  const args: StartArgs = { user: 'alice', help: false, preview: true, previewPort: PREVIEW_PORT, stream: 'http' };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    const value = (): string => {
      const v = argv[i + 1];
      if (v === undefined) throw new Error(`${arg} needs a value.\n${START_USAGE}`);
      i += 1;
      return v;
    };
    if (arg === '--say') args.say = value();
    else if (arg === '--user') args.user = value();
    else if (arg === '--help' || arg === '-h') args.help = true;
    else if (arg === '--no-preview') args.preview = false;
    else if (arg === '--preview-port') {
      const port = Number(value());
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--preview-port must be a port number (0 picks a free one).\n${START_USAGE}`);
      args.previewPort = port;
    }
    else if (arg === '--stream') {
      const road = value();
      if (road !== 'http' && road !== 'watch') throw new Error(`--stream must be http or watch.\n${START_USAGE}`);
      args.stream = road;
    }
    else throw new Error(`Unknown argument ${arg}.\n${START_USAGE}`);
  }
  if (!USER_NAME_PATTERN.test(args.user)) throw new Error(`--user must be 1-32 letters, digits, "_" or "-".`);
  if (args.say !== undefined && !args.say.trim()) throw new Error('--say needs a non-empty message.');
  return args;
}

/** The streams the command writes to (tests pass captures). */
export interface StartIo {
  out: Output;
  err: Output;
  env: NodeJS.ProcessEnv;
  /** Where function logs go; default FUNCTION_LOG. */
  logFile?: string;
  /** Emulator delta pause; default DEMO_DELTA_MS. */
  deltaDelayMs?: number;
  /** The .env file to read; default REPO_ROOT/.env, null to read none (tests). */
  envFile?: string | null;
}

/** Runs npm start; resolves with the exit code (the caller exits). */
export async function runStart(argv: readonly string[], io: StartIo): Promise<ExitCode> {
  let args: StartArgs;
  try {
    args = parseStartArgs(argv);
  } catch (err) {
    io.err.write(`${(err as Error).message}\n`);
    return 2;
  }
  if (args.help) {
    io.out.write(`${START_USAGE}\n`);
    return 0;
  }
  loadSettings(io.envFile, io.env);
  const logFile = io.logFile ?? FUNCTION_LOG;
  const backend = await startBackend(io.env, { deltaDelayMs: io.deltaDelayMs ?? DEMO_DELTA_MS });
  const restoreConsole = redirectConsole(logFile);
  try {
    return await withFunctionEnv(io.env, () => chat(args, io, backend, logFile));
  } finally {
    restoreConsole();
    await backend.stop();
  }
}

/** The chat itself, once the backend runs and the function sees its settings. */
async function chat(args: StartArgs, io: StartIo, backend: Backend, logFile: string): Promise<ExitCode> {
  const s = makeStyle(wantsColor(io.out, io.env));
  const es = makeStyle(wantsColor(io.err, io.env));
  try {
    const cloud = createLocalCloud(loadFunctionModule(), { http: args.stream === 'http' });
    const session = new ChatSession(cloud, args.user);
    if (args.say !== undefined) {
      // Which backend answers goes to stderr: stdout stays the bare answer for scripts.
      writeLines(io.err, [es.paint('dim', backendLine(backend))]);
      const { result, stopped } = await streamAnswer(session, args.say, { out: io.out, s, label: null });
      if (result.status !== 'completed' || stopped) {
        writeLines(io.err, renderAnswerEnd(result, es, stopped, true));
        return 1;
      }
      writeLines(io.out, renderAnswerEnd(result, s, false, true));
      return 0;
    }
    const preview = args.preview ? await servePreview(cloud, args.previewPort, io, es) : undefined;
    try {
      writeLines(io.out, renderBanner({ ...backend, user: args.user, logFile: path.relative(process.cwd(), logFile) }, s));
      if (preview) writeLines(io.out, [s.paint('dim', `Browser preview of the mini-program (same function, same users): ${new URL(`?openid=${openidFor(args.user)}`, preview.url).href}`)]);
      return await chatInteractively(session, io, s, es);
    } finally {
      await preview?.stop();
    }
  } catch (err) {
    if (err instanceof ActionError) {
      writeLines(io.err, renderFailure(err.error, es, path.relative(process.cwd(), logFile)));
      return 1;
    }
    io.err.write(`${(err as Error).message}\n`);
    return 1;
  }
}

/** Serves the browser preview on the local cloud; a taken port falls back to a free one, a failure only warns. */
export async function servePreview(cloud: LocalCloud, port: number, io: Pick<StartIo, 'err'>, es: Style): Promise<Preview | undefined> {
  const root = path.join(REPO_ROOT, 'miniprogram');
  try {
    return await startPreview({ root, port, cloud, portFlag: '--preview-port' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE' && port !== 0) return servePreview(cloud, 0, io, es);
    writeLines(io.err, [es.paint('dim', `Browser preview not started: ${(err as Error).message}`)]);
    return undefined;
  }
}

/** The interactive part: welcome screen, then the terminal chat until /quit. */
async function chatInteractively(session: ChatSession, io: StartIo, s: Style, es: Style): Promise<ExitCode> {
  let bot: BotInfo | undefined;
  try {
    bot = await session.botInfo();
    writeLines(io.out, renderWelcome(bot, s));
  } catch (err) {
    if (!(err instanceof ActionError)) throw err;
    writeLines(io.err, renderFailure(err.error, es));
  }
  await runInteractive(session, bot, io.out, s);
  return 0;
}
