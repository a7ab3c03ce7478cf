/**
 * The doctor's chatflow checks, run only when COZE_WORKFLOW_ID is set: the workflow exists and is published
 * (as the app's chatflow when COZE_APP_ID is set), and the OAuth app holds the `run` permission that
 * /v1/workflows/chat needs (workflow_chat doc). One streamed test turn answers both.
 */
import type { LoadedConfig } from '../../cloudfunctions/coze/src/config';
import { cozeError } from '../../cloudfunctions/coze/src/errors';
import { probe, probeChat } from './coze-probe';
import { OAUTH_APP_PATH } from './doctor-fixes';
import type { CheckResult } from './doctor-checks';

const NO_PERMISSION = 4101;
const NOT_FOUND = 4200;
const TOKEN_INVALID = 4100;

/** The permission /v1/workflows/chat needs. */
export const CHATFLOW_PERMISSION = 'run';

/** Fixes of the chatflow checks. */
export const CHATFLOW_FIXES = {
  missingRun: `Add the permission "run" to the OAuth app: ${OAUTH_APP_PATH} → your 服务类应用 (JWT) → 操作 → edit (编辑) → 权限, tick run (工作流 / Workflow), 确定, then 授权 (needed by chat.send when COZE_WORKFLOW_ID is set).`,
  notFound: (appId: string): string =>
    `Coze does not know COZE_WORKFLOW_ID or it is not published (4200): copy the id from the chatflow editor URL (…workflow_id=<id>) and publish it` +
    (appId ? ` by publishing the app ${appId} as an API service (应用 → 发布 → API), and check COZE_APP_ID (…/project-ide/<id>).` : ` in the resource library (资源库 → 发布); if it lives in a low-code app, set COZE_APP_ID.`),
} as const;

/** Runs the chatflow checks; true when the test turn worked (stopped at a question node or completed). */
export async function checkChatflow(config: LoadedConfig, token: string, user: string, message: string, out: CheckResult[]): Promise<boolean> {
  const target = config.appId ? { app_id: config.appId } : { bot_id: config.botId };
  const turn = await probeChat(
    config.apiBase,
    token,
    { method: 'POST', path: '/v1/workflows/chat', json: { workflow_id: config.workflowId, ...target, additional_messages: [{ role: 'user', content: message, content_type: 'text' }], parameters: {}, ext: { user_id: user } } },
    config.timeoutMs,
    '',
  );
  const conversationId = turn.chat?.conversationId;
  if (conversationId) await probe(config.apiBase, token, { method: 'DELETE', path: `/v1/conversations/${conversationId}` }, config.timeoutMs).catch(() => undefined);
  const where = config.appId ? `app ${config.appId}` : `bound to bot ${config.botId}`;
  if (turn.code === NO_PERMISSION) {
    out.push({ title: 'Chatflow exists', status: 'skip', detail: 'needs permission run (below)' });
    out.push({ title: `Permission ${CHATFLOW_PERMISSION}`, status: 'fail', detail: `Coze answered 4101 ${JSON.stringify(turn.msg)}`, fix: CHATFLOW_FIXES.missingRun });
    return false;
  }
  if (turn.code === TOKEN_INVALID) {
    out.push({ title: 'Chatflow exists', status: 'skip', detail: `Coze answered 4100 ${JSON.stringify(turn.msg)}` });
    out.push({ title: `Permission ${CHATFLOW_PERMISSION}`, status: 'skip', detail: 'undetermined: the token was refused' });
    return false;
  }
  out.push({ title: `Permission ${CHATFLOW_PERMISSION}`, status: 'pass', detail: turn.code === 0 ? 'granted' : `granted (the probe got ${turn.code}, not 4101)` });
  if (turn.code === NOT_FOUND) {
    out.push({ title: 'Chatflow exists', status: 'fail', detail: `Coze answered 4200 ${JSON.stringify(turn.msg)}`, fix: CHATFLOW_FIXES.notFound(config.appId) });
    return false;
  }
  const status = turn.chat?.status;
  if (turn.code === 0 && status === 'completed') {
    const question = turn.chat?.question();
    const shape = question ? `stopped at a question node (${question.options.length} options)` : 'completed';
    out.push({ title: 'Chatflow exists', status: 'pass', detail: `${config.workflowId} (${where}): the test turn ${shape}` });
    return true;
  }
  const fix = turn.code > 0 ? cozeError({ cozeCode: turn.code, msg: turn.msg }).detail : 'Retry; if it persists, open the debug_url of the run in Coze or look up the logid.';
  out.push({ title: 'Chatflow exists', status: 'fail', detail: `status ${status ?? '-'}, Coze code ${turn.code} ${JSON.stringify(turn.msg)}`, fix });
  return false;
}
