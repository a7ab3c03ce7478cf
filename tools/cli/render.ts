/**
 * Pure rendering of the terminal chat: state in, lines out. Kept apart from readline so every screen the
 * user sees is tested without a terminal.
 */
import type { ApiError, BotInfo, ChatResult, Conversation, Message, ToolStep } from '../../miniprogram/shared/protocol';
import type { Style } from './style';

/** Which backend answers: what the banner names. */
export interface BackendInfo {
  mode: 'coze' | 'emulator';
  apiBase: string;
  botId?: string;
}

/** The header printed once at start. */
export interface BannerInfo extends BackendInfo {
  user: string;
  logFile?: string;
}

/**
 * A base URL as it may be printed: scheme, host and port only. Credentials written into it (`https://user:pw@host`),
 * its path and its query never reach a banner, a header or a terminal; text that is no URL prints as a placeholder.
 */
export function printableBase(apiBase: string): string {
  try {
    const url = new URL(apiBase);
    return url.host ? `${url.protocol}//${url.host}` : '(not a URL)';
  } catch {
    return '(not a URL)';
  }
}

/** Names the backend that answers (the embedded emulator, or real Coze with its base URL and bot id); never a secret. */
export function describeBackend(info: BackendInfo): string {
  const base = printableBase(info.apiBase);
  if (info.mode === 'emulator') return `embedded Coze emulator at ${base} (fresh key pair; set COZE_* in .env to use the real Coze)`;
  return `real Coze at ${base}${info.botId ? `, bot ${info.botId}` : ''} (settings from the environment and .env)`;
}

/** The one banner line `npm start --say` and `npm run preview` print. */
export function backendLine(info: BackendInfo): string {
  return `Backend: ${describeBackend(info)}`;
}

/** Names of the commands with one line of help each, in the order /help shows them. */
export const HELP: ReadonlyArray<[string, string]> = [
  ['/new', 'start a new conversation'],
  ['/list', "list this user's conversations"],
  ['/switch N', 'continue conversation N from /list'],
  ['/clear', "clear the conversation's context (Coze starts a new section)"],
  ['/like, /unlike', 'rate the last answer'],
  ['/user NAME', 'become another simulated WeChat user (own openid, own conversations)'],
  ['/N', 'send suggested question or follow-up N'],
  ['Ctrl+C', 'stop the answer being generated (at the prompt: quit)'],
  ['/help, /quit', 'this list; leave'],
];

/** First lines: what we talk to and how to get help. */
export function renderBanner(info: BannerInfo, s: Style): string[] {
  const lines = [s.paint('bold', 'coze-weapp terminal chat') + s.paint('dim', ` — ${describeBackend(info)}`)];
  lines.push(s.paint('dim', `You are simulated WeChat user "${info.user}". Type /help for commands.`));
  if (info.logFile) lines.push(s.paint('dim', `Cloud function log: ${info.logFile}`));
  return lines;
}

/** Numbered choices, as the mini-program shows chips. */
function choices(items: readonly string[], s: Style): string[] {
  return items.map((q, i) => `  ${s.paint('accent', `/${i + 1}`)} ${q}`);
}

/** The empty-conversation screen: bot name, prologue, suggested questions. */
export function renderWelcome(bot: BotInfo, s: Style): string[] {
  const lines = [s.paint('bot', s.paint('bold', bot.name || 'Bot'))];
  if (bot.description) lines.push(s.paint('dim', bot.description));
  if (bot.prologue) lines.push(bot.prologue);
  if (bot.suggestedQuestions.length) lines.push(s.paint('dim', 'Suggested questions:'), ...choices(bot.suggestedQuestions, s));
  return lines;
}

