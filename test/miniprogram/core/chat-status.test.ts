import { CHAT_STATUSES, CHAT_TRANSITIONS, canTransition, isGenerating } from '../../../miniprogram/core/chat-status';

describe('chat status machine', () => {
  const legal: Array<[string, string]> = [
    ['ready', 'submitted'],
    ['submitted', 'streaming'],
    ['submitted', 'ready'],
    ['submitted', 'error'],
    ['streaming', 'ready'],
    ['streaming', 'error'],
    ['error', 'submitted'],
    ['error', 'ready'],
  ];
  const all = CHAT_STATUSES.flatMap((from) => CHAT_STATUSES.filter((to) => to !== from).map((to) => [from, to] as const));

  test.each(all)('%s → %s', (from, to) => {
    const expected = legal.some(([f, t]) => f === from && t === to);
    expect(canTransition(from, to)).toBe(expected);
  });

  it('lists exactly the documented transitions, once', () => {
    const listed = Object.entries(CHAT_TRANSITIONS).flatMap(([from, tos]) => tos.map((to) => `${from}→${to}`));
    expect(listed.sort()).toEqual(legal.map(([f, t]) => `${f}→${t}`).sort());
  });

  it('treats submitted and streaming as generating', () => {
    expect(CHAT_STATUSES.filter(isGenerating)).toEqual(['submitted', 'streaming']);
  });
});
