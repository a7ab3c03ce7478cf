import type { BotInfo, ChatResult } from '../../../miniprogram/shared/protocol';
import { renderReport } from '../../../tools/cli/doctor-render';
import {
  backendLine,
  renderAnswerEnd,
  renderBanner,
  renderConversations,
  renderError,
  renderFailure,
  renderHelp,
  renderHistory,
  renderWelcome,
  NO_PROGRESS,
  progressUpdate,
  streamUpdate,
  type ProgressShown,
} from '../../../tools/cli/render';
import { makeStyle, wantsColor } from '../../../tools/cli/style';

const plain = makeStyle(false);
const color = makeStyle(true);
const ESC = '\u001b[';

const bot: BotInfo = { botId: '1', name: '助手', description: '演示', iconUrl: '', prologue: '你好！', suggestedQuestions: ['问题一', '问题二'] };
const result = (over: Partial<ChatResult> = {}): ChatResult => ({
  conversationId: '1',
  chatId: '2',
  status: 'completed',
  answer: { id: '3', role: 'assistant', type: 'answer', content: 'ok', contentType: 'text', createdAt: 0 },
  followUps: ['再说说', '举个例子'],
  ...over,
});

describe('terminal rendering (pure)', () => {
  it('never prints credentials, path or query written into COZE_API_BASE: banner, preview line and doctor header', () => {
    const apiBase = 'https://someone:s3cret-pw@api.coze.cn:8443/v3/secret-path?token=t0ken#frag';
    const printed = [
      ...renderBanner({ mode: 'coze', apiBase, botId: '7', user: 'alice' }, plain),
      backendLine({ mode: 'coze', apiBase, botId: '7' }),
      backendLine({ mode: 'emulator', apiBase: 'http://u:p@127.0.0.1:9000/x' }),
      ...renderReport({ checks: [{ title: 'Settings valid', status: 'pass', detail: 'ok' }], ok: true }, { mode: 'coze', apiBase }, plain),
    ].join('\n');
    for (const secret of ['someone', 's3cret-pw', 'secret-path', 't0ken', 'frag', ':p@']) expect(printed).not.toContain(secret);
    expect(backendLine({ mode: 'coze', apiBase, botId: '7' })).toBe('Backend: real Coze at https://api.coze.cn:8443, bot 7 (settings from the environment and .env)');
    expect(printed).toContain('checking Coze at https://api.coze.cn:8443');
    expect(printed).toContain('embedded Coze emulator at http://127.0.0.1:9000 ');
  });

  it('appends only the new tail while the text grows, and rewrites when the final text differs', () => {
    expect(streamUpdate('', '你')).toEqual({ write: '你', rewrite: false });
    expect(streamUpdate('你', '你好！')).toEqual({ write: '好！', rewrite: false });
    expect(streamUpdate('你好！', '你好！')).toEqual({ write: '', rewrite: false });
    expect(streamUpdate('你好!', '您好')).toEqual({ write: '您好', rewrite: true });
  });

  it('streams thinking after "Thinking: " and gives each tool step a line when it starts and when it is done', () => {
    const s = makeStyle(false);
    const steps = [
      { reasoning: '先看', steps: [] },
      { reasoning: '先看天气', steps: [] },
      { reasoning: '先看天气', steps: [{ name: '天气查询', done: false }] },
      { reasoning: '先看天气', steps: [{ name: '天气查询', done: true }, { name: '地图搜索', done: false }] },
      { reasoning: '先看天气', steps: [{ name: '天气查询', done: true }, { name: '地图搜索', done: true }] },
      { reasoning: '先看天气', steps: [{ name: '天气查询', done: true }, { name: '地图搜索', done: true }] },
    ];
    let shown: ProgressShown = NO_PROGRESS;
    const writes: string[] = [];
    for (const next of steps) {
      const update = progressUpdate(shown, next, s);
      writes.push(update.write);
      shown = update.shown;
    }
    expect(writes).toEqual(['Thinking: 先看', '天气', '\n→ 天气查询…', '\n✓ 天气查询\n→ 地图搜索…', '\n✓ 地图搜索', '']);
    expect(shown.at).toBe('step');
    // More thinking after a step starts a new line; a rewritten reasoning is not replayed.
    expect(progressUpdate(shown, { reasoning: '先看天气，再想', steps: shown.steps }, s).write).toBe('\nThinking: ，再想');
    expect(progressUpdate(shown, { reasoning: '另一段', steps: shown.steps }, s).write).toBe('');
    // Several changes in one update: the tool that answered, then the thinking after it, then the next call.
    const calling: ProgressShown = { reasoning: '', steps: [{ name: '天气查询', done: false }], at: 'step' };
    expect(progressUpdate(calling, { reasoning: '晴天', steps: [{ name: '天气查询', done: true }, { name: '地图搜索', done: false }] }, s).write).toBe(
      '\n✓ 天气查询\nThinking: 晴天\n→ 地图搜索…',
    );
    // A poll result without steps (the poll fallback) neither forgets nor later repeats what was shown.
    const blank = progressUpdate(shown, { reasoning: '', steps: [] }, s);
    expect(blank.write).toBe('');
    expect(progressUpdate(blank.shown, { reasoning: '先看天气', steps: shown.steps }, s).write).toBe('');
    // A step that arrives already done gets one line.
    expect(progressUpdate(NO_PROGRESS, { reasoning: '', steps: [{ name: '计算器', done: true }] }, s).write).toBe('✓ 计算器');
  });

  it('shows the welcome screen: name, description, prologue, numbered suggested questions', () => {
    expect(renderWelcome(bot, plain)).toEqual(['助手', '演示', '你好！', 'Suggested questions:', '  /1 问题一', '  /2 问题二']);
  });

  it('ends an answer with numbered follow-ups, a stop mark, or the error', () => {
    expect(renderAnswerEnd(result(), plain)).toEqual(['Follow-ups:', '  /1 再说说', '  /2 举个例子']);
    // One-shot (--say): nothing can pick /N afterwards, so plain bullets.
    expect(renderAnswerEnd(result(), plain, false, true)).toEqual(['Follow-ups:', '  - 再说说', '  - 举个例子']);
    expect(renderAnswerEnd(result(), plain, true)).toEqual(['[已停止]']);
    expect(renderAnswerEnd(result({ status: 'canceled' }), plain)).toEqual(['[已停止]']);
    expect(renderAnswerEnd(result({ status: 'failed', followUps: [], error: { code: 'UPSTREAM', message: '网络开小差了' } }), plain)).toEqual(['[UPSTREAM] 网络开小差了']);
    expect(renderAnswerEnd(result({ status: 'detached', followUps: [] }), plain)[0]).toContain('还在生成中');
    expect(renderError({ code: 'COZE_AUTH', message: '服务鉴权失败' }, plain)).toEqual(['[COZE_AUTH] 服务鉴权失败']);
  });

  it('sends the developer to the doctor for configuration errors, and names the base URL for a failed connection', () => {
    const [, auth] = renderFailure({ code: 'COZE_AUTH', message: '服务鉴权失败', retryable: false }, plain, 'fn.log');
    expect(auth).toBe('Details: fn.log. Run `npm run doctor` to check the configuration.');
    // An unreachable or misspelt host fails like the network: name the base URL and both causes.
    const [, network] = renderFailure({ code: 'UPSTREAM', message: '网络开小差了', retryable: true }, plain, undefined, 'https://u:p@api.coze.cm/x');
    expect(network).toBe('The connection to Coze at https://api.coze.cm failed or timed out: check your network or COZE_API_BASE (npm run doctor), then send the message again.');
    expect(renderFailure({ code: 'BAD_REQUEST', message: '参数错误', retryable: false }, plain)).toEqual(['[BAD_REQUEST] 参数错误']);
  });

  it('lists only the given user\'s conversations and marks the current one', () => {
    const list = [
      { id: 'a', name: '第一', createdAt: 0, updatedAt: 0 },
      { id: 'b', name: '', createdAt: 0, updatedAt: 60 },
    ];
    expect(renderConversations('bob', list, 'b', plain)).toEqual(['Conversations of user "bob":', '  1. 第一 1970-01-01 00:00', '* 2. (untitled) 1970-01-01 00:01']);
    expect(renderConversations('bob', [], undefined, plain)[0]).toContain('No conversations yet for user "bob"');
  });

  it('shows history with who said what', () => {
    const m = (role: 'user' | 'assistant', content: string) => ({ id: content, role, type: 'x', content, contentType: 'text', createdAt: 0 });
    expect(renderHistory({ id: 'a', name: 'T', createdAt: 0, updatedAt: 0 }, [m('user', 'q'), m('assistant', 'a')], plain)).toEqual(['Switched to "T".', 'You: q', 'Bot: a']);
  });

  it('names the backend in the banner and lists every command in /help', () => {
    expect(renderBanner({ mode: 'emulator', apiBase: 'http://127.0.0.1:1', user: 'alice' }, plain)[0]).toContain('embedded Coze emulator at http://127.0.0.1:1');
    expect(renderBanner({ mode: 'coze', apiBase: 'https://api.coze.cn', user: 'alice' }, plain)[0]).toContain('Coze at https://api.coze.cn');
    const help = renderHelp(plain).join('\n');
    for (const cmd of ['/new', '/list', '/switch N', '/clear', '/like', '/unlike', '/user NAME', '/help', '/quit', 'Ctrl+C']) expect(help).toContain(cmd);
  });

  it('colours only when asked: TTY without NO_COLOR', () => {
    expect(renderWelcome(bot, plain).join('')).not.toContain(ESC);
    expect(renderWelcome(bot, color).join('')).toContain(ESC);
    expect(wantsColor({ isTTY: true }, {})).toBe(true);
    expect(wantsColor({ isTTY: true }, { NO_COLOR: '' })).toBe(false);
    expect(wantsColor({ isTTY: false }, {})).toBe(false);
  });
});
