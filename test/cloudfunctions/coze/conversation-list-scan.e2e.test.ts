/**
 * What conversation.list costs and where it ends: with Coze's session isolation on, our pages map straight onto
 * Coze's (no scan from page 1); with it off, every Coze page the scan reads counts against CHAT_CALLS_PER_MINUTE,
 * and past the scan's cap (50 Coze pages) the list ends with hasMore false instead of empty pages forever.
 */
import { expectError, expectOk, FunctionHarness, startFunctionHarness } from '../../helpers/function-harness';

async function createMany(h: FunctionHarness, openid: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let done = 0; done < count; done += 50) {
    const batch = Array.from({ length: Math.min(50, count - done) }, (_, i) => h.call(openid, { action: 'conversation.create', name: `会话 ${done + i}` }));
    for (const result of await Promise.all(batch)) ids.push(expectOk(result).conversation.id);
  }
  return ids;
}

function listReads(h: FunctionHarness, since: number): Array<Record<string, string>> {
  return h.emulator.requests.slice(since).filter((r) => r.method === 'GET' && r.path === '/v1/conversations').map((r) => r.query);
}

describe('isolation on (the usual case)', () => {
  let h: FunctionHarness;
  beforeAll(async () => {
    h = await startFunctionHarness();
  });
  afterAll(async () => {
    await h.stop();
  });

  test('a deep page reads Coze page 1 and then that page directly, and the pages still cover the list once, in order', async () => {
    await createMany(h, 'o_scan_other', 30);
    // Created one after another so the creation order (Coze's sort) is known.
    const mine: string[] = [];
    for (let i = 0; i < 130; i += 1) mine.unshift(expectOk(await h.call('o_scan_me', { action: 'conversation.create', name: `我的 ${i}` })).conversation.id);
    const before = h.emulator.requests.length;
    const deep = expectOk(await h.call('o_scan_me', { action: 'conversation.list', pageSize: 20, pageNum: 6 }));
    expect(listReads(h, before).map((q) => [q.page_num, q.page_size])).toEqual([['1', '50'], ['6', '20']]);
    expect([deep.conversations.length, deep.hasMore]).toEqual([20, true]);
    const seen: string[] = [];
    for (let pageNum = 1; pageNum <= 7; pageNum += 1) {
      const page = expectOk(await h.call('o_scan_me', { action: 'conversation.list', pageSize: 20, pageNum }));
      seen.push(...page.conversations.map((c) => c.id));
      expect(page.hasMore).toBe(pageNum < 7);
    }
    expect(seen).toEqual(mine);
    expect(deep.conversations.map((c) => c.id)).toEqual(mine.slice(100, 120));
  });
});

describe('isolation off', () => {
  let h: FunctionHarness;
  beforeAll(async () => {
    h = await startFunctionHarness({ emulator: { isolation: false }, env: { CHAT_CALLS_PER_MINUTE: '3' } });
  });
  afterAll(async () => {
    await h.stop();
  });

  test('every Coze page the scan reads counts against CHAT_CALLS_PER_MINUTE', async () => {
    h.emulator.setIsolation(false);
    process.env.CHAT_CALLS_PER_MINUTE = '0';
    await createMany(h, 'o_scan_crowd', 60);
    process.env.CHAT_CALLS_PER_MINUTE = '3';
    // Nothing of theirs among 60 others': the scan reads Coze pages 1 and 2, two of the three calls a minute.
    expect(expectOk(await h.call('o_scan_counted', { action: 'conversation.list' }))).toEqual({ conversations: [], hasMore: false });
    const before = h.emulator.requests.length;
    expect(expectError(await h.call('o_scan_counted', { action: 'conversation.list' })).code).toBe('RATE_LIMITED');
    // The refused page read reached nobody past the first page.
    expect(listReads(h, before).length).toBeLessThanOrEqual(1);
  });

  test('past the cap of 50 Coze pages the list ends (hasMore false) and the log says how to fix it', async () => {
    process.env.CHAT_CALLS_PER_MINUTE = '0';
    // The caller's one conversation is older than 2 500 others': beyond what one call scans.
    expectOk(await h.call('o_scan_old', { action: 'conversation.create', name: '很早的会话' }));
    await createMany(h, 'o_scan_crowd', 2_500);
    const logs = h.logs.length;
    const page = expectOk(await h.call('o_scan_old', { action: 'conversation.list', pageSize: 20 }));
    expect(page).toEqual({ conversations: [], hasMore: false });
    expect(h.logs.slice(logs).join('\n')).toMatch(/conversation\.list_scan_capped.*session isolation on/);
  });
});
