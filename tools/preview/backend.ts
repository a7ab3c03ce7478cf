/**
 * What the preview's `/__cloud` and `/__stream` talk to: the local dev server running the REAL cloud function
 * bundle, against the embedded Coze emulator, or against the real Coze when COZE_* credentials are set
 * (the same choice `npm start` makes, tools/cli/backend.ts).
 */
import { startBackend, type BackendMode } from '../cli/backend';
import { loadSettings } from '../cli/env-file';
import { backendLine } from '../cli/render';
import { createLocalCloud, loadFunctionModule, startDevServer, type LocalCloud } from '../dev-server/index';

/** A running backend the preview proxies to. */
export interface PreviewBackend {
  url: string;
  mode: BackendMode | 'custom';
  /** One line naming what answers (emulator, or real Coze with base URL and bot id); never a secret. */
  banner: string;
  stop(): Promise<void>;
}

/** Options of {@link startPreviewBackend}. */
export interface PreviewBackendOptions {
  /** Serve this local cloud instead of the built function (tests with a faithful fake function). */
  cloud?: LocalCloud;
  /** Pause between the emulator's streamed deltas, so text visibly grows. */
  deltaDelayMs?: number;
  /** The .env loaded into process.env (which the in-process function reads) first, as npm start does (default the repository's .env; null: none). */
  envFile?: string | null;
}

/** Starts the dev server (and, without Coze credentials, the emulator) on loopback with free ports. */
export async function startPreviewBackend(options: PreviewBackendOptions = {}): Promise<PreviewBackend> {
  if (options.cloud) {
    const server = await startDevServer({ cloud: options.cloud, port: 0 });
    return { url: server.url, mode: 'custom', banner: 'Backend: the local cloud given to the preview', stop: () => server.stop() };
  }
  loadSettings(options.envFile, process.env);
  const backend = await startBackend(process.env, { deltaDelayMs: options.deltaDelayMs });
  try {
    const cloud = createLocalCloud(loadFunctionModule());
    const server = await startDevServer({ cloud, port: 0 });
    return {
      url: server.url,
      mode: backend.mode,
      banner: backendLine(backend),
      stop: async () => {
        await server.stop();
        await backend.stop();
      },
    };
  } catch (err) {
    await backend.stop();
    throw err;
  }
}
