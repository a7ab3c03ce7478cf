/** Words of the thinking block and the tool-step line, in one place (pure, so the labels are tested without a view). */
import type { ToolStep } from '../shared/protocol';

/** Shown while the model is still thinking (no answer text yet). */
export const THINKING_LABEL = '思考中…';

/** The collapsed block's title: with the time it took when the page saw it live, without it for history. */
export function thoughtLabel(thinkingMs: number | undefined): string {
  if (thinkingMs === undefined) return '已深度思考';
  return `已深度思考（用时 ${Math.max(1, Math.round(thinkingMs / 1000))} 秒）`;
}

/** One tool step as a line: running, then done. Only the tool's name is ever shown. */
export function stepLabel(step: ToolStep): string {
  return step.done ? `已调用 ${step.name}` : `正在调用 ${step.name}…`;
}
