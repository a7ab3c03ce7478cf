/**
 * The picker's wx side with a small, faithful fake of the calls it makes: chooseMedia / chooseMessageFile answer
 * through success/fail (privacy failures carry errno 112/104, a closed picker "cancel"), compressImage makes a new
 * temp file, and cloud.uploadFile returns an UploadTask whose onProgressUpdate reports progress before success.
 */
import { AttachmentPicker, COMPRESS_OVER_BYTES, PICK_SOURCES, type PickerWx } from '../../../miniprogram/services/attachment-picker';
import { PRIVACY_NOTICES } from '../../../miniprogram/services/privacy';
import { uploadPattern } from '../../../cloudfunctions/coze/src/storage/upload-layout';
import { ATTACHMENT_FOLDER, MAX_FILE_BYTES } from '../../../miniprogram/shared/protocol';
import type { TrayItem } from '../../../miniprogram/core/attachments';
import { randomBytes } from 'crypto';

type Cb = { success?: (r: unknown) => void; fail?: (e: unknown) => void };

function fakeWx() {
  const state = {
    media: [] as Array<{ tempFilePath: string; size: number }>,
    files: [] as Array<{ path: string; size: number; name: string; type: string }>,
    fail: null as null | { errMsg: string; errno?: number },
    sheet: 0 as number | null,
    uploadFails: false,
    toasts: [] as string[],
    uploads: [] as Array<{ cloudPath: string; filePath: string }>,
    compressed: [] as string[],
    mediaOptions: [] as Array<Record<string, unknown>>,
  };
  const answer = (o: Cb, value: unknown) =>
    setImmediate(() => {
      if (state.fail) {
        const err = state.fail;
        state.fail = null;
        o.fail?.(err);
      } else o.success?.(value);
    });
  const wx: PickerWx = {
    chooseMedia: (o) => {
      state.mediaOptions.push(o);
      answer(o as Cb, { tempFiles: state.media.map((f) => ({ ...f, fileType: 'image' })), type: 'image' });
    },
    chooseMessageFile: (o) => answer(o as Cb, { tempFiles: state.files }),
    compressImage: (o) => {
      state.compressed.push(String(o.src));
      setImmediate(() => (o as Cb).success?.({ tempFilePath: `${String(o.src)}.compressed.jpg` }));
    },
    getFileSystemManager: () => ({ getFileInfo: (o) => setImmediate(() => (o as Cb).success?.({ size: 300_000 })) }),
    showToast: ({ title }) => state.toasts.push(title),
    showActionSheet: (o) =>
      setImmediate(() => (state.sheet === null ? (o as Cb).fail?.({ errMsg: 'showActionSheet:fail cancel' }) : (o as Cb).success?.({ tapIndex: state.sheet }))),
    cloud: {
      uploadFile: (o) => {
        const listeners: Array<(r: { progress: number }) => void> = [];
        setImmediate(() => {
          listeners.forEach((fn) => fn({ progress: 40 }));
          setImmediate(() => {
            if (state.uploadFails) return (o as Cb).fail?.({ errMsg: 'cloud.uploadFile:fail -403 permission denied' });
            state.uploads.push({ cloudPath: String(o.cloudPath), filePath: String(o.filePath) });
            (o as Cb).success?.({ fileID: `cloud://env-1.abc/${String(o.cloudPath)}`, statusCode: 204 });
          });
        });
        return { onProgressUpdate: (fn: (r: { progress: number }) => void) => listeners.push(fn) };
      },
    },
  };
  return { wx, state };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 5));

function setup() {
  const { wx, state } = fakeWx();
  const snapshots: TrayItem[][] = [];
  const picker = new AttachmentPicker({ wx, onChange: (tray) => snapshots.push(tray), now: () => 1700000000000 });
  return { picker, state, snapshots };
}

