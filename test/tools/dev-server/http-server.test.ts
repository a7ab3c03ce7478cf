import * as http from 'http';
import { createLocalCloud } from '../../../tools/dev-server/local-cloud';
import { MAX_BODY_BYTES, MAX_STREAMS_PER_OPENID, startDevServer, type DevServer } from '../../../tools/dev-server/http-server';
import { fakeFunction, type FakeFunction } from './fake-function';

const STREAM = 'b'.repeat(32);

interface Reply {
  status: number;
  body: string;
}

function request(server: DevServer, method: string, path: string, headers: Record<string, string>, body?: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${server.url}${path}`, { method, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const post = (server: DevServer, openid: string | null, data: unknown, name = 'coze'): Promise<Reply> =>
  request(server, 'POST', `/__cloud/${name}`, { 'content-type': 'application/json', ...(openid ? { 'x-wx-openid': openid } : {}) }, JSON.stringify(data));

/** An SSE connection: resolves `ready` once the server has subscribed, `ended` with everything it sent. */
function watch(server: DevServer, openid: string, streamId: string): { ready: Promise<void>; ended: Promise<string>; text: () => string; close: () => void } {
  let text = '';
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((r) => (markReady = r));
  let req: http.ClientRequest | undefined;
  const ended = new Promise<string>((resolve) => {
    req = http.get(`${server.url}/__stream/${streamId}`, { headers: { 'x-wx-openid': openid } }, (res) => {
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        text += c;
        if (text.includes(': watching')) markReady();
      });
      res.on('end', () => resolve(text));
      res.on('error', () => resolve(text));
    });
    req.on('error', () => resolve(text));
  });
  return { ready, ended, text: () => text, close: () => req?.destroy() };
}

function docsIn(text: string): { seq: number; status: string; text: string; _openid: string }[] {
  return text
    .split('\n\n')
    .filter((block) => block.startsWith('event:doc\n'))
    .map((block) => JSON.parse(block.slice('event:doc\ndata:'.length)));
}

describe('dev server HTTP face', () => {
  let fn: FakeFunction;
  let server: DevServer;

  beforeEach(async () => {
    fn = fakeFunction();
    server = await startDevServer({ cloud: createLocalCloud(fn) });
  });
  afterEach(() => server.stop());

  it('listens on 127.0.0.1 and refuses to bind any other address', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const open = startDevServer({ cloud: createLocalCloud(fn), host: '0.0.0.0' as '127.0.0.1' });
    await expect(open).rejects.toThrow('loopback only');
  });

  it('plays callFunction for the user named in x-wx-openid, two users at once', async () => {
    const [a, b] = await Promise.all([post(server, 'o_alice', { action: 'echo' }), post(server, 'o_bob', { action: 'echo' })]);
    expect(a.status).toBe(200);
    expect(JSON.parse(a.body)).toEqual(expect.objectContaining({ errMsg: 'cloud.callFunction:ok', result: { ok: true, data: { openid: 'o_alice', event: { action: 'echo' } } } }));
    expect(JSON.parse(b.body).result.data.openid).toBe('o_bob');
  });

  it('validates requests and says how to fix them', async () => {
    expect((await post(server, null, { action: 'echo' })).status).toBe(401);
    expect((await post(server, 'bad openid!', { action: 'echo' })).status).toBe(401);
    expect((await post(server, 'o_alice', { action: 'echo' }, 'nope')).status).toBe(404);
    expect((await request(server, 'POST', '/__cloud/coze', { 'content-type': 'application/json', 'x-wx-openid': 'o_a' }, '{not json')).status).toBe(400);
    expect((await request(server, 'POST', '/__cloud/coze', { 'content-type': 'application/json', 'x-wx-openid': 'o_a' }, '[1]')).status).toBe(400);
    expect((await request(server, 'POST', '/__cloud/coze', { 'content-type': 'text/plain', 'x-wx-openid': 'o_a' }, '{}')).status).toBe(415);
    expect((await request(server, 'GET', '/__cloud/coze', { 'x-wx-openid': 'o_a' })).status).toBe(405);
    expect((await request(server, 'GET', '/elsewhere', {})).status).toBe(404);
    expect((await request(server, 'GET', `/__stream/${STREAM}`, { host: 'evil.example:80', 'x-wx-openid': 'o_a' })).status).toBe(403);
    expect((await request(server, 'GET', '/__stream/xyz', { 'x-wx-openid': 'o_a' })).status).toBe(400);
    const big = await post(server, 'o_alice', { action: 'echo', text: 'x'.repeat(MAX_BODY_BYTES) });
    expect(big.status).toBe(413);
    expect(JSON.parse(big.body).errMsg).toContain('256 KB');
    expect(fn.contexts).toHaveLength(0);
  });

  it('streams the owner\'s documents as SSE and closes after the final one; another user sees none', async () => {
    const alice = watch(server, 'o_alice', STREAM);
    const bob = watch(server, 'o_bob', STREAM);
    await Promise.all([alice.ready, bob.ready]);
    const res = await post(server, 'o_alice', { action: 'stream', streamId: STREAM });
    expect(JSON.parse(res.body).result).toEqual({ ok: true, data: { text: '你好！' } });
    const text = await alice.ended;
    expect(docsIn(text).map((d) => [d.seq, d.status, d.text, d._openid])).toEqual([
      [1, 'in_progress', '你', 'o_alice'],
      [2, 'in_progress', '你好', 'o_alice'],
      [3, 'in_progress', '你好！', 'o_alice'],
      [4, 'completed', '你好！', 'o_alice'],
    ]);
    expect(fn.watchers.map((w) => w.openid).sort()).toEqual(['o_alice', 'o_bob']);
    expect(docsIn(bob.text())).toEqual([]);
    bob.close();
  });

  it('watching a stream whose document already exists sends it and closes, and the server lives on', async () => {
    await post(server, 'o_dave', { action: 'stream', streamId: STREAM });
    const late = watch(server, 'o_dave', STREAM);
    const text = await late.ended;
    expect(text.startsWith(': watching\n\n')).toBe(true);
    expect(docsIn(text).map((d) => [d.seq, d.status])).toEqual([[4, 'completed']]);
    expect(JSON.parse((await post(server, 'o_dave', { action: 'echo' })).body).result.ok).toBe(true);
  });

  it('accepts the openid as a query parameter for browser EventSource', async () => {
    let call: Promise<Reply> | undefined;
    const got = new Promise<string>((resolve) => {
      http.get(`${server.url}/__stream/${STREAM}?openid=o_carol`, (res) => {
        res.setEncoding('utf8');
        let text = '';
        res.on('data', (c: string) => {
          text += c;
          if (!call && text.includes(': watching')) call = post(server, 'o_carol', { action: 'stream', streamId: STREAM });
        });
        res.on('end', () => resolve(text));
      });
    });
    expect(docsIn(await got).map((d) => d._openid)).toEqual(['o_carol', 'o_carol', 'o_carol', 'o_carol']);
    expect((await call)?.status).toBe(200);
  });
  it('caps open streams per openid, so one client cannot take every slot', async () => {
    const held: http.ClientRequest[] = [];
    /** Opens a stream watch and resolves with its status, keeping a 200 connection open. */
    const open = (openid: string, streamId: string): Promise<number> =>
      new Promise((resolve) => {
        const req = http.get(`${server.url}/__stream/${streamId}`, { headers: { 'x-wx-openid': openid } }, (res) => {
          resolve(res.statusCode ?? 0);
          res.resume();
        });
        req.on('error', () => resolve(0));
        held.push(req);
      });
    const id = (i: number): string => i.toString(16).padStart(32, 'c');
    try {
      for (let i = 0; i < MAX_STREAMS_PER_OPENID; i += 1) expect(await open('o_greedy', id(i))).toBe(200);
      expect(await open('o_greedy', id(99))).toBe(503);
      expect(await open('o_other', id(100))).toBe(200);
      // Closing one of the greedy client's streams frees its slot.
      held[0].destroy();
      let status = 503;
      for (let tries = 0; status === 503 && tries < 50; tries += 1) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        status = await open('o_greedy', id(101 + tries));
      }
      expect(status).toBe(200);
    } finally {
      for (const req of held) req.destroy();
    }
  });
});
