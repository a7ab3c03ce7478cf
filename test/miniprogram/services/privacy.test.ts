/**
 * The privacy APIs the chat calls (clipboard, microphone) under WeChat's privacy layer: errno 112 (not declared in
 * 用户隐私保护指引) and errno 104 (the user has not agreed) each end in a clear toast, never in silence; when the
 * host registered wx.onNeedPrivacyAuthorization, the first copy or recording waits for its consent prompt.
 */
import { COPY_FAILED, TEXT_COPIED, copyText } from '../../../miniprogram/services/ui-actions';
import { PRIVACY_NOTICES, privacyFailure } from '../../../miniprogram/services/privacy';
import { ensureRecordPermission } from '../../../miniprogram/services/record-permission';
import { installWxFake, type WxFake } from '../../helpers/wx-fake';

async function flush(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) await Promise.resolve();
}

/** Registers a host consent prompt that answers `event` (as a host page's privacy popup would). */
function hostPrompt(event: 'agree' | 'disagree'): void {
  type Resolve = (r: { event: string; buttonId?: string }) => void;
  const listener = (resolve: Resolve) => {
    resolve({ event: 'exposureAuthorization' });
    resolve(event === 'agree' ? { event, buttonId: 'agree-btn' } : { event });
  };
  wx.onNeedPrivacyAuthorization(listener as unknown as Parameters<typeof wx.onNeedPrivacyAuthorization>[0]);
}

describe('privacy APIs', () => {
  let fake: WxFake;
  let errors: jest.SpyInstance;
  beforeEach(() => {
    fake = installWxFake({ callFunction: async () => ({ ok: true, data: {} }) });
    errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => {
    errors.mockRestore();
    fake.uninstall();
  });

  it('classifies WeChat failures by errno, or by message on base libraries without errno', () => {
    expect(privacyFailure({ errMsg: 'setClipboardData:fail api scope is not declared in the privacy agreement', errno: 112 })).toBe('undeclared');
    expect(privacyFailure({ errMsg: 'setClipboardData:fail api scope is not declared in the privacy agreement' })).toBe('undeclared');
    expect(privacyFailure({ errMsg: 'authorize:fail privacy permission is not authorized', errno: 104 })).toBe('refused');
    expect(privacyFailure({ errMsg: 'authorize:fail privacy permission is not authorized' })).toBe('refused');
    expect(privacyFailure({ errMsg: 'authorize:fail auth deny' })).toBeNull();
    expect(privacyFailure(undefined)).toBeNull();
  });

  it('copy with the clipboard undeclared (errno 112): a toast says so, the console names the item to declare', async () => {
    fake.privacy.undeclared = ['clipboard'];
    copyText('答案');
    await flush();
    expect(fake.clipboard).toEqual([]);
    expect(fake.toasts).toEqual([PRIVACY_NOTICES.clipboard.undeclared]);
    expect(errors.mock.calls[0][0]).toMatch(/errno 112.*「剪切板」.*用户隐私保护指引/);
  });

  it('copy without the user\'s consent and no host prompt (errno 104): a toast asks for consent', async () => {
    fake.privacy.agreed = false;
    copyText('答案');
    await flush();
    expect(fake.clipboard).toEqual([]);
    expect(fake.toasts).toEqual([PRIVACY_NOTICES.clipboard.refused]);
    expect(errors.mock.calls[0][0]).toContain('errno 104');
  });

  it('any other copy failure still shows a toast', async () => {
    wx.setClipboardData = ((o: WechatMiniprogram.SetClipboardDataOption) => o.fail?.({ errMsg: 'setClipboardData:fail busy' })) as typeof wx.setClipboardData;
    copyText('答案');
    await flush();
    expect(fake.toasts).toStrictEqual([COPY_FAILED]);
  });

  it('with a host consent prompt, the first copy asks and then copies; later copies do not ask again', async () => {
    fake.privacy.agreed = false;
    hostPrompt('agree');
    copyText('一');
    await flush();
    copyText('二');
    await flush();
    expect(fake.privacyPrompts).toEqual(['setClipboardData']);
    expect(fake.clipboard).toEqual(['一', '二']);
    expect(fake.toasts).toEqual([TEXT_COPIED, TEXT_COPIED]);
  });

  it('with a host consent prompt the user declines: the copy fails with the consent toast', async () => {
    fake.privacy.agreed = false;
    hostPrompt('disagree');
    copyText('一');
    await flush();
    expect(fake.clipboard).toEqual([]);
    expect(fake.toasts).toEqual([PRIVACY_NOTICES.clipboard.refused]);
  });

  it('microphone undeclared (errno 112) is told apart from a refused consent (errno 104)', async () => {
    fake.privacy.undeclared = ['microphone'];
    expect(await ensureRecordPermission()).toBe('undeclared');
    expect(errors.mock.calls[0][0]).toMatch(/errno 112.*「麦克风」/);
    fake.privacy = { undeclared: [], agreed: false };
    expect(await ensureRecordPermission()).toBe('privacy');
    expect(fake.navigation).toEqual(['authorize:scope.record']);
  });

  it('recording asks for consent first through the host prompt (wx.requirePrivacyAuthorize), then for the microphone', async () => {
    fake.privacy.agreed = false;
    hostPrompt('agree');
    expect(await ensureRecordPermission()).toBe('granted');
    expect(fake.privacyPrompts).toEqual(['requirePrivacyAuthorize']);
    expect(fake.navigation).toEqual(['authorize:scope.record']);
  });

  it('recording with consent declined in the host prompt: no microphone prompt at all', async () => {
    fake.privacy.agreed = false;
    hostPrompt('disagree');
    expect(await ensureRecordPermission()).toBe('privacy');
    expect(fake.navigation).toEqual([]);
  });

  it('a requirePrivacyAuthorize that fails for another reason (a host without the privacy layer) does not block recording', async () => {
    wx.requirePrivacyAuthorize = ((o: { fail?: (e: { errMsg: string }) => void }) => o.fail?.({ errMsg: 'requirePrivacyAuthorize:fail not supported' })) as typeof wx.requirePrivacyAuthorize;
    expect(await ensureRecordPermission()).toBe('granted');
    expect(fake.navigation).toEqual(['authorize:scope.record']);
  });

  it('base libraries before 2.32.3 (no privacy layer): recording goes straight to wx.authorize', async () => {
    (wx as unknown as Record<string, unknown>).requirePrivacyAuthorize = undefined;
    expect(await ensureRecordPermission()).toBe('granted');
    expect(fake.navigation).toEqual(['authorize:scope.record']);
  });
});
