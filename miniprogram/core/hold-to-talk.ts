/**
 * Hold-to-talk gesture rules, pure: sliding the finger up far enough while holding cancels the recording
 * (WeChat's own voice-message gesture). The composer feeds it touch positions.
 */

/** How far up (px) the finger must slide to cancel. */
export const CANCEL_SLIDE_PX = 60;
/** Longest recording (ms): WeChat's RecorderManager allows at most 600000, voice input uses 60 s. */
export const MAX_RECORD_MS = 60000;
/** Shorter recordings are dropped with a hint (a tap is not speech). */
export const MIN_RECORD_MS = 600;

/** What releasing the finger does now. */
export type ReleaseAction = 'send' | 'cancel';

/** Whether releasing at `currentY` (having pressed at `startY`) sends or cancels. */
export function releaseAction(startY: number, currentY: number): ReleaseAction {
  return startY - currentY >= CANCEL_SLIDE_PX ? 'cancel' : 'send';
}
