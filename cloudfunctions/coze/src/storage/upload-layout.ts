/**
 * The one rule for cloud-storage files the function may read. The function runs as admin and could read ANY
 * file of the environment, so it reads only `cloud://<env>.<bucket>/<folder>/<32 lowercase hex>/<file name>`:
 * the folder names the feature (voice, attachments), and the random segment, made by the client per upload,
 * is a capability — only the session that uploaded the file knows its id.
 */
import { badRequest } from '../errors';

/** Longest fileID accepted (a real one is about 100 characters). */
export const MAX_FILE_ID = 300;

/** The fileID pattern of one upload folder. */
export function uploadPattern(folder: string): RegExp {
  return new RegExp(`^cloud:\\/\\/[A-Za-z0-9._-]{1,200}\\/${folder}\\/[0-9a-f]{32}\\/[A-Za-z0-9._-]{1,128}$`);
}

/** The fileID, or BAD_REQUEST naming the layout it must follow. */
export function requireUploadFileID(value: unknown, folder: string, key: string): string {
  if (typeof value !== 'string' || value.length > MAX_FILE_ID || !uploadPattern(folder).test(value)) {
    throw badRequest(`${key} 必须是上传到 ${folder}/<32 位小写十六进制随机串>/<文件名（字母、数字、._-）> 的云存储文件 ID（cloud://…）`);
  }
  return value;
}

/** The file name at the end of a fileID (`…/photo-1700000000000.jpg` → `photo-1700000000000.jpg`). */
export function fileNameOf(fileID: string): string {
  return fileID.slice(fileID.lastIndexOf('/') + 1);
}

/** The lower-case extension of a file name, '' when it has none. */
export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}
