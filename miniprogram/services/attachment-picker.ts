/**
 * The attachment tray's wx side: picks images (wx.chooseMedia: album or camera) and files
 * (wx.chooseMessageFile), refuses what chat.send would refuse before anything is uploaded, compresses large
 * images (wx.compressImage), and uploads each to `coze-upload/<32 hex>/…` with wx.cloud.uploadFile, reporting
 * progress (UploadTask.onProgressUpdate). Privacy failures (errno 112/104) become clear toasts. The tray is
 * plain data handed to `onChange` (the page puts it into setData).
 */
import type { AttachmentKind } from '../shared/protocol';
import { cloudPathFor, displayName, extensionOf, formatSize, PickedFile, refusal, roomLeft, TOO_MANY_MESSAGE, TrayItem } from '../core/attachments';
import { logPrivacyFix, PRIVACY_NOTICES, privacyFailure, type PrivacyItemName, type WxFailure } from './privacy';
import { randomHex, VOICE_ID_BYTES } from './random-hex';

/** Images larger than this are compressed on the phone before upload. */
export const COMPRESS_OVER_BYTES = 1024 * 1024;
/** wx.compressImage quality (0–100). */
const COMPRESS_QUALITY = 80;
/** Where a pick comes from. */
export type PickSource = 'album' | 'camera' | 'file';
/** The action sheet's entries, in order. */
export const PICK_SOURCES: ReadonlyArray<{ source: PickSource; label: string }> = [
  { source: 'album', label: '相册' },
  { source: 'camera', label: '拍照' },
  { source: 'file', label: '文件（来自微信聊天）' },
];
const UPLOAD_FAILED = '附件上传失败，请删除后重新添加';

/** An UploadTask, as wx.cloud.uploadFile returns it when given callbacks. */
interface UploadTask {
  onProgressUpdate?(listener: (res: { progress: number }) => void): void;
}

/** What the picker needs of wx: the real `wx` on a phone, a fake in tests. */
export interface PickerWx {
  chooseMedia(options: Record<string, unknown>): void;
  chooseMessageFile(options: Record<string, unknown>): void;
  compressImage?(options: Record<string, unknown>): void;
  getFileSystemManager?(): { getFileInfo(options: Record<string, unknown>): void };
  showToast(options: { title: string; icon: 'none' }): void;
  showActionSheet(options: Record<string, unknown>): void;
  cloud: { uploadFile(options: Record<string, unknown>): UploadTask | undefined };
}

/** Options of {@link AttachmentPicker}. */
export interface PickerOptions {
  wx: PickerWx;
  onChange: (tray: TrayItem[]) => void;
  now?: () => number;
}

function call<T>(run: (callbacks: { success: (res: T) => void; fail: (err: WxFailure) => void }) => void): Promise<T> {
  return new Promise((resolve, reject) => run({ success: resolve, fail: reject }));
}

/** The tray of one page. */
export class AttachmentPicker {
  private tray: TrayItem[] = [];
  private counter = 0;

  constructor(private readonly options: PickerOptions) {}

  /** The tray now (a copy). */
  items(): TrayItem[] {
    return this.tray.slice();
  }

  /** Asks where from (相册 / 拍照 / 文件) and picks; closing the sheet does nothing. */
  async open(): Promise<void> {
    if (roomLeft(this.tray) === 0) return this.notice(TOO_MANY_MESSAGE);
    let tapIndex: number;
    try {
      tapIndex = (await call<{ tapIndex: number }>((cb) => this.options.wx.showActionSheet({ itemList: PICK_SOURCES.map((s) => s.label), ...cb }))).tapIndex;
    } catch {
      return;
    }
    const choice = PICK_SOURCES[tapIndex];
    if (choice) await this.pick(choice.source);
  }

  /** Picks from a source and starts uploading every accepted file. */
  async pick(source: PickSource): Promise<void> {
    const room = roomLeft(this.tray);
    if (room === 0) return this.notice(TOO_MANY_MESSAGE);
    let picked: PickedFile[];
    try {
      picked = source === 'file' ? await this.chooseFiles(room) : await this.chooseImages(source, room);
    } catch (error) {
      return this.onPickFailure(source, error as WxFailure);
    }
    if (picked.length > room) this.notice(TOO_MANY_MESSAGE);
    for (const file of picked.slice(0, room)) {
      const problem = refusal(file);
      if (problem) {
        this.notice(problem);
        continue;
      }
      void this.upload(file);
    }
  }