/** After `/user NAME`: who the user is now; a user without a current conversation sees the empty chat's welcome. */
export function renderUserSwitch(name: string, openid: string, bot: BotInfo | undefined, hasConversation: boolean, s: Style): string[] {
  const lines = [s.paint('dim', `You are now user "${name}" (openid ${openid}): a different WeChat user with their own conversations.`)];
  if (hasConversation) return [...lines, s.paint('dim', 'Continuing their current conversation (/list shows all, /new starts one).')];
  return bot ? [...lines, ...renderWelcome(bot, s)] : lines;
}

/** The label before an answer. */
export function renderBotLabel(bot: BotInfo | undefined, s: Style): string {
  return s.paint('bot', `${bot?.name || 'Bot'}: `);
}

/** What to write so the terminal shows `next` after it shows `shown`: append-only when the text only grew. */
export function streamUpdate(shown: string, next: string): { write: string; rewrite: boolean } {
  if (next.startsWith(shown)) return { write: next.slice(shown.length), rewrite: false };
  return { write: next, rewrite: true };
}

/** The thinking and tool steps of a reply so far (the answer text is shown apart). */
export interface Progress {
  reasoning: string;
  steps: readonly ToolStep[];
}

/** What the terminal shows of a reply's progress, and where its cursor stands. */
export interface ProgressShown extends Progress {
  at: 'none' | 'reasoning' | 'step';
}

/** Nothing shown yet. */
export const NO_PROGRESS: ProgressShown = { reasoning: '', steps: [], at: 'none' };

/**
 * What to write so the terminal shows `next`'s thinking and tool steps after `shown`'s, before the answer: the
 * reasoning streams dim after "Thinking: ", and each tool step gets a line when it starts and one when it is done
 * (its display name only, as on the phone). Append-only: reasoning that does not extend what was shown, and a
 * shorter step list, change nothing.
 */
export function progressUpdate(shown: ProgressShown, next: Progress, s: Style): { write: string; shown: ProgressShown } {
  let write = '';
  let at = shown.at;
  const start = (text: string, to: ProgressShown['at']): void => {
    write += (at === 'none' ? '' : '\n') + s.paint('dim', text);
    at = to;
  };
  // One update can carry several changes; shown in the order a bot makes them: a tool that answered, the thinking
  // that follows, then a tool the thinking decided to call.
  next.steps.forEach((step, i) => {
    const before = shown.steps[i];
    if (before && !before.done && step.done) start(`✓ ${step.name}`, 'step');
  });
  let reasoning = shown.reasoning;
  if (next.reasoning.length > reasoning.length && next.reasoning.startsWith(reasoning)) {
    if (at !== 'reasoning') start('Thinking: ', 'reasoning');
    write += s.paint('dim', next.reasoning.slice(reasoning.length));
    reasoning = next.reasoning;
  }
  next.steps.slice(shown.steps.length).forEach((step) => start(step.done ? `✓ ${step.name}` : `→ ${step.name}…`, 'step'));
  // A poll result of a reply still running carries no steps: what was shown stays shown (and is not repeated later).
  return { write, shown: { reasoning, steps: next.steps.length >= shown.steps.length ? next.steps : shown.steps, at } };
}

/** Follow-ups as plain bullets, for one-shot runs (`--say`) where no `/N` command can pick them. */
function bullets(items: readonly string[], s: Style): string[] {
  return items.map((q) => `  ${s.paint('accent', '-')} ${q}`);
}

/**
 * Lines after an answer: a stop or failure mark, then follow-ups, numbered as `/N` commands in the interactive
 * chat and as plain bullets when `oneShot` (nothing can be picked after `--say`).
 */
