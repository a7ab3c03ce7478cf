/** Commands of the terminal chat over the real built function, the local cloud and the emulator over HTTP. */
import { cloudFunctionEnv, generateAppKeys, startEmulator, type CozeEmulator } from '../../../tools/coze-emulator/index';
import { ChatSession } from '../../../tools/cli/chat-session';
import { parseCommand } from '../../../tools/cli/commands';
import { runCommand, type LoopContext } from '../../../tools/cli/terminal-chat';
import { makeStyle } from '../../../tools/cli/style';
import { createLocalCloud, type LocalCloud } from '../../../tools/dev-server/local-cloud';
import { loadFunctionModule } from '../../../tools/dev-server/load-function';
import { capture } from './capture';

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
  afterAll(async () => {
    for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
    await emulator.stop();
  });

  it('/user NAME shows the new user\'s empty chat (prologue, suggested questions); a user with a conversation continues it', async () => {
    const session = new ChatSession(cloud, 'ivy');
    const bot = await session.botInfo();
    const out = capture();
    const ctx: LoopContext = { session, out, s: makeStyle(false), bot, choices: [], stopping: false };
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
});
