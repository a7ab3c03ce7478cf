/** `audio.transcribe`: downloads a recording from cloud storage and sends it to Coze speech-to-text. */
import { obj, str } from '../coze/json';
import { multipartFile } from '../coze/multipart';
import { downloadUpload } from '../storage/cloud-files';
import { fileNameOf, requireUploadFileID, uploadPattern } from '../storage/upload-layout';
import type { ActionHandler } from './types';

/** Coze's size limit for one transcription. */
export const MAX_AUDIO_BYTES = 10 * 1024 * 1024;
/** The folder recordings must be uploaded to (see README, Security: the function runs as admin). */
export const VOICE_FOLDER = 'coze-voice';
/** `cloud://<env>.<bucket>/coze-voice/<32 lowercase hex made by the client per recording>/<file name>` (upload-layout.ts). */
export const VOICE_FILE_ID_PATTERN = uploadPattern(VOICE_FOLDER);

/** Handler of `audio.transcribe`. */
export const audioTranscribe: ActionHandler<'audio.transcribe'> = async (ctx, params) => {
  const fileID = requireUploadFileID(Object.prototype.hasOwnProperty.call(params, 'fileID') ? params.fileID : undefined, VOICE_FOLDER, 'fileID');
  const content = await downloadUpload(fileID, MAX_AUDIO_BYTES, '录音文件', ctx.deadline);
  const body = await ctx.runtime.coze.json(ctx, { method: 'POST', path: '/v1/audio/transcriptions', body: multipartFile(fileNameOf(fileID), content) });
  return { text: str(obj(body.data), 'text') };
};
