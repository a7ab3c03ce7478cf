/**
 * Attachments of `chat.send`: validated like every parameter, read from the user's own upload folder, images
 * checked by WeChat before anything leaves, uploaded to Coze (`POST /v1/files/upload`), and turned into the
 * object_string content Coze's chat takes (chat_v3.md: a JSON array of `text` / `image` / `file` items by
 * `file_id`). The cloud fileIDs travel in the message's meta_data, so history can show them after Coze's own
 * links expire.
 */
import * as cloud from 'wx-server-sdk';
import {
  ATTACHMENT_FOLDER, Attachment, AttachmentKind, FILE_EXTENSIONS, IMAGE_EXTENSIONS, MAX_ATTACHMENT_NAME, MAX_ATTACHMENTS, MAX_FILE_BYTES, MAX_IMAGE_BYTES,
} from '../../../../miniprogram/shared/protocol';
import { obj, str } from '../coze/json';
import { multipartFile } from '../coze/multipart';
import { ATTACHMENT_META_PREFIX } from '../coze/mappers';
import { badRequest } from '../errors';
import { inCloudBase } from '../identity';
import { downloadUpload } from '../storage/cloud-files';
import type { Deadline } from '../deadline';
import { extensionOf, fileNameOf, requireUploadFileID } from '../storage/upload-layout';
import { requireText, type Params } from './params';
import type { CallContext } from './types';

/** One attachment on its way to Coze. */
export interface SentAttachment extends Attachment {
  size: number;
  cozeFileId: string;
  traceId?: string;
  /** Sent before WeChat's verdict arrived (CHAT_IMAGE_CHECK_PENDING=send). */
  pending?: boolean;
}


/** The text item sent when the user sent attachments without text (Coze wants text beside a lone image). */
export const ATTACHMENTS_ONLY_TEXT = '（见附件）';

const KINDS: readonly AttachmentKind[] = ['image', 'file'];

function extensionsOf(kind: AttachmentKind): readonly string[] {
  return kind === 'image' ? IMAGE_EXTENSIONS : FILE_EXTENSIONS;
}

/** The `attachments` parameter: at most MAX_ATTACHMENTS of `{ kind, fileID, name }`, each in the upload layout. */
export function readAttachments(params: Params): Attachment[] {
  const value = Object.prototype.hasOwnProperty.call(params, 'attachments') ? params.attachments : undefined;
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw badRequest('attachments 必须是数组：[{ kind: "image" | "file", fileID, name }]');
  if (value.length > MAX_ATTACHMENTS) throw badRequest(`attachments 最多 ${MAX_ATTACHMENTS} 个，请删掉一些再发送`);
  const seen = new Set<string>();
  return value.map((item: unknown, i) => {
    const key = `attachments[${i}]`;
    if (item === null || typeof item !== 'object' || Array.isArray(item)) throw badRequest(`${key} 必须是对象 { kind, fileID, name }`);
    const entry = item as Params;
    const kind = KINDS.find((k) => k === (Object.prototype.hasOwnProperty.call(entry, 'kind') ? entry.kind : undefined));
    if (!kind) throw badRequest(`${key}.kind 必须是 "image" 或 "file"`);
    const fileID = requireUploadFileID(Object.prototype.hasOwnProperty.call(entry, 'fileID') ? entry.fileID : undefined, ATTACHMENT_FOLDER, `${key}.fileID`);
    if (seen.has(fileID)) throw badRequest(`${key}.fileID 重复了：同一个文件只能附加一次`);
    seen.add(fileID);
    const name = requireText({ [`${key}.name`]: Object.prototype.hasOwnProperty.call(entry, 'name') ? entry.name : undefined }, `${key}.name`, MAX_ATTACHMENT_NAME).replace(/[\\/]/g, '_');
    const extension = extensionOf(fileNameOf(fileID));
    if (!extensionsOf(kind).includes(extension)) {
      throw badRequest(`${key} 的类型 .${extension || '（无扩展名）'} 不支持：${kind === 'image' ? '图片' : '文件'}只能是 ${extensionsOf(kind).join('、')}`);
    }
    return { kind, fileID, name };
  });
}

/** A URL WeChat can fetch the image from (CloudBase: a temporary link); locally the fileID itself (only fakes see it). */
async function mediaUrlOf(fileID: string, deadline: Deadline): Promise<string> {
  if (!inCloudBase()) return fileID;
  const answer = await deadline.race(cloud.getTempFileURL({ fileList: [fileID] }) as Promise<{ fileList?: unknown[] }>, 'cloud.getTempFileURL');
  const url = (answer.fileList?.[0] as { tempFileURL?: unknown } | undefined)?.tempFileURL;
  if (typeof url !== 'string' || !url) throw badRequest('图片的临时链接获取失败，请重新上传');
  return url;
}

/**
 * Downloads and checks EVERY attachment first (a blocked image stops the message before any upload), then
 * uploads them to Coze one by one (Coze takes one file per call).
 */
export async function sendAttachments(ctx: CallContext, attachments: readonly Attachment[]): Promise<SentAttachment[]> {
  const loaded: Array<{ attachment: Attachment; content: Buffer; check?: { traceId: string; pending: boolean } }> = [];
  for (const attachment of attachments) {
    const content = await downloadUpload(attachment.fileID, attachment.kind === 'image' ? MAX_IMAGE_BYTES : MAX_FILE_BYTES, `附件「${attachment.name}」`, ctx.deadline);
    const check = attachment.kind === 'image' ? await ctx.runtime.content.checkImage(ctx, attachment.fileID, await mediaUrlOf(attachment.fileID, ctx.deadline)) : undefined;
    loaded.push({ attachment, content, check });
  }
  const sent: SentAttachment[] = [];
  for (const { attachment, content, check } of loaded) {
    const body = await ctx.runtime.coze.json(ctx, { method: 'POST', path: '/v1/files/upload', body: multipartFile(fileNameOf(attachment.fileID), content) });
    const cozeFileId = str(obj(body.data), 'id');
    sent.push({ ...attachment, size: content.length, cozeFileId, ...(check ? { traceId: check.traceId, pending: check.pending } : {}) });
  }
  return sent;
}

/** The user's turn as Coze's enter message: plain text, or object_string with the attachments (and meta_data for history). */
export function userMessage(text: string, sent: readonly SentAttachment[]): Record<string, unknown> {
  if (sent.length === 0) return { role: 'user', content: text, content_type: 'text' };
  const items: Array<Record<string, string>> = sent.map((a) => ({ type: a.kind, file_id: a.cozeFileId }));
  // chat_v3.md: at most one text item, only next to a file or image; a message of images alone needs text beside it.
  items.unshift({ type: 'text', text: text.trim() ? text : ATTACHMENTS_ONLY_TEXT });
  const metaData: Record<string, string> = {};
  sent.forEach((a, i) => {
    metaData[`${ATTACHMENT_META_PREFIX}${i}`] = JSON.stringify({ kind: a.kind, name: a.name, size: a.size, fileID: a.fileID, cozeFileId: a.cozeFileId, ...(a.traceId ? { traceId: a.traceId } : {}) });
  });
  return { role: 'user', content: JSON.stringify(items), content_type: 'object_string', meta_data: metaData };
}
