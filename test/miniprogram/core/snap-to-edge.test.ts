import { VERTICAL_MARGIN, dragTo, isTap, positionOf, snapToEdge } from '../../../miniprogram/core/snap-to-edge';
import { CANCEL_SLIDE_PX, releaseAction } from '../../../miniprogram/core/hold-to-talk';

const area = { width: 375, height: 667 };
const size = 56;

describe('floating button geometry', () => {
  it('places the button from its edge and offsets (offsetY from the bottom)', () => {
    expect(positionOf({ edge: 'right', offsetX: 16, offsetY: 120 }, size, area)).toEqual({ x: 375 - 56 - 16, y: 667 - 56 - 120 });
    expect(positionOf({ edge: 'left', offsetX: 10, offsetY: 0 }, size, area)).toEqual({ x: 10, y: 667 - 56 - VERTICAL_MARGIN });
    // Offsets larger than the window keep the button on screen.
    expect(positionOf({ edge: 'left', offsetX: 999, offsetY: 9999 }, size, area)).toEqual({ x: 375 - 56, y: VERTICAL_MARGIN });
  });

  it('drags with the finger but never off screen', () => {
    expect(dragTo({ x: 100, y: 300 }, -30, 40, size, area)).toEqual({ x: 70, y: 340 });
    expect(dragTo({ x: 100, y: 300 }, -500, -900, size, area)).toEqual({ x: 0, y: VERTICAL_MARGIN });
    expect(dragTo({ x: 100, y: 300 }, 900, 900, size, area)).toEqual({ x: 375 - 56, y: 667 - 56 - VERTICAL_MARGIN });
  });

  it('snaps to the nearer side by the button centre, keeping its height and the gap', () => {
    expect(snapToEdge({ x: 100, y: 300 }, size, area, 16)).toEqual({ edge: 'left', offsetX: 16, offsetY: 667 - 56 - 300, x: 16, y: 300 });
    expect(snapToEdge({ x: 200, y: 300 }, size, area, 16)).toMatchObject({ edge: 'right', x: 375 - 56 - 16 });
    // Exactly in the middle goes right.
    expect(snapToEdge({ x: (375 - 56) / 2, y: 300 }, size, area, 16).edge).toBe('right');
    // Snapping also pulls a button back inside vertically.
    expect(snapToEdge({ x: 0, y: -40 }, size, area, 16).y).toBe(VERTICAL_MARGIN);
  });

  it('small movements are taps, larger ones drags', () => {
    expect(isTap(3, -4)).toBe(true);
    expect(isTap(0, 12)).toBe(false);
  });
});

describe('hold-to-talk', () => {
  it('sliding up by the cancel distance cancels; less, or down, sends', () => {
    expect(releaseAction(500, 500 - CANCEL_SLIDE_PX)).toBe('cancel');
    expect(releaseAction(500, 500 - CANCEL_SLIDE_PX + 1)).toBe('send');
    expect(releaseAction(500, 560)).toBe('send');
  });
});
