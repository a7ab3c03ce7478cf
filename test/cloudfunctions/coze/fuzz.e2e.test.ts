/**
 * Seeded fuzz: 10,000+ random and hostile events into the bundle's main() in-process (most fail validation;
 * the rest reach the emulator). Every answer is a well-formed envelope; nothing throws or leaves an unhandled
 * rejection; and no answer or captured log line contains the configured private key, a JWT or access token the
 * function used, a canary value planted in the event, or any caller's openid.
 */
import { ACTION_NAMES, ERROR_CODES, Result } from '../../../miniprogram/shared/protocol';
import { callAs, FunctionHarness, startFunctionHarness } from '../../helpers/function-harness';
import { prng, Prng } from './prng';

const EVENTS = 10_000;
const BATCH = 25;
const SEED = 0xc0ffee;
const CANARY_TOKEN = 'czs_CANARYtokenDoNotLeak0123456789';
const CANARY_OPENID = 'oCANARYopenidDoNotLeak';
const OPENIDS = Array.from({ length: 8 }, (_, i) => `o_fuzz_user_${i}_x9`);

let h: FunctionHarness;
const rejections: unknown[] = [];
const onRejection = (reason: unknown): void => void rejections.push(reason);
beforeAll(async () => {
  process.on('unhandledRejection', onRejection);
  h = await startFunctionHarness({ record: true, env: { CHAT_RATE_PER_MINUTE: '30', CHAT_DAILY_QUOTA: '100' } });
});
afterAll(async () => {
  process.off('unhandledRejection', onRejection);
  await h.stop();
});

/** Hostile strings for any field. Canaries are NOT among them: a user's own text may rightly come back to them. */
function hostileStrings(r: Prng): unknown {
  return r.pick<unknown>([
    '',
    ' ',
    '1',
    '0',
    '-1',
    '7453407973575833389',
    '1'.repeat(33),
    'abc',
    '你好',
    '👩‍👩‍👧'.repeat(r.int(5) + 1),
    'a\uD800b',
    '\uDFFF',
    'x\u0000y',
    '\u202Eevil',
    '\u200Fשלום',
    'x'.repeat(r.pick([10, 2001, 5000, 100_000])),
    '__proto__',
    'constructor',
    '../../../etc/passwd',
    'cloud://env.x/coze-voice/0123456789abcdef0123456789abcdef/a.wav',
    'cloud://env.x/secret/a.wav',
    '{"$gt":""}',
    '<script>alert(1)</script>',
    '%s%s%s%n',
    'a'.repeat(32),
    '0123456789abcdef0123456789abcdef',
    `#fault:${r.pick(['drop', 'malformed', '500', '4016', 'token', 'split', 'failed'])} 问题`,
  ]);
}

function hostileValue(r: Prng, depth = 0): unknown {
  switch (r.int(depth > 1 ? 6 : 9)) {
    case 0:
      return r.pick<unknown>([undefined, null, true, false]);
    case 1:
      return r.pick<unknown>([0, -1, 1, 1.5, 2 ** 53 + 1, 7453407973575833389, Number.NaN, Number.POSITIVE_INFINITY, -0, 1e308]);
    case 2:
    case 3:
    case 4:
    case 5:
      return hostileStrings(r);
    case 6:
      return Array.from({ length: r.int(4) }, () => hostileValue(r, depth + 1));
    case 7:
      return JSON.parse('{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}') as unknown;
    default:
      return { toString: () => '1', valueOf: () => 1, nested: hostileValue(r, depth + 1) };
  }
}

const PARAM_KEYS = ['text', 'conversationId', 'chatId', 'messageId', 'streamId', 'name', 'pageNum', 'pageSize', 'beforeId', 'limit', 'feedback', 'comment', 'fileID'];

/** Events that no JSON wire can carry (throwing getters, Proxies): the only ones allowed to answer INTERNAL. */
let unwireable = 0;

