/**
 * /v3/chat over raw HTTP: the SSE framing and event order match the recorded Coze stream, and the chat rules
 * (4016 running chat, 4007 auto_save_history, cancel/4104, retrieve by GET and POST, 4101 permissions, 4015/4200).
 */
import { readFileSync } from 'fs';
import * as path from 'path';
import { chatBody, harness, parseSse, request, token, type Harness, type SseEvent } from './helpers';
import { generateAppKeys, startEmulator } from '../../../tools/coze-emulator';

const FIXTURE = path.join(__dirname, '../../fixtures/coze/cozepy__chat_text_stream_resp.txt');

/** Event names with runs of deltas collapsed to one. */
function shape(events: SseEvent[]): string[] {
  return events.map((e) => e.event).filter((n, i, a) => n !== 'conversation.message.delta' || a[i - 1] !== n);
}

type Json = Record<string, unknown>;

describe('/v3/chat stream shape', () => {
  let h: Harness;
  let tok: string;
  beforeAll(async () => {
    h = await harness();
    tok = await token(h, 'shape');
  });
  afterAll(() => h.emulator.stop());

  it('has the recorded stream framing and event order (plus verbose and follow_up)', async () => {
    // The fixture file has no newline at EOF (test-file artefact): add the blank line a live server sends.
    const recorded = parseSse(readFileSync(FIXTURE, 'utf8') + '\n\n');
    const res = await request(h.emulator.url, 'POST', '/v3/chat', { token: tok, body: chatBody(h.emulator.botId, '今天星期几？') });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/event-stream');
    expect(res.headers['x-tt-logid']).toMatch(/^\d{14}/);
    const ours = parseSse(res.text);
    const ourShape = shape(ours);
    const isExtra = (e: SseEvent): boolean => /"type":"(verbose|follow_up)"/.test(e.data);
    expect(shape(ours.filter((e) => !isExtra(e)))).toEqual(shape(recorded));
    expect(ourShape.slice(-2)).toEqual(['conversation.chat.completed', 'done']);
    expect(ours[ours.length - 1].data).toBe('"[DONE]"');
    expect(recorded[recorded.length - 1].data).toBe('"[DONE]"');
    for (const e of ours.slice(0, -1)) expect(() => JSON.parse(e.data) as unknown).not.toThrow();
    // Same keys as the recorded events (ours may add section_id / created_at like newer streams).
    const keysOf = (evs: SseEvent[], name: string): string[] => Object.keys(JSON.parse(evs.find((e) => e.event === name)?.data ?? '{}') as Json);
    for (const name of ['conversation.chat.created', 'conversation.message.delta', 'conversation.chat.completed']) {
      expect(keysOf(ours, name)).toEqual(expect.arrayContaining(keysOf(recorded, name)));
    }
    const verbose = ours.map((e) => JSON.parse(e.data) as Json).find((d) => d.type === 'verbose');
    expect(JSON.parse(String(verbose?.content))).toMatchObject({ msg_type: 'generate_answer_finish', from_module: null });
    const ids = ours.slice(0, -1).map((e) => JSON.parse(e.data) as Json);
    for (const d of ids) expect(String(d.id)).toMatch(/^\d{19}$/);
    expect(res.text).toContain('```ts');
    expect(res.text).toContain('| --- |');
  });

  it('counts chats in stats and records the request body', async () => {
    const before = h.emulator.stats.chats;
    await request(h.emulator.url, 'POST', '/v3/chat', { token: tok, body: chatBody(h.emulator.botId, 'count me') });
    expect(h.emulator.stats.chats).toBe(before + 1);
    const last = h.emulator.requests[h.emulator.requests.length - 1];
    expect(last).toMatchObject({ method: 'POST', path: '/v3/chat', headers: expect.objectContaining({ authorization: 'Bearer …' }) });
    expect(JSON.stringify(last.body)).toContain('count me');
  });

  it('deltas are a few characters each and concatenate to the answer', async () => {
    const res = await request(h.emulator.url, 'POST', '/v3/chat', { token: tok, body: chatBody(h.emulator.botId, 'deltas') });
    const events = parseSse(res.text).slice(0, -1).map((e) => ({ event: e.event, data: JSON.parse(e.data) as Json }));
    const deltas = events.filter((e) => e.event === 'conversation.message.delta').map((e) => String(e.data.content));
    expect(deltas.length).toBeGreaterThan(20);
    expect(Math.max(...deltas.map((d) => Array.from(d).length))).toBeLessThanOrEqual(4);
    const answer = events.find((e) => e.event === 'conversation.message.completed' && e.data.type === 'answer');
    expect(deltas.join('')).toBe(answer?.data.content);
  });
});

