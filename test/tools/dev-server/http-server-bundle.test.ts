import * as http from 'http';
import { cloudFunctionEnv, generateAppKeys, startEmulator, type CozeEmulator } from '../../../tools/coze-emulator/index';
import { createLocalCloud } from '../../../tools/dev-server/local-cloud';
import { startDevServer, type DevServer } from '../../../tools/dev-server/http-server';
import { loadFunctionModule } from '../../../tools/dev-server/load-function';
import type { StreamDoc } from '../../../miniprogram/shared/protocol';

/** The HTTP face over the real built function and the emulator: what a browser preview will do. */
describe('dev server HTTP face with the built function', () => {
  let emulator: CozeEmulator;
  let server: DevServer;

  beforeAll(async () => {
    const keys = generateAppKeys();
    emulator = await startEmulator({ apps: [{ appId: keys.appId, keyId: keys.keyId, publicKeyPem: keys.publicKeyPem }], deltaDelayMs: 1 });
    Object.assign(process.env, {
      ...cloudFunctionEnv(emulator, keys),
      CHAT_STREAM_WRITE_MS: '0',
    });
    server = await startDevServer({ cloud: createLocalCloud(loadFunctionModule()) });
  });
  afterAll(async () => {
    await server.stop();
    await emulator.stop();
  });

  const call = (openid: string, data: object): Promise<{ result: { ok: boolean; data?: Record<string, unknown>; error?: { code: string } } }> =>
    new Promise((resolve, reject) => {
      const req = http.request(`${server.url}/__cloud/coze`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-wx-openid': openid } }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve(JSON.parse(text)));
      });
      req.on('error', reject);
      req.end(JSON.stringify(data));
    });

  it('streams chat.send live over SSE to its user, and the final result matches the last document', async () => {
    const streamId = 'c'.repeat(32);
    const docs: StreamDoc[] = [];
    let sent: ReturnType<typeof call> | undefined;
    await new Promise<void>((resolve) => {
      http.get(`${server.url}/__stream/${streamId}`, { headers: { 'x-wx-openid': 'o_web' } }, (res) => {
        let buf = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          buf += c;
          if (!sent && buf.includes(': watching')) sent = call('o_web', { action: 'chat.send', text: '你好', streamId });
          let end = buf.indexOf('\n\n');
          while (end >= 0) {
            const block = buf.slice(0, end);
            buf = buf.slice(end + 2);
            if (block.startsWith('event:doc\n')) docs.push(JSON.parse(block.slice('event:doc\ndata:'.length)));
            end = buf.indexOf('\n\n');
          }
        });
        res.on('end', () => resolve());
      });
    });
    const { result } = await (sent as ReturnType<typeof call>);
    expect(result.ok).toBe(true);
    expect(docs.length).toBeGreaterThan(1);
    expect(docs.every((d) => d._openid === 'o_web')).toBe(true);
    const last = docs[docs.length - 1];
    expect(last.status).toBe('completed');
    expect((result.data?.answer as { content: string }).content).toBe(last.text);
    const other = await call('o_other', { action: 'conversation.list' });
    expect(other.result).toEqual({ ok: true, data: { conversations: [], hasMore: false } });
  });
  it('serves read-aloud audio to the user it was made for, and the same 404 to anyone else', async () => {
    const sent = await call('o_reader', { action: 'chat.send', text: '你好' });
    const answer = sent.result.data as { conversationId: string; answer: { id: string } };
    const speech = await call('o_reader', { action: 'audio.speech', conversationId: answer.conversationId, messageId: answer.answer.id });
    const url = (speech.result.data as { urls: string[] }).urls[0];
    expect(url).toMatch(/^\/__file\//);
    const get = (openid: string): Promise<{ status: number; type: string; body: Buffer }> =>
      new Promise((resolve, reject) => {
        http.get(`${server.url}${url}?openid=${openid}`, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body: Buffer.concat(chunks) }));
        }).on('error', reject);
      });
    const mine = await get('o_reader');
    expect(mine.status).toBe(200);
    expect(mine.type).toBe('audio/mpeg');
    expect(mine.body.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xf3]));
    const theirs = await get('o_other');
    expect(theirs.status).toBe(404);
    // The same store holds uploads, but the upload route does not hand out read-aloud audio.
    const path = url.replace(/^\/__file\//, '');
    const viaStorage = await new Promise<number>((resolve, reject) => {
      http.get(`${server.url}/__storage/file?fileID=${encodeURIComponent(path)}`, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      }).on('error', reject);
    });
    expect(viaStorage).toBe(404);
  });
});
