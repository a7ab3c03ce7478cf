/**
 * What the preview's `/__cloud` and `/__stream` talk to: the local dev server running the REAL cloud function
 * bundle, against the embedded Coze emulator, or against the real Coze when COZE_* credentials are set
 * (the same choice `npm start` makes, tools/cli/backend.ts).
 */
import { startBackend, type BackendMode } from '../cli/backend';
import { createLocalCloud, loadFunctionModule, startDevServer, type LocalCloud } from '../dev-server/index';

/** A running backend the preview proxies to. */
export interface PreviewBackend {
  url: string;
  mode: BackendMode | 'custom';
  stop(): Promise<void>;
}

/** Options of {@link startPreviewBackend}. */
export interface PreviewBackendOptions {
  /** Serve this local cloud instead of the built function (tests with a faithful fake function). */
  cloud?: LocalCloud;
  /** Pause between the emulator's streamed deltas, so text visibly grows. */
  deltaDelayMs?: number;
}

/** Starts the dev server (and, without Coze credentials, the emulator) on loopback with free ports. */
export async function startPreviewBackend(options: PreviewBackendOptions = {}): Promise<PreviewBackend> {
  if (options.cloud) {
    const server = await startDevServer({ cloud: options.cloud, port: 0 });
    return { url: server.url, mode: 'custom', stop: () => server.stop() };
  }
  const backend = await startBackend(process.env, { deltaDelayMs: options.deltaDelayMs });
  try {
    const cloud = createLocalCloud(loadFunctionModule());
    const server = await startDevServer({ cloud, port: 0 });
    return {
      url: server.url,
      mode: backend.mode,
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
