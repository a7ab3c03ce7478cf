/**
 * The dev server's stand-in for cloud storage over HTTP, with the real built function: an upload lands in the
 * function's own local store (so chat.send and audio.transcribe read it back), the file is served back, and bad
 * requests are refused with a fix.
 */
import * as http from 'http';
import { cloudFunctionEnv, generateAppKeys, startEmulator, type CozeEmulator } from '../../../tools/coze-emulator/index';
import { createLocalCloud } from '../../../tools/dev-server/local-cloud';
import { startDevServer, type DevServer } from '../../../tools/dev-server/http-server';
import { loadFunctionModule } from '../../../tools/dev-server/load-function';

interface Answer {
  status: number;
  type: string;
  body: Buffer;
}

describe('dev server storage stand-in', () => {
  let emulator: CozeEmulator;
  let server: DevServer;

  beforeAll(async () => {
    const keys = generateAppKeys();
    emulator = await startEmulator({ apps: [{ appId: keys.appId, keyId: keys.keyId, publicKeyPem: keys.publicKeyPem }], deltaDelayMs: 0 });
    Object.assign(process.env, cloudFunctionEnv(emulator, keys));
    server = await startDevServer({ cloud: createLocalCloud(loadFunctionModule()) });
  });
  afterAll(async () => {
    await server.stop();
    await emulator.stop();
  });

  function send(method: string, pathAndQuery: string, body?: Buffer | string, headers: Record<string, string> = {}): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const req = http.request(`${server.url}${pathAndQuery}`, { method, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body: Buffer.concat(chunks) }));
      });
      req.on('error', reject);
      req.end(body);
    });
  }
  const json = (a: Answer): Record<string, unknown> => JSON.parse(a.body.toString('utf8')) as Record<string, unknown>;
  const upload = (cloudPath: string, body: Buffer, openid = 'o_store') =>
    send('POST', `/__storage/upload?cloudPath=${encodeURIComponent(cloudPath)}`, body, { 'x-wx-openid': openid, 'content-type': 'application/octet-stream' });

  it('stores an upload where chat.send reads it, and serves it back', async () => {
    const pdf = Buffer.from('%PDF-1.4 stored through the dev server');
    const up = await upload('coze-upload/0123456789abcdef0123456789abcdef/file-1.pdf', pdf);
    expect(up.status).toBe(200);
    const fileID = String(json(up).fileID);
    expect(fileID).toBe('cloud://local-dev.local/coze-upload/0123456789abcdef0123456789abcdef/file-1.pdf');
    const served = await send('GET', `/__storage/file?fileID=${encodeURIComponent(fileID)}`);
    expect([served.status, served.type, served.body.equals(pdf)]).toEqual([200, 'application/pdf', true]);
    const chat = await send('POST', '/__cloud/coze', JSON.stringify({ action: 'chat.send', text: '读一下', attachments: [{ kind: 'file', fileID, name: '说明.pdf' }] }), { 'x-wx-openid': 'o_store', 'content-type': 'application/json' });
    const result = json(chat).result as { ok: boolean; data: { answer: { content: string } } };
    expect(result.ok).toBe(true);
    expect(result.data.answer.content).toContain(`文件「file-1.pdf」${pdf.length} 字节`);
  });

  it('refuses uploads without a user, with a bad path, empty, or over the limit; unknown files are 404', async () => {
    expect((await send('POST', '/__storage/upload?cloudPath=a/b.png', Buffer.from('x'))).status).toBe(401);
    const climbing = await upload('../etc/passwd', Buffer.from('x'));
    expect([climbing.status, String(json(climbing).errMsg)]).toEqual([400, expect.stringContaining('invalid cloudPath')]);
    expect((await upload('/abs/a.png', Buffer.from('x'))).status).toBe(400);
    expect((await upload('a/empty.png', Buffer.alloc(0))).status).toBe(400);
    expect((await upload('a/big.png', Buffer.alloc(21 * 1024 * 1024 + 1))).status).toBe(413);
    const missing = await send('GET', `/__storage/file?fileID=${encodeURIComponent('cloud://local-dev.local/nope.png')}`);
    expect([missing.status, String(json(missing).errMsg)]).toEqual([404, expect.stringContaining('upload it with wx.cloud.uploadFile')]);
    expect((await send('GET', '/__storage/upload')).status).toBe(405);
  });
});
