/**
 * The floating entry button's geometry, pure so it is tested without a screen: where it starts from its
 * configured edge and offsets, where a drag may take it, and which side it snaps to when released.
 */

/** Which side of the screen the button rests on. */
export type Edge = 'left' | 'right';

/** The usable window (px). */
export interface Area {
  width: number;
  height: number;
}

/** A position of the button's top-left corner (px). */
export interface Point {
  x: number;
  y: number;
}

/** Where the button rests: the edge, the gap to it, and the distance from the bottom (px). */
export interface Placement {
  edge: Edge;
  offsetX: number;
  offsetY: number;
}

/** Gap kept to the top and bottom of the window while dragging or snapping (px). */
export const VERTICAL_MARGIN = 8;

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), Math.max(min, max));
}

/** The top-left corner for a placement (offsetY counts from the bottom, like a FAB). */
export function positionOf(placement: Placement, size: number, area: Area): Point {
  const x = placement.edge === 'left' ? placement.offsetX : area.width - size - placement.offsetX;
  const y = area.height - size - placement.offsetY;
  return { x: clamp(x, 0, area.width - size), y: clamp(y, VERTICAL_MARGIN, area.height - size - VERTICAL_MARGIN) };
}

/** Where a drag moves the button: by the finger's travel, kept inside the window. */
export function dragTo(start: Point, dx: number, dy: number, size: number, area: Area): Point {
  return { x: clamp(start.x + dx, 0, area.width - size), y: clamp(start.y + dy, VERTICAL_MARGIN, area.height - size - VERTICAL_MARGIN) };
}

/** Snaps a released button to the nearer side (ties go right), keeping its height and the configured gap. */
export function snapToEdge(at: Point, size: number, area: Area, gap: number): Placement & Point {
  const center = at.x + size / 2;
  const edge: Edge = center < area.width / 2 ? 'left' : 'right';
  const y = clamp(at.y, VERTICAL_MARGIN, area.height - size - VERTICAL_MARGIN);
  const x = edge === 'left' ? gap : area.width - size - gap;
  return { edge, offsetX: gap, offsetY: area.height - size - y, x, y };
}

/** Whether a touch moved far enough to count as a drag rather than a tap (px). */
export const TAP_SLOP = 6;

/** True when the finger's travel is small enough to be a tap. */
export function isTap(dx: number, dy: number): boolean {
  return Math.abs(dx) <= TAP_SLOP && Math.abs(dy) <= TAP_SLOP;
}
