/**
 * What is left for the developer after the files are in place, worded for THIS host: only the steps it still
 * needs (AppID, wx.cloud.init, the function's variables, collections, privacy items, showing the entry).
 */
import { STREAM_COLLECTION } from '../../miniprogram/shared/protocol';
import { USAGE_COLLECTION } from '../../cloudfunctions/coze/src/limits/usage-store';
import { FUNCTION_NAME } from '../../miniprogram/shared/protocol';
import { ENTRY_COMPONENT, ENTRY_DIR, ENTRY_TAG, type Plan } from './plan';

/** The base library the chat needs at least (database watch() for live text). */
export const MIN_BASE_LIBRARY = '2.8.1';

function olderThan(version: string, floor: string): boolean {
  const a = version.split('.').map(Number);
  const b = floor.split('.').map(Number);
  for (let i = 0; i < 3; i += 1) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) < (b[i] ?? 0);
  return false;
}

/** The numbered manual steps for the host of `plan`. */
export function manualSteps(plan: Plan): string[] {
  const { host } = plan;
  const fn = `${plan.cloudRootRel}/${FUNCTION_NAME}`;
  const steps: string[] = [];
  const appid = host.config.value.appid;
  if (typeof appid !== 'string' || appid === '' || appid === 'touristappid') {
    steps.push('AppID: put your mini-program AppID in project.config.json "appid" (云开发 does not work with the tourist AppID).');
  }
  steps.push('Cloud environment: in DevTools open 云开发 and create (开通) an environment; note its env id.');
  if (!/wx\.cloud\.init\s*\(/.test(host.appLogicText)) {
    steps.push("wx.cloud.init: your app never calls it. In app's onLaunch add: wx.cloud.init({ env: 'YOUR-ENV-ID', traceUser: true })");
  }
  steps.push(`Deploy the function: right-click ${fn} → 上传并部署：云端安装依赖 (installs wx-server-sdk in the cloud).`);
  steps.push(
    `Function settings (云开发控制台 → 云函数 → ${FUNCTION_NAME} → 函数配置): set COZE_JWT_OAUTH_CLIENT_ID, COZE_JWT_OAUTH_PUBLIC_KEY_ID, ` +
      'COZE_JWT_OAUTH_PRIVATE_KEY and COZE_BOT_ID (COZE_API_BASE only for coze.com), and a 60 s timeout. Check them with `npm run doctor` in coze-weapp.',
  );
  steps.push(
    `Collections (数据库 → 添加集合): "${STREAM_COLLECTION}" with the custom rules in ${fn}/database-rules.json, and ` +
      `"${USAGE_COLLECTION}" with ${fn}/database-rules-usage.json.`,
  );
  steps.push('Privacy (mp.weixin.qq.com → 设置 → 服务内容声明 → 用户隐私保护指引): declare 剪切板 (copy an answer), 麦克风 (hold-to-talk voice input), 选中的照片或视频信息 and 摄像头 (attach an image), 选中的文件 (attach a file from a chat).');
  const lib = host.config.value.libVersion;
  if (typeof lib === 'string' && olderThan(lib, MIN_BASE_LIBRARY)) {
    steps.push(`Base library: project.config.json "libVersion" is ${lib}; the chat needs ${MIN_BASE_LIBRARY} or later (database watch()).`);
  }
  if (!plan.entryPageEdited) {
    steps.push(
      `Show the entry button on a page: in its .json "usingComponents": { "${ENTRY_TAG}": "/${ENTRY_DIR}/${ENTRY_COMPONENT}" }, ` +
        `and in its .wxml <${ENTRY_TAG} /> (or re-run with --entry-page ${plan.entryPage}). Your own button can call ` +
        `openCozeChat() from /${ENTRY_DIR}/services/open-coze-chat instead (then <${ENTRY_TAG} hidden />).`,
    );
  }
  return steps.map((s, i) => `${i + 1}. ${s}`);
}
