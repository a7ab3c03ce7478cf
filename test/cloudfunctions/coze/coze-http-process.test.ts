/**
 * The built HTTP function as CloudBase runs it (scf_bootstrap: `node index.js` in cloudfunctions/coze-http):
 * its own process on each Node in SMOKE_NODE_BINARIES plus this one, listening on PORT, answering /ping and a
 * whole ticketed chat. The ticket comes from the `coze` bundle in this process: same private key, other process.
 */
import { spawn, type ChildProcess } from 'child_process';
import * as http from 'http';
import path from 'path';
import type { ChatResult, StreamTicketGrant } from '../../../miniprogram/shared/protocol';
import { expectOk, startFunctionHarness, type FunctionHarness } from '../../helpers/function-harness';
import { postChat } from '../../helpers/http-function';
import { answerFor } from '../../../tools/coze-emulator/scripted-bot';

const FOLDER = path.resolve(__dirname, '../../../cloudfunctions/coze-http');
const extra = (process.env.SMOKE_NODE_BINARIES ?? '').split(':').filter(Boolean);
const binaries = [...extra, process.execPath];
const USER = 'o_http_process';

let h: FunctionHarness;
beforeAll(async () => {
  h = await startFunctionHarness();
});
afterAll(() => h.stop());

/** Starts `node index.js` with PORT=0 and resolves with its URL once it logs http.listening. */
function startProcess(node: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(node, ['index.js'], {
    cwd: FOLDER,
    env: { PATH: process.env.PATH ?? '', NODE_PATH: path.resolve(FOLDER, '../../node_modules'), PORT: '0', ...h.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const port = /"event":"http.listening","port":(\d+)/.exec(out)?.[1];
      if (port) resolve({ child, url: `http://127.0.0.1:${port}` });
    });
    child.on('exit', (code) => reject(new Error(`coze-http exited (${String(code)}) before listening: ${out}`)));
  });
}

test.each(binaries)('%s: node index.js listens on PORT and streams a ticketed chat', async (node) => {
  const { child, url } = await startProcess(node);
  try {
    const ping = await fetchText(`${url}/ping`);
    expect(JSON.parse(ping)).toEqual({ ok: true, data: { function: 'coze-http' } });
    const streamId = 'd'.repeat(31) + String(binaries.indexOf(node));
    const grant = expectOk(await h.call(USER, { action: 'chat.ticket', streamId })) as StreamTicketGrant;
    const chat = await postChat(url, { ticket: grant.ticket, text: '独立进程', streamId });
    expect((expectOk(chat.result as never) as ChatResult).answer?.content).toBe(answerFor('独立进程'));
    expect(chat.docs.length).toBeGreaterThan(1);
  } finally {
    child.kill();
  }
});

function fetchText(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    http.get(url, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve(text));
    }).on('error', reject);
  });
}
