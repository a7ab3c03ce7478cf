/**
 * Mouse input as WeChat touch semantics: a click is a `tap`, a press held ≥ 350 ms is a `longpress` (and then no
 * tap follows, as in WeChat). j-component synthesises these only from touch events, which desktop mice never send.
 */
import { dispatchWx, exparserNodeOf } from './jc';

/** WeChat's long-press threshold (the base library's and j-component's LONGPRESS_TIME). */
export const LONGPRESS_MS = 350;
/** Movement that turns a press into a drag (j-component's MOVE_DELTA). */
export const MOVE_TOLERANCE_PX = 10;
/** j-component already turns real touches into taps; ignore the compatibility click that follows them. */
const TOUCH_CLICK_GUARD_MS = 800;

/** Built-ins that swallow taps while disabled (the base library does not deliver tap from a disabled button). */
function isDisabledControl(target: Element): boolean {
  return target.closest('wx-button[disabled]') !== null;
}

function pointOf(e: MouseEvent): { x: number; y: number } {
  const viewport = document.getElementById('wx-viewport')?.getBoundingClientRect();
  return { x: e.clientX - (viewport?.left ?? 0), y: e.clientY - (viewport?.top ?? 0) };
}

/** Installs the listeners on `root` (the phone viewport). */
export function installPointerEvents(root: HTMLElement): void {
  let pressTimer: number | undefined;
  let pressStart: { x: number; y: number } | null = null;
  let longPressed = false;
  let lastTouchEnd = 0;

  const cancelPress = (): void => {
    if (pressTimer !== undefined) window.clearTimeout(pressTimer);
    pressTimer = undefined;
    pressStart = null;
  };

  root.addEventListener('touchend', () => {
    lastTouchEnd = Date.now();
  }, { capture: true });

  root.addEventListener('mousedown', (e) => {
    if (e.button !== 0) return;
    longPressed = false;
    cancelPress();
    const target = exparserNodeOf(e.target as Element);
    if (!target) return;
    pressStart = { x: e.clientX, y: e.clientY };
    pressTimer = window.setTimeout(() => {
      pressTimer = undefined;
      longPressed = true;
      dispatchWx(target, 'longpress', pointOf(e), e);
    }, LONGPRESS_MS);
  });

  root.addEventListener('mousemove', (e) => {
    if (!pressStart) return;
    if (Math.abs(e.clientX - pressStart.x) >= MOVE_TOLERANCE_PX || Math.abs(e.clientY - pressStart.y) >= MOVE_TOLERANCE_PX) cancelPress();
  });

  root.addEventListener('mouseup', () => {
    if (pressTimer !== undefined) window.clearTimeout(pressTimer);
    pressTimer = undefined;
  });

  root.addEventListener('click', (e) => {
    pressStart = null;
    if (longPressed) {
      longPressed = false;
      return;
    }
    if (Date.now() - lastTouchEnd < TOUCH_CLICK_GUARD_MS) return;
    const el = e.target as Element;
    if (isDisabledControl(el)) return;
    const target = exparserNodeOf(el);
    if (target) dispatchWx(target, 'tap', pointOf(e), e);
  });
}
