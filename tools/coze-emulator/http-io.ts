/**
 * Small HTTP helpers shared by every route: reading bodies, answering with Coze's envelope, and the
 * error type handlers throw to answer a Coze error code.
 */
import type { IncomingMessage, ServerResponse } from 'http';

/** Largest body the emulator reads: the 10 MB audio limit plus multipart overhead. */
export const MAX_BODY_BYTES = 11 * 1024 * 1024;

/** Thrown by handlers to answer `{code, msg}` (HTTP 200 unless `httpStatus` says otherwise). */
export class CozeApiError extends Error {
  constructor(
    readonly code: number,
    readonly msg: string,
    readonly httpStatus = 200,
  ) {
    super(`${code}: ${msg}`);
  }
}

/** Reads the whole request body; bigger than MAX_BODY_BYTES → 4302-style error rather than memory growth. */
export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new CozeApiError(4302, `request body over ${MAX_BODY_BYTES} bytes; send a smaller file`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Writes a JSON body with the logid header every Coze business response carries. */
export function sendJson(res: ServerResponse, status: number, body: unknown, logId: string): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'X-Tt-Logid': logId,
  });
  res.end(text);
}

/** Success envelope `{code:0, msg:'', data, detail:{logid}}`; `extra` adds top-level keys (message list paging). */
export function sendData(res: ServerResponse, logId: string, data: unknown, extra: Record<string, unknown> = {}): void {
  sendJson(res, 200, { code: 0, msg: '', data, ...extra, detail: { logid: logId } }, logId);
}

/** Error envelope `{code, msg, detail:{logid}}`. */
export function sendCozeError(res: ServerResponse, logId: string, err: CozeApiError): void {
  sendJson(res, err.httpStatus, { code: err.code, msg: err.msg, detail: { logid: logId } }, logId);
}
