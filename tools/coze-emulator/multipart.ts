/**
 * A small multipart/form-data parser for the upload endpoints (audio transcription, file upload), written
 * by hand so the emulator needs no dependency and accepts exactly what clients send.
 */

/** One part of a multipart body. */
export interface FormPart {
  name: string;
  filename?: string;
  contentType?: string;
  data: Buffer;
}

/** The boundary of a multipart Content-Type header, or undefined when it is not multipart/form-data. */
export function boundaryOf(contentType: string | undefined): string | undefined {
  if (!contentType || !/^multipart\/form-data\b/i.test(contentType)) return undefined;
  const m = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return m ? (m[1] ?? m[2]) : undefined;
}

/** Splits a multipart body into parts; throws with a fix-it message on malformed input. */
export function parseMultipart(body: Buffer, boundary: string): FormPart[] {
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: FormPart[] = [];
  let pos = body.indexOf(delimiter);
  if (pos < 0) throw new Error('multipart body has no boundary line; send multipart/form-data with a file part');
  for (;;) {
    pos += delimiter.length;
    if (body.subarray(pos, pos + 2).toString() === '--') break;
    if (body.subarray(pos, pos + 2).toString() !== '\r\n') throw new Error('multipart boundary must be followed by CRLF');
    pos += 2;
    const headerEnd = body.indexOf('\r\n\r\n', pos);
    if (headerEnd < 0) throw new Error('multipart part has no header terminator (blank line)');
    const headers = body.subarray(pos, headerEnd).toString('utf8').split('\r\n');
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), headerEnd + 4);
    if (next < 0) throw new Error('multipart body is truncated: the closing boundary is missing');
    const part: FormPart = { name: '', data: body.subarray(headerEnd + 4, next) };
    for (const line of headers) {
      const [key, ...rest] = line.split(':');
      const value = rest.join(':').trim();
      if (/^content-disposition$/i.test(key.trim())) {
        part.name = /\bname="([^"]*)"/i.exec(value)?.[1] ?? '';
        const filename = /\bfilename="([^"]*)"/i.exec(value)?.[1];
        if (filename !== undefined) part.filename = filename;
      } else if (/^content-type$/i.test(key.trim())) {
        part.contentType = value;
      }
    }
    parts.push(part);
    pos = next + 2;
  }
  return parts;
}