function hostileEvent(r: Prng): unknown {
  const shape = r.int(20);
  if (shape === 0) return hostileValue(r);
  if (shape === 1) {
    unwireable += 1;
    // A getter that throws, and a Proxy that throws on every trap: main must still answer.
    const trap = { action: 'chat.send' } as Record<string, unknown>;
    Object.defineProperty(trap, 'text', { enumerable: true, get: () => { throw new Error('getter exploded'); } });
    return r.chance(0.5) ? trap : new Proxy({}, { get: () => { throw new Error('proxy'); }, getOwnPropertyDescriptor: () => { throw new Error('proxy'); }, has: () => { throw new Error('proxy'); } });
  }
  const event: Record<string, unknown> = {};
  event.action = r.chance(0.8) ? r.pick(ACTION_NAMES) : r.pick<unknown>(['chat.send ', 'CHAT.SEND', '__proto__', 'toString', 'hasOwnProperty', '', 42, null, ['chat.send'], { name: 'chat.send' }]);
  for (const key of PARAM_KEYS) if (r.chance(0.35)) event[key] = hostileValue(r);
  // A few well-formed ones, so valid paths (and Coze) are exercised too.
  if (r.chance(0.04)) {
    delete event.conversationId;
    delete event.streamId;
    event.action = r.pick(['chat.send', 'conversation.list', 'conversation.create', 'bot.info'] as const);
    event.text = `随机问题 ${r.int(1000)}`;
    event.name = `会话 ${r.int(1000)}`;
    delete event.pageNum;
    delete event.pageSize;
  }
  // Identity fields in the event are ignored; they carry canaries that must never come back.
  if (r.chance(0.3)) Object.assign(event, { openid: CANARY_OPENID, userInfo: { openId: CANARY_OPENID }, session_name: CANARY_OPENID, token: CANARY_TOKEN, user_id: CANARY_OPENID });
  return event;
}

function assertEnvelope(result: Result<unknown>): void {
  expect(result !== null && typeof result === 'object').toBe(true);
  if (result.ok) {
    expect(Object.keys(result).sort()).toEqual(['data', 'ok']);
    expect(result.data !== null && typeof result.data === 'object').toBe(true);
    return;
  }
  expect(result.ok).toBe(false);
  expect(Object.keys(result).sort()).toEqual(['error', 'ok']);
  const { error } = result;
  expect(ERROR_CODES).toContain(error.code);
  expect(typeof error.message).toBe('string');
  expect(error.message).toMatch(/[\u4e00-\u9fff]/);
  expect(typeof error.retryable).toBe('boolean');
  for (const key of Object.keys(error)) expect(['code', 'message', 'retryable', 'logid', 'action']).toContain(key);
}

test(`${EVENTS} seeded hostile events: well-formed envelopes, no throw, no unhandled rejection, no leak`, async () => {
  const r = prng(SEED);
  const answers: string[] = [];
  const codes: Record<string, number> = {};
  let thrown = 0;
  for (let done = 0; done < EVENTS; done += BATCH) {
    const batch = Array.from({ length: BATCH }, () => {
      const openid = r.chance(0.05) ? undefined : r.pick(OPENIDS);
      const event = hostileEvent(r);
      let pending: Promise<Result<unknown>>;
      try {
        pending = callAs(h.bundle, openid, event);
      } catch {
        thrown += 1;
        pending = Promise.resolve({ ok: false, error: { code: 'INTERNAL', message: '同步抛出', retryable: false } } as Result<unknown>);
      }
      return pending.catch(() => {
        thrown += 1;
        return { ok: false, error: { code: 'INTERNAL', message: '异步抛出', retryable: false } } as Result<unknown>;
      });
    });
    for (const result of await Promise.all(batch)) {
      assertEnvelope(result);
      const key = result.ok ? 'ok' : result.error.code;
      codes[key] = (codes[key] ?? 0) + 1;
      answers.push(JSON.stringify(result));
    }
  }
  await new Promise((resolve) => setImmediate(resolve));
  expect(thrown).toBe(0);
  expect(rejections).toEqual([]);
  expect(answers).toHaveLength(EVENTS);
  expect(codes.BAD_REQUEST).toBeGreaterThan(EVENTS / 2);
  expect(codes.ok).toBeGreaterThan(0);
  expect(codes.INTERNAL ?? 0).toBeLessThanOrEqual(unwireable);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();

  const tokens = [...(h.recording?.jwts ?? []), ...(h.recording?.accessTokens ?? [])];
  expect(tokens.length).toBeGreaterThan(0);
  const keyLines = h.keys.privateKeyPem.split('\n').filter((line) => line.length > 40);
  const forbidden = [CANARY_TOKEN, CANARY_OPENID, ...OPENIDS, ...tokens, ...keyLines];
  const leaks: string[] = [];
  for (const text of [...answers, ...h.logs]) {
    for (const secret of forbidden) if (text.includes(secret)) leaks.push(`${secret.slice(0, 12)}… in ${text.slice(0, 80)}`);
    if (/\n\s+at /.test(text)) leaks.push(`stack trace in ${text.slice(0, 80)}`);
  }
  expect(leaks).toEqual([]);
  // console is captured by the harness (it holds the function's log lines), so report on stdout directly.
  process.stdout.write(`fuzz: ${EVENTS} events, answers by code ${JSON.stringify(codes)}\n`);
});
