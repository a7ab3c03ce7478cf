/**
 * Watches the stream channel for a chat.cancel of the chat that chat.send is reading. Coze's cancel only
 * switches the chat's status and does not interrupt the stream (chat_cancel.md), and the cancel may run in
 * another function instance, so chat.send asks the shared channel, at most once per interval, and aborts its
 * read when the answer is yes.
 */
import { log, userTag, withoutOpenid } from '../log';
import type { CancelChannel } from './channel';
import type { Caller } from '../deadline';

/** One chat.send's view of "did the user press stop?". */
export class CancelWatch {
  /** True once a cancel of the watched chat was seen. */
  canceled = false;
  private readonly controller = new AbortController();
  private chatId = '';
  private timer?: NodeJS.Timeout;
  private checking = false;

  constructor(private readonly channel: CancelChannel, private readonly caller: Caller, private readonly intervalMs: number) {}

  /** Aborted when a cancel is seen: pass it to the stream reader. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Starts watching chat `chatId` (once; a no-op until the chat id is known). */
  watch(chatId: string): void {
    if (this.chatId || !chatId) return;
    this.chatId = chatId;
    this.timer = setInterval(() => void this.check(), this.intervalMs);
    // Optional: where a host replaced the timers (jsdom in the page tests), a timer is a plain number.
    this.timer.unref?.();
    void this.check();
  }

  /** Stops asking (the read is over). */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private async check(): Promise<void> {
    if (this.checking || this.canceled || !this.timer) return;
    this.checking = true;
    try {
      if (await this.channel.cancelRequested(this.chatId, this.caller.openid, this.caller.deadline)) {
        this.canceled = true;
        this.stop();
        this.controller.abort();
      }
    } catch (error) {
      // The channel is best effort here: without it, stop still reaches Coze and the screen; only the read runs on.
      log.warn('stream.cancel_check_failed', { user: userTag(this.caller.openid), reason: withoutOpenid(error instanceof Error ? error.message : String(error), this.caller.openid) });
      this.stop();
    } finally {
      this.checking = false;
    }
  }
}
