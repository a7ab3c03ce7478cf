/** @jest-environment jsdom */
/** The floating entry button: placement, drag and snap, tap to open the chat, hidden mode. */
import { installWxFake, type WxFake } from '../../helpers/wx-fake';
import { CHAT_PAGE_URL } from '../../../miniprogram/services/open-coze-chat';
import { load, mount, until, type SimNode } from '../helpers/simulate';

describe('coze-entry', () => {
  let id: string;
  let fake: WxFake;
  beforeAll(() => {
    fake = installWxFake({ callFunction: async () => ({ ok: true, data: {} }) });
    id = load('components/coze-entry/coze-entry', 'coze-entry');
  });
  afterAll(() => fake.uninstall());

  const style = (comp: SimNode) => comp.querySelector('.entry')?.dom.getAttribute('style') ?? '';

  it('sits at its configured edge and offsets', () => {
    const right = mount(id, { offsetX: 20, offsetY: 100 });
    expect([right.data.x, right.data.y]).toEqual([375 - 56 - 20, 667 - 56 - 100]);
    expect(style(right)).toContain(`left: ${375 - 56 - 20}px`);
    const left = mount(id, { edge: 'left', offsetX: 12, offsetY: 200 });
    expect([left.data.x, left.data.y]).toEqual([12, 667 - 56 - 200]);
    right.detach();
    left.detach();
  });

  it('drags with the finger and snaps to the nearer edge on release, telling the host where it rests', async () => {
    const comp = mount(id, { offsetX: 16, offsetY: 120 });
    const moves: unknown[] = [];
    comp.addEventListener('move', (e) => moves.push(e.detail));
    const button = comp.querySelector('.entry') as SimNode;
    const start = { x: 330, y: 470 };
    button.dispatchEvent('touchstart', { touches: [start] });
    button.dispatchEvent('touchmove', { touches: [{ x: 100, y: 300 }] });
    await until(() => comp.data.dragging === true, 'dragging');
    expect([comp.data.x, comp.data.y]).toEqual([303 - 230, 491 - 170]);
    button.dispatchEvent('touchend', { changedTouches: [{ x: 100, y: 300 }] });
    await until(() => moves.length === 1, 'move event');
    expect(moves[0]).toEqual({ edge: 'left', offsetX: 16, offsetY: 667 - 56 - 321 });
    expect([comp.data.x, comp.data.y, comp.data.dragging]).toEqual([16, 321, false]);
    expect(fake.navigation).toEqual([]);
    comp.detach();
  });

  it('a tap opens the chat page (or the url the host set); hidden renders nothing', async () => {
    const comp = mount(id, {});
    const opened: unknown[] = [];
    comp.addEventListener('open', () => opened.push(1));
    comp.querySelector('.entry')?.dispatchEvent('tap');
    await until(() => fake.navigation.length === 1, 'navigation');
    expect(fake.navigation).toEqual([`navigateTo:${CHAT_PAGE_URL}`]);
    expect(opened).toHaveLength(1);
    const custom = mount(id, { url: '/pages/help/chat' });
    custom.querySelector('.entry')?.dispatchEvent('tap');
    await until(() => fake.navigation.length === 2, 'navigation');
    expect(fake.navigation[1]).toBe('navigateTo:/pages/help/chat');
    const hidden = mount(id, { hidden: true });
    expect(hidden.querySelector('.entry')).toBeUndefined();
    [comp, custom, hidden].forEach((c) => c.detach());
  });
});
