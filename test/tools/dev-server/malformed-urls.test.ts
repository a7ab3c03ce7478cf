/**
 * Any web page the developer opens can send requests to 127.0.0.1, so the dev server and the preview must answer
 * every request path (400 for a malformed one) and no request may end the process. Raw sockets send the request
 * lines exactly as written (an HTTP client would re-encode them).
 */
import * as http from 'http';
import * as net from 'net';
import * as path from 'path';
import { createLocalCloud } from '../../../tools/dev-server/local-cloud';
import { startDevServer, type DevServer } from '../../../tools/dev-server/http-server';
import { startPreview, type Preview } from '../../../tools/preview/server';
import { fakeFunction } from './fake-function';

const FIXTURE = path.join(__dirname, '..', '..', 'ui', 'fixtures', 'mini');

/** Paths whose percent-encoding is broken, on every route of both servers. */
const MALFORMED = ['/%', '/__stream/%', '/__stream/%E0%A4%A', '/%E0%A4%A', '/__preview/%', '/img/%zz.png', '/__cloud/%', '/a%', '/%%'];

/** Sends one raw request line with a loopback Host header; resolves with the HTTP status (0 when the connection died). */
function rawStatus(port: number, target: string): Promise<number> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.write(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nx-wx-openid: o_malformed\r\nConnection: close\r\n\r\n`);
    });
    let head = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      head += chunk;
      const match = /^HTTP\/1\.1 (\d{3})/.exec(head);
      if (match) {
        socket.destroy();
        resolve(Number(match[1]));
      }
    });
    socket.on('error', () => resolve(0));
    socket.on('close', () => resolve(0));
  });
}

describe('malformed request URLs', () => {
  let dev: DevServer;
  let preview: Preview;

  beforeAll(async () => {
    const cloud = createLocalCloud(fakeFunction());
    dev = await startDevServer({ cloud });
    preview = await startPreview({ root: FIXTURE, port: 0, cloud });
  });

  afterAll(async () => {
    await preview?.stop();
    await dev?.stop();
  });

  it('the dev server answers 400 to each and keeps answering', async () => {
    for (const target of MALFORMED) expect([target, await rawStatus(dev.port, target)]).toEqual([target, 400]);
    expect(await rawStatus(dev.port, '/__stream/%')).toBe(400);
    expect(await rawStatus(dev.port, `/__stream/${'a'.repeat(32)}%`)).toBe(400);
    expect(await rawStatus(dev.port, '/nothing')).toBe(404);
  });

  it('the preview answers 400 to each and keeps serving', async () => {
    const port = Number(new URL(preview.url).port);
    for (const target of MALFORMED) expect([target, await rawStatus(port, target)]).toEqual([target, 400]);
    expect(await rawStatus(port, '/')).toBe(200);
  });

  it('an absolute-form request line cannot point the preview proxy at another host', async () => {
    const seen: string[] = [];
    const other = http.createServer((req, res) => {
      seen.push(req.url ?? '');
      res.end('other');
    });
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', () => resolve()));
    const otherPort = (other.address() as net.AddressInfo).port;
    try {
      const port = Number(new URL(preview.url).port);
      // The dev server (not the other host) answers: 401 without an openid would be its reply; with one, 405 for GET.
      expect(await rawStatus(port, `//127.0.0.1:${otherPort}/__cloud/coze`)).toBe(405);
      expect(seen).toEqual([]);
    } finally {
      await new Promise<void>((resolve) => other.close(() => resolve()));
    }
  });
});
