/**
 * `npm run preview`: the real mini-program in a browser at http://127.0.0.1:5173 (see tools/preview/README.md).
 * Flags: --port N (0 = a free port), --root DIR (default miniprogram), --app PROJECT (a mini-program project, e.g.
 * a host after `npm run integrate`: its miniprogramRoot is the root), --backend URL (a running dev server),
 * --delta-delay MS (emulator pause between streamed deltas). Prints the URL on a line of its own.
 */
import { appRootOf } from './app-root';
import { DEFAULT_PORT, describeBuild, startPreview } from './server';

/** Pause between emulator deltas by default, so a person sees the answer grow. */
export const DEFAULT_DELTA_DELAY_MS = 40;

interface CliArgs {
  port: number;
  root: string;
  backendUrl?: string;
  deltaDelayMs: number;
}

function parseArgs(argv: string[]): CliArgs {
  const args: CliArgs = { port: DEFAULT_PORT, root: 'miniprogram', deltaDelayMs: DEFAULT_DELTA_DELAY_MS };
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i];
    const value = argv[i + 1];
    const need = (): string => {
      if (value === undefined) throw new Error(`${flag} needs a value, e.g. ${flag === '--port' ? '--port 0' : `${flag} …`}`);
      i += 1;
      return value;
    };
    if (flag === '--port') args.port = Number(need());
    else if (flag === '--root') args.root = need();
    else if (flag === '--app') args.root = appRootOf(need());
    else if (flag === '--backend') args.backendUrl = need();
    else if (flag === '--delta-delay') args.deltaDelayMs = Number(need());
    else throw new Error(`Unknown flag ${flag}: use --port N, --root DIR, --app PROJECT, --backend URL or --delta-delay MS.`);
  }
  if (!Number.isInteger(args.port) || args.port < 0 || args.port > 65535) throw new Error('--port must be 0 (a free port) or 1-65535.');
  return args;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const preview = await startPreview({
    ...args,
    onBuild: (out) => (out.ok ? console.log(`preview: ${describeBuild(out)}`) : console.error(`preview: ${describeBuild(out)}`)),
  });
  console.log(preview.backend);
  console.log(preview.url);
  const stop = (): void => {
    preview.stop().then(() => process.exit(0), () => process.exit(1));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: Error) => {
  console.error(`preview: ${err.message}`);
  process.exit(1);
});
