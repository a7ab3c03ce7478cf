/**
 * Database writes of live text: one paced thinking turn (reasoning, then a long answer) through the built
 * function per CHAT_STREAM_WRITE_MS value, counting the stream documents written. "Answer seconds" run from the
 * first document that shows anything (reasoning or text) to the final one; live writes are the in-progress
 * documents that carry reasoning or text (the text-less chatId write and the final state are counted apart).
 */
import { randomBytes } from 'crypto';
import { callAs, type FunctionHarness } from '../test/helpers/function-harness';
import type { ChatResult, Result, StreamDoc } from '../miniprogram/shared/protocol';
import { elapsedMs } from './stats';

/** What one turn measured. */
export interface StreamWriteFigures {
  /** CHAT_STREAM_WRITE_MS of the turn ('default' = the shipped setting). */
  streamWriteMs: string;
  answerSeconds: number;
  liveWrites: number;
  totalWrites: number;
  liveWritesPerAnswerSecond: number;
  /** From chat.send to the first document with reasoning, and to the first with answer text. */
  firstReasoningMs: number;
  firstTextMs: number;
}

const QUESTION = '基准测试：写入次数 #mode:think';

/** Runs one paced turn of an answer of at least `answerChars` with the given CHAT_STREAM_WRITE_MS (undefined = shipped default). */
export async function measureStreamWrites(h: FunctionHarness, streamWriteMs: string | undefined, answerChars: number): Promise<StreamWriteFigures> {
  const saved = process.env.CHAT_STREAM_WRITE_MS;
  if (streamWriteMs === undefined) delete process.env.CHAT_STREAM_WRITE_MS;
  else process.env.CHAT_STREAM_WRITE_MS = streamWriteMs;
  try {
    const openid = `bench-writes-${randomBytes(4).toString('hex')}`;
    const streamId = randomBytes(16).toString('hex');
    h.emulator.inject({ kind: 'long-answer', chars: answerChars });
    const start = process.hrtime.bigint();
    const seen: Array<{ at: number; doc: StreamDoc }> = [];
    const unwatch = h.bundle.localStreams.watch(streamId, openid, (doc: StreamDoc) => seen.push({ at: elapsedMs(start), doc }));
    const result = (await callAs(h.bundle, openid, { action: 'chat.send', text: QUESTION, streamId })) as Result<ChatResult>;
    unwatch();
    if (!result.ok) throw new Error(`stream-writes chat.send failed: ${result.error.code} ${result.error.message}`);
    const shows = (doc: StreamDoc): boolean => doc.text !== '' || Boolean(doc.reasoning);
    const first = seen.find((s) => shows(s.doc));
    const last = seen[seen.length - 1];
    const firstText = seen.find((s) => s.doc.text !== '');
    if (!first || !firstText || last.doc.status !== 'completed') throw new Error('stream-writes: the turn wrote no text or did not complete');
    const answerSeconds = (last.at - first.at) / 1000;
    const liveWrites = seen.filter((s) => s.doc.status === 'in_progress' && shows(s.doc)).length;
    return {
      streamWriteMs: streamWriteMs ?? 'default',
      answerSeconds,
      liveWrites,
      totalWrites: seen.length,
      liveWritesPerAnswerSecond: liveWrites / answerSeconds,
      firstReasoningMs: first.at,
      firstTextMs: firstText.at,
    };
  } finally {
    if (saved === undefined) delete process.env.CHAT_STREAM_WRITE_MS;
    else process.env.CHAT_STREAM_WRITE_MS = saved;
  }
}
