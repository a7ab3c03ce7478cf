/**
 * The HTTP face of the local stand-in for cloud storage: `POST /__storage/upload?cloudPath=…` plays
 * `wx.cloud.uploadFile` (raw bytes in the body, the user in the `x-wx-openid` header) and answers the fileID;
 * `GET /__storage/file?fileID=…` serves a stored file, as the image component shows a cloud fileID on a phone.
 * Files live in the cloud function's own local store, which is where the function reads them back.
 */
import type * as http from 'http';
import type { LocalCloud } from './local-cloud';

/** Paths of the storage routes. */
export const STORAGE_ROUTE = /^\/__storage\/(upload|file)$/;
/** Largest upload: the biggest attachment chat.send takes (20 MB), plus room. */
export const MAX_UPLOAD_BYTES = 21 * 1024 * 1024;

const CONTENT_TYPES: Record<string, string> = {
  png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp', bmp: 'image/bmp',
  pdf: 'application/pdf', txt: 'text/plain; charset=utf-8', md: 'text/markdown; charset=utf-8', csv: 'text/csv; charset=utf-8', json: 'application/json',
  mp3: 'audio/mpeg',
};

/** What the storage routes need from the HTTP server around them. */
export interface StorageIo {
  fail(res: http.ServerResponse, status: 400 | 404 | 405 | 413 | 500, message: string): void;
  sendJson(res: http.ServerResponse, status: 200, body: unknown): void;
  /** The request's openid, or null after answering 401. */
  openid(): string | null;
}

function readRaw(req: http.IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > limit ? null : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Handles one storage request (`kind` from STORAGE_ROUTE). */
export async function handleStorage(cloud: LocalCloud, kind: string, req: http.IncomingMessage, res: http.ServerResponse, url: URL, io: StorageIo): Promise<void> {
  if (kind === 'file') {
    if (req.method !== 'GET') return io.fail(res, 405, 'Use GET for /__storage/file?fileID=….');
    const fileID = url.searchParams.get('fileID') ?? '';
    const content = cloud.file(fileID);
    if (!content) return io.fail(res, 404, `No stored file ${JSON.stringify(fileID)}: upload it with wx.cloud.uploadFile in this preview session first (the store lives in memory).`);
    const ext = fileID.slice(fileID.lastIndexOf('.') + 1).toLowerCase();
    res.writeHead(200, { 'content-type': CONTENT_TYPES[ext] ?? 'application/octet-stream', 'content-length': content.length, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
    res.end(content);
    return;
  }
  if (req.method !== 'POST') return io.fail(res, 405, 'Use POST for /__storage/upload?cloudPath=….');
  const openid = io.openid();
  if (!openid) return;
  const body = await readRaw(req, MAX_UPLOAD_BYTES);
  if (body === null) return io.fail(res, 413, `Upload over ${MAX_UPLOAD_BYTES} bytes: attachments are at most 20 MB.`);
  if (body.length === 0) return io.fail(res, 400, 'The upload is empty: send the file bytes as the body.');
  try {
    const fileID = cloud.client(openid).uploadFile(url.searchParams.get('cloudPath') ?? '', body);
    io.sendJson(res, 200, { fileID, statusCode: 204, errMsg: 'cloud.uploadFile:ok' });
  } catch (err) {
    io.fail(res, 400, (err as Error).message);
  }
}
