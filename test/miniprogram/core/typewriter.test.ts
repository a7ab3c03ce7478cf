/** The typewriter's reveal schedule, on a logical clock (numbers passed in; nothing waits). */
import { Typewriter, TYPEWRITER_MAX_LAG_MS } from '../../../miniprogram/core/typewriter';

test('a piece that arrived is revealed evenly and never more than the lag behind', () => {
  const t = new Typewriter(800);
  t.arrive('0123456789', 0);
  expect(t.reveal(0)).toBe('');
  expect(t.reveal(400)).toBe('01234');
  expect(t.caughtUp(400)).toBe(false);
  expect(t.reveal(800)).toBe('0123456789');
  expect(t.caughtUp(800)).toBe(true);
});

test('the next piece is spread over the time it took to arrive (about the arrival rate), capped by the lag', () => {
  const t = new Typewriter(800);
  t.arrive('aaaa', 0);
  t.arrive('aaaabbbb', 200); // arrived 200 ms after the previous piece
  expect(t.reveal(200).length).toBe(1); // 1 of 'aaaa' was shown at 200 (200/800 of 4)
  expect(t.reveal(300).length).toBe(4); // the 7 left are spread over 200 ms: half of them by 300
  expect(t.reveal(400)).toBe('aaaabbbb');
  t.arrive('aaaabbbbcccccccccc', 5000); // a long pause: revealed over the lag, not over 4.6 s
  expect(t.reveal(5000 + TYPEWRITER_MAX_LAG_MS / 2)).toBe('aaaabbbbccccc');
  expect(t.caughtUp(5000 + TYPEWRITER_MAX_LAG_MS)).toBe(true);
});

test('never shows text that has not arrived, never shrinks, and is never faster than the arrival spacing', () => {
  const t = new Typewriter(800);
  let arrived = '';
  let shown = '';
  for (let k = 1; k <= 30; k++) {
    arrived += `第${k}段。`;
    const at = k * 1500;
    t.arrive(arrived, at);
    for (let now = at; now < at + 1500; now += 91) {
      const next = t.reveal(now);
      expect(arrived.startsWith(next)).toBe(true);
      expect(next.length).toBeGreaterThanOrEqual(shown.length);
      shown = next;
    }
    expect(t.caughtUp(at + 800)).toBe(true);
  }
});

test('a text that does not extend the shown one (a rewrite) is shown whole at once; finish() shows all', () => {
  const t = new Typewriter(800);
  t.arrive('hello world', 0);
  expect(t.reveal(400)).toBe('hello');
  t.arrive('goodbye', 450);
  expect(t.reveal(450)).toBe('goodbye');
  t.arrive('goodbye, friend', 500);
  expect(t.reveal(500)).toBe('goodbye');
  t.finish();
  expect(t.reveal(500)).toBe('goodbye, friend');
});

test('a cut never splits a surrogate pair', () => {
  const t = new Typewriter(800);
  const text = '😀😀😀😀';
  t.arrive(text, 0);
  for (let now = 0; now <= 800; now += 10) {
    const shown = t.reveal(now);
    expect(shown.length % 2).toBe(0);
  }
});
