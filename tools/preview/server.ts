/**
 * The preview server: serves the mini-program in a phone frame on 127.0.0.1, rebuilds on every edit and tells
 * the page to reload (Server-Sent Events), and proxies `/__cloud` and `/__stream` to the local dev server so the
 * REAL cloud function answers on the same origin.
 */
import * as esbuild from 'esbuild';
import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as path from 'path';
import { type BuildOutput, PreviewBuilder } from './build/builder';
import { formatProblem } from './build/build-error';
import { decodeOrNull, guardRequests, MALFORMED_URL_MESSAGE, parseRequestUrl } from '../dev-server/request-guard';
import { type PreviewBackend, type PreviewBackendOptions, startPreviewBackend } from './backend';

/** The port `npm run preview` uses unless `--port` says otherwise. */
export const DEFAULT_PORT = 5173;
/** Edits arriving within this window become one rebuild (editors write several files at once). */
export const REBUILD_DEBOUNCE_MS = 40;

const STATIC_DIR = path.join(__dirname, 'static');
const SHELL_ENTRY = path.join(__dirname, 'runtime', 'shell.ts');
const BACKEND_ROUTE = /^\/__(cloud|stream|http|storage|file)\//;

/** Files of the mini-program root the browser may fetch (images, fonts, audio); never sources or keys. */
const ASSET_TYPES: Record<string, string> = {
  '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif', '.svg': 'image/svg+xml',
  '.webp': 'image/webp', '.ico': 'image/x-icon', '.mp3': 'audio/mpeg', '.wav': 'audio/wav', '.ttf': 'font/ttf',
  '.woff': 'font/woff', '.woff2': 'font/woff2',
};

/** Options of {@link startPreview}. */
export interface PreviewOptions extends PreviewBackendOptions {
  /** The folder holding app.json (default: ./miniprogram). */
  root?: string;
  /** 0 picks a free port (default {@link DEFAULT_PORT}). */
  port?: number;
  /** Use an already running dev server instead of starting one (e.g. the one `npm start` runs). */
  backendUrl?: string;
  /** Minify the bundle (slower rebuilds, smaller download). */
  minify?: boolean;
  /** Called after every build, e.g. to print problems in the terminal. */
  onBuild?(output: BuildOutput): void;
  /** The command-line flag that sets the port, named in the "port in use" hint (default `--port`). */
  portFlag?: string;
}

/** A running preview. */
export interface Preview {
  url: string;
  /** One line naming the backend that answers the page's cloud calls. */
  readonly backend: string;
  /** The latest build (tests read its problems and timings). */
  readonly build: BuildOutput;
  /** Rebuilds now (tests use it instead of waiting for the file watcher). */
  rebuild(): Promise<BuildOutput>;
  stop(): Promise<void>;
}

