/**
 * The microphone permission flow voice input needs (`scope.record`): privacy consent first (WeChat's documented
 * flow, so the host's consent prompt shows before the finger holds to talk), then ask once with wx.authorize;
 * after a refusal WeChat never asks again, so explain why with wx.showModal and open the settings page.
 */
import { logPrivacyFix, privacyFailure, requirePrivacy, type PrivacyFailure } from './privacy';

/** The scope RecorderManager.start needs. */
export const RECORD_SCOPE = 'scope.record';
/** Title of the explanation shown after a refusal. */
export const PERMISSION_TITLE = '需要麦克风权限';
/** Why the app asks, shown after a refusal. */
export const PERMISSION_EXPLANATION = '语音输入需要使用麦克风。请在设置中打开「麦克风」，再按住说话。';

/**
 * The outcome: granted; refused (the user said no, or left the setting off); or blocked by the privacy rules
 * (base library 2.32.3+): 'undeclared' when the privacy guide does not declare the microphone (errno 112),
 * 'privacy' when the user has not agreed to it (errno 104).
 */
export type PermissionResult = 'granted' | 'denied' | 'privacy' | 'undeclared';

/** What wx.authorize answered. */
type AuthorizeOutcome = 'ok' | 'denied' | PrivacyFailure;

function privacyResult(failure: PrivacyFailure): PermissionResult {
  return failure === 'undeclared' ? 'undeclared' : 'privacy';
}

function authSetting(): Promise<Record<string, boolean | undefined>> {
  return new Promise((resolve) => {
    wx.getSetting({
      success: (res) => resolve(res.authSetting as Record<string, boolean | undefined>),
      fail: () => resolve({}),
    });
  });
}

function authorize(): Promise<AuthorizeOutcome> {
  return new Promise((resolve) =>
    wx.authorize({
      scope: RECORD_SCOPE,
      success: () => resolve('ok'),
      // errno 112 / 104: no settings page can fix those, only the privacy guide or the user's consent.
      fail: (err) => {
        const failure = privacyFailure(err);
        if (failure) logPrivacyFix('microphone', failure, err);
        resolve(failure ?? 'denied');
      },
    }),
  );
}

function confirmExplanation(): Promise<boolean> {
  return new Promise((resolve) => {
    wx.showModal({
      title: PERMISSION_TITLE,
      content: PERMISSION_EXPLANATION,
      confirmText: '去设置',
      cancelText: '取消',
      success: (res) => resolve(res.confirm),
      fail: () => resolve(false),
    });
  });
}

function openSettings(): Promise<boolean> {
  return new Promise((resolve) => {
    wx.openSetting({
      success: (res) => resolve((res.authSetting as Record<string, boolean | undefined>)[RECORD_SCOPE] === true),
      fail: () => resolve(false),
    });
  });
}

/** Makes sure the microphone may be used, asking or sending the user to settings as WeChat requires. */
export async function ensureRecordPermission(): Promise<PermissionResult> {
  const consent = await requirePrivacy();
  if (consent !== 'ok') {
    logPrivacyFix('microphone', consent, { errMsg: 'requirePrivacyAuthorize:fail' });
    return privacyResult(consent);
  }
  const current = (await authSetting())[RECORD_SCOPE];
  if (current === true) return 'granted';
  if (current === undefined) {
    const outcome = await authorize();
    if (outcome === 'ok') return 'granted';
    if (outcome !== 'denied') return privacyResult(outcome);
  }
  if (!(await confirmExplanation())) return 'denied';
  return (await openSettings()) ? 'granted' : 'denied';
}
