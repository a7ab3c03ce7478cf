/**
 * Reads an SSE response event by event until it ends or a deadline passes. A connection that drops
 * mid-stream is UPSTREAM, never a silent success; a parse or handler error ends the read with that error.
 */
import type { IncomingMessage } from 'http';
import { AppError, cozeError, toAppError } from '../errors';
import { SseEvent, SseParser } from './sse';

/** Why reading stopped. */
export type ReadOutcome = 'ended' | 'deadline' | 'stopped';

/** Handles one event; return true to stop reading (e.g. after `done`). */
export type EventHandler = (event: SseEvent) => boolean | void;

/** Feeds every event of `res` to `onEvent` until the body ends, the handler stops, or `deadlineAt` (epoch ms). */
export function readEvents(res: IncomingMessage, onEvent: EventHandler, deadlineAt: number): Promise<ReadOutcome> {
  const parser = new SseParser();
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (outcome: ReadOutcome | AppError): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (outcome === 'ended') return resolve(outcome);
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
    res.on('data', (chunk: Buffer) => {
      try {
        feed(parser.push(chunk));
      } catch (error) {
        finish(toAppError(error));
      }
    });
    res.on('end', () => {
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
