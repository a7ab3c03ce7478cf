/** The multipart/form-data body Coze's upload endpoints take: one part named `file` (upload_files.md, audio_transcriptions.md). */
import { randomBytes } from 'crypto';

const BOUNDARY_BYTES = 16;

/** A multipart/form-data body with one part named `file`. */
export function multipartFile(fileName: string, content: Buffer): { data: Buffer; contentType: string } {
  const boundary = `----coze-weapp-${randomBytes(BOUNDARY_BYTES).toString('hex')}`;
  const safeName = fileName.replace(/["\r\n\\]/g, '_') || 'file';
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${safeName}"\r\nContent-Type: application/octet-stream\r\n\r\n`;
  return { data: Buffer.concat([Buffer.from(head), content, Buffer.from(`\r\n--${boundary}--\r\n`)]), contentType: `multipart/form-data; boundary=${boundary}` };
}
