/**
 * Reads a user's upload: from cloud storage as admin in CloudBase (wx-server-sdk downloadFile), from the local
 * store otherwise. Both refuse an empty or oversized file with a message that says what to do.
 */
import * as cloud from 'wx-server-sdk';
import { AppError, badRequest } from '../errors';
import type { Deadline } from '../deadline';
import { inCloudBase } from '../identity';
import { localFiles } from './local-files';

/** Downloads a fileID (already checked by upload-layout.ts) within `deadline`; `what` names the file in messages (录音, 附件…). */
export async function downloadUpload(fileID: string, maxBytes: number, what: string, deadline: Deadline): Promise<Buffer> {
  let content: Buffer;
  if (!inCloudBase()) {
    // Outside CloudBase wx-server-sdk has no credentials and would try the network: read the local store.
    const local = localFiles.get(fileID);
    if (!local) throw new AppError('NOT_FOUND', `${fileID} is not in the local file store: upload it through the dev server (wx.cloud.uploadFile in the preview) first`, { userMessage: `${what}不存在或已过期，请重新上传` });
    content = local.content;
  } else {
    try {
      content = (await deadline.race(cloud.downloadFile({ fileID }), 'cloud.downloadFile')).fileContent;
    } catch (error) {
      if (error instanceof AppError) throw error;
      throw new AppError('NOT_FOUND', `cloud.downloadFile failed: ${error instanceof Error ? error.message : String(error)}; upload the file with wx.cloud.uploadFile first`, { userMessage: `${what}不存在或已过期，请重新上传` });
    }
  }
  if (!Buffer.isBuffer(content) || content.length === 0) throw badRequest(`${what}是空的`);
  if (content.length > maxBytes) throw badRequest(`${what}不能超过 ${Math.floor(maxBytes / 1024 / 1024)} MB`);
  return content;
}
