/**
 * @jest-environment jsdom
 *
 * The browser preview's `wx.cloud` watch is as strict as production (and the jest wx fake): only
 * coze_streams, only with `_openid: '{openid}'` in the query; anything else fails through onError.
 */
import { createCloud } from '../../tools/preview/runtime/wx-cloud';

type Watchable = { watch(options: { onChange: (s: unknown) => void; onError: (e: unknown) => void }): { close(): Promise<void> } };
type Db = { collection(name: string): { where(query: Record<string, unknown>): Watchable; doc(id: string): Watchable } };

/** EventSource stand-in (jsdom has none): records the URLs the preview opens. */
class RecordingEventSource {
  static urls: string[] = [];
  constructor(url: string) {
    RecordingEventSource.urls.push(url);
  }
  addEventListener(): void {}
  close(): void {}
}

const STREAM_ID = 'a'.repeat(32);

/** Starts a watch and answers the errors it reported once pending callbacks ran. */
async function errorsOf(start: (db: Db) => Watchable): Promise<string[]> {
  const errors: string[] = [];
  const db = (createCloud(() => 'o-preview').database as () => Db)();
  const watcher = start(db).watch({ onChange: () => undefined, onError: (e) => errors.push(String((e as { errMsg: string }).errMsg)) });
  await new Promise((resolve) => setTimeout(resolve, 0));
  await watcher.close();
  return errors;
}

describe('preview wx.cloud watch', () => {
  beforeAll(() => {
    (globalThis as unknown as { EventSource: unknown }).EventSource = RecordingEventSource;
  });
  beforeEach(() => {
    RecordingEventSource.urls = [];
  });

  it('watches coze_streams by _id with the {openid} condition, as the client does', async () => {
    expect(await errorsOf((db) => db.collection('coze_streams').where({ _id: STREAM_ID, _openid: '{openid}' }))).toEqual([]);
    expect(RecordingEventSource.urls).toEqual([`/__stream/${STREAM_ID}?openid=o-preview`]);
  });

  it('refuses a query without _openid: {openid}, naming the fix', async () => {
    const errors = await errorsOf((db) => db.collection('coze_streams').where({ _id: STREAM_ID }));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain("_openid: '{openid}'");
    expect(errors[0]).toContain("where({ _id: streamId, _openid: '{openid}' })");
    expect(RecordingEventSource.urls).toEqual([]);
  });

  it('refuses any other collection, and doc().watch (it has no {openid} condition)', async () => {
    expect(await errorsOf((db) => db.collection('coze_usage').where({ _id: STREAM_ID, _openid: '{openid}' }))).toEqual([expect.stringContaining('not coze_usage')]);
    expect(await errorsOf((db) => db.collection('coze_streams').doc(STREAM_ID))).toHaveLength(1);
    expect(RecordingEventSource.urls).toEqual([]);
  });
});