  /** Removes an item (its upload, if running, is ignored when it ends). */
  remove(id: string): void {
    this.tray = this.tray.filter((item) => item.id !== id);
    this.changed();
  }

  /** Empties the tray (after a send). */
  clear(): void {
    this.tray = [];
    this.changed();
  }

  private async chooseImages(source: 'album' | 'camera', count: number): Promise<PickedFile[]> {
    const res = await call<{ tempFiles: Array<{ tempFilePath: string; size: number }> }>((cb) =>
      this.options.wx.chooseMedia({ count, mediaType: ['image'], sourceType: [source], sizeType: ['compressed'], ...cb }),
    );
    const now = this.now();
    return Promise.all(res.tempFiles.map(async (f, i) => this.compressed({ kind: 'image' as AttachmentKind, path: f.tempFilePath, size: f.size, name: `图片-${now + i}.${extensionOf(f.tempFilePath) || 'jpg'}` })));
  }

  private async chooseFiles(count: number): Promise<PickedFile[]> {
    const res = await call<{ tempFiles: Array<{ path: string; size: number; name: string; type: string }> }>((cb) => this.options.wx.chooseMessageFile({ count, type: 'all', ...cb }));
    return res.tempFiles.map((f) => ({ kind: f.type === 'image' ? 'image' : 'file', path: f.path, size: f.size, name: displayName(f.name, `文件.${extensionOf(f.path)}`) }));
  }

  /** A large image, compressed (wx.compressImage); the original when compression is unavailable or fails. */
  private async compressed(file: PickedFile): Promise<PickedFile> {
    const { compressImage, getFileSystemManager } = this.options.wx;
    if (file.size <= COMPRESS_OVER_BYTES || !compressImage) return file;
    try {
      const res = await call<{ tempFilePath: string }>((cb) => compressImage({ src: file.path, quality: COMPRESS_QUALITY, ...cb }));
      const info = getFileSystemManager ? await call<{ size: number }>((cb) => getFileSystemManager().getFileInfo({ filePath: res.tempFilePath, ...cb })) : { size: file.size };
      return { ...file, path: res.tempFilePath, size: info.size };
    } catch {
      return file;
    }
  }

  private async upload(file: PickedFile): Promise<void> {
    this.counter += 1;
    const id = `att-${this.counter}`;
    const ext = extensionOf(file.name) || extensionOf(file.path);
    this.tray = this.tray.concat({ id, kind: file.kind, name: file.name, size: file.size, sizeText: formatSize(file.size), path: file.path, progress: 0, status: 'uploading', fileID: '' });
    this.changed();
    try {
      const cloudPath = cloudPathFor(file.kind, ext, await randomHex(VOICE_ID_BYTES), this.now());
      const res = await new Promise<{ fileID: string }>((resolve, reject) => {
        const task = this.options.wx.cloud.uploadFile({ cloudPath, filePath: file.path, success: resolve, fail: reject });
        task?.onProgressUpdate?.(({ progress }) => this.update(id, { progress }));
      });
      this.update(id, { status: 'ready', progress: 100, fileID: res.fileID });
    } catch (error) {
      console.error(`wx.cloud.uploadFile failed for an attachment: ${(error as WxFailure).errMsg ?? String(error)}; check the storage rules (README, Images and files)`);
      this.update(id, { status: 'error' });
      this.notice(UPLOAD_FAILED);
    }
  }

  private onPickFailure(source: PickSource, err: WxFailure): void {
    const failure = privacyFailure(err);
    if (failure) {
      const item: PrivacyItemName = source;
      logPrivacyFix(item, failure, err);
      return this.notice(PRIVACY_NOTICES[item][failure]);
    }
    // The user closed the picker: nothing to say.
    if (/cancel/i.test(err.errMsg ?? '')) return;
    this.notice(source === 'camera' ? '无法打开相机，请在设置中允许使用摄像头' : '无法选择，请稍后再试');
    console.error(`${source === 'file' ? 'wx.chooseMessageFile' : 'wx.chooseMedia'} failed: ${err.errMsg ?? String(err)}`);
  }

  private update(id: string, patch: Partial<TrayItem>): void {
    if (!this.tray.some((item) => item.id === id)) return;
    this.tray = this.tray.map((item) => (item.id === id ? { ...item, ...patch } : item));
    this.changed();
  }

  private changed(): void {
    this.options.onChange(this.items());
  }

  private notice(title: string): void {
    this.options.wx.showToast({ title, icon: 'none' });
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }
}
