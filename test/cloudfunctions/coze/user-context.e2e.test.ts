/**
 * Trusted user context through the BUILT bundle: the developer's hook (COZE_USER_CONTEXT_HOOK) gets the openid
 * from the WeChat context, and what it returns reaches Coze as custom_variables (bot) or parameters
 * (chatflow); values the client puts in the request never do. A throwing, slow or broken hook never blocks a
 * chat: it is logged with the fix.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import os from 'os';
import path from 'path';
import type { ChatResult } from '../../../miniprogram/shared/protocol';
import { CHATFLOW_OPTIONS } from '../../../tools/coze-emulator/scripted-chatflow';
import { DEFAULT_WORKFLOW_ID } from '../../../tools/coze-emulator/index';
import { expectOk, FunctionHarness, startFunctionHarness } from '../../helpers/function-harness';

const dir = mkdtempSync(path.join(os.tmpdir(), 'user-context-'));
function hookFile(name: string, source: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, source);
  return file;
}

/** A hook like the README's: per-user values derived from the trusted openid, plus entries it must drop. */
const GOOD_HOOK = hookFile(
  'good.js',
  `module.exports = async ({ openid, cloud }) => ({
    nickname: 'nick_' + openid.slice(-3),
    level: 'gold',
    visits: 7,
    hasCloud: typeof cloud.database === 'function',
    'bad key': 'dropped',
    nested: { no: 'objects' },
  });`,
);

/** Everything a forging client may put next to its text. */
const FORGED = {
  parameters: { nickname: 'FORGED_NICK', level: 'FORGED_LEVEL' },
  custom_variables: { nickname: 'FORGED_NICK' },
  customVariables: { nickname: 'FORGED_NICK' },
  userContext: { nickname: 'FORGED_NICK' },
  nickname: 'FORGED_NICK',
  user_id: 'FORGED_USER',
  openid: 'FORGED_OPENID',
  meta_data: { nickname: 'FORGED_NICK' },
};

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function lastBody(h: FunctionHarness, pathName: string): Record<string, unknown> {
  const found = [...h.emulator.requests].reverse().find((r) => r.path === pathName);
  if (!found) throw new Error(`no request to ${pathName}`);
  return found.body as Record<string, unknown>;
}

describe('bot chats', () => {
  let h: FunctionHarness;
  beforeAll(async () => {
    h = await startFunctionHarness({ env: { COZE_USER_CONTEXT_HOOK: GOOD_HOOK } });
  });
  afterAll(async () => {
    await h.stop();
  });

  test("the hook's values reach /v3/chat as custom_variables; the client's do not", async () => {
    expectOk(await h.callRaw('o_ctx_abc', { action: 'chat.send', text: '我是谁？', ...FORGED }));
    const body = lastBody(h, '/v3/chat');
    expect(body.custom_variables).toEqual({ nickname: 'nick_abc', level: 'gold', visits: '7', hasCloud: 'true' });
    expect(body.user_id).toBe('o_ctx_abc');
    expect(JSON.stringify(h.emulator.requests)).not.toMatch(/FORGED/);
    expect(h.logs.join('\n')).toMatch(/user_context\.dropped.*bad key,nested/);
  });

  test('each user gets their own values', async () => {
    expectOk(await h.call('o_ctx_xyz', { action: 'chat.send', text: '你好' }));
    expect(lastBody(h, '/v3/chat').custom_variables).toEqual(expect.objectContaining({ nickname: 'nick_xyz' }));
  });

  test.each([
    ['throws', 'module.exports = async () => { throw new Error("users collection missing"); };', /users collection missing/],
    ['never answers', 'module.exports = () => new Promise(() => {});', /longer than 50 ms/],
    ['exports no function', 'module.exports = { nickname: "x" };', /exports no function/],
    ['returns a string', 'module.exports = () => "gold";', /returned string/],
    ['has a syntax error', 'module.exports = async () => ({ ', /Unexpected|SyntaxError|end of input/],
  ])('a hook that %s never blocks the chat: no context, and the log says how to fix it', async (name, source, reason) => {
    const file = hookFile(`${name.replace(/\W+/g, '-')}.js`, source);
    const before = h.logs.length;
    process.env.COZE_USER_CONTEXT_HOOK = file;
    process.env.COZE_USER_CONTEXT_TIMEOUT_MS = '50';
    try {
      const result = expectOk(await h.call('o_ctx_fail', { action: 'chat.send', text: '你好' })) as ChatResult;
      expect(result.status).toBe('completed');
      expect(lastBody(h, '/v3/chat')).not.toHaveProperty('custom_variables');
      const logged = h.logs.slice(before).join('\n');
      expect(logged).toMatch(reason);
      expect(logged).toContain('fix cloudfunctions/coze/user-context.js');
      expect(logged).not.toContain('o_ctx_fail');
    } finally {
      process.env.COZE_USER_CONTEXT_HOOK = GOOD_HOOK;
      delete process.env.COZE_USER_CONTEXT_TIMEOUT_MS;
    }
  });

  test('without a hook file (a fresh project) nothing is sent and nothing is logged', async () => {
    const before = h.logs.length;
    process.env.COZE_USER_CONTEXT_HOOK = path.join(dir, 'absent.js');
    try {
      expectOk(await h.call('o_ctx_none', { action: 'chat.send', text: '你好' }));
      expect(lastBody(h, '/v3/chat')).not.toHaveProperty('custom_variables');
      expect(h.logs.slice(before).join('\n')).not.toContain('user_context');
    } finally {
      process.env.COZE_USER_CONTEXT_HOOK = GOOD_HOOK;
    }
  });

  test('the shipped user-context.js (the default setting) loads and tells the bot nothing', async () => {
    delete process.env.COZE_USER_CONTEXT_HOOK;
    const before = h.logs.length;
    try {
      expectOk(await h.call('o_ctx_default', { action: 'chat.send', text: '你好' }));
      expect(lastBody(h, '/v3/chat')).not.toHaveProperty('custom_variables');
      expect(h.logs.slice(before).join('\n')).not.toContain('user_context');
    } finally {
      process.env.COZE_USER_CONTEXT_HOOK = GOOD_HOOK;
    }
  });
});

describe('chatflows', () => {
  let h: FunctionHarness;
  beforeAll(async () => {
    h = await startFunctionHarness({ env: { COZE_WORKFLOW_ID: DEFAULT_WORKFLOW_ID, COZE_USER_CONTEXT_HOOK: GOOD_HOOK } });
  });
  afterAll(async () => {
    await h.stop();
  });

  test("the hook's values reach the flow as start-node parameters on every turn; the client's do not", async () => {
    const asked = expectOk(await h.callRaw('o_ctx_flow', { action: 'chat.send', text: '开始', ...FORGED })) as ChatResult;
    expect(lastBody(h, '/v1/workflows/chat').parameters).toEqual({ nickname: 'nick_low', level: 'gold', visits: '7', hasCloud: 'true' });
    const done = expectOk(await h.callRaw('o_ctx_flow', { action: 'chat.send', conversationId: asked.conversationId, text: CHATFLOW_OPTIONS[0], ...FORGED })) as ChatResult;
    expect(done.answer?.content).toContain('开始节点参数：hasCloud=true，level=gold，nickname=nick_low，visits=7');
    expect(JSON.stringify(h.emulator.requests)).not.toMatch(/FORGED/);
  });
});
