/**
 * Applies the content-security settings: which texts are checked (CHAT_CONTENT_CHECK), what `review` means
 * (CHAT_CONTENT_REVIEW), and what happens when the check itself fails (CHAT_INPUT/OUTPUT_CHECK_FAILURE).
 */
import type { LoadedConfig } from '../config';
import { AppError } from '../errors';
import { inCloudBase } from '../identity';
import { log, userTag, withoutOpenid } from '../log';
import { judge, SecCheck, Verdict, wechatSecCheck } from './sec-check';
import { MediaCheck, verdictStore, wechatMediaCheck } from './media-check';
import type { Caller } from '../deadline';

/** Which side of the conversation a text is on. */
export type Side = 'input' | 'output';

/** What became of an answer: shown as it is, or withheld. */
export type OutputDecision = 'show' | 'withhold';

const INPUT_BLOCKED_MESSAGE = '你发送的内容未通过安全审核，请修改后再试。';
const OUTPUT_BLOCKED_MESSAGE = '回答内容未通过安全审核，已隐藏，请换个问法再试。';
const CHECK_FAILED_MESSAGE = '内容安全检查暂时不可用，请稍后重试。';
const IMAGE_BLOCKED_MESSAGE = '你发送的图片未通过安全审核，请换一张再试。';
const IMAGE_PENDING_MESSAGE = '图片还在安全审核中，请稍后重新发送。';

/** CONTENT_BLOCKED for a withheld answer (the caller has already removed its text). */
export function outputBlocked(detail: string): AppError {
  return new AppError('CONTENT_BLOCKED', detail, { userMessage: OUTPUT_BLOCKED_MESSAGE });
}

/** Content checks of one configuration. */
export class ContentGuard {
  constructor(private readonly config: LoadedConfig, private readonly check: SecCheck = wechatSecCheck, private readonly mediaCheck: MediaCheck = wechatMediaCheck) {}

  /**
   * Throws CONTENT_BLOCKED for a risky (or, by setting, review) image, BEFORE it is uploaded to Coze. Checked
   * whenever the user's text is; waits CHAT_IMAGE_CHECK_WAIT_MS for the asynchronous verdict, then applies
   * CHAT_IMAGE_CHECK_PENDING. Returns the trace id (kept with the message) and whether the verdict is still
   * pending, or undefined when unchecked.
   */
  async checkImage(caller: Caller, fileID: string, mediaUrl: string): Promise<{ traceId: string; pending: boolean } | undefined> {
    if (!this.enabled('input')) return undefined;
    const { openid, deadline } = caller;
    let traceId: string;
    try {
      traceId = await this.mediaCheck({ openid, mediaUrl, deadline });
    } catch (error) {
      log.warn('content.image_check_failed', { user: userTag(openid), reason: withoutOpenid(error instanceof Error ? error.message : String(error), openid), fix: 'declare security.mediaCheckAsync under permissions.openapi in config.json and redeploy' });
      if (this.config.inputCheckFailure === 'open') return undefined;
      throw new AppError('UPSTREAM', 'mediaCheckAsync failed and CHAT_INPUT_CHECK_FAILURE=closed', { userMessage: CHECK_FAILED_MESSAGE });
    }
    const verdict = await verdictStore().wait(traceId, this.config.imageCheckWaitMs, deadline);
    if (verdict === undefined) {
      log.warn('content.image_pending', { user: userTag(openid), traceId, policy: this.config.imageCheckPending, fix: 'route the wxa_media_check message push to this function (README, Images and files)' });
      if (this.config.imageCheckPending === 'block') throw new AppError('UPSTREAM', `no mediaCheckAsync verdict for ${traceId} within CHAT_IMAGE_CHECK_WAIT_MS`, { userMessage: IMAGE_PENDING_MESSAGE });
      return { traceId, pending: true };
    }
    if (this.blocks(verdict)) {
      log.warn('content.image_blocked', { user: userTag(openid), verdict, traceId });
      throw new AppError('CONTENT_BLOCKED', `mediaCheckAsync judged ${fileID.slice(fileID.lastIndexOf('/') + 1)} ${verdict}`, { userMessage: IMAGE_BLOCKED_MESSAGE });
    }
    return { traceId, pending: false };
  }

  /** Whether a verdict removes an image (risky, or review under CHAT_CONTENT_REVIEW=block). */
  removes(verdict: Verdict): boolean {
    return this.blocks(verdict);
  }

  /** True when texts on this side are checked (`auto` = both in CloudBase, none locally). */
  enabled(side: Side): boolean {
    const mode = this.config.contentCheck;
    if (mode === 'auto') return inCloudBase();
    return mode === 'both' || mode === side;
  }

  /** Throws CONTENT_BLOCKED for a risky (or, by setting, review) user text; UPSTREAM when failing closed. */
  async checkInput(caller: Caller, text: string): Promise<void> {
    if (!this.enabled('input')) return;
    const verdict = await this.verdict('input', caller, text);
    if (verdict === 'failed') {
      if (this.config.inputCheckFailure === 'open') return;
      throw new AppError('UPSTREAM', 'msgSecCheck failed on the user text and CHAT_INPUT_CHECK_FAILURE=closed', { userMessage: CHECK_FAILED_MESSAGE });
    }
    if (this.blocks(verdict)) {
      log.warn('content.input_blocked', { user: userTag(caller.openid), verdict });
      throw new AppError('CONTENT_BLOCKED', `msgSecCheck judged the user text ${verdict}`, { userMessage: INPUT_BLOCKED_MESSAGE });
    }
  }

  /** Whether an answer may become final. Throws UPSTREAM only when failing closed on a failed check. */
  async checkOutput(caller: Caller, text: string): Promise<OutputDecision> {
    if (!this.enabled('output') || text.trim() === '') return 'show';
    const verdict = await this.verdict('output', caller, text);
    if (verdict === 'failed') {
      if (this.config.outputCheckFailure === 'open') return 'show';
      throw new AppError('UPSTREAM', 'msgSecCheck failed on the answer and CHAT_OUTPUT_CHECK_FAILURE=closed', { userMessage: CHECK_FAILED_MESSAGE });
    }
    if (!this.blocks(verdict)) return 'show';
    log.warn('content.output_withheld', { user: userTag(caller.openid), verdict });
    return 'withhold';
  }

  /** Whether an answer may become final: its reasoning is judged exactly like its text, and either withholds both. */
  async checkAnswer(caller: Caller, answer: { content: string; reasoning?: string } | null | undefined): Promise<OutputDecision> {
    if (answer?.reasoning && (await this.checkOutput(caller, answer.reasoning)) === 'withhold') return 'withhold';
    return this.checkOutput(caller, answer?.content ?? '');
  }

  private blocks(verdict: Verdict): boolean {
    return verdict === 'risky' || (verdict === 'review' && this.config.contentReview === 'block');
  }

  private async verdict(side: Side, caller: Caller, text: string): Promise<Verdict | 'failed'> {
    const { openid } = caller;
    try {
      return await judge(this.check, caller, text);
    } catch (error) {
      const errCode = (error as { errCode?: unknown } | null)?.errCode;
      log.warn('content.check_failed', {
        side,
        user: userTag(openid),
        errCode: typeof errCode === 'number' ? errCode : undefined,
        reason: withoutOpenid(error instanceof Error ? error.message : String(error), openid),
        fix: 'declare security.msgSecCheck under permissions.openapi in config.json and redeploy; an errCode such as 61010 can mean the user has not opened the mini-program in the last 2 h',
      });
      return 'failed';
    }
  }
}
