/**
 * Every fault kind is observable over raw HTTP (node:http), through the API (`inject`) and, for the chat ones,
 * through `#fault:` trigger words typed into the chat.
 */
import * as http from 'http';
import { chatBody, harness, parseSse, request, signJwt, token, type Harness } from './helpers';
import { CHAT_FAILED_ERROR, MALFORMED_LINE } from '../../../tools/coze-emulator/chat-runner';

type Json = Record<string, unknown>;

describe('faults', () => {
  let h: Harness;
  let tok: string;
  beforeAll(async () => {
    h = await harness();
    tok = await token(h, 'faults');
  });
  afterAll(() => h.emulator.stop());
  afterEach(() => h.emulator.clearFaults());

  const bot = () => request(h.emulator.url, 'GET', `/v1/bots/${h.emulator.botId}`, { token: tok });
  const stream = (text = 'hello', path = '/v3/chat') => request(h.emulator.url, 'POST', path, { token: tok, body: chatBody(h.emulator.botId, text) });
  const events = (text: string) => parseSse(text).map((e) => ({ event: e.event, data: e.data === '"[DONE]"' ? {} : (JSON.parse(e.data) as Json) }));
  const retrieve = (conv: string, chat: string) =>
    request(h.emulator.url, 'GET', `/v3/chat/retrieve?conversation_id=${conv}&chat_id=${chat}`, { token: tok }).then((r) => r.json<{ data: Json }>().data);

  it('http-500 → HTTP 500 with a 5000 envelope, once (times default 1)', async () => {
    h.emulator.inject({ kind: 'http-500' });
    const res = await bot();
    expect(res.status).toBe(500);
    expect(res.json().code).toBe(5000);
    expect((await bot()).status).toBe(200);
  });

  it('http-502 → HTTP 502 HTML page (a gateway, not Coze)', async () => {
    h.emulator.inject({ kind: 'http-502' });
    const res = await bot();
    expect(res.status).toBe(502);
    expect(res.headers['content-type']).toBe('text/html');
  });

  it('http-429 → HTTP 429 with code 4009', async () => {
    h.emulator.inject({ kind: 'http-429', times: 2 });
    expect((await bot()).status).toBe(429);
    const second = await bot();
    expect(second.status).toBe(429);
    expect(second.json().code).toBe(4009);
    expect((await bot()).status).toBe(200);
  });

  it('coze-error → HTTP 200 + envelope with that code (default msg for 4028)', async () => {
    h.emulator.inject({ kind: 'coze-error', code: 4028 });
    const res = await stream();
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('application/json');
    expect(res.json()).toMatchObject({ code: 4028, msg: 'Your free quota has been used up. Please upgrade to a paid plan to continue' });
  });

  it('path limits a fault to matching requests', async () => {
    h.emulator.inject({ kind: 'coze-error', code: 4008, path: '/v1/conversations' });
    expect((await bot()).json().code).toBe(0);
    expect((await request(h.emulator.url, 'GET', `/v1/conversations?bot_id=${h.emulator.botId}`, { token: tok })).json().code).toBe(4008);
  });

  it('chat-failed → stream ends with conversation.chat.failed + last_error, then done; retrieve says failed', async () => {
    h.emulator.inject({ kind: 'chat-failed' });
    const evs = events((await stream()).text);
    const failed = evs.find((e) => e.event === 'conversation.chat.failed');
    expect(failed?.data).toMatchObject({ status: 'failed', last_error: CHAT_FAILED_ERROR });
    expect(evs.map((e) => e.event).slice(-2)).toEqual(['conversation.chat.failed', 'done']);
    expect(evs.map((e) => e.event)).not.toContain('conversation.chat.completed');
    expect((await retrieve(String(failed?.data.conversation_id), String(failed?.data.id))).status).toBe('failed');
  });

  it('stream-error-event → an `event:error` {code,msg} mid-stream after some deltas', async () => {
    h.emulator.inject({ kind: 'stream-error-event', code: 4010, msg: 'prompt too long' });
    const evs = events((await stream()).text);
    expect(evs.filter((e) => e.event === 'conversation.message.delta').length).toBeGreaterThan(0);
    expect(evs[evs.length - 1]).toEqual({ event: 'error', data: { code: 4010, msg: 'prompt too long' } });
  });

  it('drop-mid-stream → the socket dies after a few deltas; the chat still completes server-side', async () => {
    h.emulator.inject({ kind: 'drop-mid-stream' });
    const res = await stream();
    expect(res.aborted).toBe(true);
    expect(res.text).toContain('event:conversation.message.delta');
    expect(res.text).not.toContain('event:done');
    const created = JSON.parse(parseSse(res.text.slice(0, res.text.lastIndexOf('\n\n') + 2))[0].data) as Json;
    let status = '';
    for (let i = 0; i < 1000 && status !== 'completed'; i += 1) {
      status = String((await retrieve(String(created.conversation_id), String(created.id))).status);
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(status).toBe('completed');
  });

  it('slow-first-byte → no response head while later requests are served', async () => {
    h.emulator.inject({ kind: 'slow-first-byte', ms: 60_000 });
    const body = Buffer.from(JSON.stringify(chatBody(h.emulator.botId, 'slow')));
    let gotHead = false;
    const req = http.request(`${h.emulator.url}/v3/chat`, { method: 'POST', headers: { authorization: `Bearer ${tok}`, 'content-type': 'application/json' } }, () => {
      gotHead = true;
    });
    req.on('error', () => undefined);
    req.end(body);
    // Wait until the emulator has recorded the slow request, then serve another one.
    while (!h.emulator.requests.some((r) => r.body !== null && (r.body as Json).additional_messages !== undefined && JSON.stringify(r.body).includes('"slow"'))) {
      await new Promise((r) => setImmediate(r));
    }
    expect((await bot()).json().code).toBe(0);
    expect(gotHead).toBe(false);
    req.destroy();
  });

  it('long-answer → the answer has at least that many characters', async () => {
    h.emulator.inject({ kind: 'long-answer', chars: 3000 });
    const answer = events((await stream()).text).find((e) => e.event === 'conversation.message.completed');
    expect(Array.from(String(answer?.data.content)).length).toBeGreaterThanOrEqual(3000);
  });

  it('split-chunks → the same events, reassembled from tiny chunks', async () => {
    const normal = events((await stream('split me')).text).map((e) => [e.event, e.data.content]);
    h.emulator.inject({ kind: 'split-chunks' });
    const res = await stream('split me');
    expect(events(res.text).map((e) => [e.event, e.data.content])).toEqual(normal);
  });

  it('malformed-sse → a garbage non-JSON data line inside an otherwise normal stream', async () => {
    h.emulator.inject({ kind: 'malformed-sse' });
    const res = await stream();
    expect(res.text).toContain(MALFORMED_LINE);
    const bad = parseSse(res.text).filter((e) => {
      try {
        JSON.parse(e.data);
        return false;
      } catch {
        return true;
      }
    });
    expect(bad).toHaveLength(1);
    expect(res.text.endsWith('event:done\ndata:"[DONE]"\n\n')).toBe(true);
  });

  it('token-invalid → 4100 on the next business call only', async () => {
    h.emulator.inject({ kind: 'token-invalid' });
    expect((await bot()).json().code).toBe(4100);
    expect((await bot()).json().code).toBe(0);
  });

  it('token-exchange-error → the token endpoint answers the OAuth error', async () => {
    h.emulator.inject({ kind: 'token-exchange-error', error_code: 'access_deny' });
    expect((await bot()).json().code).toBe(0); // business calls are not its target
    const res = await request(h.emulator.url, 'POST', '/api/permission/oauth2/token', {
      token: signJwt(h.keys),
      body: { grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer' },
    });
    expect(res.status).toBe(403);
    expect(res.json()).toMatchObject({ error: 'access_deny', error_code: 'access_deny' });
  });

  it('a chat fault waits for a chat: other requests do not consume it', async () => {
    h.emulator.inject({ kind: 'chat-failed' });
    expect((await bot()).json().code).toBe(0);
    expect((await stream()).text).toContain('event:conversation.chat.failed');
  });

  describe('trigger words in the chat text', () => {
    it.each([
      ['#fault:failed', (t: string) => expect(t).toContain('event:conversation.chat.failed')],
      ['#fault:error', (t: string) => expect(t).toContain('event:error\n')],
      ['#fault:malformed', (t: string) => expect(t).toContain(MALFORMED_LINE)],
      ['#fault:long', (t: string) => expect(t).toContain('补充段落')],
      ['#fault:split', (t: string) => expect(t).toContain('event:conversation.chat.completed')],
    ])('%s', async (word, check) => {
      check((await stream(`please ${word}`)).text);
    });

    it('#fault:drop aborts the stream', async () => {
      expect((await stream('x #fault:drop')).aborted).toBe(true);
    });

    it('#fault:500, #fault:429, #fault:4008, #fault:4028 answer before streaming', async () => {
      expect((await stream('#fault:500')).status).toBe(500);
      expect((await stream('#fault:429')).status).toBe(429);
      expect((await stream('#fault:4008')).json().code).toBe(4008);
      expect((await stream('#fault:4028')).json().code).toBe(4028);
    });
  });
});
