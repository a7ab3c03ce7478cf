/**
 * Reads an SSE response event by event until it ends or a deadline passes. A connection that drops
 * mid-stream is UPSTREAM, never a silent success; a parse or handler error ends the read with that error.
 * When the handler stops (the turn is over), the few bytes left (`done`) are drained, not cut, so the
 * keep-alive socket goes back to the pool and the next chat skips a new TCP (and, to Coze, TLS) handshake.
 */
import type { IncomingMessage } from 'http';
import { AppError, cozeError, toAppError } from '../errors';
import { SseEvent, SseParser } from './sse';

/** Why reading stopped. */
export type ReadOutcome = 'ended' | 'deadline' | 'stopped';

/** Handles one event; return true to stop reading (e.g. after `done`). */
export type EventHandler = (event: SseEvent) => boolean | void;

/** How long the rest of a stream may take to arrive after the handler stopped before the socket is cut instead. */
export const DRAIN_LIMIT_MS = 2000;

/** Lets the unread rest of a finished stream flow so the socket is reused; cuts it if it does not end in time. */
function drain(res: IncomingMessage, limitMs: number): void {
  if (res.complete) return;
  const cut = setTimeout(() => res.destroy(), limitMs);
  // Optional: where a host replaced the timers (jsdom in the page tests), a timer is a plain number.
  cut.unref?.();
  const keep = (): void => clearTimeout(cut);
  res.once('end', keep);
  res.once('close', keep);
  res.resume();
}

/**
 * Feeds every event of `res` to `onEvent` until the body ends, the handler stops, or `deadlineAt` (epoch ms).
 * After a stop the rest of the body is drained for at most `drainLimitMs`. An aborted `signal` (the user
 * pressed stop) stops the read at once, even while the stream is silent.
 */
export function readEvents(res: IncomingMessage, onEvent: EventHandler, deadlineAt: number, drainLimitMs = DRAIN_LIMIT_MS, signal?: AbortSignal): Promise<ReadOutcome> {
  const parser = new SseParser();
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (outcome: ReadOutcome | AppError): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      if (outcome === 'ended') return resolve(outcome);
      if (outcome === 'stopped') {
        drain(res, drainLimitMs);
        return resolve(outcome);
      }
      res.destroy();
      if (outcome instanceof AppError) reject(outcome);
      else resolve(outcome);
    };
    const feed = (events: SseEvent[]): boolean => {
      for (const event of events) {
        if (settled) return true;
        if (onEvent(event) === true) {
          finish('stopped');
          return true;
        }
      }
      return false;
    };
    const timer = setTimeout(() => finish('deadline'), Math.max(0, deadlineAt - Date.now()));
    const onAbort = (): void => finish('stopped');
    if (signal?.aborted) finish('stopped');
    else signal?.addEventListener('abort', onAbort);
    res.on('data', (chunk: Buffer) => {
      if (settled) return;
      try {
        feed(parser.push(chunk));
      } catch (error) {
        finish(toAppError(error));
      }
    });
    res.on('end', () => {
      if (settled) return;
      try {
        if (!feed(parser.end())) finish('ended');
      } catch (error) {
        finish(toAppError(error));
      }
    });
    res.on('error', (error) => finish(error instanceof AppError ? error : cozeError({ network: `stream broken: ${error.message}` })));
    res.on('close', () => {
      if (!res.complete) finish(cozeError({ network: 'the Coze stream was cut before it finished' }));
    });
  });
}
