/**
 * Conversations and messages over raw HTTP, following coze-api.md §3: list paging and order, rename, delete,
 * clear, message paging with top-level first_id/last_id/has_more, modify under `message`, delete, feedback.
 */
import { harness, request, token, type Harness } from './helpers';

type Json = Record<string, unknown>;
interface Msg { id: string; content: string; type: string }

describe('conversations', () => {
  let h: Harness;
  let tok: string;
  beforeAll(async () => {
    h = await harness();
    tok = await token(h, 'conv');
  });
  afterAll(() => h.emulator.stop());

  const call = (method: string, path: string, body?: unknown) => request(h.emulator.url, method, path, { token: tok, body });
  const create = async (name?: string): Promise<Json> => (await call('POST', '/v1/conversation/create', { bot_id: h.emulator.botId, ...(name ? { name } : {}) })).json<{ data: Json }>().data;
  const listPage = async (q: string) => (await call('GET', `/v1/conversations?bot_id=${h.emulator.botId}&${q}`)).json<{ data: { has_more: boolean; conversations: Json[] } }>().data;

  it('lists newest-CREATED first (list_conversations.md: by creation time, an update does not move it) with page_num/page_size/has_more; page_size over 50 → 4000; bot_id required', async () => {
    const a = await create('a');
    const b = await create('b');
    const c = await create('c');
    await call('PUT', `/v1/conversations/${a.id}`, { name: 'a renamed' }); // an update does not reorder
    const p1 = await listPage('page_num=1&page_size=2');
    expect(p1.conversations.map((x) => x.id)).toEqual([c.id, b.id]);
    expect(p1.has_more).toBe(true);
    const p2 = await listPage('page_num=2&page_size=2');
    expect(p2.conversations.map((x) => x.id)).toEqual([a.id]);
    expect(p2.has_more).toBe(false);
    expect((await listPage('sort_order=ASC')).conversations.map((x) => x.id)).toEqual([a.id, b.id, c.id]);
    expect((await call('GET', `/v1/conversations?bot_id=${h.emulator.botId}&page_size=51`)).json().code).toBe(4000);
    expect((await call('GET', '/v1/conversations')).json().code).toBe(4000);
    expect((await call('GET', '/v1/conversations?bot_id=7000000000000000000')).json().code).toBe(4200);
  });

  it('rename returns the conversation; delete removes it (then 4002)', async () => {
    const conv = await create();
    const renamed = (await call('PUT', `/v1/conversations/${conv.id}`, { name: '新名字' })).json<{ data: Json }>().data;
    expect(renamed).toMatchObject({ id: conv.id, name: '新名字' });
    const del = (await call('DELETE', `/v1/conversations/${conv.id}`)).json();
    expect(del.code).toBe(0);
    expect(del.data).toBeUndefined();
    expect((await call('GET', `/v1/conversation/retrieve?conversation_id=${conv.id}`)).json().code).toBe(4002);
  });

  it('create stores meta_data and initial messages; name defaults to the first user message', async () => {
    const res = await call('POST', '/v1/conversation/create', {
      bot_id: h.emulator.botId,
      meta_data: { a: '1' },
      messages: [{ role: 'user', content: '第一句话', content_type: 'text' }],
    });
    const conv = res.json<{ data: Json }>().data;
    expect(conv).toMatchObject({ name: '第一句话', meta_data: { a: '1' }, connector_id: '1024' });
    expect(String(conv.id)).toMatch(/^\d{19}$/);
    expect(typeof conv.created_at).toBe('number');
  });

  it('clear returns a new section id and keeps the messages', async () => {
    const conv = await create();
    await call('POST', `/v1/conversation/message/create?conversation_id=${conv.id}`, { role: 'user', content: 'keep', content_type: 'text' });
    const section = (await call('POST', `/v1/conversations/${conv.id}/clear`)).json<{ data: Json }>().data;
    expect(section.conversation_id).toBe(conv.id);
    expect(section.id).not.toBe(conv.last_section_id);
    const msgs = (await call('POST', `/v1/conversation/message/list?conversation_id=${conv.id}`, {})).json<{ data: Msg[] }>().data;
    expect(msgs.map((m) => m.content)).toEqual(['keep']);
  });

  describe('messages', () => {
    let convId: string;
    const ids: string[] = [];
    beforeAll(async () => {
      convId = String((await create()).id);
      for (let i = 1; i <= 5; i += 1) {
        const m = (await call('POST', `/v1/conversation/message/create?conversation_id=${convId}`, { role: 'user', content: `m${i}`, content_type: 'text' })).json<{ data: Msg }>().data;
        ids.push(m.id);
      }
    });
    const list = async (body: Json) => (await call('POST', `/v1/conversation/message/list?conversation_id=${convId}`, body)).json<{ data: Msg[]; first_id: string; last_id: string; has_more: boolean }>();

    it('lists newest first by default with top-level first_id/last_id/has_more', async () => {
      const page = await list({ limit: 2 });
      expect(page.data.map((m) => m.content)).toEqual(['m5', 'm4']);
      expect(page).toMatchObject({ first_id: ids[4], last_id: ids[3], has_more: true });
    });

    it('after_id pages to OLDER messages, before_id to NEWER ones (list_message.md: 向后翻页 after_id = last_id, 向前翻页 before_id = first_id); order asc; nulls = absent', async () => {
      const first = await list({ limit: 2 });
      const older = await list({ limit: 2, after_id: first.last_id });
      expect(older.data.map((m) => m.content)).toEqual(['m3', 'm2']);
      expect(older).toMatchObject({ first_id: ids[2], last_id: ids[1], has_more: true });
      const oldest = await list({ limit: 2, after_id: older.last_id });
      expect(oldest.data.map((m) => m.content)).toEqual(['m1']);
      expect(oldest.has_more).toBe(false);
      const newer = await list({ order: 'asc', limit: 2, before_id: ids[1] });
      expect(newer.data.map((m) => m.content)).toEqual(['m3', 'm4']);
      expect(newer.has_more).toBe(true);
      const back = await list({ limit: 2, before_id: ids[2] });
      expect(back.data.map((m) => m.content)).toEqual(['m5', 'm4']);
      expect(back.has_more).toBe(false);
      const nulls = await list({ order: null, limit: null, before_id: null, after_id: null, chat_id: null });
      expect(nulls.data.map((m) => m.content)).toEqual(['m5', 'm4', 'm3', 'm2', 'm1']);
      expect((await list({ limit: 51 })).data).toBeUndefined();
      expect((await list({ limit: 0 })).data).toBeUndefined();
    });

    it('retrieve, modify (answer under `message`) and delete', async () => {
      const got = (await call('GET', `/v1/conversation/message/retrieve?conversation_id=${convId}&message_id=${ids[0]}`)).json<{ data: Msg }>();
      expect(got.data.content).toBe('m1');
      const mod = (await call('POST', `/v1/conversation/message/modify?conversation_id=${convId}&message_id=${ids[0]}`, { content: 'm1 edited' })).json();
      expect(mod.data).toBeUndefined();
      expect((mod.message as Msg).content).toBe('m1 edited');
      const del = (await call('POST', `/v1/conversation/message/delete?conversation_id=${convId}&message_id=${ids[0]}`)).json<{ data: Msg }>();
      expect(del.data.id).toBe(ids[0]);
      expect((await call('GET', `/v1/conversation/message/retrieve?conversation_id=${convId}&message_id=${ids[0]}`)).json().code).toBe(4005);
    });
  });

  it('feedback: like/unlike an answer, delete it; not on questions', async () => {
    const chat = await call('POST', '/v3/chat', { bot_id: h.emulator.botId, user_id: 'u', stream: true, additional_messages: [{ role: 'user', content: 'rate me', content_type: 'text' }] });
    const convId = String((JSON.parse(chat.text.split('\n')[1].slice('data:'.length)) as Json).conversation_id);
    const msgs = (await call('POST', `/v1/conversation/message/list?conversation_id=${convId}`, {})).json<{ data: Msg[] }>().data;
    expect(msgs.map((m) => m.type)).toEqual(['answer', 'question']);
    const [answer, question] = msgs;
    const fb = (mid: string, method = 'POST', body: unknown = { feedback_type: 'like', comment: '好' }) => call(method, `/v1/conversations/${convId}/messages/${mid}/feedback`, body);
    expect((await fb(answer.id)).json().code).toBe(0);
    expect((await fb(answer.id, 'POST', { feedback_type: 'meh' })).json().code).toBe(4000);
    expect((await fb(question.id)).json().code).toBe(4005);
    expect((await fb(answer.id, 'DELETE', undefined)).json().code).toBe(0);
  });
});
