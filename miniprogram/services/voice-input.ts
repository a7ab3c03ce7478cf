/**
 * Voice input (Coze's `isNeedAudio`): hold to record with WeChat's RecorderManager (mp3, at most 60 s),
 * release to upload the file to cloud storage and transcribe it with `audio.transcribe`; the text goes to the
 * composer for the user to edit and send. Sliding up cancels. Every failure is reported, never swallowed.
 */
import type { CallAction } from '../core/chat-transport';
import { MAX_RECORD_MS, MIN_RECORD_MS } from '../core/hold-to-talk';
import type { RandomSource } from '../core/ids';
import type { CloudApi } from './cloud-api';
import { VOICE_ID_BYTES, randomHex } from './random-hex';
import { PRIVACY_NOTICES, logPrivacyFix, privacyFailure } from './privacy';
import { ensureRecordPermission, type PermissionResult } from './record-permission';

/** Recording format Coze transcribes and WeChat records on every phone. */
export const RECORD_FORMAT = 'mp3';
/**
 * Cloud-storage folder for recordings (add a lifecycle rule in the console to delete old ones). Each recording
 * goes to `coze-voice/<32 hex>/voice-<ms>.mp3`: the only layout `audio.transcribe` accepts.
 */
export const VOICE_FOLDER = 'coze-voice';
/** Shown when the recording was too short to be speech. */
export const TOO_SHORT = '说话时间太短';
/** Shown when the microphone permission was refused. */
export const NO_PERMISSION = '没有麦克风权限，无法语音输入';
/** Shown when the privacy rules block the microphone (the user has not agreed to the privacy guide). */
export const NO_PRIVACY_CONSENT = PRIVACY_NOTICES.microphone.refused;
/** Shown when the privacy guide does not declare the microphone (errno 112): only the developer can fix it. */
export const MICROPHONE_UNDECLARED = PRIVACY_NOTICES.microphone.undeclared;

/** The user-facing message for a permission outcome other than granted. */
const PERMISSION_NOTICES: Record<Exclude<PermissionResult, 'granted'>, string> = {
  denied: NO_PERMISSION,
  privacy: NO_PRIVACY_CONSENT,
  undeclared: MICROPHONE_UNDECLARED,
};
/** Shown when transcription returned no text. */
export const NOTHING_HEARD = '没有识别到文字，请再说一次';

/** Where voice input is: the composer shows a different hint in each. */
export type VoicePhase = 'idle' | 'recording' | 'transcribing';

/** What voice input needs, injected so tests drive it with the wx fake. */
export interface VoiceInputOptions {
  cloud: CloudApi;
  call: CallAction;
  /** The recognised text, for the composer. */
  onText: (text: string) => void;
  /** A user-facing error message. */
  onError: (message: string) => void;
  onPhase?: (phase: VoicePhase) => void;
  /** Used only when wx.getRandomValues is missing (base library < 2.15.0). */
  random?: RandomSource;
  now?: () => number;
}

function errorText(error: unknown): string {
  if (typeof error === 'object' && error !== null && typeof (error as { errMsg?: unknown }).errMsg === 'string') return (error as { errMsg: string }).errMsg;
  return error instanceof Error ? error.message : String(error);
}

/** One hold-to-talk session at a time over the app's single RecorderManager. */
export class VoiceInput {
  private phase: VoicePhase = 'idle';
  /** Set when the finger lifts: whether to cancel; undefined while still holding. */
  private release: 'send' | 'cancel' | undefined;
  private starting = false;
  private readonly recorder: WechatMiniprogram.RecorderManager;

  constructor(private readonly options: VoiceInputOptions) {
    this.recorder = wx.getRecorderManager();
    this.recorder.onStart(() => this.onStarted());
    this.recorder.onStop((res) => void this.onStopped(res.tempFilePath, res.duration));
    this.recorder.onError((res) => {
      const failure = privacyFailure(res);
      if (failure) logPrivacyFix('microphone', failure, res);
      this.fail(failure ? PRIVACY_NOTICES.microphone[failure] : `录音失败：${res.errMsg}`);
    });
  }

  /** The finger went down: check the permission, then record. */
  async start(): Promise<void> {
    if (this.phase !== 'idle' || this.starting) return;
    this.starting = true;
    this.release = undefined;
    const permission = await ensureRecordPermission();
    this.starting = false;
    if (permission !== 'granted') return this.options.onError(PERMISSION_NOTICES[permission]);
    // Lifted while WeChat asked for the permission (the finger had to leave to tap the dialog): press again.
    if (this.release !== undefined) return;
    this.setPhase('recording');
    this.recorder.start({ duration: MAX_RECORD_MS, format: RECORD_FORMAT, sampleRate: 16000, numberOfChannels: 1, encodeBitRate: 48000 });
  }

  /** The finger lifted: `cancel` after sliding up, else send the recording for transcription. */
  finish(action: 'send' | 'cancel'): void {
    this.release = action;
    if (this.phase === 'recording') this.recorder.stop();
  }

  private onStarted(): void {
    // Released while the recorder was still starting: stop now that it can be stopped.
    if (this.release !== undefined) this.recorder.stop();
  }

  private async onStopped(filePath: string, durationMs: number): Promise<void> {
    if (this.phase !== 'recording') return;
    if (this.release === 'cancel') return this.setPhase('idle');
    if (durationMs < MIN_RECORD_MS) return this.fail(TOO_SHORT);
    this.setPhase('transcribing');
    let fileID: string;
    try {
      fileID = (await this.options.cloud.uploadFile({ cloudPath: await this.cloudPath(), filePath })).fileID;
    } catch (error) {
      return this.fail(`录音上传失败：${errorText(error)}`);
    }
    const res = await this.options.call({ action: 'audio.transcribe', fileID });
    if (!res.ok) return this.fail(res.error.message);
    const text = res.data.text.trim();
    if (!text) return this.fail(NOTHING_HEARD);
    this.setPhase('idle');
    this.options.onText(text);
  }

  /** `coze-voice/<32 hex, one folder per recording>/voice-<ms>.mp3`. */
  private async cloudPath(): Promise<string> {
    const folder = await randomHex(VOICE_ID_BYTES, this.options.random);
    const now = this.options.now ? this.options.now() : Date.now();
    return `${VOICE_FOLDER}/${folder}/voice-${now}.${RECORD_FORMAT}`;
  }

  private fail(message: string): void {
    this.setPhase('idle');
    this.options.onError(message);
  }

  private setPhase(phase: VoicePhase): void {
    this.phase = phase;
    if (this.options.onPhase) this.options.onPhase(phase);
  }
}
