import { DRAG_FRAME_MS, FrameCoalescer } from '../../../miniprogram/core/frame-coalescer';
import { FakeClock } from '../helpers/fake-clock';

function setup() {
  const clock = new FakeClock();
  const applied: number[] = [];
  const frames = new FrameCoalescer<number>((v) => applied.push(v), DRAG_FRAME_MS, clock);
  return { clock, applied, frames };
}

describe('FrameCoalescer', () => {
  it('applies the first value at once and only the latest of a burst at the end of the interval', () => {
    const { clock, applied, frames } = setup();
    for (let v = 1; v <= 10; v++) frames.push(v);
    expect(applied).toEqual([1]);
    clock.advance(DRAG_FRAME_MS - 1);
    expect(applied).toEqual([1]);
    clock.advance(1);
    expect(applied).toEqual([1, 10]);
    expect(clock.pending).toBe(0);
  });

  it('never applies more than one value per interval over a long drag', () => {
    const { clock, applied, frames } = setup();
    // A touchmove every 4 ms for a simulated second.
    for (let t = 0; t < 1000; t += 4) {
      frames.push(t);
      clock.advance(4);
    }
    clock.advance(DRAG_FRAME_MS);
    expect(applied.length).toBeLessThanOrEqual(Math.ceil(1000 / DRAG_FRAME_MS) + 1);
    expect(applied.length).toBeGreaterThan(1000 / DRAG_FRAME_MS / 2);
    expect(applied[applied.length - 1]).toBe(996);
  });

  it('applies at once again after a quiet interval, and cancel drops a waiting value', () => {
    const { clock, applied, frames } = setup();
    frames.push(1);
    clock.advance(DRAG_FRAME_MS);
    frames.push(2);
    expect(applied).toEqual([1, 2]);
    frames.push(3);
    frames.cancel();
    clock.advance(DRAG_FRAME_MS * 2);
    expect(applied).toEqual([1, 2]);
  });
});
