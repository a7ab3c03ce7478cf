/**
 * Request paths come from any web page the developer opens (it can send requests to 127.0.0.1), so the local
 * servers must answer every path and never let one request end the process. Shared by the dev server and
 * the preview.
 */
import type * as http from 'http';

/** Said for a path that is not valid percent-encoding (e.g. `/%`, `%E0%A4%A`). */
export const MALFORMED_URL_MESSAGE = 'Malformed request URL (bad percent-encoding): encode "%" as %25 and send complete UTF-8 escapes.';

/** `decodeURIComponent` that answers null instead of throwing on a malformed escape. */
export function decodeOrNull(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

/** The request URL resolved against `base`, or null when it cannot be parsed. */
export function parseRequestUrl(req: http.IncomingMessage, base: string): URL | null {
  try {
    return new URL(req.url ?? '/', base);
  } catch {
    return null;
  }
}

/** Answers an error status with a short message, whatever the caller's body format. */
export type ErrorReply = (res: http.ServerResponse, status: 400 | 500, message: string) => void;

/**
 * Wraps a request handler so a throw cannot escape into the http server (where it would end the process):
 * it is answered 500, or just ends the response when headers already went out.
 */
export function guardRequests(
  handler: (req: http.IncomingMessage, res: http.ServerResponse) => void,
  reply: ErrorReply,
): (req: http.IncomingMessage, res: http.ServerResponse) => void {
  return (req, res) => {
    try {
      handler(req, res);
    } catch (err) {
      if (!res.headersSent) reply(res, 500, `Local server error: ${(err as Error).message}`);
      else if (!res.writableEnded) res.end();
    }
  };
}
