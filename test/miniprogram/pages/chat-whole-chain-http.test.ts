/**
 * @jest-environment jsdom
 *
 * The whole chain on the HTTP path (issue 21): the simulated chat page → the wx fake's callHTTPFunction (a real
 * HTTP request, chunked) → the REAL bundle's HTTP handler on a loopback server, with a ticket from chat.ticket
 * through the REAL `main` → the Coze emulator. The page chooses the road by itself: HTTP when callHTTPFunction
 * exists and `coze-http` answers its probe (remembered in storage), the database watch otherwise.
 */
import '../helpers/jsdom-text-encoding';
import { startFunctionHarness, type FunctionHarness } from '../../helpers/function-harness';
import { startHttpFunction, type HttpFunction, type HttpHandler } from '../../helpers/http-function';
import { installWxFake, type WxFake } from '../../helpers/wx-fake';
import { answerFor } from '../../../tools/coze-emulator/scripted-bot';
import { STREAM_PATH_KEY } from '../../../miniprogram/services/stream-path';
import { LAST_CONVERSATION_KEY } from '../../../miniprogram/services/last-conversation';
import { markdownToPlain } from '../../../miniprogram/core/markdown-plain';
import { load, mount, textOf, until, type SimNode } from '../helpers/simulate';

const OPENID = 'o-whole-chain-http';
const DELTA_DELAY_MS = 8;

describe('chat page, whole chain over the HTTP function', () => {
  let harness: FunctionHarness;
  let server: HttpFunction;
  let fake: WxFake;
  let pageId: string;
  const answered: string[] = [];

  function install(httpFunctionUrl: string | undefined): void {
    fake?.uninstall();
    fake = installWxFake({
      openid: OPENID,
      httpFunctionUrl,
      storage: true,
      callFunction: async (openid, data) => {
        const result = await harness.callRaw(openid, data);
        answered.push(String(data.action));
        return result;
      },
      watch: (streamId, openid, listener) => harness.bundle.localStreams.watch(streamId, openid, listener),
    });
  }

  beforeAll(async () => {
    harness = await startFunctionHarness({ emulator: { deltaDelayMs: DELTA_DELAY_MS } });
    server = await startHttpFunction((harness.bundle as unknown as { handleHttp: HttpHandler }).handleHttp);
    install(server.url);
    pageId = load('pages/chat/chat', 'chat-page');
  });

  // Each test starts a new chat: only the road is meant to be remembered between them.
  beforeEach(() => fake.storage.delete(LAST_CONVERSATION_KEY));

  afterAll(async () => {
    fake.uninstall();
    await server.stop();
    await harness.stop();
  });

  async function send(page: SimNode, text: string): Promise<void> {
    page.querySelector('#composer')?.querySelector('.input')?.dispatchEvent('input', { detail: { value: text } });
    await until(() => page.querySelector('#composer')?.data.text === text, 'composer text');
    page.querySelector('#composer')?.querySelector('.send')?.dispatchEvent('tap');
  }

  const messages = (page: SimNode) => page.data.messages as Array<{ id: string; status: string }>;
  const liveText = (page: SimNode) => textOf(page.querySelectorAll('.message')[1]?.querySelector('#md-' + messages(page)[1].id));

  it('streams the answer live over HTTP (no watch, no chat.send through callFunction), then the final answer; the road is remembered', async () => {
    const page = mount(pageId);
    const payloads: Array<Record<string, unknown>> = [];
    const original = page.instance.setData.bind(page.instance);
    page.instance.setData = (data: Record<string, unknown>) => {
      payloads.push(JSON.parse(JSON.stringify(data)) as Record<string, unknown>);
      original(data);
    };
    const question = '给我一段 TypeScript 示例';
    await send(page, question);
    await until(() => messages(page).length === 2 && messages(page)[1].status === 'complete', 'a complete answer');
    expect(payloads.some((p) => p['messages[1].status'] === 'streaming')).toBe(true);
    expect(payloads.filter((p) => Object.keys(p).some((k) => k.startsWith('messages[1].blocks'))).length).toBeGreaterThan(2);
    expect(textOf(page.querySelectorAll('.message')[1])).toContain(`关于「${question}」`);
    page.querySelectorAll('.message')[1].querySelector('.copy')?.dispatchEvent('tap');
    await until(() => fake.clipboard.length === 1, 'clipboard');
    expect(fake.clipboard[0]).toBe(markdownToPlain(answerFor(question)));

    expect(fake.httpCalls).toEqual(['GET /ping', 'POST /chat']);
    expect(fake.watches).toEqual([]);
    expect(fake.calls.map((c) => c.action)).toContain('chat.ticket');
    expect(fake.calls.map((c) => c.action)).not.toContain('chat.send');
    expect(fake.storage.get(STREAM_PATH_KEY)).toMatchObject({ path: 'http' });
    page.detach();
  });

  it('stop over HTTP: rendering stops at once, the partial answer stays 已停止生成 and chat.cancel reaches Coze (the function side of an HTTP stop: http-function.e2e.test.ts)', async () => {
    const page = mount(pageId);
    const before = fake.httpCalls.length;
    await send(page, '写一个很长的回答 #fault:long');
    await until(() => messages(page).length === 2 && messages(page)[1].status === 'streaming' && liveText(page).length > 10, 'live text');
    page.querySelector('#composer')?.querySelector('.stop')?.dispatchEvent('tap');
    await until(() => messages(page)[1].status === 'stopped', 'stopped');
    const shown = liveText(page);
    expect(shown.length).toBeGreaterThan(0);
    expect(textOf(page.querySelectorAll('.message')[1].querySelector('.stopped'))).toBe('已停止生成');
    await until(() => answered.includes('chat.cancel'), 'chat.cancel answered');
    // Remembered: no second probe; the chat went over HTTP.
    expect(fake.httpCalls.slice(before)).toEqual(['POST /chat']);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(liveText(page)).toBe(shown);
    expect(messages(page)[1].status).toBe('stopped');
    page.detach();
  });

  it('falls back to the database watch when coze-http is not deployed, and remembers that', async () => {
    const missing = await startHttpFunction((_req, res) => {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end('{"errMsg":"function not found"}');
    });
    try {
      install(missing.url);
      fake.storage.delete(LAST_CONVERSATION_KEY);
      const page = mount(pageId);
      const question = '没有 HTTP 函数时';
      await send(page, question);
      await until(() => messages(page).length === 2 && messages(page)[1].status === 'complete', 'a complete answer');
      expect(fake.httpCalls).toEqual(['GET /ping']);
      expect(fake.watches).toHaveLength(1);
      expect(fake.calls.map((c) => c.action)).toContain('chat.send');
      expect(fake.storage.get(STREAM_PATH_KEY)).toMatchObject({ path: 'watch' });
      page.querySelectorAll('.message')[1].querySelector('.copy')?.dispatchEvent('tap');
      await until(() => fake.clipboard.length === 1, 'clipboard');
      expect(fake.clipboard[0]).toBe(markdownToPlain(answerFor(question)));
      page.detach();
    } finally {
      await missing.stop();
      install(server.url);
    }
  });
});
