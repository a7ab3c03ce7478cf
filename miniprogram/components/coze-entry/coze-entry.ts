/**
 * The floating entry button a host page drops in to open the chat (the Coze FAQ's "how do I move the
 * floating ball"): placed by `edge` (left | right), `offset-x` (gap to that edge) and `offset-y` (distance
 * from the bottom), in px; draggable, snapping to the nearer edge when released (emits `move` with the new
 * placement so the host can remember it); `hidden` hides it for hosts that call openCozeChat() from their
 * own button. A tap emits `open` and navigates to `url`.
 */
import { FrameCoalescer } from '../../core/frame-coalescer';
import { dragTo, isTap, positionOf, snapToEdge, type Area, type Edge, type Placement, type Point } from '../../core/snap-to-edge';
import { CHAT_PAGE_URL, openCozeChat } from '../../services/open-coze-chat';

/** Detail of `move`: where the button now rests. */
export type MoveDetail = Placement;

/** Used when the window size cannot be read (a 375 × 667 phone). */
const FALLBACK_AREA: Area = { width: 375, height: 667 };

/** The window the button moves in. */
function windowArea(): Area {
  try {
    const info = typeof wx.getWindowInfo === 'function' ? wx.getWindowInfo() : wx.getSystemInfoSync();
    return info.windowWidth > 0 && info.windowHeight > 0 ? { width: info.windowWidth, height: info.windowHeight } : FALLBACK_AREA;
  } catch {
    return FALLBACK_AREA;
  }
}

/** Per-instance drag state (not view data). */
interface Drag {
  area: Area;
  startTouch: Point;
  startAt: Point;
  at: Point;
  moved: boolean;
  /** Drag positions reach setData at most once per DRAG_FRAME_MS. */
  frames: FrameCoalescer<Point>;
}
const drags = new WeakMap<object, Drag>();

function touchPoint(e: WechatMiniprogram.TouchEvent): Point {
  const t = e.touches[0] || e.changedTouches[0];
  return t ? { x: t.clientX, y: t.clientY } : { x: 0, y: 0 };
}

Component({
  properties: {
    edge: { type: String, value: 'right' },
    offsetX: { type: Number, value: 16 },
    offsetY: { type: Number, value: 120 },
    size: { type: Number, value: 56 },
    draggable: { type: Boolean, value: true },
    hidden: { type: Boolean, value: false },
    url: { type: String, value: CHAT_PAGE_URL },
    label: { type: String, value: '打开 AI 助手' },
    /** An image for the button; empty shows a chat glyph. */
    icon: { type: String, value: '' },
  },
  data: { x: 0, y: 0, dragging: false },
  observers: {
    'edge, offsetX, offsetY, size'() {
      this.place();
    },
  },
  lifetimes: {
    attached() {
      this.place();
    },
    detached() {
      drags.get(this)?.frames.cancel();
      drags.delete(this);
    },
  },
  methods: {
    placement(): Placement {
      const edge: Edge = this.data.edge === 'left' ? 'left' : 'right';
      return { edge, offsetX: Number(this.data.offsetX), offsetY: Number(this.data.offsetY) };
    },
    place() {
      const at = positionOf(this.placement(), Number(this.data.size), windowArea());
      this.setData({ x: at.x, y: at.y });
    },
    onTouchStart(e: WechatMiniprogram.TouchEvent) {
      const at = { x: Number(this.data.x), y: Number(this.data.y) };
      drags.get(this)?.frames.cancel();
      const frames = new FrameCoalescer<Point>((p) => this.setData({ x: p.x, y: p.y, dragging: true }));
      drags.set(this, { area: windowArea(), startTouch: touchPoint(e), startAt: at, at, moved: false, frames });
    },
    onTouchMove(e: WechatMiniprogram.TouchEvent) {
      const drag = drags.get(this);
      if (!drag || !this.data.draggable) return;
      const p = touchPoint(e);
      const dx = p.x - drag.startTouch.x;
      const dy = p.y - drag.startTouch.y;
      if (!drag.moved && isTap(dx, dy)) return;
      drag.moved = true;
      drag.at = dragTo(drag.startAt, dx, dy, Number(this.data.size), drag.area);
      drag.frames.push(drag.at);
    },
    onTouchEnd() {
      const drag = drags.get(this);
      drags.delete(this);
      if (!drag) return;
      drag.frames.cancel();
      if (!drag.moved) return;
      const snapped = snapToEdge(drag.at, Number(this.data.size), drag.area, Number(this.data.offsetX));
      this.setData({ x: snapped.x, y: snapped.y, dragging: false });
      this.triggerEvent('move', { edge: snapped.edge, offsetX: snapped.offsetX, offsetY: snapped.offsetY } as MoveDetail);
    },
    onTap() {
      this.triggerEvent('open', {});
      void openCozeChat(String(this.data.url)).then((error) => {
        if (error) wx.showToast({ title: '无法打开对话', icon: 'none' });
      });
    },
  },
});
