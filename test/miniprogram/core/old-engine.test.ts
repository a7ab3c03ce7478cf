/**
 * The chat core and the markdown tokenizer on WeChat's engine floor (iOS 12 / Chrome 66): loaded the way the
 * mini-program loads them (each .ts compiled on its own, marked from miniprogram_npm) into a realm without the
 * built-ins newer than that floor. Answers must come out as markdown blocks, not the plain-text fallback.
 */
import * as path from 'path';
import type { MdBlock } from '../../../miniprogram/core/markdown';
import { NEWER_BUILTINS, oldEngine, type OldEngine } from '../helpers/old-engine';

const MP = path.resolve(__dirname, '../../../miniprogram');
const TEST = path.resolve(__dirname, '..');

const MARKDOWN = '# 标题\n\n正文 **粗体** 与 `代码`\n\n- 一\n- 二\n\n```js\nconst a = 1;\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n';

/** Plain data out of the other realm, so jest compares values and not prototypes. */
function plain<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function kinds(blocks: MdBlock[]): string[] {
  return blocks.map((b) => b.kind);
}

describe('the mini-program on an engine without newer built-ins', () => {
  let engine: OldEngine;
  beforeEach(() => {
    engine = oldEngine();
  });

  it('really lacks them before our code runs (marked alone fails there)', () => {
    for (const name of NEWER_BUILTINS) expect([name, engine.run(`typeof ${name}`)]).toEqual([name, 'undefined']);
    const marked = engine.load<{ Lexer: new (o: object) => { lex(t: string): unknown[] } }>(path.join(MP, 'miniprogram_npm', 'marked', 'index.js'));
    expect(() => new marked.Lexer({ gfm: true }).lex('# a\n\nb')).toThrow(/at is not a function/);
  });

  it('tokenizes markdown into blocks, not the plain-text fallback', () => {
    const md = engine.load<typeof import('../../../miniprogram/core/markdown')>(path.join(MP, 'core', 'markdown.ts'));
    const blocks = plain(md.tokenize(MARKDOWN));
    expect(kinds(blocks)).toEqual(['heading', 'paragraph', 'paragraph', 'paragraph', 'code', 'table']);
    expect(blocks[1].runs?.map((r) => [r.t, r.cls ?? ''])).toEqual([
      ['正文 ', ''],
      ['粗体', 'b'],
      [' 与 ', ''],
      ['代码', 'c'],
    ]);
    expect(blocks.slice(2, 4).map((b) => b.marker)).toEqual(['•', '•']);
  });

  it('runs a whole chat turn (controller → setData state, streaming and final) with markdown blocks', async () => {
    const { ChatController } = engine.load<typeof import('../../../miniprogram/core/chat-controller')>(path.join(MP, 'core', 'chat-controller.ts'));
    const { SetDataChatState } = engine.load<typeof import('../../../miniprogram/services/setdata-chat-state')>(path.join(MP, 'services', 'setdata-chat-state.ts'));
    const { ScriptedTransport, chatResult } = engine.load<typeof import('../helpers/scripted-transport')>(path.join(TEST, 'helpers', 'scripted-transport.ts'));
    const { FakeClock } = engine.load<typeof import('../helpers/fake-clock')>(path.join(TEST, 'helpers', 'fake-clock.ts'));
    const clock = new FakeClock();
    const data: Record<string, unknown> = {};
    const state = new SetDataChatState({ clock, target: { setData: (d) => Object.assign(data, plain(d)) } });
    const transport = new ScriptedTransport();
    const controller = new ChatController({ state, transport, clock });

    expect(controller.send('你好')).toBe('sent');
    transport.sends[0].progress({ text: MARKDOWN.slice(0, 40) });
    clock.advance(1000);
    expect(data['messages[1].blocks[0]']).toMatchObject({ kind: 'heading', level: 1 });

    transport.sends[0].resolve({ ok: true, data: chatResult({ text: MARKDOWN }) });
    await new Promise((resolve) => setTimeout(resolve, 0));
    clock.advance(1000);
    const blocks = Object.keys(data)
      .filter((key) => /^messages\[1\]\.blocks\[\d+\]$/.test(key))
      .map((key) => data[key] as MdBlock);
    expect(kinds(blocks)).toEqual(['heading', 'paragraph', 'paragraph', 'paragraph', 'code', 'table']);
  });
});
