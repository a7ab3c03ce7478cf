/**
 * A tiny cloud function for the fixture-app suite (the real one is exercised by chat-page.test.ts): `echo`
 * answers `{ text, openid }` and, given a streamId, writes two StreamDocs to the watcher first. It runs behind the
 * REAL dev server (createLocalCloud + its HTTP face), so openids travel exactly as they do for the real function.
 */
import type { CloudFunctionModule, StreamListener } from '../../tools/dev-server/index';
import type { StreamDoc } from '../../miniprogram/shared/protocol';

function doc(streamId: string, openid: string, status: StreamDoc['status'], text: string, seq: number): StreamDoc {
  return { _id: streamId, _openid: openid, status, text, seq, conversationId: 'c1', chatId: 'k1', followUps: [], error: null, updatedAt: Date.now() };
}

/** Builds the fake; `calls` records each (openid, event) pair so tests can check who called. */
export function fakeEchoFunction(): CloudFunctionModule & { calls: Array<{ openid: string; event: Record<string, unknown> }> } {
  const watchers = new Map<string, { openid: string; listener: StreamListener }[]>();
  const calls: Array<{ openid: string; event: Record<string, unknown> }> = [];
  return {
    calls,
    localStreams: {
      watch(streamId, openid, listener) {
        const list = watchers.get(streamId) ?? [];
        const entry = { openid, listener };
        list.push(entry);
        watchers.set(streamId, list);
        return () => watchers.set(streamId, (watchers.get(streamId) ?? []).filter((e) => e !== entry));
      },
    },
    async main(event) {
      const openid = process.env.WX_OPENID ?? '';
      calls.push({ openid, event });
      const text = String(event.text ?? '');
      const streamId = typeof event.streamId === 'string' ? event.streamId : null;
      if (streamId) {
        const mine = (watchers.get(streamId) ?? []).filter((w) => w.openid === openid);
        mine.forEach((w) => w.listener(doc(streamId, openid, 'in_progress', `partial ${text}`, 1)));
        await new Promise((r) => setTimeout(r, 10));
        mine.forEach((w) => w.listener(doc(streamId, openid, 'completed', `streamed ${text}`, 2)));
      }
      return { ok: true, data: { text, openid } };
    },
  };
}
