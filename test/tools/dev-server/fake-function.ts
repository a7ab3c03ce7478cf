/**
 * A small, faithful stand-in for the built cloud function, for dev-server tests: identity through the real
 * wx-server-sdk (read synchronously at the start of main, like the real function), and an in-process stream
 * channel that, like the DB security rules, delivers a document only to the openid that owns it.
 */
import type { StreamDoc } from '../../../miniprogram/shared/protocol';
import type { CloudFunctionModule, LocalCloudContext, StreamListener } from '../../../tools/dev-server/cloud-types';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const cloud = require('wx-server-sdk');
cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV });

/** A fake function whose calls can be held open (to interleave users) and whose streams the test drives. */
export interface FakeFunction extends CloudFunctionModule {
  /** Calls of action `wait` block until the test releases them by key. */
  release(key: string): void;
  watchers: { streamId: string; openid: string }[];
  contexts: LocalCloudContext[];
}

export function fakeFunction(): FakeFunction {
  const gates = new Map<string, () => void>();
  const waiting = new Map<string, Promise<void>>();
  const gate = (key: string): Promise<void> => {
    if (!waiting.has(key)) waiting.set(key, new Promise<void>((resolve) => gates.set(key, resolve)));
    return waiting.get(key) as Promise<void>;
  };
  const listeners = new Map<string, Set<{ openid: string; listener: StreamListener }>>();
  const docs = new Map<string, StreamDoc>();
  const write = (doc: StreamDoc): void => {
    docs.set(doc._id, doc);
    for (const w of listeners.get(doc._id) ?? []) if (w.openid === doc._openid) w.listener(doc);
  };
  const fake: FakeFunction = {
    watchers: [],
    contexts: [],
    release: (key) => {
      gate(key);
      (gates.get(key) as () => void)();
    },
    localStreams: {
      watch(streamId, openid, listener) {
        fake.watchers.push({ streamId, openid });
        const entry = { openid, listener };
        if (!listeners.has(streamId)) listeners.set(streamId, new Set());
        listeners.get(streamId)?.add(entry);
        const current = docs.get(streamId);
        if (current && current._openid === openid) listener(current);
        return () => listeners.get(streamId)?.delete(entry);
      },
    },
    async main(event: Record<string, unknown>, context: LocalCloudContext) {
      const openid = cloud.getWXContext().OPENID as string | undefined;
      fake.contexts.push(context);
      if (!openid) return { ok: false, error: { code: 'UNAUTHENTICATED', message: '未登录', retryable: false } };
      if (event.action === 'wait') await gate(String(event.key));
      if (event.action === 'big') return { ok: true, data: { text: 'x'.repeat(Number(event.size)) } };
      if (event.action === 'stream') {
        const streamId = String(event.streamId);
        const base = { _id: streamId, _openid: openid, conversationId: '1', chatId: '2', followUps: [], error: null, updatedAt: 0 };
        const parts = ['你', '你好', '你好！'];
        parts.forEach((text, i) => write({ ...base, status: 'in_progress', text, seq: i + 1 }));
        write({ ...base, status: 'completed', text: '你好！', seq: parts.length + 1, followUps: ['再来'] });
        return { ok: true, data: { text: '你好！' } };
      }
      return { ok: true, data: { openid, event } };
    },
  };
  return fake;
}
