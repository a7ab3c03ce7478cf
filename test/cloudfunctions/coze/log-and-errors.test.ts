import { generateKeyPairSync } from 'crypto';
import { ERROR_CODES } from '../../../miniprogram/shared/protocol';
import { AppError, cozeError, toAppError, USER_MESSAGES } from '../../../cloudfunctions/coze/src/errors';
import { log, redact, userTag } from '../../../cloudfunctions/coze/src/log';

test('redact removes PEM keys, JWTs, bearer values and Coze tokens', () => {
  const pem = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzZXNzaW9uX25hbWUiOiJvXzEyMyJ9.c2lnbmF0dXJl';
  const text = `key ${pem} jwt ${jwt} auth Bearer abc.def token czs_RQOhsecret`;
  const out = redact(text);
  expect(out).not.toContain(pem.split('\n')[1]);
  expect(out).not.toContain(jwt);
  expect(out).not.toContain('abc.def');
  expect(out).not.toContain('czs_RQOhsecret');
});

test('the logger writes one JSON line and a user tag instead of the openid', () => {
  const lines: string[] = [];
  const spy = jest.spyOn(console, 'error').mockImplementation((line: string) => void lines.push(line));
  log.error('x.failed', { user: userTag('o_secret_openid'), detail: 'Bearer czs_leak' });
  spy.mockRestore();
  expect(lines).toHaveLength(1);
  const parsed = JSON.parse(lines[0]) as Record<string, string>;
  expect(parsed).toEqual({ level: 'error', event: 'x.failed', user: expect.stringMatching(/^[0-9a-f]{12}$/), detail: 'Bearer [redacted]' });
  expect(lines[0]).not.toContain('o_secret_openid');
});

test('every error code has a Chinese user message', () => {
  for (const code of ERROR_CODES) expect(USER_MESSAGES[code]).toMatch(/[\u4e00-\u9fff]/);
});

test.each([
  [{ network: 'ECONNRESET' }, 'UPSTREAM', true],
  [{ status: 503 }, 'UPSTREAM', true],
  [{ status: 429 }, 'RATE_LIMITED', true],
  [{ status: 401 }, 'COZE_AUTH', false],
  [{ status: 200, cozeCode: 4101, msg: 'no permission' }, 'COZE_AUTH', false],
  [{ status: 200, cozeCode: 4015 }, 'BOT_UNAVAILABLE', false],
  [{ status: 200, cozeCode: 4016 }, 'BUSY', true],
  [{ status: 200, cozeCode: 4028 }, 'QUOTA_EXCEEDED', false],
  // An unknown Coze code is Coze's problem, said honestly: INTERNAL is only for our own bugs (issue 12).
  [{ status: 200, cozeCode: 123456 }, 'UPSTREAM', true],
] as const)('cozeError(%j) → %s (retryable %s)', (failure, code, retryable) => {
  const error = cozeError({ ...failure, logid: 'log-1' });
  expect(error.toApiError()).toEqual({ code, message: expect.stringMatching(/[\u4e00-\u9fff]/), retryable, logid: 'log-1' });
});

test.each([4008, 4009, 4011, 4019, 4020, 4022, 4028])("Coze's own quota error %i tells the user to try later and the developer what to buy or configure", (cozeCode) => {
  const error = cozeError({ status: 200, cozeCode, logid: 'log-q' });
  expect(['RATE_LIMITED', 'QUOTA_EXCEEDED']).toContain(error.code);
  expect(error.userMessage).toMatch(/稍后|明天/);
  expect(error.detail).toMatch(/buy|top up|upgrade|raise|lower|CHAT_/);
});

test('developer hints name the fix: 4101 permission, 4015 publish to API, 4028 upgrade', () => {
  expect(cozeError({ cozeCode: 4101 }).detail).toMatch(/permission/);
  expect(cozeError({ cozeCode: 4015 }).detail).toMatch(/publish/);
  expect(cozeError({ cozeCode: 4028 }).detail).toMatch(/upgrade/);
});

test('unknown throws become INTERNAL without their stack in the answer', () => {
  const error = toAppError(new TypeError('x is undefined'));
  expect(error).toBeInstanceOf(AppError);
  expect(JSON.stringify(error.toApiError())).not.toMatch(/TypeError|at /);
});

test('a 4101 names the permission coze-api.md §3 gives each conversation/message endpoint', () => {
  const hint = (endpoint: string): string => cozeError({ cozeCode: 4101, msg: 'no permission', endpoint }).detail;
  expect(hint('GET /v1/conversation/retrieve')).toContain('"retrieveConversation" permission');
  expect(hint('POST /v1/conversation/message/delete')).toContain('"deleteMessage" permission');
  expect(hint('POST /v1/conversations/7400000000000000001/messages/7400000000000000002/feedback')).toContain('"feedback" permission');
  expect(hint('DELETE /v1/conversations/7400000000000000001/messages/7400000000000000002/feedback')).toContain('"feedback" permission');
  expect(hint('GET /v1/conversations')).toContain('"listConversation" permission');
});
