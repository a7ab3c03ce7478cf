/** End users read plain Chinese; developer detail is kept apart; settings errors offer no 重试 (core/user-error.ts). */
import { GENERIC_MESSAGE, PLAIN_MESSAGES, userError } from '../../../miniprogram/core/user-error';

describe('userError', () => {
  it('replaces a CONFIG text that names a variable with plain Chinese, keeps it as detail, and offers no retry', () => {
    const raw = '服务配置有误：COZE_API_BASE must be an http(s) URL。请开发者在云函数环境变量中修正。';
    const e = userError({ code: 'CONFIG', message: raw, retryable: true });
    expect(e.message).toBe(PLAIN_MESSAGES.CONFIG);
    expect(e.message).not.toMatch(/[A-Za-z]/);
    expect(e.retryable).toBe(false);
    expect(e.detail).toContain('COZE_API_BASE');
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
