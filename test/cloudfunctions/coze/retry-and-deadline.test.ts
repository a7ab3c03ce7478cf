/**
 * Retries are for idempotent calls and transient failures only, with jittered exponential pauses that never
 * outlive the call's budget; and every Coze call of a call ends by CHAT_DEADLINE_MS even when Coze never answers.
 */
import { AppError, cozeError } from '../../../cloudfunctions/coze/src/errors';
import { isTransient, withRetry } from '../../../cloudfunctions/coze/src/coze/retry';
import { Deadline, NO_DEADLINE } from '../../../cloudfunctions/coze/src/deadline';
import { expectError, expectOk, FunctionHarness, startFunctionHarness } from '../../helpers/function-harness';

test.each([
  [cozeError({ network: 'ECONNRESET' }), true],
  [cozeError({ status: 502 }), true],
  [cozeError({ status: 500, cozeCode: 5000 }), true],
  [cozeError({ status: 429, cozeCode: 4009 }), true],
  [cozeError({ status: 200, cozeCode: 4009 }), false],
  [cozeError({ status: 200, cozeCode: 4016 }), false],
  [cozeError({ status: 401 }), false],
  [new Error('not ours'), false],
])('isTransient(%s) → %s', (error, transient) => {
  expect(isTransient(error)).toBe(transient);
});

test('withRetry retries transient failures up to max, with pauses below base·2^n (full jitter)', async () => {
  let calls = 0;
  const result = await withRetry({ max: 2, baseMs: 5, random: () => 0.999 }, NO_DEADLINE, async () => {
    calls += 1;
    if (calls < 3) throw cozeError({ status: 503 });
    return 'ok';
  });
  expect([result, calls]).toEqual(['ok', 3]);
  calls = 0;
  await expect(withRetry({ max: 2, baseMs: 1 }, NO_DEADLINE, async () => {
    calls += 1;
    throw cozeError({ status: 503 });
  })).rejects.toBeInstanceOf(AppError);
  expect(calls).toBe(3);
});

test('withRetry never retries a non-transient failure, nor past the call budget', async () => {
  let calls = 0;
  await expect(withRetry({ max: 5, baseMs: 1 }, NO_DEADLINE, async () => {
    calls += 1;
    throw cozeError({ status: 200, cozeCode: 4000 });
  })).rejects.toBeInstanceOf(AppError);
  expect(calls).toBe(1);
  calls = 0;
  await expect(
    withRetry({ max: 5, baseMs: 10_000, random: () => 0.99 }, new Deadline(Date.now() + 50), async () => {
      calls += 1;
      throw cozeError({ status: 503 });
    }),
  ).rejects.toBeInstanceOf(AppError);
  expect(calls).toBe(1);
});

describe('Deadline', () => {
  const slow = <T>(value: T, ms: number): Promise<T> => new Promise((resolve) => setTimeout(() => resolve(value), ms));

  test('race: UPSTREAM once the remaining time is over (a floor still gives a write its minimum); NO_DEADLINE waits as long as the work', async () => {
    await expect(new Deadline(Date.now() + 20).race(slow('late', 500), 'the test write')).rejects.toMatchObject({
      code: 'UPSTREAM',
      detail: expect.stringContaining("the test write did not answer within the call's remaining time"),
    });
    await expect(new Deadline(Date.now() - 1000).race(slow('floored', 20), 'the final write', 1000)).resolves.toBe('floored');
    await expect(NO_DEADLINE.race(slow('whenever', 50), 'no call')).resolves.toBe('whenever');
    expect(NO_DEADLINE.remainingMs()).toBe(Number.POSITIVE_INFINITY);
  });

  test('assertTimeLeft throws UPSTREAM only once the budget is spent', () => {
    expect(() => new Deadline(Date.now() + 10_000).assertTimeLeft('GET /v1/x')).not.toThrow();
    expect(() => new Deadline(Date.now()).assertTimeLeft('GET /v1/x')).toThrow(expect.objectContaining({ code: 'UPSTREAM', detail: expect.stringContaining('GET /v1/x') }));
  });
});

describe('the call budget through the bundle', () => {
  let h: FunctionHarness;
  beforeAll(async () => {
    h = await startFunctionHarness({ env: { CHAT_DEADLINE_MS: '1500', COZE_TIMEOUT_MS: '60000' } });
  });
  afterAll(async () => {
    await h.stop();
  });

  test('a chat whose first byte never comes ends at CHAT_DEADLINE_MS as UPSTREAM (retryable), not after COZE_TIMEOUT_MS', async () => {
    // Warm up (token, owned conversation) so the budget is spent waiting for Coze, not on a busy machine.
    const { conversation } = expectOk(await h.call('o_budget', { action: 'conversation.create' }));
    const before = h.emulator.requests.filter((r) => r.path === '/v3/chat').length;
    h.emulator.inject({ kind: 'slow-first-byte', ms: 30_000 });
    // Were the budget not applied, this would wait COZE_TIMEOUT_MS (60 s) and the test would time out.
    const error = expectError(await h.call('o_budget', { action: 'chat.send', conversationId: conversation.id, text: '等不到回答' }));
    expect(error).toEqual(expect.objectContaining({ code: 'UPSTREAM', retryable: true }));
    expect(h.emulator.requests.filter((r) => r.path === '/v3/chat').length - before).toBeLessThanOrEqual(1);
    h.emulator.clearFaults();
  });
});