function send(res: http.ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

async function bundleShell(): Promise<string> {
  const out = await esbuild.build({ entryPoints: [SHELL_ENTRY], bundle: true, write: false, format: 'iife', target: 'es2020', logLevel: 'silent' });
  return out.outputFiles[0].text;
}

/**
 * Forwards a request to the dev server (it insists on a loopback Host header naming itself). Only the path and
 * query travel: an absolute-form request line (`GET //other.host/__cloud/x`) cannot redirect the proxy.
 */
function proxy(req: http.IncomingMessage, res: http.ServerResponse, url: URL, backendUrl: string): void {
  const target = new URL(`${url.pathname}${url.search}`, backendUrl);
  const upstream = http.request(target, { method: req.method, headers: { ...req.headers, host: target.host } }, (up) => {
    res.writeHead(up.statusCode ?? 502, up.headers);
    up.pipe(res);
  });
  upstream.on('error', (err) => {
    if (!res.headersSent) send(res, 502, 'application/json', JSON.stringify({ errMsg: `dev server unreachable (${err.message}): restart the preview.` }));
    else res.end();
  });
  res.on('close', () => upstream.destroy());
  req.pipe(upstream);
}

/** Starts the preview. Prints nothing: the caller prints `url` (serve.ts does). */
export async function startPreview(options: PreviewOptions = {}): Promise<Preview> {
  const root = path.resolve(options.root ?? 'miniprogram');
  if (!fs.existsSync(path.join(root, 'app.json'))) throw new Error(`${root} has no app.json: pass --root <folder with app.json> (default ./miniprogram).`);
  const builder = new PreviewBuilder(root, options.minify);
  const shellJs = await bundleShell();
  const staticFiles: Record<string, [string, string]> = {
    '/': [fs.readFileSync(path.join(STATIC_DIR, 'index.html'), 'utf8'), 'text/html; charset=utf-8'],
    '/__preview/preview.css': [fs.readFileSync(path.join(STATIC_DIR, 'preview.css'), 'utf8'), 'text/css; charset=utf-8'],
    '/__preview/shell.js': [shellJs, 'text/javascript; charset=utf-8'],
  };
  let output = await builder.build();
  options.onBuild?.(output);
  const listeners = new Set<http.ServerResponse>();
  /** `css: true` when only .wxss files changed: the page swaps its stylesheet instead of reloading. */
  const announce = (cssOnly: boolean): void => {
    for (const res of listeners) res.write(`event:build\ndata:${JSON.stringify({ builtAt: output.builtAt, ok: output.ok, css: cssOnly && output.ok })}\n\n`);
  };
  const changed = new Set<string>();

  let building: Promise<BuildOutput> | null = null;
  let again = false;
  const rebuild = async (): Promise<BuildOutput> => {
    if (building) {
      again = true;
      return building;
    }
    building = (async () => {
      let cssOnly = true;
      do {
        again = false;
        cssOnly = cssOnly && changed.size > 0 && [...changed].every((name) => name.endsWith('.wxss'));
        changed.clear();
        const wasOk = output.ok;
        output = await builder.build();
        cssOnly = cssOnly && wasOk;
        options.onBuild?.(output);
      } while (again);
      building = null;
      announce(cssOnly);
      return output;
    })();
    return building;
  };

  let backend: PreviewBackend | null = null;
  const backendUrl = options.backendUrl ?? (backend = await startPreviewBackend(options)).url;
  const backendLine = backend?.banner ?? `Backend: the dev server at ${backendUrl}`;

  let bound = 0;
  const server = http.createServer(guardRequests((req, res) => {
    // Only loopback Host names: the proxied dev server trusts the openid header, so block DNS rebinding here too.
    if (req.headers.host !== `127.0.0.1:${bound}` && req.headers.host !== `localhost:${bound}`) {
      return send(res, 403, 'text/plain', `Unexpected Host header: open the preview as http://127.0.0.1:${bound}/.`);
    }
    const url = parseRequestUrl(req, 'http://127.0.0.1');
    const decoded = url && decodeOrNull(url.pathname);
    if (!url || decoded === null) return send(res, 400, 'text/plain', MALFORMED_URL_MESSAGE);
    if (BACKEND_ROUTE.test(url.pathname)) return proxy(req, res, url, backendUrl);
    if (req.method !== 'GET') return send(res, 405, 'text/plain', 'The preview serves GET only (and proxies /__cloud, /__stream).');
    const fixed = staticFiles[url.pathname];
    if (fixed) return send(res, 200, fixed[1], fixed[0]);
    switch (url.pathname) {
      case '/__preview/status':
        return send(res, 200, 'application/json', JSON.stringify({ ok: output.ok, problems: output.problems, builtAt: output.builtAt, ms: output.ms }));
      case '/__preview/app.css':
        return send(res, 200, 'text/css; charset=utf-8', output.css);
      case '/__preview/wxml.js':
        return send(res, 200, 'text/javascript; charset=utf-8', output.wxmlJs);
      case '/__preview/bundle.js':
        return send(res, 200, 'text/javascript; charset=utf-8', output.bundleJs);
      case '/__preview/bundle.js.map':
        return send(res, 200, 'application/json', output.bundleMap);
      case '/__preview/events':
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
        res.write(`event:build\ndata:${JSON.stringify({ builtAt: output.builtAt, ok: output.ok })}\n\n`);
        listeners.add(res);
        req.on('close', () => listeners.delete(res));
        return undefined;
      default:
        break;
    }
    const file = path.resolve(root, `.${decoded}`);
    const type = ASSET_TYPES[path.extname(file).toLowerCase()];
    if (!type || !file.startsWith(root + path.sep) || !fs.existsSync(file)) return send(res, 404, 'text/plain', `Not found: ${url.pathname}`);
    return send(res, 200, type, fs.readFileSync(file));
  }, (res, status, message) => send(res, status, 'text/plain', message)));

  let timer: NodeJS.Timeout | undefined;
  const watcher = fs.watch(root, { recursive: true }, (_event, name) => {
    if (name && /(^|[\\/])(node_modules|\.git)([\\/]|$)/.test(name)) return;
    changed.add(name ?? '');
    clearTimeout(timer);
    timer = setTimeout(() => void rebuild(), REBUILD_DEBOUNCE_MS);
  });

  const port = options.port ?? DEFAULT_PORT;
  const listening = new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE') {
        // Keeps the code, so a caller can fall back to a free port (npm start does).
        err.message = `Port ${port} is in use: pass ${options.portFlag ?? '--port'} 0 for a free one, or stop the other server.`;
      }
      reject(err);
    });
    server.listen(port, '127.0.0.1', () => resolve());
  });
  try {
    await listening;
  } catch (err) {
    // Nothing may outlive a failed start (the caller may retry on another port).
    clearTimeout(timer);
    watcher.close();
    await builder.dispose();
    await backend?.stop();
    throw err;
  }
  bound = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${bound}/`,
    backend: backendLine,
    get build() {
      return output;
    },
    rebuild,
    stop: async () => {
      clearTimeout(timer);
      watcher.close();
      for (const res of listeners) res.end();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await building;
      await builder.dispose();
      await backend?.stop();
    },
  };
}

/** One line per problem, for terminals. */
export function describeBuild(output: BuildOutput): string {
  if (output.ok) return `built in ${output.ms} ms`;
  return `build failed:\n${output.problems.map(formatProblem).join('\n')}`;
}
