/** Commands of the terminal chat over the real built function, the local cloud and the emulator over HTTP. */
import { cloudFunctionEnv, generateAppKeys, startEmulator, type CozeEmulator } from '../../../tools/coze-emulator/index';
import { ChatSession } from '../../../tools/cli/chat-session';
import { parseCommand } from '../../../tools/cli/commands';
import { runCommand, streamAnswer, type LoopContext } from '../../../tools/cli/terminal-chat';
import { makeStyle } from '../../../tools/cli/style';
import { createLocalCloud, type LocalCloud } from '../../../tools/dev-server/local-cloud';
import { loadFunctionModule } from '../../../tools/dev-server/load-function';
import type { BotInfo } from '../../../miniprogram/shared/protocol';
import { capture, type Captured } from './capture';

describe('terminal chat commands', () => {
  let emulator: CozeEmulator;
  let cloud: LocalCloud;
  const saved = { ...process.env };

  beforeAll(async () => {
    const keys = generateAppKeys();
    emulator = await startEmulator({ apps: [{ appId: keys.appId, keyId: keys.keyId, publicKeyPem: keys.publicKeyPem }] });
    Object.assign(process.env, { ...cloudFunctionEnv(emulator, keys), CHAT_STREAM_WRITE_MS: '0' });
    cloud = createLocalCloud(loadFunctionModule());
  });
  /** A fresh simulated user's chat loop, writing into a captured terminal. */
  async function chatAs(user: string): Promise<{ bot: BotInfo; out: Captured; ctx: LoopContext }> {
    const session = new ChatSession(cloud, user);
    const bot = await session.botInfo();
    const out = capture();
    return { bot, out, ctx: { session, out, s: makeStyle(false), bot, choices: [], stopping: false } };
  }

  afterAll(async () => {
    for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
    await emulator.stop();
  });

  it('/user NAME shows the new user\'s empty chat (prologue, suggested questions); a user with a conversation continues it', async () => {
    const { bot, out, ctx } = await chatAs('ivy');
    await runCommand(parseCommand('你好'), ctx);
    expect(ctx.choices.length).toBeGreaterThan(0);

    const before = out.writes.length;
    await runCommand(parseCommand('/user jack'), ctx);
    const switched = out.writes.slice(before).join('');
    expect(switched).toContain('You are now user "jack" (openid o_dev_jack)');
    expect(switched).toContain(bot.prologue);
    expect(switched).toContain(`/1 ${bot.suggestedQuestions[0]}`);
    expect(ctx.choices).toEqual(bot.suggestedQuestions);

    const back = out.writes.length;
    await runCommand(parseCommand('/user ivy'), ctx);
    const returned = out.writes.slice(back).join('');
    expect(returned).toContain('Continuing their current conversation');
    expect(returned).not.toContain(bot.prologue);
  });

  it('a thinking bot that calls tools: the thinking and each step show before the answer, never a raw tool argument or output', async () => {
    const { bot, out, ctx } = await chatAs('thinker');
    await runCommand(parseCommand('明天去哪玩 #mode:think #mode:tool'), ctx);
    const text = out.text();
    // With both trigger words the emulator's bot calls its two tools, then thinks, then answers.
    const order = ['→ 天气查询…', '✓ 天气查询', '→ 地图搜索…', '✓ 地图搜索', 'Thinking: 用户问的是', `\n${bot.name}: `].map((mark) => text.indexOf(mark));
    expect(order.every((at) => at >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(text).not.toMatch(/RAW-ARGUMENT-NOT-FOR-USERS|RAW-TOOL-OUTPUT-NOT-FOR-USERS/);
    // The answer follows its label on a line of its own.
    expect(text.slice(order[order.length - 1] + `\n${bot.name}: `.length)).toMatch(/^## 关于「明天去哪玩」/);
  });

  it('`--say` (no label) prints the bare answer: no thinking, no steps', async () => {
    const session = new ChatSession(cloud, 'scripted');
    const out = capture();
    const { result } = await streamAnswer(session, '明天去哪玩 #mode:think #mode:tool', { out, s: makeStyle(false), label: null });
    expect(out.text()).toBe(`${result.answer?.content}\n`);
  });
});
