/**
 * A chatflow's question node (问答节点) as it reaches the API: the flow stops, and the question's answer message
 * carries `{"question": "…", "options": [{"name": "…"}, …]}` as its content (options as objects or strings).
 * This JSON shape is what the emulator plays; on the real service it is UNCONFIRMED (see the emulator README).
 * A question without options (and an input node, 输入节点) is plain answer text followed by the `interrupt`
 * verbose message of the workflow-chat doc.
 */
import type { ChatQuestion } from '../../../../miniprogram/shared/protocol';
import { parseJson } from './json';

/** Most options shown; Coze's question node UI allows far fewer. */
const MAX_OPTIONS = 20;

/** The question of an answer's content, or undefined when the content is not a question card. */
export function parseQuestion(content: string): ChatQuestion | undefined {
  if (!content.trimStart().startsWith('{')) return undefined;
  const parsed = parseJson(content);
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
  const card = parsed as Record<string, unknown>;
  if (typeof card.question !== 'string' || !Array.isArray(card.options)) return undefined;
  const options = card.options
    .map((o: unknown) => (typeof o === 'string' ? o : o !== null && typeof o === 'object' ? (o as { name?: unknown }).name : undefined))
    .filter((o): o is string => typeof o === 'string' && o.trim() !== '')
    .slice(0, MAX_OPTIONS);
  return { text: card.question, options };
}

/** The text a user sees for an answer's content: the question of a question card, the content otherwise. */
export function displayContent(content: string): string {
  return parseQuestion(content)?.text ?? content;
}

/** True for the verbose message that marks an interrupted flow (`{"msg_type":"interrupt",…}`, workflow-chat doc). */
export function isInterrupt(verboseContent: string): boolean {
  const parsed = parseJson(verboseContent);
  return parsed !== null && typeof parsed === 'object' && (parsed as { msg_type?: unknown }).msg_type === 'interrupt';
}
