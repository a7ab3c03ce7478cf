/**
 * A verdict that arrives after its image was sent (CHAT_IMAGE_CHECK_PENDING=send): the push records it, and when
 * it removes the image, the question that carried it is deleted from the user's Coze conversation (found by the
 * trace id its meta_data keeps). chat.send remembers such images once the chat ran; whichever of the two comes
 * second does the removal.
 */
import { toAppError } from '../errors';
import { arr, obj, str } from '../coze/json';
import { log, userTag, withoutOpenid } from '../log';
import type { Runtime } from '../runtime';
import { verdictStore, type PendingTurn } from './media-check';
import type { Verdict } from './sec-check';
import type { Deadline } from '../deadline';

/** Messages searched for the question (the newest first: the image was just sent). */
const SEARCH_LIMIT = 50;

/** Deletes the question whose meta_data carries the trace id, within `deadline`; logs what happened. */
async function removeQuestion(runtime: Runtime, turn: PendingTurn, traceId: string, deadline: Deadline): Promise<void> {
  const { openid, conversationId } = turn;
  const caller = { openid, deadline };
  try {
    const body = await runtime.coze.json(caller, { method: 'POST', path: '/v1/conversation/message/list', idempotent: true, query: { conversation_id: conversationId }, json: { order: 'desc', limit: SEARCH_LIMIT } });
    const question = arr(body, 'data').map(obj).find((m) => Object.values(obj(m.meta_data)).some((v) => typeof v === 'string' && v.includes(`"traceId":${JSON.stringify(traceId)}`)));
    if (!question) {
      log.warn('content.image_late_not_found', { user: userTag(openid), traceId, conversation: conversationId });
      return;
    }
    await runtime.coze.json(caller, { method: 'POST', path: '/v1/conversation/message/delete', query: { conversation_id: conversationId, message_id: str(question, 'id') } });
    log.warn('content.image_removed', { user: userTag(openid), traceId, conversation: conversationId, message: str(question, 'id') });
  } catch (error) {
    log.warn('content.image_remove_failed', { user: userTag(openid), traceId, reason: withoutOpenid(toAppError(error).detail, openid), fix: 'grant the OAuth app the deleteMessage permission' });
  }
}

/** The push side: records the verdict and removes an image already sent, when the verdict says so (within `deadline`). */
export async function onImageVerdict(runtime: Runtime, traceId: string, verdict: Verdict, deadline: Deadline): Promise<void> {
  const store = verdictStore();
  await store.record(traceId, verdict, deadline);
  if (verdict !== 'pass') log.warn('content.image_verdict', { traceId, verdict });
  if (!runtime.content.removes(verdict)) return;
  const turn = await store.turnOf(traceId, deadline);
  if (turn) await removeQuestion(runtime, turn, traceId, deadline);
}

/** The chat.send side: remembers images sent before their verdict, or removes them if it came meanwhile (within `deadline`). */
export async function rememberPending(runtime: Runtime, turn: PendingTurn, traceIds: readonly string[], deadline: Deadline): Promise<void> {
  const store = verdictStore();
  for (const traceId of traceIds) {
    await store.remember(traceId, turn, deadline);
    const verdict = await store.wait(traceId, 0, deadline);
    if (verdict && runtime.content.removes(verdict)) await removeQuestion(runtime, turn, traceId, deadline);
  }
}
