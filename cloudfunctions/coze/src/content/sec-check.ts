/**
 * WeChat content security (msgSecCheck v2) through wx-server-sdk's cloud call (云调用; config.json declares
 * the permission). The verdict is only in `result.suggest`: v2 answers errCode 0 for risky text too, and
 * failures are thrown by the SDK as CloudSDKError with `errCode`.
 */
import * as cloud from 'wx-server-sdk';
import type { Caller, Deadline } from '../deadline';

/** msgSecCheck's verdicts. */
export type Verdict = 'pass' | 'review' | 'risky';

/** One text to judge, on behalf of one user (WeChat requires the openid of a recent visitor), within the call's deadline. */
export interface SecCheckRequest {
  openid: string;
  content: string;
  deadline: Deadline;
}

/** Judges one segment (≤ MAX_SEGMENT characters); throws when the check itself fails. */
export type SecCheck = (request: SecCheckRequest) => Promise<Verdict>;

/** WeChat's limit for one msgSecCheck content, in characters. */
export const MAX_SEGMENT = 2500;
/** Scene 2 = comment: the closest scene to a chat message. */
const SCENE_COMMENT = 2;
const API_VERSION = 2;
const VERDICTS: readonly Verdict[] = ['pass', 'review', 'risky'];

interface MsgSecCheckAnswer {
  result?: { suggest?: unknown; label?: unknown };
}

interface SecurityApi {
  msgSecCheck(data: { version: number; openid: string; scene: number; content: string }): Promise<MsgSecCheckAnswer>;
}

/** The real check: `cloud.openapi.security.msgSecCheck`. An answer without a known suggest is a failure. */
export const wechatSecCheck: SecCheck = async ({ openid, content, deadline }) => {
  const security = (cloud.openapi as unknown as { security: SecurityApi }).security;
  const answer = await deadline.race(security.msgSecCheck({ version: API_VERSION, openid, scene: SCENE_COMMENT, content }), 'msgSecCheck');
  const suggest = answer?.result?.suggest;
  const verdict = VERDICTS.find((v) => v === suggest);
  if (!verdict) throw new Error(`msgSecCheck answered without a known result.suggest (${JSON.stringify(suggest)}); check the API version (2)`);
  return verdict;
};

/** Cuts a text into pieces of at most MAX_SEGMENT characters (code points: no emoji is split). */
export function segments(text: string, max: number = MAX_SEGMENT): string[] {
  const chars = [...text];
  const out: string[] = [];
  for (let i = 0; i < chars.length; i += max) out.push(chars.slice(i, i + max).join(''));
  return out;
}

/** The worst verdict of all segments of a text (checked in parallel, for the caller). */
export async function judge(check: SecCheck, { openid, deadline }: Caller, text: string): Promise<Verdict> {
  const verdicts = await Promise.all(segments(text).map((content) => check({ openid, content, deadline })));
  if (verdicts.includes('risky')) return 'risky';
  return verdicts.includes('review') ? 'review' : 'pass';
}
