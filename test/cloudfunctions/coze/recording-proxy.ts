/**
 * A transparent HTTP proxy in front of the emulator that records what the function really sends and gets:
 * the JWTs, the access tokens, and each request line. Tests use it to decode JWT claims and to prove that
 * no credential ever reaches an answer or a log line.
 */
import http from 'http';
import type { AddressInfo } from 'net';

/** What went through the proxy. */
export interface Recording {
  /** Every JWT sent to the token endpoint. */
  jwts: string[];
  /** Every access token the token endpoint answered. */
  accessTokens: string[];
  /** `METHOD path` of each request, in order. */
  lines: string[];
}

/** A running proxy. */
export interface RecordingProxy {
  url: string;
  recording: Recording;
  stop(): Promise<void>;
}

const TOKEN_PATH = '/api/permission/oauth2/token';

/** Starts a proxy on 127.0.0.1 forwarding to `target` (http://127.0.0.1:PORT). */
export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const upstream = new URL(target);
  const recording: Recording = { jwts: [], accessTokens: [], lines: [] };
  const server = http.createServer((req, res) => {
    const path = req.url ?? '/';
    recording.lines.push(`${req.method} ${path.split('?')[0]}`);
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const isToken = path.startsWith(TOKEN_PATH);
    if (bearer && isToken) recording.jwts.push(bearer);
    const forward = http.request(
      { host: upstream.hostname, port: upstream.port, method: req.method, path, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        // A connection the emulator cuts must reach the function cut, too.
        answer.on('close', () => {
          if (!answer.complete) res.destroy();
        });
        if (!isToken) {
          answer.pipe(res);
          return;
        }
        const chunks: Buffer[] = [];
        answer.on('data', (c: Buffer) => chunks.push(c));
        answer.on('end', () => {
          const body = Buffer.concat(chunks);
          try {
            const token = (JSON.parse(body.toString('utf8')) as { access_token?: string }).access_token;
            if (token) recording.accessTokens.push(token);
          } catch {
            // not JSON: nothing to record
          }
          res.end(body);
        });
      },
    );
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    recording,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
