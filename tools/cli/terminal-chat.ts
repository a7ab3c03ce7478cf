/**
 * The terminal I/O of `npm start`: streams answers as they arrive (spinner until the first text), runs the
 * readline command loop, and turns Ctrl+C during a reply into a stop. All wording comes from render.ts.
 */
import * as readline from 'readline';
import type { BotInfo, ChatResult } from '../../miniprogram/shared/protocol';
import { ActionError } from './cloud-call';
import { liveOf, type ChatSession, type LiveReply } from './chat-session';
import { openidFor, parseCommand, type Command } from './commands';
import {
  renderAnswerEnd,
  renderBotLabel,
  renderConversations,
  renderFailure,
  renderHelp,
  renderHistory,
  renderPrompt,
  renderUserSwitch,
  renderWelcome,
  NO_PROGRESS,
  progressUpdate,
  streamUpdate,
} from './render';
import { SPINNER_FRAMES, SPINNER_INTERVAL_MS, type Style } from './style';

/** Where the chat writes; a TTY gets a spinner. */
export interface Output {
  write(text: string): void;
  readonly isTTY: boolean;
}

/** Writes lines, one per line. */
export function writeLines(out: Output, lines: readonly string[]): void {
  for (const line of lines) out.write(`${line}\n`);
}

/** How an answer is shown: `label` null prints the bare answer (for scripts). */
export interface AnswerView {
  out: Output;
  s: Style;
  label: string | null;
  isStopped?: () => boolean;
}

/** Sends one message and shows the answer as it streams; resolves with the final result and whether it was stopped. */
export async function streamAnswer(session: ChatSession, text: string, view: AnswerView): Promise<{ result: ChatResult; stopped: boolean }> {
  const { out, s, label } = view;
  const isStopped = view.isStopped ?? ((): boolean => false);
  let shown = '';
  let started = false;
  let frame = 0;
  const spinner = out.isTTY
    ? setInterval(() => out.write(`\r${s.paint('dim', SPINNER_FRAMES[(frame += 1) % SPINNER_FRAMES.length])} `), SPINNER_INTERVAL_MS)
    : undefined;
  const stopSpinner = (): void => {
    if (spinner) {
      clearInterval(spinner);
      out.write('\r\u001b[K');
    }
  };
  let progress = NO_PROGRESS;
  const begin = (): void => {
    if (!started) stopSpinner();
    started = true;
  };
  const show = (live: LiveReply): void => {
    // Thinking and tool steps show before the answer, in the interactive chat only (`--say` prints the bare answer).
    if (!shown && label !== null) {
      const update = progressUpdate(progress, live, s);
      if (update.write) {
        begin();
        out.write(update.write);
      }
      progress = update.shown;
    }
    if (!live.text) return;
    if (!shown) {
      begin();
      if (progress.at !== 'none') out.write('\n');
      if (label !== null) out.write(label);
    }
    const update = streamUpdate(shown, live.text);
    out.write(update.rewrite ? `\n${update.write}` : update.write);
    shown = live.text;
  };
  try {
    const result = await session.send(text, (live) => {
      if (!isStopped()) show(live);
    });
    const stopped = isStopped() || result.status === 'canceled';
    // The final result is authoritative: it replaces what the stream showed (unless the user stopped).
    if (!stopped) show(liveOf(result));
    return { result, stopped };
  } finally {
    if (!started) stopSpinner();
    else out.write('\n');
  }
}

/** Runs one command; returns false when the user wants to quit. */
export async function runCommand(cmd: Command, ctx: LoopContext): Promise<boolean> {
  const { session, out, s } = ctx;
  const say = async (text: string): Promise<void> => {
    ctx.stopping = false;
    const label = renderBotLabel(ctx.bot, s);
    const { result, stopped } = await streamAnswer(session, text, { out, s, label, isStopped: () => ctx.stopping });
    writeLines(out, renderAnswerEnd(result, s, stopped));
    ctx.choices = result.question?.options.length ? result.question.options : result.followUps;
  };
  switch (cmd.kind) {
    case 'empty':
      return true;
    case 'quit':
      return false;
    case 'help':
      writeLines(out, renderHelp(s));
      return true;
    case 'invalid':
      writeLines(out, [s.paint('warn', cmd.message)]);
      return true;
    case 'say':
      await say(cmd.text);
      return true;
    case 'pick': {
      const text = ctx.choices[cmd.index - 1];
      if (!text) writeLines(out, [s.paint('warn', `No suggestion /${cmd.index}: pick one of the numbers shown.`)]);
      else {
        writeLines(out, [s.paint('user', `${session.user}> `) + text]);
        await say(text);
      }
      return true;
    }
    case 'new':
      session.newConversation();
      writeLines(out, [s.paint('dim', 'New conversation: your next message starts it.')]);
      if (ctx.bot) writeLines(out, renderWelcome(ctx.bot, s));
      ctx.choices = ctx.bot?.suggestedQuestions ?? [];
      return true;
    case 'list': {
      const { conversations, currentId } = await session.list();
      writeLines(out, renderConversations(session.user, conversations, currentId, s));
      return true;
    }
    case 'switch': {
      const { conversation, messages } = await session.switchTo(cmd.index);
      writeLines(out, renderHistory(conversation, messages, s, ctx.bot?.name || undefined));
      return true;
    }
    case 'clear':
      writeLines(out, [s.paint('dim', (await session.clear()) ? 'Context cleared: the bot forgets the earlier messages of this conversation.' : 'Nothing to clear yet.')]);
      return true;
    case 'like':
    case 'unlike':
      writeLines(out, [s.paint('dim', (await session.feedback(cmd.kind)) ? `Feedback sent: ${cmd.kind}.` : 'No answer to rate yet.')]);
      return true;
    case 'user':
      session.switchUser(cmd.name);
      writeLines(out, renderUserSwitch(cmd.name, openidFor(cmd.name), ctx.bot, session.hasConversation, s));
      ctx.choices = session.hasConversation ? [] : ctx.bot?.suggestedQuestions ?? [];
      return true;
  }
}

/** What the command loop keeps between lines: the bot, the choices `/N` picks from, and a stop in progress. */
export interface LoopContext {
  session: ChatSession;
  out: Output;
  s: Style;
  bot?: BotInfo;
  choices: string[];
  stopping: boolean;
}

/** The interactive loop on stdin; resolves when the user quits (or stdin ends). */
export async function runInteractive(session: ChatSession, bot: BotInfo | undefined, out: Output, s: Style, apiBase?: string): Promise<void> {
  const ctx: LoopContext = { session, out, s, bot, choices: bot?.suggestedQuestions ?? [], stopping: false };
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: Boolean(process.stdin.isTTY) });
  let closed = false;
  rl.on('SIGINT', () => {
    if (session.stop()) {
      ctx.stopping = true;
      return;
    }
    rl.close();
  });
  rl.on('close', () => {
    closed = true;
  });
  const prompt = (): void => {
    if (closed) return;
    rl.setPrompt(renderPrompt(session.user, s));
    rl.prompt();
  };
  prompt();
  for await (const line of rl) {
    try {
      if (!(await runCommand(parseCommand(line), ctx))) break;
    } catch (err) {
      if (err instanceof ActionError) writeLines(out, renderFailure(err.error, s, undefined, apiBase));
      else writeLines(out, [s.paint('fail', (err as Error).message)]);
    }
    prompt();
  }
  rl.close();
}
