/**
 * JWT session isolation: conversations, messages and chats belong to (app id, session_name). Another session
 * gets 4002 everywhere (UNCONFIRMED code on the real service), unless isolation is turned off.
 */
import { chatBody, harness, request, token, type Harness } from './helpers';

describe('session isolation', () => {
  let h: Harness;
  let alice: string;
  let bob: string;
  let convId: string;
  let chatId: string;

  beforeAll(async () => {
    h = await harness();
    alice = await token(h, 'openid-alice');
    bob = await token(h, 'openid-bob');
    const chat = await request(h.emulator.url, 'POST', '/v3/chat', { token: alice, body: chatBody(h.emulator.botId, 'alice secret', false) });
    convId = chat.json<{ data: { conversation_id: string; id: string } }>().data.conversation_id;
    chatId = chat.json<{ data: { conversation_id: string; id: string } }>().data.id;
    for (let i = 0; i < 100; i += 1) {
      const r = await request(h.emulator.url, 'GET', `/v3/chat/retrieve?conversation_id=${convId}&chat_id=${chatId}`, { token: alice });
      if (r.json<{ data: { status: string } }>().data.status === 'completed') break;
    }
  });
  afterAll(() => h.emulator.stop());

  const list = (tok: string) => request(h.emulator.url, 'GET', `/v1/conversations?bot_id=${h.emulator.botId}`, { token: tok });
  const ids = async (tok: string): Promise<string[]> => (await list(tok)).json<{ data: { conversations: { id: string }[] } }>().data.conversations.map((c) => c.id);

  it('the owner sees the conversation, named after the first user message', async () => {
    const res = await list(alice);
    expect(res.json<{ data: { conversations: { id: string; name: string }[] } }>().data.conversations).toEqual([expect.objectContaining({ id: convId, name: 'alice secret' })]);
  });

  it('another session_name sees nothing and gets 4002 on retrieve, message list, chat and chat retrieve', async () => {
    expect(await ids(bob)).toEqual([]);
    const u = h.emulator.url;
    expect((await request(u, 'GET', `/v1/conversation/retrieve?conversation_id=${convId}`, { token: bob })).json().code).toBe(4002);
    expect((await request(u, 'POST', `/v1/conversation/message/list?conversation_id=${convId}`, { token: bob, body: {} })).json().code).toBe(4002);
    expect((await request(u, 'POST', `/v3/chat?conversation_id=${convId}`, { token: bob, body: chatBody(h.emulator.botId, 'peek') })).json().code).toBe(4002);
    expect((await request(u, 'GET', `/v3/chat/retrieve?conversation_id=${convId}&chat_id=${chatId}`, { token: bob })).json().code).toBe(4002);
    expect((await request(u, 'DELETE', `/v1/conversations/${convId}`, { token: bob })).json().code).toBe(4002);
  });

  it('a token without session_name is its own session', async () => {
    expect(await ids(await token(h))).toEqual([]);
  });

  it('with isolation off, the other session can see and read it', async () => {
    h.emulator.setIsolation(false);
    try {
      expect(await ids(bob)).toContain(convId);
      const msgs = await request(h.emulator.url, 'POST', `/v1/conversation/message/list?conversation_id=${convId}`, { token: bob, body: { order: 'asc' } });
      expect(msgs.json<{ data: { content: string }[] }>().data[0].content).toBe('alice secret');
    } finally {
      h.emulator.setIsolation(true);
    }
    expect(await ids(bob)).toEqual([]);
  });
});
