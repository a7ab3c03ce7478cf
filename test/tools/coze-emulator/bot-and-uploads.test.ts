/**
 * GET /v1/bots/:id (snake and PascalCase onboarding_info, suggestions off, unknown bot) and the multipart
 * endpoints (audio transcription, file upload), including the hand-written multipart parser.
 */
import { harness, request, token } from './helpers';
import { boundaryOf, parseMultipart } from '../../../tools/coze-emulator/multipart';
import { TRANSCRIPTION_PREFIX } from '../../../tools/coze-emulator/routes-bot-files';
import type { EmulatorOptions } from '../../../tools/coze-emulator';

type Json = Record<string, unknown>;

async function withEmulator(opts: EmulatorOptions, fn: (url: string, tok: string, botId: string) => Promise<void>): Promise<void> {
  const h = await harness(opts);
  try {
    await fn(h.emulator.url, await token(h, 'bot'), h.emulator.botId);
  } finally {
    await h.emulator.stop();
  }
}

function multipart(parts: { name: string; filename?: string; data: Buffer }[], boundary = '----emu7MA4YWxkTrZu0gW'): { raw: Buffer; contentType: string } {
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const disp = `form-data; name="${p.name}"${p.filename !== undefined ? `; filename="${p.filename}"` : ''}`;
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disp}\r\nContent-Type: application/octet-stream\r\n\r\n`), p.data, Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { raw: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

describe('bot info', () => {
  it('snake_case onboarding_info with prologue and suggested_questions by default', () =>
    withEmulator({}, async (url, tok, botId) => {
      const data = (await request(url, 'GET', `/v1/bots/${botId}`, { token: tok })).json<{ data: { onboarding_info: Json; name: string } }>().data;
      expect(Object.keys(data.onboarding_info).sort()).toEqual(['prologue', 'suggested_questions']);
      expect(data.name.length).toBeGreaterThan(0);
    }));

  it('PascalCase variant, as the doc example shows', () =>
    withEmulator({ onboardingCase: 'pascal' }, async (url, tok, botId) => {
      const info = (await request(url, 'GET', `/v1/bots/${botId}`, { token: tok })).json<{ data: { onboarding_info: Json } }>().data.onboarding_info;
      expect(info).toMatchObject({ Prologue: expect.any(String), SuggestedQuestions: expect.any(Array) });
      expect(info.prologue).toBeUndefined();
    }));

  it('suggestions off: suggested_questions absent and no follow_up in chats', () =>
    withEmulator({ suggestedQuestions: false }, async (url, tok, botId) => {
      const info = (await request(url, 'GET', `/v1/bots/${botId}`, { token: tok })).json<{ data: { onboarding_info: Json } }>().data.onboarding_info;
      expect('suggested_questions' in info).toBe(false);
      const res = await request(url, 'POST', '/v3/chat', { token: tok, body: { bot_id: botId, user_id: 'u', stream: true, additional_messages: [{ role: 'user', content: 'x', content_type: 'text' }] } });
      expect(res.text).not.toContain('"type":"follow_up"');
    }));

  it('unknown bot → 4200 with the message seen from the real service', () =>
    withEmulator({}, async (url, tok) => {
      const res = (await request(url, 'GET', '/v1/bots/7000000000000000001', { token: tok })).json();
      expect(res.code).toBe(4200);
      expect(res.msg).toContain('bot_id=7000000000000000001 does not exist');
    }));

  it('a custom bot id (string, 19 digits) is served', () =>
    withEmulator({ botId: '7999999999999999999' }, async (url, tok, botId) => {
      expect(botId).toBe('7999999999999999999');
      expect((await request(url, 'GET', `/v1/bots/${botId}`, { token: tok })).json<{ data: Json }>().data.bot_id).toBe(botId);
    }));
});

describe('uploads', () => {
  it('transcribes deterministically from the bytes; empty file → 4300; no file part → 4300; two files → 4301', () =>
    withEmulator({}, async (url, tok) => {
      const audio = Buffer.from([0x4f, 0x67, 0x67, 0x53, 0, 1, 2, 3, 0xff, 0xfe]);
      const send = (parts: { name: string; filename?: string; data: Buffer }[]) => {
        const mp = multipart(parts);
        return request(url, 'POST', '/v1/audio/transcriptions', { token: tok, raw: mp.raw, contentType: mp.contentType });
      };
      const first = (await send([{ name: 'file', filename: 'a.ogg', data: audio }])).json<{ data: { text: string } }>().data.text;
      const again = (await send([{ name: 'file', filename: 'b.ogg', data: audio }])).json<{ data: { text: string } }>().data.text;
      const other = (await send([{ name: 'file', filename: 'a.ogg', data: Buffer.from('different') }])).json<{ data: { text: string } }>().data.text;
      expect(first.startsWith(TRANSCRIPTION_PREFIX)).toBe(true);
      expect(again).toBe(first);
      expect(other).not.toBe(first);
      expect((await send([{ name: 'file', filename: 'a.ogg', data: Buffer.alloc(0) }])).json().code).toBe(4300);
      expect((await send([{ name: 'other', data: audio }])).json().code).toBe(4300);
      expect((await send([{ name: 'file', data: audio }, { name: 'file', data: audio }])).json().code).toBe(4301);
      expect((await request(url, 'POST', '/v1/audio/transcriptions', { token: tok, body: { file: 'x' } })).json().code).toBe(4300);
    }));

  it('audio over 10 MB → 4302', () =>
    withEmulator({}, async (url, tok) => {
      const mp = multipart([{ name: 'file', filename: 'big.mp3', data: Buffer.alloc(10 * 1024 * 1024 + 1, 1) }]);
      expect((await request(url, 'POST', '/v1/audio/transcriptions', { token: tok, raw: mp.raw, contentType: mp.contentType })).json().code).toBe(4302);
    }));

  it('file upload answers {id, bytes, file_name, created_at}', () =>
    withEmulator({}, async (url, tok) => {
      const mp = multipart([{ name: 'file', filename: '图片.jpeg', data: Buffer.from('jpegbytes') }]);
      const data = (await request(url, 'POST', '/v1/files/upload', { token: tok, raw: mp.raw, contentType: mp.contentType })).json<{ data: Json }>().data;
      expect(data).toMatchObject({ bytes: 9, file_name: '图片.jpeg', created_at: expect.any(Number) });
      expect(String(data.id)).toMatch(/^\d{19}$/);
    }));
});

describe('multipart parser', () => {
  it('reads parts with CRLF inside the data and a quoted boundary', () => {
    const data = Buffer.from('line1\r\n--not-the-boundary\r\nline3');
    const mp = multipart([{ name: 'file', filename: 'x.bin', data }, { name: 'note', data: Buffer.from('hi') }], 'abc');
    const parts = parseMultipart(mp.raw, boundaryOf('multipart/form-data; boundary="abc"') ?? '');
    expect(parts.map((p) => [p.name, p.filename, p.data.toString()])).toEqual([
      ['file', 'x.bin', data.toString()],
      ['note', undefined, 'hi'],
    ]);
  });

  it('rejects a truncated body and non-multipart content types', () => {
    const mp = multipart([{ name: 'file', data: Buffer.from('x') }], 'abc');
    expect(() => parseMultipart(mp.raw.subarray(0, mp.raw.length - 10), 'abc')).toThrow(/closing boundary/);
    expect(boundaryOf('application/json')).toBeUndefined();
  });
});
