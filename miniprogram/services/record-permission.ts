/**
 * The microphone permission flow voice input needs (`scope.record`): ask once with wx.authorize; after a
 * refusal WeChat never asks again, so explain why with wx.showModal and open the settings page.
 */

/** The scope RecorderManager.start needs. */
export const RECORD_SCOPE = 'scope.record';
/** Title of the explanation shown after a refusal. */
export const PERMISSION_TITLE = '需要麦克风权限';
/** Why the app asks, shown after a refusal. */
export const PERMISSION_EXPLANATION = '语音输入需要使用麦克风。请在设置中打开「麦克风」，再按住说话。';

/** The outcome: granted, or refused (the user said no, or left the setting off). */
export type PermissionResult = 'granted' | 'denied';

function authSetting(): Promise<Record<string, boolean | undefined>> {
  return new Promise((resolve) => {
    wx.getSetting({
      success: (res) => resolve(res.authSetting as Record<string, boolean | undefined>),
      fail: () => resolve({}),
    });
  });
}

function authorize(): Promise<boolean> {
  return new Promise((resolve) => wx.authorize({ scope: RECORD_SCOPE, success: () => resolve(true), fail: () => resolve(false) }));
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
  const current = (await authSetting())[RECORD_SCOPE];
  if (current === true) return 'granted';
  if (current === undefined && (await authorize())) return 'granted';
  if (!(await confirmExplanation())) return 'denied';
  return (await openSettings()) ? 'granted' : 'denied';
}
