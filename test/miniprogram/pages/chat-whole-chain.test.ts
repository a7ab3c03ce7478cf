/**
 * @jest-environment jsdom
 *
 * The whole chain: the simulated chat page → the wx.cloud fake → the REAL built cloud function
 * (cloudfunctions/coze/index.js, its in-process stream channel) → the Coze emulator over HTTP.
 */
import '../helpers/jsdom-text-encoding';
import { startFunctionHarness, type FunctionHarness } from '../../helpers/function-harness';
import { installWxFake, type WxFake } from '../../helpers/wx-fake';
import { answerFor, followUpsFor } from '../../../tools/coze-emulator/scripted-bot';
import { markdownToPlain } from '../../../miniprogram/core/markdown-plain';
import { load, mount, textOf, until, type SimNode } from '../helpers/simulate';

const OPENID = 'o-whole-chain-user';
/** Pause between the emulator's SSE deltas (ms). */
const DELTA_DELAY_MS = 8;
/**
 * The detach test's CHAT_DEADLINE_MS: it also bounds the token and ownership work before `/v3/chat` answers,
 * so it must leave room for a loaded machine (300 ms did not).
 */
const DETACH_DEADLINE_MS = 1000;
/**
 * Length of the detach test's answer: ~2.6 characters per delta (scripted-bot's DELTA_SIZES), each after at
 * least DELTA_DELAY_MS, so the stream lasts over 3 s however fast the machine is and always outlives the deadline.
 */
const DETACHED_ANSWER_CHARS = 1000;
/** `until` rounds (10 ms sleeps, at least) for the polled answer: the stream's 3 s plus poll intervals, with room. */
const POLLED_ANSWER_ROUNDS = 3000;

