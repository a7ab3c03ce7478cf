/**
 * Measures what a streamed answer costs in setData: the real controller and the real SetDataChatState,
 * a scripted transport and a fake clock, so results are bytes and call counts, never wall time.
 * Reused by the benchmark (bench/) as well as by the adapter tests.
 */
import { ChatController } from '../../miniprogram/core/chat-controller';
import type { ChatMessage } from '../../miniprogram/core/chat-types';
import { tokenize } from '../../miniprogram/core/markdown';
import { SetDataChatState } from '../../miniprogram/services/setdata-chat-state';
import { toViewMessage } from '../../miniprogram/services/view-model';
import { FakeClock } from '../miniprogram/helpers/fake-clock';
import { ScriptedTransport, chatResult, flush } from '../miniprogram/helpers/scripted-transport';

/** What to stream. */
export interface StreamSetDataInput {
  /** Messages already in the conversation before the question. */
  historyLength: number;
  /** Length of the answer in characters. */
  answerChars: number;
  /** Number of live snapshots the answer arrives in. */
  deltas: number;
  /** Simulated time between snapshots (default 20 ms). */
  deltaIntervalMs?: number;
  /** Turn the adapter's typewriter on, as the chat page does (default off). */
  typewriter?: boolean;
}

/** What it cost. */
export interface StreamSetDataResult {
  calls: number;
  bytesPerCall: number[];
  totalBytes: number;
  /** JSON bytes of the finished answer's view message (what one full send would cost). */
  finalMessageBytes: number;
  simulatedSeconds: number;
  /** The payloads themselves, for assertions on keys. */
  payloads: Array<Record<string, unknown>>;
}

const SECTIONS = [
  '## 小节标题\n\n这是一段说明文字，包含 **粗体**、*斜体* 和 `行内代码`，以及一个[链接](https://example.com/doc)。\n\n',
  '- 第一项：说明\n- 第二项：说明\n  - 嵌套项\n\n',
  '> 引用的一句话。\n\n',
  '```ts\n' + Array.from({ length: 30 }, (_, i) => `const value${i} = compute(${i}); // 第 ${i} 行`).join('\n') + '\n```\n\n',
  '| 列一 | 列二 |\n| --- | :-: |\n| 甲 | 乙 |\n| 丙 | 丁 |\n\n',
  Array.from({ length: 8 }, (_, i) => `长段落的第 ${i} 句话，用来让一个段落变得很长。`).join('') + '\n\n',
];

/** A deterministic markdown answer of exactly `chars` characters, mixing every block kind. */
export function sampleAnswer(chars: number): string {
  let text = '';
  for (let i = 0; text.length < chars; i++) text += SECTIONS[i % SECTIONS.length];
  return text.slice(0, chars);
}

function history(n: number): ChatMessage[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `h${i}`,
    role: i % 2 ? 'assistant' : 'user',
    text: i % 2 ? `回答 ${i}：**要点**\n\n- 一\n- 二` : `问题 ${i}`,
    status: 'complete',
    error: null,
    followUps: [],
    chatId: i % 2 ? `c${i}` : '',
  }));
}

/** Streams a long answer through controller → adapter and records every setData after the history load. */
export async function measureStreamSetData(input: StreamSetDataInput): Promise<StreamSetDataResult> {
  const clock = new FakeClock();
  const payloads: Array<Record<string, unknown>> = [];
  let recording = false;
  const state = new SetDataChatState({
    clock,
    typewriter: input.typewriter,
    target: { setData: (data) => recording && payloads.push(JSON.parse(JSON.stringify(data)) as Record<string, unknown>) },
  });
  const transport = new ScriptedTransport();
  const controller = new ChatController({ state, transport, clock });
  state.setMessages(history(input.historyLength));
  recording = true;
  const answer = sampleAnswer(input.answerChars);
  controller.send('请写一篇很长的回答');
  const send = transport.sends[0];
  const interval = input.deltaIntervalMs ?? 20;
  for (let i = 1; i <= input.deltas; i++) {
    send.progress({ text: answer.slice(0, Math.round((answer.length * i) / input.deltas)), seq: i });
    clock.advance(interval);
  }
  send.resolve({ ok: true, data: chatResult({ text: answer, followUps: ['继续'] }) });
  await controller.whenIdle();
  await flush();
  // With the typewriter the end of the answer is still being typed: let it catch up (it never takes longer than 1 s).
  clock.advance(input.typewriter ? Math.max(interval, 1000) : interval);
  const bytesPerCall = payloads.map((p) => Buffer.byteLength(JSON.stringify(p)));
  const final = state.messages[state.messages.length - 1];
  return {
    calls: payloads.length,
    bytesPerCall,
    totalBytes: bytesPerCall.reduce((a, b) => a + b, 0),
    finalMessageBytes: Buffer.byteLength(JSON.stringify(toViewMessage(final, tokenize(final.text)))),
    simulatedSeconds: clock.now() / 1000,
    payloads,
  };
}

/** Mean of a list of numbers (0 for none). */
export function mean(values: readonly number[]): number {
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0;
}
