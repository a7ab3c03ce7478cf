/**
 * setData traffic of a streamed answer into conversations of growing length: the real controller and
 * SetDataChatState on a fake clock (test/helpers/stream-setdata.ts), so the figures are call counts and
 * bytes, independent of this machine's speed.
 */
import { measureStreamSetData } from '../test/helpers/stream-setdata';
import { mean } from './stats';

/** Figures for one history length. */
export interface SetDataFigures {
  history: number;
  calls: number;
  simulatedSeconds: number;
  callsPerSecond: number;
  meanBytesPerCall: number;
  maxBytesPerCall: number;
  totalBytes: number;
  finalMessageBytes: number;
  /** Mean bytes per call of the last quarter of calls over the first quarter. */
  lastOverFirstQuarter: number;
}

/** The answer streamed in every case (brief: 4,000 characters in 1,000 deltas). */
export const SETDATA_ANSWER = { answerChars: 4000, deltas: 1000 } as const;

/** Streams the answer into conversations that already hold each of `histories` messages. */
export async function measureSetData(histories: readonly number[]): Promise<SetDataFigures[]> {
  const out: SetDataFigures[] = [];
  for (const history of histories) {
    const r = await measureStreamSetData({ historyLength: history, ...SETDATA_ANSWER });
    const quarter = Math.max(1, Math.floor(r.bytesPerCall.length / 4));
    out.push({
      history,
      calls: r.calls,
      simulatedSeconds: r.simulatedSeconds,
      callsPerSecond: r.calls / r.simulatedSeconds,
      meanBytesPerCall: mean(r.bytesPerCall),
      maxBytesPerCall: Math.max(...r.bytesPerCall),
      totalBytes: r.totalBytes,
      finalMessageBytes: r.finalMessageBytes,
      lastOverFirstQuarter: mean(r.bytesPerCall.slice(-quarter)) / mean(r.bytesPerCall.slice(0, quarter)),
    });
  }
  return out;
}
