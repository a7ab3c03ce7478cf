/**
 * Reads answers aloud: asks the function for an answer's audio (`audio.speech`) and plays its parts in order
 * with one InnerAudioContext, so only one answer plays at a time. Tapping the playing answer stops it; the page
 * stops it when it hides. It follows the phone's silent switch (wx.setInnerAudioOption obeyMuteSwitch).
 */
import type { CallAction } from '../core/chat-transport';
import type { SpeechTarget } from '../core/speech-target';

/** What the page shows: which message is being read (or loaded), null when none. */
export interface SpeechView {
  id: string | null;
  loading: boolean;
}

/** What the player needs, injected so tests drive it with the wx fake. */
export interface SpeechPlayerOptions {
  call: CallAction;
  onChange: (view: SpeechView) => void;
  onError: (message: string) => void;
}

/** Shown when the audio cannot be played. */
export const PLAY_FAILED = '朗读失败，请稍后重试';

/** One answer read aloud at a time over one audio context. */
export class SpeechPlayer {
  private audio: WechatMiniprogram.InnerAudioContext | null = null;
  private view: SpeechView = { id: null, loading: false };
  private queue: string[] = [];
  /** Bumped by every play/stop: a late `audio.speech` answer of an older request is dropped. */
  private generation = 0;
  private finished: ((completed: boolean) => void) | null = null;

  constructor(private readonly options: SpeechPlayerOptions) {}

  /** The message being read (or loaded), or null. */
  get current(): string | null {
    return this.view.id;
  }

  /** Plays the answer, or stops it when it is the one playing. */
  toggle(id: string, target: SpeechTarget): Promise<boolean> {
    if (this.view.id === id) {
      this.stop();
      return Promise.resolve(false);
    }
    return this.play(id, target);
  }

  /** Reads one answer aloud; resolves true when it was read to the end, false when stopped or failed. */
  async play(id: string, target: SpeechTarget): Promise<boolean> {
    this.stop();
    const generation = this.generation;
    this.setView({ id, loading: true });
    const res = await this.options.call({ action: 'audio.speech', conversationId: target.conversationId, messageId: target.messageId });
    if (generation !== this.generation) return false;
    if (!res.ok) {
      this.setView({ id: null, loading: false });
      this.options.onError(res.error.message);
      return false;
    }
    return new Promise<boolean>((resolve) => {
      this.finished = resolve;
      this.queue = res.data.urls.slice();
      this.setView({ id, loading: false });
      this.next();
    });
  }

  /** Stops whatever is playing or loading. */
  stop(): void {
    this.generation += 1;
    this.queue = [];
    if (this.audio) this.audio.stop();
    this.finish(false);
  }

  /** Releases the audio context (page unload). */
  destroy(): void {
    this.stop();
    if (this.audio) this.audio.destroy();
    this.audio = null;
  }

  private next(): void {
    const src = this.queue.shift();
    if (src === undefined) return this.finish(true);
    const audio = this.context();
    audio.src = src;
    audio.play();
  }

  private finish(completed: boolean): void {
    if (this.view.id !== null) this.setView({ id: null, loading: false });
    const done = this.finished;
    this.finished = null;
    if (done) done(completed);
  }

  private context(): WechatMiniprogram.InnerAudioContext {
    if (this.audio) return this.audio;
    // Since base library 2.3.0 the silent switch is a global option (InnerAudioContext.obeyMuteSwitch is deprecated).
    if (typeof wx.setInnerAudioOption === 'function') wx.setInnerAudioOption({ obeyMuteSwitch: true, fail: () => undefined });
    const audio = wx.createInnerAudioContext();
    audio.onEnded(() => this.next());
    audio.onError((res) => {
      console.warn(`InnerAudioContext error ${res.errCode}: ${res.errMsg}`);
      this.queue = [];
      this.finish(false);
      this.options.onError(PLAY_FAILED);
    });
    this.audio = audio;
    return audio;
  }

  private setView(view: SpeechView): void {
    this.view = view;
    this.options.onChange(view);
  }
}
