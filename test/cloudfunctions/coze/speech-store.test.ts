/**
 * The CloudBase side of read-aloud storage, over a small fake of the three wx-server-sdk calls it makes
 * (uploadFile, getTempFileURL, database doc get/set), shaped after the SDK's documented answers: a missing
 * document rejects with "does not exist", getTempFileURL answers a per-file `status` (0 = ok).
 */
const files = new Map<string, Buffer>();
const docs = new Map<string, Record<string, unknown>>();
let collectionMissing = false;

jest.mock('wx-server-sdk', () => ({
  uploadFile: async ({ cloudPath, fileContent }: { cloudPath: string; fileContent: Buffer }) => {
    files.set(`cloud://env-1.7465-env-1/${cloudPath}`, fileContent);
    return { fileID: `cloud://env-1.7465-env-1/${cloudPath}` };
  },
  getTempFileURL: async ({ fileList }: { fileList: Array<{ fileID: string; maxAge: number }> }) => ({
    fileList: fileList.map(({ fileID, maxAge }) =>
      files.has(fileID)
        ? { fileID, status: 0, tempFileURL: `https://7465-env-1.tcb.qcloud.la/${fileID.split('/').slice(3).join('/')}?max_age=${maxAge}` }
        : { fileID, status: -503003, tempFileURL: '', errMsg: 'file not exist' },
    ),
  }),
  database: () => ({
    collection: (name: string) => ({
      doc: (id: string) => ({
        get: async () => {
          if (collectionMissing) throw new Error(`errCode: -502005 database collection not exists | errMsg: ${name}`);
          const data = docs.get(id);
          if (!data) throw new Error(`document.get:fail document with _id ${id} does not exist`);
          return { data };
        },
        set: async ({ data }: { data: Record<string, unknown> }) => {
          if (collectionMissing) throw new Error('errCode: -502005 database collection not exists');
          docs.set(id, data);
          return {};
        },
      }),
    }),
  }),
}));

import { CloudSpeechStore, SPEECH_URL_SECONDS } from '../../../cloudfunctions/coze/src/speech/speech-store';
import { NO_DEADLINE } from '../../../cloudfunctions/coze/src/deadline';

beforeEach(() => {
  files.clear();
  docs.clear();
  collectionMissing = false;
  jest.spyOn(console, 'warn').mockImplementation(() => undefined);
});
afterEach(() => jest.restoreAllMocks());

test('a miss, then save uploads every part to the user folder and indexes them; lookup and urls find them', async () => {
  const store = new CloudSpeechStore();
  expect(await store.lookup('k1', NO_DEADLINE)).toBeUndefined();
  const entry = await store.save('k1', 'coze-speech/tag', [Buffer.from('a'), Buffer.from('b')], 'o_user', true, NO_DEADLINE);
  expect(entry.fileIDs).toEqual(['cloud://env-1.7465-env-1/coze-speech/tag/k1-0.mp3', 'cloud://env-1.7465-env-1/coze-speech/tag/k1-1.mp3']);
  expect(await store.lookup('k1', NO_DEADLINE)).toEqual({ fileIDs: entry.fileIDs, truncated: true });
  const urls = await store.urls(entry.fileIDs, NO_DEADLINE);
  expect(urls?.urls).toHaveLength(2);
  expect(urls?.urls[0]).toContain(`max_age=${SPEECH_URL_SECONDS}`);
});

test('a part removed by a storage lifecycle rule makes the entry unusable (it is synthesised again)', async () => {
  const store = new CloudSpeechStore();
  const entry = await store.save('k2', 'coze-speech/tag', [Buffer.from('a'), Buffer.from('b')], 'o_user', false, NO_DEADLINE);
  files.delete(entry.fileIDs[1]);
  expect(await store.urls(entry.fileIDs, NO_DEADLINE)).toBeUndefined();
});

test('without the coze_speech collection, caching is off but saving still returns playable parts', async () => {
  collectionMissing = true;
  const store = new CloudSpeechStore();
  expect(await store.lookup('k3', NO_DEADLINE)).toBeUndefined();
  const entry = await store.save('k3', 'coze-speech/tag', [Buffer.from('a')], 'o_user', false, NO_DEADLINE);
  expect(await store.urls(entry.fileIDs, NO_DEADLINE)).toBeDefined();
  const warned = (console.warn as jest.Mock).mock.calls.map((c) => String(c[0])).join('\n');
  expect(warned).toContain('coze_speech');
});
