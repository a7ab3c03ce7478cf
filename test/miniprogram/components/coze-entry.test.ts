/** @jest-environment jsdom */
/** The floating entry button: placement, drag and snap, tap to open the chat, hidden mode. */
import { installWxFake, type WxFake } from '../../helpers/wx-fake';
import { CHAT_PAGE_URL } from '../../../miniprogram/services/open-coze-chat';
import { DRAG_FRAME_MS } from '../../../miniprogram/core/frame-coalescer';
import { flush } from '../helpers/scripted-transport';
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

  it('coalesces a burst of touchmoves into one setData per frame interval, the latest position last, and none after the snap', async () => {
    jest.useFakeTimers();
    try {
      const comp = mount(id, { offsetX: 16, offsetY: 120 });
      const positions: Array<[unknown, unknown]> = [];
      const setData = comp.instance.setData.bind(comp.instance);
      comp.instance.setData = (data: Record<string, unknown>) => {
        if ('x' in data) positions.push([data.x, data.y]);
        setData(data);
      };
      const button = comp.querySelector('.entry') as SimNode;
      button.dispatchEvent('touchstart', { touches: [{ x: 330, y: 470 }] });
      for (let i = 1; i <= 10; i++) button.dispatchEvent('touchmove', { touches: [{ x: 330 - 20 * i, y: 470 - 10 * i }] });
      // j-component delivers each event on a microtask (not a timer): let them all run, no clock time passes.
      await flush();
      expect(positions).toEqual([[303 - 20, 491 - 10]]);
      jest.advanceTimersByTime(DRAG_FRAME_MS);
      expect(positions).toEqual([
        [303 - 20, 491 - 10],
        [303 - 200, 491 - 100],
      ]);
      jest.advanceTimersByTime(DRAG_FRAME_MS);
      button.dispatchEvent('touchmove', { touches: [{ x: 100, y: 300 }] });
      button.dispatchEvent('touchmove', { touches: [{ x: 90, y: 300 }] });
      button.dispatchEvent('touchend', { changedTouches: [{ x: 90, y: 300 }] });
      await flush();
      jest.advanceTimersByTime(DRAG_FRAME_MS * 2);
      // After a quiet interval a move goes at once; the one still waiting is dropped by the snap.
      expect(positions.slice(2)).toEqual([
        [303 - 230, 491 - 170],
        [16, 321],
      ]);
      expect(comp.data.dragging).toBe(false);
      comp.detach();
    } finally {
      jest.useRealTimers();
    }
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
