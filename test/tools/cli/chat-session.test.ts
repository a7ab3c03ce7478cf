import { cloudFunctionEnv, generateAppKeys, startEmulator, type CozeEmulator } from '../../../tools/coze-emulator/index';
import { ChatSession } from '../../../tools/cli/chat-session';
import { ActionError, callAction } from '../../../tools/cli/cloud-call';
import { openidFor } from '../../../tools/cli/commands';
import { createLocalCloud, type LocalCloud } from '../../../tools/dev-server/local-cloud';
import { loadFunctionModule } from '../../../tools/dev-server/load-function';

/** The terminal chat's logic over the real built function, the local cloud and the emulator over HTTP. */
/**
 * Runs `run` with console.error captured: the function logs each failed action as one JSON line (expected in
 * these tests), so the lines are checked here instead of printed; returns the logged error codes.
 */
async function functionErrors(run: () => Promise<void>): Promise<string[]> {
  const logged = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  try {
    await run();
    return logged.mock.calls.map((c) => (JSON.parse(String(c[0])) as { event: string; code: string }).code);
  } finally {
    logged.mockRestore();
  }
}

describe('ChatSession (real bundle + emulator)', () => {
  let emulator: CozeEmulator;
  let cloud: LocalCloud;

  beforeAll(async () => {
    const keys = generateAppKeys();
    emulator = await startEmulator({ apps: [{ appId: keys.appId, keyId: keys.keyId, publicKeyPem: keys.publicKeyPem }], deltaDelayMs: 2 });
    Object.assign(process.env, {
      ...cloudFunctionEnv(emulator, keys),
      CHAT_STREAM_WRITE_MS: '0',
    });
    cloud = createLocalCloud(loadFunctionModule());
  });
  afterAll(() => emulator.stop());

  it('streams the answer through the stream channel, then the final result is the whole answer', async () => {
    const session = new ChatSession(cloud, 'streamer');
    const seen: string[] = [];
    const result = await session.send('你好', (live) => seen.push(live.text));
    expect(result.status).toBe('completed');
    expect(seen.length).toBeGreaterThan(1);
    for (let i = 1; i < seen.length; i += 1) expect(seen[i].startsWith(seen[i - 1])).toBe(true);
    expect(result.answer?.content.startsWith(seen[seen.length - 1])).toBe(true);
    expect(result.answer?.content).toContain('你好');
    expect(result.followUps.length).toBeGreaterThan(0);
  });

  it('keeps simulated users apart: each lists only their own conversations, and cannot read the other\'s', async () => {
    const session = new ChatSession(cloud, 'alice2');
    await session.send('alice 的问题', () => undefined);
    session.switchUser('bob2');
    await session.send('bob 的问题', () => undefined);
    const bobs = await session.list();
    expect(bobs.conversations.map((c) => c.name)).toEqual(['bob 的问题']);
    session.switchUser('alice2');
    const alices = await session.list();
    expect(alices.conversations.map((c) => c.name)).toEqual(['alice 的问题']);
    const bob = cloud.client(openidFor('bob2'));
    const errors = await functionErrors(async () => {
      const peek = callAction(bob, 'message.list', { conversationId: alices.conversations[0].id });
      await expect(peek).rejects.toBeInstanceOf(ActionError);
      await expect(peek).rejects.toMatchObject({ error: { code: 'NOT_FOUND' } });
    });
    expect(errors).toEqual(['NOT_FOUND']);
  });

  it('switches conversations, continues them, clears context and sends feedback on the last answer', async () => {
    const session = new ChatSession(cloud, 'carol');
    expect(await session.feedback('like')).toBe(false);
    expect(await session.clear()).toBe(false);
    const first = await session.send('第一个会话', () => undefined);
    session.newConversation();
    const second = await session.send('第二个会话', () => undefined);
    expect(second.conversationId).not.toBe(first.conversationId);
    const { conversations } = await session.list();
    expect(conversations).toHaveLength(2);
    const index = conversations.findIndex((c) => c.id === first.conversationId) + 1;
    const { messages } = await session.switchTo(index);
    expect(messages.map((m) => m.role)).toEqual(['user', 'assistant']);
    const again = await session.send('继续', () => undefined);
    expect(again.conversationId).toBe(first.conversationId);
    expect(await session.clear()).toBe(true);
    expect(await session.feedback('like')).toBe(true);
    const feedback = emulator.requests.filter((r) => r.path.endsWith('/feedback'));
    expect(feedback[feedback.length - 1]).toMatchObject({ method: 'POST', path: `/v1/conversations/${first.conversationId}/messages/${again.answer?.id}/feedback` });
    await expect(session.switchTo(9)).rejects.toThrow('run /list first');
  });

  it('stop() during a reply stops rendering at once and cancels the chat at Coze', async () => {
    const session = new ChatSession(cloud, 'dave');
    const seen: string[] = [];
    const result = await session.send('讲一个很长的故事 #fault:long', (live) => {
      seen.push(live.text);
      expect(session.stop()).toBe(true);
    });
    expect(seen).toHaveLength(1);
    expect(emulator.requests.some((r) => r.path === '/v3/chat/cancel' && (r.body as { chat_id?: string }).chat_id === result.chatId)).toBe(true);
    // The final status after a cancel is the function's and Coze's business; the stop is ours.
    expect(result.chatId).not.toBe('');
    expect(session.busy).toBe(false);
    expect(session.stop()).toBe(false);
  });

  it('a stream dropped after Coze named the chat is recovered with chat.poll, as the mini-program does', async () => {
    const session = new ChatSession(cloud, 'frank', { pollIntervalMs: 20 });
    const seen: string[] = [];
    const polls = emulator.requests.filter((r) => r.path === '/v3/chat/retrieve').length;
    let result!: Awaited<ReturnType<ChatSession['send']>>;
    expect(await functionErrors(async () => void (result = await session.send('断线也要完整 #fault:drop', (live) => seen.push(live.text))))).toEqual(['UPSTREAM']);
    expect(result.status).toBe('completed');
    expect(emulator.requests.filter((r) => r.path === '/v3/chat/retrieve').length).toBeGreaterThan(polls);
    // The recovered answer is the whole one: the half the dropped stream showed is its beginning.
    expect(seen.length).toBeGreaterThan(0);
    expect(result.answer?.content.startsWith(seen[0])).toBe(true);
    expect(result.answer?.content.length).toBeGreaterThan(seen[0].length);
    expect(result.followUps.length).toBeGreaterThan(0);
    expect(session.busy).toBe(false);
  });

  it('a failure before Coze named the chat is not followed: it throws the envelope error', async () => {
    const session = new ChatSession(cloud, 'gina', { pollIntervalMs: 20 });
    const errors = await functionErrors(async () => {
      await expect(session.send('#fault:502', () => undefined)).rejects.toMatchObject({ error: { code: 'UPSTREAM', retryable: true } });
    });
    expect(errors).toEqual(['UPSTREAM']);
    expect(session.busy).toBe(false);
  });

  it('a reply that outlives the function deadline (detached) is followed with chat.poll until it completes', async () => {
    // A slower emulator of its own (20 ms per delta), so a 1 s deadline surely detaches the long answer.
    const keys = generateAppKeys();
    const slow = await startEmulator({ apps: [{ appId: keys.appId, keyId: keys.keyId, publicKeyPem: keys.publicKeyPem }], deltaDelayMs: 20 });
    const env = { COZE_API_BASE: slow.url, CHAT_DEADLINE_MS: '1000', COZE_JWT_OAUTH_CLIENT_ID: keys.appId, COZE_JWT_OAUTH_PUBLIC_KEY_ID: keys.keyId, COZE_JWT_OAUTH_PRIVATE_KEY: keys.privateKeyPem, COZE_BOT_ID: slow.botId };
    const saved = Object.fromEntries(Object.keys(env).map((name) => [name, process.env[name]]));
    Object.assign(process.env, env);
    try {
      const fresh = new ChatSession(cloud, 'erin', { pollIntervalMs: 200 });
      await fresh.list(); // warm-up: the token exchange of the new configuration stays outside the 1 s budget
      slow.inject({ kind: 'long-answer', chars: 1500 });
      const seen: string[] = [];
      const result = await fresh.send('讲一个很长的故事', (live) => seen.push(live.text));
      expect(result.status).toBe('completed');
      expect(result.answer?.content.length).toBeGreaterThanOrEqual(1500);
      // It was detached first: the function was asked for chat.poll, which reads /v3/chat/retrieve.
      expect(slow.requests.some((r) => r.path === '/v3/chat/retrieve')).toBe(true);
      expect(fresh.busy).toBe(false);
    } finally {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
      await slow.stop();
    }
  });
});
