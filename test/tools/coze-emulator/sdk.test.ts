/**
 * The official @coze/api 1.3.9 SDK runs against the emulator: if the SDK can exchange a JWT, stream a chat,
 * poll a chat, and manage conversations, the emulator speaks Coze's wire format. Every endpoint the cloud
 * function uses is called here exactly as the SDK sends it (its defaults and optional fields), history paging
 * included; endpoints the SDK has no method for go through its own request function (client.put/delete/post).
 */
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import path from 'path';
import { harness, type Harness } from './helpers';
import { followUpsFor } from '../../../tools/coze-emulator/scripted-bot';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const coze = require('@coze/api') as typeof import('@coze/api');

describe('@coze/api SDK against the emulator', () => {
  let h: Harness;
  let client: InstanceType<typeof coze.CozeAPI>;

  beforeAll(async () => {
    h = await harness();
    const tok = await coze.getJWTToken({
      baseURL: h.emulator.url,
      appId: h.keys.appId,
      aud: 'api.coze.cn',
      keyid: h.keys.keyId,
      privateKey: h.keys.privateKeyPem,
      sessionName: 'openid-alice',
    });
    client = new coze.CozeAPI({ token: tok.access_token, baseURL: h.emulator.url });
  });
  afterAll(() => h.emulator.stop());

  it('getJWTToken returns a token with an absolute expires_in', async () => {
    const tok = await coze.getJWTToken({ baseURL: h.emulator.url, appId: h.keys.appId, aud: 'api.coze.cn', keyid: h.keys.keyId, privateKey: h.keys.privateKeyPem });
    const now = Math.floor(Date.now() / 1000);
    expect(tok.access_token).toMatch(/^czs_/);
    expect(tok.expires_in).toBeGreaterThan(now + 800);
    expect(tok.expires_in).toBeLessThanOrEqual(now + 901);
  });

  it('chat.stream yields every event parsed, in order, ending with done', async () => {
    const events: { event: string; data: unknown }[] = [];
    const question = '你好，介绍一下 TypeScript';
    for await (const ev of client.chat.stream({
      bot_id: h.emulator.botId,
      user_id: 'alice',
      additional_messages: [{ role: coze.RoleType.User, content: question, content_type: 'text' }],
    })) {
      events.push(ev as { event: string; data: unknown });
    }
    const names = events.map((e) => e.event).filter((n, i, a) => n !== 'conversation.message.delta' || a[i - 1] !== n);
    expect(names).toEqual([
      'conversation.chat.created',
      'conversation.chat.in_progress',
      'conversation.message.delta',
      'conversation.message.completed', // answer
      'conversation.message.completed', // verbose generate_answer_finish
      ...followUpsFor(question).map(() => 'conversation.message.completed'),
      'conversation.chat.completed',
      'done',
    ]);
    const deltas = events.filter((e) => e.event === 'conversation.message.delta').map((e) => (e.data as { content: string }).content);
    const answer = events.find((e) => e.event === 'conversation.message.completed')?.data as { type: string; content: string };
    expect(answer.type).toBe('answer');
    expect(deltas.join('')).toBe(answer.content);
    expect(answer.content).toContain('你好，介绍一下 TypeScript');
    expect(events[events.length - 1].data).toBe('[DONE]');
    const completed = events.find((e) => e.event === 'conversation.chat.completed')?.data as { status: string; usage: { token_count: number } };
    expect(completed.status).toBe('completed');
    expect(completed.usage.token_count).toBeGreaterThan(0);
  });

  it('chat.create + chat.retrieve + chat.messages.list: the background chat completes', async () => {
    const chat = await client.chat.create({
      bot_id: h.emulator.botId,
      user_id: 'alice',
      additional_messages: [{ role: coze.RoleType.User, content: 'poll me', content_type: 'text' }],
    });
    expect(chat.status).toBe('in_progress');
    expect(chat.id).toMatch(/^\d{19}$/);
    let status = chat.status as string;
    for (let i = 0; i < 200 && status === 'in_progress'; i += 1) {
      await new Promise((r) => setTimeout(r, 5));
      status = (await client.chat.retrieve(chat.conversation_id, chat.id)).status;
    }
    expect(status).toBe('completed');
    const messages = await client.chat.messages.list(chat.conversation_id, chat.id);
    expect(messages.map((m) => m.type)).toEqual(['answer', 'verbose', ...followUpsFor('poll me').map(() => 'follow_up')]);
    expect(messages[0].content).toContain('poll me');
  });

  it('conversations create / list / clear', async () => {
    const conv = await client.conversations.create({ bot_id: h.emulator.botId, meta_data: { source: 'sdk-test' } });
    expect(conv.id).toMatch(/^\d{19}$/);
    const list = await client.conversations.list({ bot_id: h.emulator.botId, page_num: 1, page_size: 50 });
    expect(list.conversations[0].id).toBe(conv.id);
    expect(list.conversations[0].meta_data).toEqual({ source: 'sdk-test' });
    const section = await client.conversations.clear(conv.id);
    expect(section.conversation_id).toBe(conv.id);
    expect(section.id).not.toBe(conv.last_section_id);
    expect((await client.conversations.retrieve(conv.id)).last_section_id).toBe(section.id);
  });

  it('bots.retrieveNew reads onboarding_info.prologue and suggested_questions', async () => {
    const bot = (await client.bots.retrieveNew(h.emulator.botId)) as unknown as { bot_id: string; onboarding_info: { prologue: string; suggested_questions: string[] } };
    expect(bot.bot_id).toBe(h.emulator.botId);
    expect(bot.onboarding_info.prologue).toContain('{{user_name}}');
    expect(bot.onboarding_info.suggested_questions.length).toBeGreaterThan(0);
  });

  it('business errors reach the SDK as APIError with the Coze code and logid', async () => {
    const err = (await client.conversations.retrieve('7000000000000000001').catch((e: unknown) => e)) as { code: number; logid: string };
    expect(err).toBeInstanceOf(coze.APIError);
    expect(err.code).toBe(4002);
    expect(err.logid).toMatch(/^\d{14}[0-9A-F]{20}$/);
  });

  it('with authErrorsAsHttp, 4100 arrives as HTTP 401 → AuthenticationError; by default as APIError code 4100', async () => {
    const strict = await harness({ authErrorsAsHttp: true });
    try {
      const bad = new coze.CozeAPI({ token: 'czs_unknown', baseURL: strict.emulator.url });
      const err = (await bad.bots.retrieveNew(strict.emulator.botId).catch((e: unknown) => e)) as { status: number; code: number };
      expect(err).toBeInstanceOf(coze.AuthenticationError);
      expect(err.status).toBe(401);
    } finally {
      await strict.emulator.stop();
    }
    const lax = new coze.CozeAPI({ token: 'czs_unknown', baseURL: h.emulator.url });
    const err = (await lax.bots.retrieveNew(h.emulator.botId).catch((e: unknown) => e)) as { code: number };
    expect(err).toBeInstanceOf(coze.APIError);
    expect(err.code).toBe(4100);
  });

  describe('every endpoint the cloud function uses', () => {
    /** A conversation with `turns` saved question/answer pairs, made through the SDK's non-streaming chat. */
    async function conversationWith(turns: number): Promise<string> {
      const conv = await client.conversations.create({ bot_id: h.emulator.botId });
      for (let i = 0; i < turns; i += 1) {
        const chat = await client.chat.create({ bot_id: h.emulator.botId, user_id: 'alice', conversation_id: conv.id, additional_messages: [{ role: coze.RoleType.User, content: `问 ${i}`, content_type: 'text' }] });
        let status = chat.status as string;
        while (status === 'in_progress') {
          await new Promise((r) => setTimeout(r, 2));
          status = (await client.chat.retrieve(conv.id, chat.id)).status;
        }
      }
      return conv.id;
    }

    it('conversations.messages.list pages back the way coze-go and coze-py do (after_id = last_id) through 30 messages: each once, newest first', async () => {
      const convId = await conversationWith(15);
      const seen: string[] = [];
      let page = await client.conversations.messages.list(convId, { limit: 7 });
      const sizes = [page.data.length];
      seen.push(...page.data.map((m) => m.id));
      while (page.has_more) {
        page = await client.conversations.messages.list(convId, { limit: 7, after_id: page.last_id });
        sizes.push(page.data.length);
        seen.push(...page.data.map((m) => m.id));
      }
      expect(sizes).toEqual([7, 7, 7, 7, 2]);
      expect(new Set(seen).size).toBe(30);
      const newestFirst = [...seen].sort((a, b) => (BigInt(a) > BigInt(b) ? -1 : 1));
      expect(seen).toEqual(newestFirst);
      // Forward again from the oldest with before_id (向前翻页): the newer neighbours.
      const forward = await client.conversations.messages.list(convId, { order: 'asc', limit: 3, before_id: seen[seen.length - 1] });
      expect(forward.data.map((m) => m.id)).toEqual([...seen].reverse().slice(1, 4));
      // The SDK's defaults: no body fields at all → the newest 50.
      expect((await client.conversations.messages.list(convId)).data.length).toBe(30);
    });

    it('chat.cancel of a streaming chat: the status is canceled while the stream flows on to done (chat_cancel.md)', async () => {
      h.emulator.inject({ kind: 'long-answer', chars: 800 });
      const events: string[] = [];
      let canceled = '';
      for await (const ev of client.chat.stream({ bot_id: h.emulator.botId, user_id: 'alice', additional_messages: [{ role: coze.RoleType.User, content: '停下', content_type: 'text' }] })) {
        const e = ev as { event: string; data: { id?: string; conversation_id?: string; type?: string } };
        events.push(e.event);
        if (e.event === 'conversation.chat.in_progress' && e.data.id && e.data.conversation_id) {
          canceled = (await client.chat.cancel(e.data.conversation_id, e.data.id)).status;
        }
      }
      expect(canceled).toBe('canceled');
      expect(events.filter((e) => e === 'conversation.message.delta').length).toBeGreaterThan(100);
      expect(events).not.toContain('conversation.chat.completed');
      expect(events[events.length - 1]).toBe('done');
    });

    it('rename (PUT), feedback (POST/DELETE), message delete and conversation delete through the SDK request function', async () => {
      const convId = await conversationWith(1);
      // The request function answers the whole envelope; the resources unwrap `data` themselves.
      const renamed = await client.put<{ name: string }, { code: number; data: { id: string; name: string } }>(`/v1/conversations/${convId}`, { name: '改过的名字' });
      expect(renamed).toMatchObject({ code: 0, data: { id: convId, name: '改过的名字' } });
      const [answer] = (await client.conversations.messages.list(convId)).data;
      expect(answer.type).toBe('answer');
      expect(await client.post(`/v1/conversations/${convId}/messages/${answer.id}/feedback`, { feedback_type: 'unlike', comment: '不准确' })).toMatchObject({ code: 0 });
      expect(await client.delete(`/v1/conversations/${convId}/messages/${answer.id}/feedback`)).toMatchObject({ code: 0 });
      expect((await client.conversations.messages.delete(convId, answer.id)).id).toBe(answer.id);
      expect((await client.conversations.messages.list(convId)).data.map((m) => m.type)).toEqual(['question']);
      expect(await client.delete(`/v1/conversations/${convId}`)).toMatchObject({ code: 0 });
      const gone = (await client.conversations.retrieve(convId).catch((e: unknown) => e)) as { code: number };
      expect(gone.code).toBe(4002);
    });

    it('conversations.list sorts by creation time (list_conversations.md), not by the last update', async () => {
      const older = await client.conversations.create({ bot_id: h.emulator.botId });
      const newer = await client.conversations.create({ bot_id: h.emulator.botId });
      await client.put(`/v1/conversations/${older.id}`, { name: 'touched' });
      const list = await client.conversations.list({ bot_id: h.emulator.botId, page_num: 1, page_size: 2 });
      expect(list.conversations.map((c) => c.id)).toEqual([newer.id, older.id]);
    });

    it('audio.transcriptions.create uploads multipart (a file stream, as in Node) and reads {text}', async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'coze-sdk-'));
      const file = path.join(dir, 'voice.mp3');
      writeFileSync(file, Buffer.from('not really mp3 bytes'));
      try {
        const result = await client.audio.transcriptions.create({ file: createReadStream(file) });
        expect(result.text).toContain('语音转写');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe('files and object_string messages', () => {
    it('files.upload then chat.createAndPoll with an object_string array (the SDK stringifies it): the answer echoes the file', async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'coze-sdk-'));
      const file = path.join(dir, 'photo.png');
      writeFileSync(file, Buffer.from('not really png bytes'));
      try {
        const uploaded = await client.files.upload({ file: createReadStream(file) });
        expect(uploaded).toMatchObject({ bytes: 20, file_name: 'photo.png' });
        const result = await client.chat.createAndPoll({
          bot_id: h.emulator.botId,
          user_id: 'alice',
          additional_messages: [{ role: coze.RoleType.User, content_type: 'object_string', content: [{ type: 'text', text: '这是什么' }, { type: 'image', file_id: uploaded.id }] }],
        });
        const answer = result.messages?.find((m) => m.type === 'answer');
        expect(answer?.content).toContain(`图片「photo.png」20 字节（file_id ${uploaded.id}）`);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('object_string rules: an unknown file_id, or a text item alone, answers 4000', async () => {
      const send = (content: unknown[]) => client.chat.create({ bot_id: h.emulator.botId, user_id: 'alice', additional_messages: [{ role: coze.RoleType.User, content_type: 'object_string', content: content as never }] });
      await expect(send([{ type: 'text', text: 'x' }, { type: 'image', file_id: '7000000000000000001' }])).rejects.toMatchObject({ code: 4000 });
      await expect(send([{ type: 'text', text: 'x' }])).rejects.toMatchObject({ code: 4000 });
    });
  });

  describe('SDK under faults', () => {
    const collect = async (text: string) => {
      const events: { event: string; data: unknown }[] = [];
      for await (const ev of client.chat.stream({ bot_id: h.emulator.botId, user_id: 'alice', additional_messages: [{ role: coze.RoleType.User, content: text, content_type: 'text' }] })) {
        events.push(ev as { event: string; data: unknown });
      }
      return events;
    };

    it('split-chunks: the SDK parser reassembles events cut mid-line and mid-character', async () => {
      h.emulator.inject({ kind: 'split-chunks' });
      const events = await collect('切开的流');
      const deltas = events.filter((e) => e.event === 'conversation.message.delta').map((e) => (e.data as { content: string }).content).join('');
      expect(deltas).toContain('切开的流');
      expect(events[events.length - 1].event).toBe('done');
    });

    it('malformed-sse: the SDK throws "Could not parse message into JSON"', async () => {
      h.emulator.inject({ kind: 'malformed-sse' });
      await expect(collect('bad')).rejects.toThrow(/Could not parse message into JSON/);
    });

    it('an error before streaming (JSON 4028) is yielded as an error event, not thrown (reference §2.3 / toolchain Q4)', async () => {
      h.emulator.inject({ kind: 'coze-error', code: 4028 });
      const events = await collect('quota');
      expect(events).toEqual([{ event: 'error', data: expect.objectContaining({ code: 4028 }) }]);
    });
  });
  it('audio.speech.create returns the generated audio; audio.voices.list names the emulated voices', async () => {
    const { EMULATOR_VOICES } = await import('../../../tools/coze-emulator/routes-bot-files');
    const voices = await client.audio.voices.list();
    expect(voices.voice_list.map((v) => v.voice_id)).toEqual(EMULATOR_VOICES.map((v) => v.voice_id));
    const mp3 = Buffer.from(await client.audio.speech.create({ input: '你好。', voice_id: voices.voice_list[0].voice_id }));
    expect(mp3.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xf3]));
    const wav = Buffer.from(await client.audio.speech.create({ input: '你好。', voice_id: voices.voice_list[0].voice_id, response_format: 'wav', sample_rate: 16000 }));
    expect(wav.subarray(0, 4).toString('ascii')).toBe('RIFF');
    expect(wav.readUInt32LE(24)).toBe(16000);
    // Over 1024 bytes: Coze's JSON error envelope, which the SDK hands back as the "audio" bytes (it does not look at
    // the content type; our client does).
    const refused = Buffer.from(await client.audio.speech.create({ input: '长'.repeat(400), voice_id: voices.voice_list[0].voice_id }));
    expect(JSON.parse(refused.toString('utf8'))).toMatchObject({ code: 4000, msg: expect.stringContaining('1024 bytes') });
  });
});
