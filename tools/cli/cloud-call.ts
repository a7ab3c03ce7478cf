/**
 * Typed calls of the cloud function through a local-cloud client, unwrapping the envelope exactly as the
 * mini-program's transport does: `ok: false` becomes a thrown ActionError carrying the envelope's error.
 */
import { randomBytes } from 'crypto';
import type { ActionName, ActionResult, Actions, ApiError } from '../../miniprogram/shared/protocol';
import type { LocalCloudClient } from '../dev-server/local-cloud';

/** The envelope's error, thrown: `message` is the Chinese, user-safe text. */
export class ActionError extends Error {
  readonly error: ApiError;

  constructor(error: ApiError) {
    super(error.message);
    this.name = 'ActionError';
    this.error = error;
  }
}

function isEnvelope(value: unknown): value is { ok: true; data: unknown } | { ok: false; error: ApiError } {
  return typeof value === 'object' && value !== null && typeof (value as { ok?: unknown }).ok === 'boolean';
}

/** Calls one action as the client's user and resolves with its envelope (a non-envelope answer becomes INTERNAL). */
export async function callEnvelope<A extends ActionName>(client: LocalCloudClient, action: A, params: Actions[A]['params']): Promise<ActionResult<A>> {
  const { result } = await client.callFunction({ name: 'coze', data: { action, ...params } });
  if (!isEnvelope(result)) {
    return { ok: false, error: { code: 'INTERNAL', message: `The function answered something that is not an envelope: rebuild it with npm run build.`, retryable: false } };
  }
  return result as ActionResult<A>;
}

/** Calls one action as the client's user; resolves with `data` or throws ActionError. */
export async function callAction<A extends ActionName>(client: LocalCloudClient, action: A, params: Actions[A]['params']): Promise<Actions[A]['data']> {
  const result = await callEnvelope(client, action, params);
  if (!result.ok) throw new ActionError(result.error);
  return result.data;
}

const STREAM_ID_BYTES = 16;

/** A new stream id: 32 random hex characters, made by the client (DESIGN.md section 5). */
export function newStreamId(): string {
  return randomBytes(STREAM_ID_BYTES).toString('hex');
}
