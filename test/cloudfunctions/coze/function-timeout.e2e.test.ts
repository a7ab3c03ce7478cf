/**
 * The platform's function timeout (SCF context `time_limit_in_ms`) shortens the call's budget: a function
 * configured for 6 s answers `detached` around 1 s (6 s − 5 s margin) even with CHAT_DEADLINE_MS at 55 s.
 */
import type { ChatResult } from '../../../miniprogram/shared/protocol';
import { callBudgetMs, MIN_BUDGET_MS, PLATFORM_MARGIN_MS } from '../../../cloudfunctions/coze/src/call-budget';
import { callAs, expectOk, FunctionHarness, startFunctionHarness } from '../../helpers/function-harness';

test('callBudgetMs: min(CHAT_DEADLINE_MS, time_limit_in_ms − margin), floored; ignored when absent or invalid', () => {
  expect(callBudgetMs(55_000, { time_limit_in_ms: 20_000 })).toBe(20_000 - PLATFORM_MARGIN_MS);
  expect(callBudgetMs(10_000, { time_limit_in_ms: 60_000 })).toBe(10_000);
  expect(callBudgetMs(55_000, { time_limit_in_ms: 3000 })).toBe(MIN_BUDGET_MS);
  for (const context of [undefined, null, {}, { time_limit_in_ms: 0 }, { time_limit_in_ms: -1 }, { time_limit_in_ms: '20000' }, { time_limit_in_ms: Number.NaN }]) {
    expect(callBudgetMs(55_000, context)).toBe(55_000);
  }
});

describe('through the bundle', () => {
  const USER = 'o_time_limit_user';
  let h: FunctionHarness;
  beforeAll(async () => {
    h = await startFunctionHarness({ emulator: { deltaDelayMs: 20 }, env: { CHAT_DEADLINE_MS: '55000' } });
  });
  afterAll(async () => {
    await h.stop();
  });

  test('a long chat under a 6 s function timeout answers detached (CHAT_DEADLINE_MS alone would wait it out)', async () => {
    // Warm up (token, owned conversation) so the short budget goes to the chat.
    const { conversation } = expectOk(await h.call(USER, { action: 'conversation.create' }));
    h.emulator.inject({ kind: 'long-answer', chars: 3000 });
    const sent = await callAs(h.bundle, USER, { action: 'chat.send', conversationId: conversation.id, text: '讲一个很长的故事' }, { time_limit_in_ms: 6000 });
    expect(sent.ok).toBe(true);
    const result = (sent as { ok: true; data: ChatResult }).data;
    expect(result.status).toBe('detached');
    expect(result.answer?.content.length ?? 0).toBeLessThan(3000);
  });
});
