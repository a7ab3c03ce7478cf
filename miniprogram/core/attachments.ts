/**
 * Attachments in the composer, as pure logic: which picks are allowed (count, type, size — the same limits the
 * cloud function enforces, from shared/protocol.ts), where each upload goes in cloud storage, and what the tray
 * and the bubble show. The wx calls that pick, compress and upload live in services/attachment-picker.ts.
 */
import {
  ATTACHMENT_FOLDER, type Attachment, type AttachmentKind, FILE_EXTENSIONS, IMAGE_EXTENSIONS, MAX_ATTACHMENTS, MAX_ATTACHMENT_NAME, MAX_FILE_BYTES, MAX_IMAGE_BYTES,
} from '../shared/protocol';

/** One file the user picked (from wx.chooseMedia / wx.chooseMessageFile). */
export interface PickedFile {
  kind: AttachmentKind;
  /** Local temp path (wxfile://…, http://tmp/…). */
  path: string;
  /** The name to show; chooseMedia gives none, so one is made from the path. */
  name: string;
  size: number;
}

/** Upload state of one tray item. */
export type TrayStatus = 'uploading' | 'ready' | 'error';

/** One attachment in the tray above the composer (plain data: it goes into setData). */
export interface TrayItem {
  id: string;
  kind: AttachmentKind;
  name: string;
  size: number;
  /** `size` for people (formatSize). */
  sizeText: string;
  /** Local path: the thumbnail while the item is in the tray. */
  path: string;
  /** 0…100 while uploading. */
  progress: number;
  status: TrayStatus;
  /** Set once uploaded. */
  fileID: string;
}

/** An attachment of a shown message: a local path (just sent) or a cloud fileID (history) as `src`. */
export interface ChatPart {
  kind: AttachmentKind;
  name: string;
  size: number;
  src: string;
}

/** The lower-case extension of a name or path, '' when none. */
export function extensionOf(name: string): string {
  const base = name.slice(name.lastIndexOf('/') + 1).split('?')[0];
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
}

/** Human size: 532 B, 12.3 KB, 4.5 MB. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** The size limit of a kind. */
export function maxBytes(kind: AttachmentKind): number {
  return kind === 'image' ? MAX_IMAGE_BYTES : MAX_FILE_BYTES;
}

/** Why a picked file cannot be attached (a message for a toast), or null when it can. */
export function refusal(file: PickedFile): string | null {
  const ext = extensionOf(file.name) || extensionOf(file.path);
  const allowed = file.kind === 'image' ? IMAGE_EXTENSIONS : FILE_EXTENSIONS;
  if (!allowed.includes(ext)) return `不支持 .${ext || '无扩展名'} 文件，可发送：${allowed.join('、')}`;
  if (file.size <= 0) return `「${file.name}」是空文件`;
  if (file.size > maxBytes(file.kind)) return `「${file.name}」超过 ${maxBytes(file.kind) / 1024 / 1024} MB`;
  return null;
}

/** How many more attachments fit beside the ones in the tray. */
export function roomLeft(tray: readonly TrayItem[]): number {
  return Math.max(0, MAX_ATTACHMENTS - tray.length);
}

/** The message shown when a pick would exceed the count. */
export const TOO_MANY_MESSAGE = `一次最多发送 ${MAX_ATTACHMENTS} 个附件`;

/**
 * `coze-upload/<32 hex, one folder per upload>/<kind>-<ms>.<ext>`: the only layout chat.send accepts. The
 * stored name is plain ASCII; the name the user sees travels separately.
 */
export function cloudPathFor(kind: AttachmentKind, ext: string, folderHex: string, nowMs: number): string {
  return `${ATTACHMENT_FOLDER}/${folderHex}/${kind}-${nowMs}.${ext}`;
}

/** A display name that fits the function's rule (≤ MAX_ATTACHMENT_NAME characters, no slashes). */
export function displayName(name: string, fallback: string): string {
  const clean = name.replace(/[\\/\u0000-\u001f]/g, '_').trim() || fallback;
  const chars = [...clean];
  if (chars.length <= MAX_ATTACHMENT_NAME) return clean;
  const ext = extensionOf(clean);
  const tail = ext ? `….${ext}` : '…';
  return chars.slice(0, MAX_ATTACHMENT_NAME - tail.length).join('') + tail;
}

/** Whether the tray can be sent: nothing still uploading or failed. */
export function traySendable(tray: readonly TrayItem[]): 'ok' | 'uploading' | 'error' {
  if (tray.some((item) => item.status === 'uploading')) return 'uploading';
  if (tray.some((item) => item.status === 'error')) return 'error';
  return 'ok';
}

/** What chat.send gets, and what the user's bubble shows, for a ready tray. */
export function fromTray(tray: readonly TrayItem[]): { attachments: Attachment[]; parts: ChatPart[] } {
  const ready = tray.filter((item) => item.status === 'ready' && item.fileID);
  return {
    attachments: ready.map((item) => ({ kind: item.kind, fileID: item.fileID, name: item.name })),
    parts: ready.map((item) => ({ kind: item.kind, name: item.name, size: item.size, src: item.path })),
  };
}