describe('AttachmentPicker', () => {
  // The upload folder comes from wx.getRandomValues (the phone's CSPRNG): real random bytes here.
  beforeAll(() => {
    (globalThis as unknown as { wx: unknown }).wx = {
      getRandomValues: ({ length, success }: { length: number; success: (r: { randomValues: ArrayBuffer }) => void }) => success({ randomValues: new Uint8Array(randomBytes(length)).buffer }),
    };
  });
  afterAll(() => {
    delete (globalThis as unknown as { wx?: unknown }).wx;
  });
  beforeEach(() => jest.spyOn(console, 'error').mockImplementation(() => undefined));
  afterEach(() => jest.restoreAllMocks());

  it('album: picks images, uploads each to coze-upload/<32 hex>/ with progress, ends ready with the fileID', async () => {
    const { picker, state, snapshots } = setup();
    state.media = [{ tempFilePath: 'wxfile://tmp/a.png', size: 2048 }];
    await picker.pick('album');
    await settle();
    expect(state.mediaOptions[0]).toMatchObject({ mediaType: ['image'], sourceType: ['album'], count: 4 });
    expect(snapshots.map((t) => [t[0].status, t[0].progress])).toEqual([['uploading', 0], ['uploading', 40], ['ready', 100]]);
    const ready = picker.items()[0];
    expect(uploadPattern(ATTACHMENT_FOLDER).test(ready.fileID)).toBe(true);
    expect(ready).toMatchObject({ kind: 'image', size: 2048, sizeText: '2.0 KB', path: 'wxfile://tmp/a.png' });
  });

  it('compresses a large image before uploading it', async () => {
    const { picker, state } = setup();
    state.media = [{ tempFilePath: 'wxfile://tmp/big.jpg', size: COMPRESS_OVER_BYTES + 1 }];
    await picker.pick('camera');
    await settle();
    expect(state.compressed).toEqual(['wxfile://tmp/big.jpg']);
    expect(state.uploads[0].filePath).toBe('wxfile://tmp/big.jpg.compressed.jpg');
    expect(picker.items()[0].size).toBe(300_000);
  });

  it('files from a chat keep their names; an unsupported or oversized one is refused before upload', async () => {
    const { picker, state } = setup();
    state.files = [
      { path: 'wxfile://tmp/1.pdf', size: 100, name: '报告.pdf', type: 'file' },
      { path: 'wxfile://tmp/2.exe', size: 100, name: 'setup.exe', type: 'file' },
      { path: 'wxfile://tmp/3.zip', size: MAX_FILE_BYTES + 1, name: 'big.pdf', type: 'file' },
    ];
    state.sheet = PICK_SOURCES.findIndex((s) => s.source === 'file');
    await picker.open();
    await settle();
    expect(state.uploads.map((u) => u.filePath)).toEqual(['wxfile://tmp/1.pdf']);
    expect(picker.items().map((i) => i.name)).toEqual(['报告.pdf']);
    expect(state.toasts).toEqual([expect.stringMatching(/不支持 \.exe/), expect.stringMatching(/超过 20 MB/)]);
  });

  it('privacy failures become clear toasts (112: undeclared, 104: refused); a closed picker or sheet says nothing', async () => {
    const { picker, state } = setup();
    state.fail = { errMsg: 'chooseMedia:fail api scope is not declared in the privacy agreement', errno: 112 };
    await picker.pick('album');
    state.fail = { errMsg: 'chooseMedia:fail privacy permission is not authorized', errno: 104 };
    await picker.pick('camera');
    state.fail = { errMsg: 'chooseMessageFile:fail api scope is not declared in the privacy agreement', errno: 112 };
    await picker.pick('file');
    state.fail = { errMsg: 'chooseMedia:fail cancel' };
    await picker.pick('album');
    state.sheet = null;
    await picker.open();
    expect(state.toasts).toEqual([PRIVACY_NOTICES.album.undeclared, PRIVACY_NOTICES.camera.refused, PRIVACY_NOTICES.file.undeclared]);
    expect(state.uploads).toEqual([]);
  });

  it('never holds more than 4: the rest is dropped with a message', async () => {
    const { picker, state } = setup();
    state.media = Array.from({ length: 5 }, (_, i) => ({ tempFilePath: `wxfile://tmp/${i}.png`, size: 10 }));
    await picker.pick('album');
    await settle();
    expect(picker.items()).toHaveLength(4);
    expect(state.toasts).toEqual(['一次最多发送 4 个附件']);
    await picker.pick('album');
    expect(state.toasts).toEqual(['一次最多发送 4 个附件', '一次最多发送 4 个附件']);
  });

  it('a failed upload is marked (and toasted); remove and clear empty the tray', async () => {
    const { picker, state } = setup();
    state.uploadFails = true;
    state.media = [{ tempFilePath: 'wxfile://tmp/a.png', size: 10 }];
    await picker.pick('album');
    await settle();
    expect(picker.items()[0].status).toBe('error');
    expect(state.toasts).toEqual(['附件上传失败，请删除后重新添加']);
    picker.remove(picker.items()[0].id);
    expect(picker.items()).toEqual([]);
  });
});
