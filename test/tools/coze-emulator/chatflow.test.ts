/**
 * The emulator's chatflow through the official @coze/api SDK (client.workflows.chat.stream): the question node
 * stops the flow the way the workflow_chat doc's example does (answer, `interrupt` verbose, done without a chat
 * event), the next call resumes it, conversations stay scoped by session_name, and bad requests get Coze codes.
 */
import { harness, request, token, type Harness } from './helpers';
import { CHATFLOW_OPTIONS, CHATFLOW_QUESTION, questionCard } from '../../../tools/coze-emulator/scripted-chatflow';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const coze = require('@coze/api') as typeof import('@coze/api');

type Event = { event: string; data: Record<string, unknown> };

describe('POST /v1/workflows/chat', () => {
  let h: Harness;
  const clients: Record<string, InstanceType<typeof coze.CozeAPI>> = {};
  async function clientFor(sessionName: string): Promise<InstanceType<typeof coze.CozeAPI>> {
    const tok = await coze.getJWTToken({ baseURL: h.emulator.url, appId: h.keys.appId, aud: 'api.coze.cn', keyid: h.keys.keyId, privateKey: h.keys.privateKeyPem, sessionName });
    clients[sessionName] = new coze.CozeAPI({ token: tok.access_token, baseURL: h.emulator.url });
    return clients[sessionName];
  }
  async function turn(client: InstanceType<typeof coze.CozeAPI>, text: string, conversationId?: string): Promise<Event[]> {
    const events: Event[] = [];
    for await (const ev of client.workflows.chat.stream({
      workflow_id: h.emulator.workflowId,
      bot_id: h.emulator.botId,
      ...(conversationId ? { conversation_id: conversationId } : {}),
      additional_messages: [{ role: coze.RoleType.User, content: text, content_type: 'text' }],
      parameters: { nickname: '小明' },
    })) {
      events.push(ev as Event);
    }
    return events;
  }

  beforeAll(async () => {
    h = await harness();
  });
  afterAll(() => h.emulator.stop());

  it('stops at the question node with its options, then resumes with the chosen option', async () => {
    const alice = await clientFor('session-alice');
    const asked = await turn(alice, '开始');
    const names = asked.map((e) => e.event);
    expect(names).toEqual(['conversation.chat.created', 'conversation.chat.in_progress', 'conversation.message.delta', 'conversation.message.completed', 'conversation.message.completed', 'conversation.message.completed', 'done']);
    const [, , , answer, interrupt] = asked;
    expect(answer.data).toMatchObject({ type: 'answer', content: questionCard() });
    expect(JSON.parse(String(answer.data.content))).toEqual({ question: CHATFLOW_QUESTION, options: CHATFLOW_OPTIONS.map((name) => ({ name })) });
    expect(JSON.parse(String(interrupt.data.content))).toMatchObject({ msg_type: 'interrupt' });
    const conversationId = String(asked[0].data.conversation_id);

    const resumed = await turn(alice, CHATFLOW_OPTIONS[0], conversationId);
    expect(resumed.map((e) => e.event)).toContain('conversation.chat.completed');
    const reply = resumed.find((e) => e.event === 'conversation.message.completed' && e.data.type === 'answer');
    expect(reply?.data.content).toContain(`你选择了「${CHATFLOW_OPTIONS[0]}」`);
    expect(reply?.data.content).toContain('nickname=小明');

    // Another session_name cannot run the flow in Alice's conversation.
    const bob = await request(h.emulator.url, 'POST', '/v1/workflows/chat', {
      token: await token(h, 'session-bob'),
      body: { workflow_id: h.emulator.workflowId, bot_id: h.emulator.botId, conversation_id: conversationId, additional_messages: [{ role: 'user', content: CHATFLOW_OPTIONS[0], content_type: 'text' }] },
    });
    expect(bob.json().code).not.toBe(0);
    expect(bob.headers['content-type']).not.toContain('text/event-stream');
  });

  it('answers Coze codes for a wrong workflow, both app_id and bot_id, no user message, or no run permission', async () => {
    const bearer = await token(h, 'session-alice');
    const messages = [{ role: 'user', content: 'x', content_type: 'text' }];
    const code = async (body: Record<string, unknown>, tok = bearer): Promise<unknown> => (await request(h.emulator.url, 'POST', '/v1/workflows/chat', { token: tok, body })).json().code;
    await expect(code({ workflow_id: '7000000000000000001', bot_id: h.emulator.botId, additional_messages: messages })).resolves.toBe(4200);
    await expect(code({ workflow_id: h.emulator.workflowId, bot_id: h.emulator.botId, app_id: h.emulator.chatflowAppId, additional_messages: messages })).resolves.toBe(4000);
    await expect(code({ workflow_id: h.emulator.workflowId, app_id: '7000000000000000002', additional_messages: messages })).resolves.toBe(4200);
    await expect(code({ workflow_id: h.emulator.workflowId, bot_id: h.emulator.botId, additional_messages: [] })).resolves.toBe(4000);
    h.emulator.registerApp({ appId: h.keys.appId, keyId: h.keys.keyId, publicKeyPem: h.keys.publicKeyPem, permissions: ['chat'] });
    await expect(code({ workflow_id: h.emulator.workflowId, bot_id: h.emulator.botId, additional_messages: messages }, await token(h, 'session-alice'))).resolves.toBe(4101);
  });
});
