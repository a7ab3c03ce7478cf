/** `audio.transcribe`: downloads a recording from cloud storage and sends it to Coze speech-to-text. */
import { randomBytes } from 'crypto';
import * as cloud from 'wx-server-sdk';
import { AppError, badRequest } from '../errors';
import { withDeadline } from '../call-scope';
import { obj, str } from '../coze/json';
import { inCloudBase } from '../identity';
import type { ActionHandler } from './types';

/** Coze's size limit for one transcription. */
export const MAX_AUDIO_BYTES = 10 * 1024 * 1024;
const MAX_FILE_ID = 1024;
/** The folder recordings must be uploaded to (see README, Security: the function runs as admin). */
export const VOICE_FOLDER = 'coze-voice';
/**
 * `cloud://<env>.<bucket>/coze-voice/<32 lowercase hex made by the client per recording>/<file name>`. Only
 * that folder may be read (the function could otherwise read ANY file of the environment), and the random
 * segment is a capability: only the session that uploaded the file knows its id.
 */
export const VOICE_FILE_ID_PATTERN = /^cloud:\/\/[A-Za-z0-9._-]{1,200}\/coze-voice\/[0-9a-f]{32}\/[A-Za-z0-9._-]{1,128}$/;
const BOUNDARY_BYTES = 16;

/** A multipart/form-data body with one part named `file`. */
export function multipartFile(fileName: string, content: Buffer): { data: Buffer; contentType: string } {
  const boundary = `----coze-weapp-${randomBytes(BOUNDARY_BYTES).toString('hex')}`;
  const safeName = fileName.replace(/["\r\n\\]/g, '_') || 'audio';
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${safeName}"\r\nContent-Type: application/octet-stream\r\n\r\n`;
  return { data: Buffer.concat([Buffer.from(head), content, Buffer.from(`\r\n--${boundary}--\r\n`)]), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** Handler of `audio.transcribe`. */
export const audioTranscribe: ActionHandler<'audio.transcribe'> = async (ctx, params) => {
  const fileID = Object.prototype.hasOwnProperty.call(params, 'fileID') ? params.fileID : undefined;
  if (typeof fileID !== 'string' || fileID.length > MAX_FILE_ID || !VOICE_FILE_ID_PATTERN.test(fileID)) {
    throw badRequest(`fileID 必须是上传到 ${VOICE_FOLDER}/<32 位小写十六进制随机串>/<文件名> 的云存储文件 ID（cloud://…）`);
  }
  if (!inCloudBase()) {
    // Outside CloudBase wx-server-sdk has no credentials: downloadFile would try the network and leave an
    // unhandled rejection behind. There is no cloud storage to read from anyway.
    throw new AppError('CONFIG', 'audio.transcribe reads cloud storage, which exists only in CloudBase (TCB_ENV unset): deploy the function, or test voice input in WeChat DevTools', {
      userMessage: '当前环境不支持语音转文字（需要云开发的云存储），请在微信开发者工具或真机上使用。',
    });
  }
  let content: Buffer;
  try {
    content = (await withDeadline(cloud.downloadFile({ fileID }), 'cloud.downloadFile')).fileContent;
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('NOT_FOUND', `cloud.downloadFile failed: ${error instanceof Error ? error.message : String(error)}; upload the recording with wx.cloud.uploadFile first`);
  }
  if (!Buffer.isBuffer(content) || content.length === 0) throw badRequest('录音文件是空的');
  if (content.length > MAX_AUDIO_BYTES) throw badRequest('录音文件不能超过 10 MB');
  const fileName = fileID.slice(fileID.lastIndexOf('/') + 1);
  const body = await ctx.runtime.coze.json(ctx.openid, { method: 'POST', path: '/v1/audio/transcriptions', body: multipartFile(fileName, content) });
  return { text: str(obj(body.data), 'text') };
};