export function renderAnswerEnd(result: ChatResult, s: Style, stopped = false, oneShot = false): string[] {
  const lines: string[] = [];
  if (stopped || result.status === 'canceled') return [s.paint('warn', '[已停止]')];
  if (result.status === 'failed' || result.error) {
    lines.push(s.paint('fail', `[${result.error?.code ?? 'FAILED'}] ${result.error?.message ?? '回复失败，请重试。'}`));
  }
  if (result.status === 'detached') lines.push(s.paint('warn', '[还在生成中：回复超过了函数时限]'));
  const options = result.question?.options ?? [];
  // A chatflow waiting at a question node: its options replace the follow-ups (pick one to resume the flow).
  if (options.length) lines.push(s.paint('dim', 'Options:'), ...(oneShot ? bullets : choices)(options, s));
  else if (result.followUps.length) lines.push(s.paint('dim', 'Follow-ups:'), ...(oneShot ? bullets : choices)(result.followUps, s));
  return lines;
}

/** The envelope's error as the user sees it (Chinese message), with the code for the developer. */
export function renderError(error: Pick<ApiError, 'code' | 'message'>, s: Style): string[] {
  return [s.paint('fail', `[${error.code}] ${error.message}`)];
}

/** Codes whose cause is the configuration (keys, region, bot, settings): what `npm run doctor` checks. */
const CONFIGURATION_CODES: ReadonlySet<string> = new Set(['COZE_AUTH', 'CONFIG', 'BOT_UNAVAILABLE']);

/**
 * What the developer should do about an error: the doctor for configuration errors; for a failed connection the
 * base URL it tried, since an unreachable or misspelt COZE_API_BASE looks exactly like a network failure.
 */
export function errorHint(error: Pick<ApiError, 'code' | 'retryable'>, apiBase?: string): string {
  if (CONFIGURATION_CODES.has(error.code)) return 'Run `npm run doctor` to check the configuration.';
  if (error.code === 'UPSTREAM') {
    const where = apiBase ? `Coze at ${printableBase(apiBase)}` : 'Coze';
    return `The connection to ${where} failed or timed out: check your network or COZE_API_BASE (npm run doctor), then send the message again.`;
  }
  if (error.retryable) return 'A passing problem: send the message again in a moment.';
  return '';
}

/** The error line, then (dim) the hint and where the function's log is. */
export function renderFailure(error: Pick<ApiError, 'code' | 'message' | 'retryable'>, s: Style, logFile?: string, apiBase?: string): string[] {
  const advice = [logFile ? `Details: ${logFile}.` : '', errorHint(error, apiBase)].filter(Boolean).join(' ');
  return [...renderError(error, s), ...(advice ? [s.paint('dim', advice)] : [])];
}

function when(epochSeconds: number): string {
  return new Date(epochSeconds * 1000).toISOString().slice(0, 16).replace('T', ' ');
}

/** /list: the user's conversations, the current one marked. */
export function renderConversations(user: string, conversations: readonly Conversation[], currentId: string | undefined, s: Style): string[] {
  if (!conversations.length) return [s.paint('dim', `No conversations yet for user "${user}": say something to start one.`)];
  return [
    s.paint('dim', `Conversations of user "${user}":`),
    ...conversations.map((c, i) => {
      const mark = c.id === currentId ? s.paint('accent', '*') : ' ';
      return `${mark} ${s.paint('accent', String(i + 1))}. ${c.name || '(untitled)'} ${s.paint('dim', when(c.updatedAt))}`;
    }),
  ];
}

/** /switch: the latest messages of the conversation. */
export function renderHistory(conversation: Conversation, messages: readonly Message[], s: Style, botName = 'Bot'): string[] {
  const lines = [s.paint('dim', `Switched to "${conversation.name || '(untitled)'}".`)];
  for (const m of messages) {
    const who = m.role === 'user' ? s.paint('user', 'You: ') : s.paint('bot', `${botName}: `);
    lines.push(who + m.content);
  }
  return lines;
}

/** /help. */
export function renderHelp(s: Style): string[] {
  const width = Math.max(...HELP.map(([name]) => name.length));
  return HELP.map(([name, text]) => `  ${s.paint('accent', name.padEnd(width))}  ${text}`);
}

/** The input prompt, naming the simulated user. */
export function renderPrompt(user: string, s: Style): string {
  return s.paint('user', `${user}> `);
}