describe('/v3/chat rules', () => {
  let h: Harness;
  let tok: string;
  beforeAll(async () => {
    h = await harness({ deltaDelayMs: 5 });
    tok = await token(h, 'rules');
  });
  afterAll(() => h.emulator.stop());
  const post = (path: string, body: unknown) => request(h.emulator.url, 'POST', path, { token: tok, body });
  const longChat = (extra: Json = {}) => ({ ...chatBody(h.emulator.botId, 'long one', false), ...extra });

  it('errors before streaming come back as a JSON envelope, not SSE', async () => {
    const res = await post('/v3/chat', chatBody('7000000000000000000', 'hi'));
    expect(res.headers['content-type']).toContain('application/json');
    expect(res.json()).toMatchObject({ code: 4200 });
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['null', null],
  ])('/v3/chat with user_id %s → 4000 (chat_v3.md: user_id 必选)', async (_name, userId) => {
    const res = await post('/v3/chat', { ...chatBody(h.emulator.botId, 'hi'), user_id: userId });
    expect(res.json()).toMatchObject({ code: 4000 });
    expect(String(res.json().msg)).toContain('user_id');
  });

  it('4016 while a chat runs in the conversation; cancel → canceled; cancel again → 4104', async () => {
    h.emulator.inject({ kind: 'long-answer', chars: 5000 });
    const first = (await post('/v3/chat', longChat())).json<{ data: { id: string; conversation_id: string; status: string } }>().data;
    expect(first.status).toBe('in_progress');
    const second = await post(`/v3/chat?conversation_id=${first.conversation_id}`, chatBody(h.emulator.botId, 'again', false));
    expect(second.json().code).toBe(4016);
    const canceled = await post('/v3/chat/cancel', { conversation_id: first.conversation_id, chat_id: first.id });
    expect(canceled.json<{ data: { status: string } }>().data.status).toBe('canceled');
    const retrieved = await request(h.emulator.url, 'GET', `/v3/chat/retrieve?conversation_id=${first.conversation_id}&chat_id=${first.id}`, { token: tok });
    expect(retrieved.json<{ data: { status: string } }>().data.status).toBe('canceled');
    expect((await post('/v3/chat/cancel', { conversation_id: first.conversation_id, chat_id: first.id })).json().code).toBe(4104);
    // the canceled turn leaves no answer behind, and the conversation takes a new chat
    const msgs = await post(`/v1/conversation/message/list?conversation_id=${first.conversation_id}`, {});
    expect(msgs.json<{ data: { type: string }[] }>().data.map((m) => m.type)).toEqual(['question']);
    expect((await post(`/v3/chat?conversation_id=${first.conversation_id}`, chatBody(h.emulator.botId, 'again', false))).json().code).toBe(0);
  });

  const LONG = 1200;
  /** Starts a long streaming chat, cancels it mid-stream, and returns the events the stream carried. */
  async function cancelMidStream(emulatorUrl: string, botId: string): Promise<{ events: SseEvent[]; status: string }> {
    h.emulator.inject({ kind: 'long-answer', chars: LONG });
    const conv = (await post('/v1/conversation/create', { bot_id: botId })).json<{ data: { id: string } }>().data.id;
    const streaming = request(emulatorUrl, 'POST', `/v3/chat?conversation_id=${conv}`, { token: tok, body: chatBody(botId, 'stream me') });
    let chatId = '';
    for (let i = 0; i < 200 && !chatId; i += 1) {
      await new Promise((r) => setTimeout(r, 10));
      const listed = await post(`/v1/conversation/message/list?conversation_id=${conv}`, {});
      chatId = listed.json<{ data: { chat_id: string }[] }>().data[0]?.chat_id ?? '';
    }
    expect((await post('/v3/chat/cancel', { conversation_id: conv, chat_id: chatId })).json().code).toBe(0);
    const events = parseSse((await streaming).text);
    const status = (await request(emulatorUrl, 'GET', `/v3/chat/retrieve?conversation_id=${conv}&chat_id=${chatId}`, { token: tok })).json<{ data: { status: string } }>().data.status;
    return { events, status };
  }

  it('cancel during a stream does NOT interrupt it by default (chat_cancel.md): the answer flows to its end, no chat.completed, status canceled', async () => {
    const { events, status } = await cancelMidStream(h.emulator.url, h.emulator.botId);
    const names = events.map((e) => e.event);
    expect(names[names.length - 1]).toBe('done');
    expect(names).not.toContain('conversation.chat.completed');
    const answer = events.find((e) => e.event === 'conversation.message.completed' && /"type":"answer"/.test(e.data));
    expect((JSON.parse(answer?.data ?? '{}') as { content?: string }).content?.length ?? 0).toBeGreaterThanOrEqual(LONG);
    expect(status).toBe('canceled');
  });

  it('with cancelEndsStream the stream ends with done at the next delta after a cancel', async () => {
    h.emulator.setCancelEndsStream(true);
    try {
      const { events, status } = await cancelMidStream(h.emulator.url, h.emulator.botId);
      const names = events.map((e) => e.event);
      expect(names[names.length - 1]).toBe('done');
      expect(names).not.toContain('conversation.chat.completed');
      expect(names).not.toContain('conversation.message.completed');
      expect(status).toBe('canceled');
    } finally {
      h.emulator.setCancelEndsStream(false);
    }
  });

  it('stream:false with auto_save_history:false → 4007', async () => {
    expect((await post('/v3/chat', longChat({ auto_save_history: false }))).json().code).toBe(4007);
  });

  it('auto_save_history:false streams but keeps no history', async () => {
    const res = await post('/v3/chat', { ...chatBody(h.emulator.botId, 'forget me'), auto_save_history: false });
    const created = JSON.parse(parseSse(res.text)[0].data) as { conversation_id: string; id: string };
    const msgs = await post(`/v1/conversation/message/list?conversation_id=${created.conversation_id}`, {});
    expect(msgs.json<{ data: unknown[] }>().data).toEqual([]);
    expect((await post(`/v3/chat/retrieve?conversation_id=${created.conversation_id}&chat_id=${created.id}`, undefined)).json().code).toBe(4001);
  });

  it('retrieve answers both GET (doc) and POST (SDKs), meta_data echoed', async () => {
    const chat = (await post('/v3/chat', longChat({ meta_data: { k: 'v' } }))).json<{ data: { id: string; conversation_id: string } }>().data;
    const q = `/v3/chat/retrieve?conversation_id=${chat.conversation_id}&chat_id=${chat.id}`;
    const viaGet = (await request(h.emulator.url, 'GET', q, { token: tok })).json<{ data: { id: string; meta_data: Json } }>();
    const viaPost = (await post(q, undefined)).json<{ data: { id: string } }>();
    expect(viaGet.data.id).toBe(chat.id);
    expect(viaGet.data.meta_data).toEqual({ k: 'v' });
    expect(viaPost.data.id).toBe(chat.id);
  });

  it('4003 for meta_data over limits, 4004 for over 100 additional_messages', async () => {
    expect((await post('/v3/chat', longChat({ meta_data: { k: 'x'.repeat(513) } }))).json().code).toBe(4003);
    const many = Array.from({ length: 101 }, () => ({ role: 'user', content: 'x', content_type: 'text' }));
    expect((await post('/v3/chat', longChat({ additional_messages: many }))).json().code).toBe(4004);
  });

  it('an unpublished bot → 4015 on chat and bot info', async () => {
    h.emulator.setBotPublished(false);
    try {
      expect((await post('/v3/chat', chatBody(h.emulator.botId, 'hi'))).json().code).toBe(4015);
      expect((await request(h.emulator.url, 'GET', `/v1/bots/${h.emulator.botId}`, { token: tok })).json().code).toBe(4015);
    } finally {
      h.emulator.setBotPublished(true);
    }
  });
});

describe('permissions', () => {
  it('an app without the chat permission gets 4101 on /v3/chat but may read bot info', async () => {
    const keys = generateAppKeys();
    const emulator = await startEmulator({ apps: [{ ...keys, permissions: ['getMetadata'] }] });
    try {
      const tok = await token({ emulator, keys }, 'p');
      const chat = await request(emulator.url, 'POST', '/v3/chat', { token: tok, body: chatBody(emulator.botId, 'hi') });
      expect(chat.json()).toMatchObject({ code: 4101 });
      expect(String(chat.json().msg)).toContain('chat');
      expect((await request(emulator.url, 'GET', `/v1/bots/${emulator.botId}`, { token: tok })).json().code).toBe(0);
    } finally {
      await emulator.stop();
    }
  });
});
