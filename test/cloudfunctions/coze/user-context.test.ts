/** The user-context hook's rules in isolation: the call budget bounds it, and the shipped default says nothing. */
import path from 'path';
import { resolveHook, userContext } from '../../../cloudfunctions/coze/src/user-context/user-context';
import type { CallContext } from '../../../cloudfunctions/coze/src/actions/types';
import { Deadline } from '../../../cloudfunctions/coze/src/deadline';

const FUNCTION_DIR = path.resolve(__dirname, '../../../cloudfunctions/coze');

function ctxWith(deadlineAt: number, hook: string): CallContext {
  const config = { contextHook: hook, contextTimeoutMs: 2000 };
  return { openid: 'o_unit', startedAt: Date.now(), deadline: new Deadline(deadlineAt), runtime: { config } } as unknown as CallContext;
}

test('the shipped user-context.js is a function that returns an empty object', async () => {
  const hook = resolveHook('user-context.js', FUNCTION_DIR);
  expect(typeof hook).toBe('function');
  expect(await hook?.({ openid: 'o_unit', cloud: {} as never })).toEqual({});
});

test('a call whose budget is spent does not run the hook: no context, and the log names CHAT_DEADLINE_MS', async () => {
  const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  try {
    const hook = path.join(FUNCTION_DIR, 'user-context.js');
    expect(await userContext(ctxWith(Date.now() - 1, hook), FUNCTION_DIR)).toEqual({});
    expect(warn.mock.calls.map((c) => String(c[0])).join('\n')).toMatch(/user_context\.failed.*no time left in the call budget \(CHAT_DEADLINE_MS\)/);
  } finally {
    warn.mockRestore();
  }
});
