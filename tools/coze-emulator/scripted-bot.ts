/**
 * The emulator's bot: deterministic markdown answers that echo the question, so a person watching the
 * mini-program sees headings, lists, code, a table, a link and Chinese text stream in, and tests can predict
 * every byte.
 */

/** Bot metadata served by GET /v1/bots/:bot_id. */
export const BOT_PROFILE = {
  name: '扣子模拟助手',
  description: '本地 Coze 模拟器里的演示机器人：回答是固定脚本，用来检查渲染与流式输出。',
  iconUrl: 'https://lf-coze-web-cdn.coze.cn/obj/coze-web-cn/static/bot-icon.png',
  prologue: '你好，{{user_name}}！我是本地模拟的扣子机器人，问我任何问题都会得到一段示例 Markdown 回答。',
  suggestedQuestions: ['介绍一下你自己', '给我一段 TypeScript 示例', '用表格比较三种语言'],
} as const;

/** Characters per delta, cycled: a few characters each, like the real server. */
const DELTA_SIZES: readonly number[] = [2, 3, 1, 4, 3];

/** Trims and shortens the question for echoing into headings. */
function topic(question: string): string {
  const text = question.replace(/#(fault|mode):\S+/g, '').replace(/\s+/g, ' ').trim();
  const chars = Array.from(text);
  return chars.length > 40 ? chars.slice(0, 40).join('') + '…' : text || '（空问题）';
}

/** What the answer says about a received file: kind, name, bytes and Coze file id, so tests can see what arrived. */
export function receivedLine(item: { type: string; fileId: string; fileName: string; bytes: number }): string {
  const kind = item.type === 'image' ? '图片' : item.type === 'audio' ? '音频' : '文件';
  return `- ${kind}「${item.fileName}」${item.bytes} 字节${item.fileId ? `（file_id ${item.fileId}）` : ''}`;
}

/** The heading of the echo of received files. */
export const RECEIVED_HEADING = '收到的附件：';

/** The markdown answer to a question; `minChars` pads it (long-answer fault); received files are echoed first. */
export function answerFor(question: string, minChars = 0, received: readonly { type: string; fileId: string; fileName: string; bytes: number }[] = []): string {
  const t = topic(question);
  const parts = [
    `## 关于「${t}」`,
    '',
    `你问的是：**${t}**。这是模拟器的固定回答，用来演示流式渲染。`,
    '',
    '- 第一点：回答按几个字一段地推送',
    '- 第二点：支持 *强调*、`行内代码` 和 [链接](https://www.coze.cn/open/docs)',
    '- 第三点：结尾会给出追问建议',
    '',
    '```ts',
    `const question = ${JSON.stringify(t)};`,
    'console.log(`length: ${question.length}`);',
    '```',
    '',
    '| 项目 | 值 |',
    '| --- | --- |',
    `| 问题长度 | ${Array.from(t).length} |`,
    '| 来源 | coze-emulator |',
    '',
    '> 提示：在问题里加上 `#fault:drop` 等触发词可以演示各种故障。',
  ];
  if (received.length) parts.splice(2, 0, RECEIVED_HEADING, '', ...received.map(receivedLine), '');
  let text = parts.join('\n');
  let n = 1;
  while (Array.from(text).length < minChars) {
    text += `\n\n### 补充段落 ${n}\n\n这是为长回答故障准备的第 ${n} 段填充文字，内容固定，便于测试计算长度。`;
    n += 1;
  }
  return text;
}

/** How the bot behaves, from `#mode:WORD` trigger words: `think` streams reasoning first, `tool` calls a plugin first. */
export interface BotModes {
  think: boolean;
  tool: boolean;
}

/** The bot modes a user's text asks for (`#mode:think`, `#mode:tool`; both may be given). */
export function botModes(text: string): BotModes {
  const words = new Set([...text.matchAll(/#mode:([a-z]+)/gi)].map((m) => m[1].toLowerCase()));
  return { think: words.has('think'), tool: words.has('tool') };
}

/** The `#mode:think` bot's reasoning: a fixed chain of thought about the question, streamed before the answer. */
export function reasoningFor(question: string): string {
  const t = topic(question);
  return [
    `用户问的是「${t}」。`,
    '先想清楚问题的要点：需要给出一段带标题、列表、代码和表格的示例回答。',
    '再检查格式：Markdown 要完整，代码块要闭合，表格要对齐。',
    '好，可以开始回答了。',
  ].join('\n');
}

/** The plugins the `#mode:tool` bot calls, in order, as Coze's function_call content names them, with raw arguments and outputs users must never see. */
export const TOOL_CALLS = [
  {
    pluginName: '天气查询',
    apiName: 'get_weather',
    arguments: { city: '北京', secret_hint: 'RAW-ARGUMENT-NOT-FOR-USERS' },
    output: '{"temperature":21,"raw":"RAW-TOOL-OUTPUT-NOT-FOR-USERS"}',
  },
  {
    pluginName: '地图搜索',
    apiName: 'search_poi',
    arguments: { keyword: '公园', secret_hint: 'RAW-ARGUMENT-NOT-FOR-USERS' },
    output: '{"places":["RAW-TOOL-OUTPUT-NOT-FOR-USERS"]}',
  },
] as const;

/** Two or three follow-up questions, derived from the question. */
export function followUpsFor(question: string): string[] {
  const t = topic(question);
  const base = [`「${t}」还有哪些细节？`, `能举一个关于「${t}」的例子吗？`];
  if (Array.from(t).length % 2 === 0) base.push('还有别的问题可以问吗？');
  return base;
}

/** Splits text into deltas of a few code points each (never inside a character). */
export function splitDeltas(text: string): string[] {
  const chars = Array.from(text);
  const out: string[] = [];
  let i = 0;
  let k = 0;
  while (i < chars.length) {
    const size = DELTA_SIZES[k % DELTA_SIZES.length];
    out.push(chars.slice(i, i + size).join(''));
    i += size;
    k += 1;
  }
  return out;
}

/** A rough token count (≈ characters / 2) for usage numbers. */
export function tokenCount(text: string): number {
  return Math.max(1, Math.ceil(Array.from(text).length / 2));
}
