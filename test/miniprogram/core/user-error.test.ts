/** End users read plain Chinese; developer detail is kept apart; settings errors offer no 重试 (core/user-error.ts). */
import { DEVELOPER_HINTS, GENERIC_MESSAGE, PLAIN_MESSAGES, userError } from '../../../miniprogram/core/user-error';
import { SETTINGS } from '../../../cloudfunctions/coze/src/settings';

describe('userError', () => {
  it('replaces a CONFIG text that names a variable with plain Chinese, keeps it as detail, and offers no retry', () => {
    const raw = '服务配置有误：COZE_API_BASE must be an http(s) URL。请开发者在云函数环境变量中修正。';
    const e = userError({ code: 'CONFIG', message: raw, retryable: true });
    expect(e.message).toBe(PLAIN_MESSAGES.CONFIG);
    expect(e.message).not.toMatch(/[A-Za-z]/);
    expect(e.retryable).toBe(false);
    expect(e.detail).toContain('COZE_API_BASE');
  });

  it("a settings error's detail says where the developer finds the cause: the function log and npm run doctor", () => {
    const e = userError({ code: 'CONFIG', message: '服务配置有误，请联系开发者。', retryable: false });
    expect(e.message).toBe(PLAIN_MESSAGES.CONFIG);
    expect(e.detail).toBe(`CONFIG: 服务配置有误，请联系开发者。 ${DEVELOPER_HINTS.CONFIG}`);
    expect(e.detail).toMatch(/日志.*npm run doctor/);
    // A plain message the user may read keeps its hint for developers all the same.
    expect(userError({ code: 'BOT_UNAVAILABLE', message: '智能体暂时不可用', retryable: false })).toEqual({
      message: '智能体暂时不可用',
      retryable: false,
      detail: `BOT_UNAVAILABLE: 智能体暂时不可用 ${DEVELOPER_HINTS.BOT_UNAVAILABLE}`,
    });
  });

  it('every variable a developer hint names is a real setting of the function', () => {
    const names = new Set(Object.values(SETTINGS).map((setting) => setting.name));
    const named = Object.values(DEVELOPER_HINTS).flatMap((hint) => hint?.match(/\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b/g) ?? []);
    expect(named.length).toBeGreaterThanOrEqual(4);
    expect(named.filter((name) => !names.has(name))).toEqual([]);
  });

  it('keeps a plain Chinese message and its retry as they are', () => {
    expect(userError({ code: 'RATE_LIMITED', message: '请求太频繁，请稍后再试', retryable: true })).toEqual({ message: '请求太频繁，请稍后再试', retryable: true, detail: '' });
  });

  it('any message with developer text (Latin words, URLs) falls back to the plain text of its code', () => {
    expect(userError({ code: 'UPSTREAM', message: 'fetch failed: ECONNRESET', retryable: true })).toMatchObject({ message: PLAIN_MESSAGES.UPSTREAM, retryable: true });
    expect(userError({ code: 'QUOTA_EXCEEDED', message: 'see https://x', retryable: false }).message).toBe(GENERIC_MESSAGE);
  });

  it('errors a retry cannot fix never offer one', () => {
    for (const code of ['CONFIG', 'COZE_AUTH', 'BOT_UNAVAILABLE', 'CONTENT_BLOCKED'] as const) {
      expect(userError({ code, message: '不行', retryable: true }).retryable).toBe(false);
    }
  });
});
