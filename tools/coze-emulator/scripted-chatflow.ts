/**
 * The emulator's chatflow (对话流): a two-step script with a question node, so the whole interrupt-and-resume
 * road can be tested. Turn 1 (nothing pending): the flow asks a question with options and stops. Turn 2: the
 * user's message answers it (an option or free text), the flow replies and completes. The start node's
 * `parameters` are echoed into the reply, so tests see which values reached the flow.
 */

/** The question node's text. */
export const CHATFLOW_QUESTION = '你想先了解哪一项？';
/** The question node's options. */
export const CHATFLOW_OPTIONS: readonly string[] = ['套餐价格', '营业时间', '门店地址'];

/** The question card the flow answers with when it stops at the question node (content of an `answer` message). */
export function questionCard(): string {
  return JSON.stringify({ question: CHATFLOW_QUESTION, options: CHATFLOW_OPTIONS.map((name) => ({ name })) });
}

/** The flow's reply to the answer of its question; parameters (the start node's inputs) are echoed sorted by key. */
export function chatflowReply(reply: string, parameters: Record<string, unknown>): string {
  const chosen = CHATFLOW_OPTIONS.includes(reply.trim());
  const lines = [chosen ? `你选择了「${reply.trim()}」。这是对话流在问答节点之后的回答。` : `你输入了「${reply.trim()}」，不在选项中，对话流走了“其他”分支。`];
  const keys = Object.keys(parameters).sort();
  if (keys.length > 0) lines.push('', `开始节点参数：${keys.map((k) => `${k}=${typeof parameters[k] === 'string' ? String(parameters[k]) : JSON.stringify(parameters[k])}`).join('，')}`);
  return lines.join('\n');
}
