/**
 * The HTTP path (issue 21), whole function: the REAL bundle's HTTP handler on a real loopback server, the Coze
 * emulator behind it, tickets from `chat.ticket` through `main`. A ticketed chat streams its snapshots as SSE and
 * ends with the same ChatResult as chat.send, writing nothing to the stream channel; replayed, other-user and
 * other-conversation tickets are refused over HTTP; stop (chat.cancel through `main`) ends the HTTP chat.
 */
import * as http from 'http';
import type { ChatResult, StreamDoc, StreamTicketGrant } from '../../../miniprogram/shared/protocol';
import { expectError, expectOk, startFunctionHarness, type FunctionHarness } from '../../helpers/function-harness';
import { postChat, startHttpFunction, type HttpFunction, type HttpHandler } from '../../helpers/http-function';
import { answerFor } from '../../../tools/coze-emulator/scripted-bot';

const ALICE = 'o_http_alice';
const BOB = 'o_http_bob';
const LONG_ANSWER_CHARS = 4000;
let streamCounter = 0;
const newStreamId = (): string => (streamCounter += 1).toString(16).padStart(32, 'c');

describe('coze-http: ticketed chats streamed over HTTP', () => {
  let h: FunctionHarness;
  let server: HttpFunction;

  beforeAll(async () => {
    h = await startFunctionHarness({ emulator: { deltaDelayMs: 2 } });
    server = await startHttpFunction((h.bundle as unknown as { handleHttp: HttpHandler }).handleHttp);
  });
  afterAll(async () => {
    await server.stop();
    await h.stop();
  });

  async function ticket(openid: string, streamId: string, conversationId?: string): Promise<string> {
    const grant = expectOk(await h.call(openid, conversationId ? { action: 'chat.ticket', streamId, conversationId } : { action: 'chat.ticket', streamId })) as StreamTicketGrant;
    return grant.ticket;
  }

  it('GET /ping answers, so the page knows the function is deployed', async () => {
    const body = await new Promise<string>((resolve, reject) => {
      http.get(`${server.url}/ping`, (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve(text));
      }).on('error', reject);
    });
    expect(JSON.parse(body)).toEqual({ ok: true, data: { function: 'coze-http' } });
  });

  it('a valid ticket streams the answer live and ends with the ChatResult; nothing is written to the stream channel; the ticket works once', async () => {
    const streamId = newStreamId();
    const text = '你好，HTTP 流';
    const body = { ticket: await ticket(ALICE, streamId), text, streamId };
    const chat = await postChat(server.url, body);
    expect(chat.status).toBe(200);
    const result = expectOk(chat.result as never) as ChatResult;
    expect(result.status).toBe('completed');
    expect(result.answer?.content).toBe(answerFor(text));
    const texts = chat.docs.filter((d) => d.text !== '').map((d) => d.text);
    expect(texts.length).toBeGreaterThan(2);
    expect(chat.docs.map((d) => d.seq)).toEqual(chat.docs.map((_, i) => i + 1));
    expect(chat.docs[chat.docs.length - 1]).toMatchObject({ status: 'completed', text: answerFor(text), _openid: ALICE, _id: streamId });
    expect(h.bundle.localStreams.get(streamId, ALICE)).toBeUndefined();

    const replay = await postChat(server.url, body);
    expect(replay.docs).toEqual([]);
    expect(expectError(replay.result as never).code).toBe('UNAUTHENTICATED');
  });

  it('refuses a ticket for another conversation, a ticket presented as another user, and no ticket at all', async () => {
    const first = await postChat(server.url, { ticket: await ticket(ALICE, newStreamId()), text: '开一个会话', streamId: newStreamId() });
    expect(expectError(first.result as never).code).toBe('UNAUTHENTICATED');

    const streamA = newStreamId();
    const made = await postChat(server.url, { ticket: await ticket(ALICE, streamA), text: '开一个会话', streamId: streamA });
    const conversationId = (expectOk(made.result as never) as ChatResult).conversationId;

    const streamB = newStreamId();
    const other = await postChat(server.url, { ticket: await ticket(ALICE, streamB), text: '换个会话', streamId: streamB, conversationId });
    expect(expectError(other.result as never).code).toBe('UNAUTHENTICATED');

    const streamC = newStreamId();
    const aliceTicket = await ticket(ALICE, streamC, conversationId);
    const asBob = await postChat(server.url, { ticket: aliceTicket, text: '冒充', streamId: streamC, conversationId }, { 'x-wx-openid': BOB });
    expect(expectError(asBob.result as never).code).toBe('UNAUTHENTICATED');
    // Bob cannot even get a ticket for Alice's conversation.
    expect(expectError(await h.call(BOB, { action: 'chat.ticket', streamId: newStreamId(), conversationId })).code).toBe('NOT_FOUND');

    const none = await postChat(server.url, { text: '没有凭证', streamId: newStreamId() });
    expect(expectError(none.result as never).code).toBe('UNAUTHENTICATED');
    // The refused attempts did not use Alice's ticket: presented as herself, it works.
    const ok = await postChat(server.url, { ticket: aliceTicket, text: '继续', streamId: streamC, conversationId }, { 'x-wx-openid': ALICE });
    expect((expectOk(ok.result as never) as ChatResult).conversationId).toBe(conversationId);
  });

  it('stop: chat.cancel through the coze function ends the HTTP chat as canceled with the partial text', async () => {
    h.emulator.inject({ kind: 'long-answer', chars: LONG_ANSWER_CHARS });
    try {
      const streamId = newStreamId();
      let canceled: Promise<unknown> | undefined;
      const chat = await postChat(server.url, { ticket: await ticket(ALICE, streamId), text: '讲一个很长的故事', streamId }, {}, (doc: StreamDoc) => {
        if (!canceled && doc.chatId && doc.text.length > 20) canceled = h.call(ALICE, { action: 'chat.cancel', conversationId: doc.conversationId, chatId: doc.chatId });
      });
      expect(expectOk((await canceled) as never)).toEqual({ status: 'canceled' });
      const result = expectOk(chat.result as never) as ChatResult;
      expect(result.status).toBe('canceled');
      expect(result.answer?.content.length ?? 0).toBeLessThan(LONG_ANSWER_CHARS);
      expect(chat.docs[chat.docs.length - 1]).toMatchObject({ status: 'canceled', text: result.answer?.content });
    } finally {
      h.emulator.clearFaults();
    }
  });
});
