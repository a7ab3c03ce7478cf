/**
 * Watches one stream document (DESIGN.md section 5) and turns its snapshots into ordered live progress:
 * snapshots carry the whole text so far and a `seq`, so stale or repeated ones are dropped.
 */
import { STREAM_COLLECTION, type StreamDoc } from '../shared/protocol';
import type { StreamProgress } from '../core/chat-transport';
import type { CloudApi, WatchSnapshot } from './cloud-api';

/** True for a value shaped like a StreamDoc (what the watch and the HTTP road deliver). */
export function isStreamDoc(value: unknown): value is StreamDoc {
  if (typeof value !== 'object' || value === null) return false;
  const doc = value as Partial<StreamDoc>;
  return typeof doc.text === 'string' && typeof doc.seq === 'number' && typeof doc.status === 'string';
}

/** The stream document in a snapshot, if any (the first of `docs`). */
export function docOf(snapshot: WatchSnapshot): StreamDoc | null {
  const docs = snapshot.docs;
  const first: unknown = Array.isArray(docs) ? docs[0] : undefined;
  return isStreamDoc(first) ? first : null;
}

/** The live progress a stream document carries (the watch and the HTTP road both deliver StreamDocs). */
export function progressOf(doc: StreamDoc): StreamProgress {
  const progress: StreamProgress = { text: doc.text, seq: doc.seq, status: doc.status, conversationId: doc.conversationId, chatId: doc.chatId };
  if (typeof doc.reasoning === 'string' && doc.reasoning) progress.reasoning = doc.reasoning;
  if (Array.isArray(doc.steps) && doc.steps.length) progress.steps = doc.steps;
  return progress;
}

/** Said in the console when the stream watch fails: the usual causes and their fix. */
export const WATCH_ERROR_WARNING =
  'Live text is off: watching the coze_streams document failed. Create the coze_streams collection (云开发控制台 → 数据库 → 添加集合) and set its 自定义安全规则 to cloudfunctions/coze/database-rules.json ({ "read": "doc._openid == auth.openid", "write": false }); base library 2.8.1+ is needed. The final answer still arrives.';

/** The default watch-error handler: a console warning with the fix and wx's errCode / errMsg (no ids). */
export function warnWatchError(error: unknown): void {
  const e = typeof error === 'object' && error !== null ? (error as { errCode?: unknown; errMsg?: unknown }) : {};
  const detail = [e.errCode, e.errMsg].filter((part) => part !== undefined).map(String).join(' ');
  console.warn(detail ? `${WATCH_ERROR_WARNING} (${detail})` : WATCH_ERROR_WARNING);
}

/**
 * Starts watching `coze_streams/<streamId>` for the caller's own document (the `{openid}` placeholder is
 * what the security rule requires) and returns a function that stops the watch. Errors are reported, not
 * thrown: the final `chat.send` result still arrives, so a broken watch only costs the live text.
 */
export function watchStream(cloud: CloudApi, streamId: string, onProgress: (p: StreamProgress) => void, onError: (e: unknown) => void = warnWatchError): () => void {
  let lastSeq = -1;
  let closed = false;
  const watcher = cloud
    .database()
    .collection(STREAM_COLLECTION)
    .where({ _id: streamId, _openid: '{openid}' })
    .watch({
      onChange(snapshot) {
        const doc = docOf(snapshot);
        if (closed || !doc || doc.seq <= lastSeq) return;
        lastSeq = doc.seq;
        onProgress(progressOf(doc));
      },
      onError(error) {
        if (!closed) onError(error);
      },
    });
  return () => {
    if (closed) return;
    closed = true;
    void Promise.resolve(watcher.close()).catch(() => undefined);
  };
}
