/**
 * One instance serves concurrent invocations (coze-http in one process; CloudBase's 单实例多并发), so each must
 * keep its OWN deadline. Two chat.send calls run at once in one loaded bundle: one under a 6 s platform timeout
 * (budget 1 s), one with the whole CHAT_DEADLINE_MS; Coze holds both first bytes for 3 s. A "current deadline" kept
 * in one place for the process would give both calls the same one: either both fail or both finish.
 */
import type { ChatResult } from '../../../miniprogram/shared/protocol';
import { callAs, expectError, expectOk, type FunctionHarness, startFunctionHarness } from '../../helpers/function-harness';

const SHORT = 'o_deadline_short';
const LONG = 'o_deadline_long';
/** The emulator's `#fault:slow` trigger holds the first byte of that chat for 3 s (SLOW_TRIGGER_MS). */
const SLOW_TEXT = '慢一点 #fault:slow';

let h: FunctionHarness;
beforeAll(async () => {
  h = await startFunctionHarness({ env: { CHAT_DEADLINE_MS: '20000', COZE_TIMEOUT_MS: '60000' } });
});
afterAll(async () => {
  await h.stop();
});

test('two concurrent chat.send calls with different budgets each end by their own deadline', async () => {
  // Warm up both users (token, owned conversation), so the short budget is spent waiting for Coze.
  const short = expectOk(await h.call(SHORT, { action: 'conversation.create' })).conversation;
  const long = expectOk(await h.call(LONG, { action: 'conversation.create' })).conversation;
  const [cut, finished] = await Promise.all([
    // time_limit_in_ms 6000 − 5000 margin: a 1 s budget.
    callAs(h.bundle, SHORT, { action: 'chat.send', conversationId: short.id, text: SLOW_TEXT }, { time_limit_in_ms: 6000 }),
    callAs(h.bundle, LONG, { action: 'chat.send', conversationId: long.id, text: SLOW_TEXT }),
  ]);
  expect(expectError(cut)).toEqual(expect.objectContaining({ code: 'UPSTREAM', retryable: true }));
  expect((expectOk(finished) as ChatResult).status).toBe('completed');
});