describe('chat page, whole chain', () => {
  let harness: FunctionHarness;
  let fake: WxFake;
  let pageId: string;
  /** Actions whose callFunction has returned, in order. */
  const answered: string[] = [];

  beforeAll(async () => {
    harness = await startFunctionHarness({ emulator: { deltaDelayMs: DELTA_DELAY_MS }, env: { CHAT_STREAM_WRITE_MS: '0' } });
    fake = installWxFake({
      openid: OPENID,
      callFunction: async (openid, data) => {
        const result = await harness.callRaw(openid, data);
        answered.push(String(data.action));
        return result;
      },
      watch: (streamId, openid, listener) => harness.bundle.localStreams.watch(streamId, openid, listener),
    });
    pageId = load('pages/chat/chat', 'chat-page');
  });

  afterAll(async () => {
    fake.uninstall();
    await harness.stop();
  });

  /** Records every setData payload the page makes. */
  function recordSetData(page: SimNode): Array<Record<string, unknown>> {
    const payloads: Array<Record<string, unknown>> = [];
    const original = page.instance.setData.bind(page.instance);
    page.instance.setData = (data: Record<string, unknown>) => {
      payloads.push(JSON.parse(JSON.stringify(data)) as Record<string, unknown>);
      original(data);
    };
    return payloads;
  }

  async function type(page: SimNode, text: string): Promise<void> {
    page.querySelector('#composer')?.querySelector('.input')?.dispatchEvent('input', { detail: { value: text } });
    await until(() => page.querySelector('#composer')?.data.text === text, 'composer text');
  }

  const messages = (page: SimNode) => page.data.messages as Array<{ id: string; status: string }>;

  it('shows the bot, streams a markdown answer live, then the final answer and its follow-ups', async () => {
    const page = mount(pageId);
    await until(() => textOf(page.querySelector('#welcome')).includes('扣子模拟助手'), 'welcome with the bot name');
    expect(page.querySelectorAll('#welcome')).toHaveLength(1);
    expect(textOf(page.querySelector('.ai-note'))).toBe('AI 生成内容，仅供参考');
    const payloads = recordSetData(page);

    const question = '给我一段 TypeScript 示例';
    await type(page, question);
    page.querySelector('#composer')?.querySelector('.send')?.dispatchEvent('tap');
    await until(() => messages(page).length === 2 && messages(page)[1].status === 'complete', 'a complete answer');

    // Live text arrived before the end: the answer streamed in several path-keyed flushes.
    const streamingFlushes = payloads.filter((p) => Object.keys(p).some((k) => k.startsWith('messages[1].blocks')));
    expect(payloads.some((p) => p['messages[1].status'] === 'streaming')).toBe(true);
    expect(streamingFlushes.length).toBeGreaterThan(2);
    expect(payloads.every((p) => !('messages' in p))).toBe(true);

    const [, answerNode] = page.querySelectorAll('.message');
    const rendered = textOf(answerNode);
    expect(rendered).toContain(`关于「${question}」`);
    expect(rendered).toContain('const question = "给我一段 TypeScript 示例";');
    expect(rendered).toContain('coze-emulator');
    expect(answerNode.querySelector('#md-' + messages(page)[1].id)?.querySelector('.block-table')).toBeTruthy();
    expect(answerNode.querySelector('.cursor')).toBeUndefined();
    expect(answerNode.querySelectorAll('.follow-up').map(textOf)).toEqual(followUpsFor(question));

    // The final result is authoritative: copying gives exactly the bot's answer, as the reader sees it (no markdown syntax).
    answerNode.querySelector('.copy')?.dispatchEvent('tap');
    await until(() => fake.clipboard.length === 1, 'clipboard');
    expect(fake.clipboard[0]).toBe(markdownToPlain(answerFor(question)));
    expect(fake.clipboard[0]).not.toContain('**');
    page.detach();
  });

  it('stop: rendering stops at once, the partial answer stays marked 已停止, and Coze is cancelled', async () => {
    const page = mount(pageId);
    await type(page, '写一个很长的回答 #fault:long');
    page.querySelector('#composer')?.querySelector('.send')?.dispatchEvent('tap');
    const liveText = () => textOf(page.querySelectorAll('.message')[1]?.querySelector('#md-' + messages(page)[1].id));
    await until(() => messages(page).length === 2 && messages(page)[1].status === 'streaming' && liveText().length > 10, 'live text');
    expect(page.querySelector('#composer')?.querySelector('.stop')).toBeTruthy();

    page.querySelector('#composer')?.querySelector('.stop')?.dispatchEvent('tap');
    await until(() => messages(page)[1].status === 'stopped', 'stopped');
    const answerNode = page.querySelectorAll('.message')[1];
    const shown = textOf(answerNode.querySelector('#md-' + messages(page)[1].id));
    expect(shown.length).toBeGreaterThan(0);
    expect(textOf(answerNode.querySelector('.stopped'))).toBe('已停止生成');
    expect(page.querySelector('#composer')?.querySelector('.send')).toBeTruthy();

    await until(() => fake.calls.some((c) => c.action === 'chat.cancel'), 'chat.cancel');
    const cancel = fake.calls.find((c) => c.action === 'chat.cancel');
    expect(cancel).toMatchObject({ conversationId: expect.any(String), chatId: expect.any(String) });
    // Nothing the function answers later changes the stopped answer.
    const sends = () => answered.filter((a) => a === 'chat.send').length;
    await until(() => sends() === fake.calls.filter((c) => c.action === 'chat.send').length, 'chat.send answered');
    expect(textOf(page.querySelectorAll('.message')[1].querySelector('#md-' + messages(page)[1].id))).toBe(shown);
    expect(messages(page)[1].status).toBe('stopped');
    page.detach();
  });

  it('detached: when the function stops reading at its deadline, the page polls chat.poll until the answer completes', async () => {
    process.env.CHAT_DEADLINE_MS = String(DETACH_DEADLINE_MS);
    harness.emulator.inject({ kind: 'long-answer', chars: DETACHED_ANSWER_CHARS });
    try {
      const page = mount(pageId);
      const question = '一个需要轮询的回答';
      await type(page, question);
      page.querySelector('#composer')?.querySelector('.send')?.dispatchEvent('tap');
      await until(() => answered.includes('chat.poll'), 'a chat.poll', POLLED_ANSWER_ROUNDS);
      expect(messages(page)[1].status).not.toBe('error');
      await until(() => messages(page)[1]?.status === 'complete', 'the polled answer', POLLED_ANSWER_ROUNDS);
      page.querySelectorAll('.message')[1].querySelector('.copy')?.dispatchEvent('tap');
      await until(() => fake.clipboard.length === 2, 'clipboard');
      expect(fake.clipboard[1]).toBe(markdownToPlain(answerFor(question, DETACHED_ANSWER_CHARS)));
      expect(page.querySelectorAll('.message')[1].querySelectorAll('.follow-up').map(textOf)).toEqual(followUpsFor(question));
      page.detach();
    } finally {
      delete process.env.CHAT_DEADLINE_MS;
      harness.emulator.clearFaults();
    }
  });
});
