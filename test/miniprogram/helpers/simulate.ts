/** Loads mini-program components with miniprogram-simulate (jsdom tests only) from the real miniprogram root. */
import * as path from 'path';

/** A finger position for simulated touch events (px). */
export interface TouchPoint {
  x: number;
  y: number;
}

/** The subset of miniprogram-simulate's rendered component the tests use. */
export interface SimNode {
  dom: HTMLElement;
  data: Record<string, unknown>;
  instance: Record<string, unknown> & { setData(data: Record<string, unknown>): void };
  querySelector(selector: string): SimNode | undefined;
  querySelectorAll(selector: string): SimNode[];
  /** Native touch events take `touches` / `changedTouches` as page points (j-component builds Touch objects). */
  dispatchEvent(name: string, options?: { detail?: unknown; touches?: TouchPoint[]; changedTouches?: TouchPoint[] }): void;
  addEventListener(name: string, handler: (e: { detail: unknown }) => void): void;
  attach(parent: HTMLElement): void;
  detach(): void;
  setData(data: Record<string, unknown>): void;
}

interface Simulate {
  load(componentPath: string, tagName: string, options: { rootPath: string }): string;
  render(id: string, props?: Record<string, unknown>): SimNode;
  sleep(ms: number): Promise<void>;
}

/** miniprogram-simulate itself (untyped package). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const simulate: Simulate = require('miniprogram-simulate');

/**
 * Every test that renders components through this helper fails on a console warning raised meanwhile: WeChat's
 * WXML runtime reports a `wx:for` without `wx:key` (and other template faults) with console.warn, and DevTools
 * shows the same lines. (console.error stays free: the cloud function's structured logs use it in whole-chain tests.)
 */
const warnings: string[] = [];
const expected: RegExp[] = [];
let restoreWarn: (() => void) | undefined;
beforeEach(() => {
  warnings.length = 0;
  expected.length = 0;
  const original = console.warn;
  console.warn = (...args: unknown[]) => {
    warnings.push(args.map(String).join(' '));
  };
  restoreWarn = () => {
    console.warn = original;
  };
});
afterEach(() => {
  restoreWarn?.();
  const missing = expected.filter((pattern) => !warnings.some((w) => pattern.test(w)));
  const seen = Array.from(new Set(warnings.filter((w) => !expected.some((pattern) => pattern.test(w)))));
  if (missing.length) throw new Error(`Expected console warning(s) not logged: ${missing.map(String).join(', ')}`);
  if (seen.length) throw new Error(`Rendering logged ${seen.length} console warning(s); fix their cause:\n${seen.join('\n')}`);
});

/**
 * Declares a warning the test provokes on purpose (a failed call is logged for the developer): it must appear at
 * least once, and matching lines do not fail the test; any other warning still does.
 */
export function expectConsoleWarning(pattern: RegExp): void {
  expected.push(pattern);
}

/** The mini-program root. */
export const ROOT = path.resolve(__dirname, '../../../miniprogram');

/** Loads `components/<name>/<name>` (or any path relative to the root) once; call it in beforeAll. */
export function load(relative: string, tag: string): string {
  return simulate.load(path.join(ROOT, relative), tag, { rootPath: ROOT });
}

/** Renders and attaches a component. */
export function mount(id: string, props: Record<string, unknown> = {}): SimNode {
  const node = simulate.render(id, props);
  node.attach(document.createElement('parent-wrapper'));
  return node;
}

/** Normalised visible text of a node. */
export function textOf(node: SimNode | undefined): string {
  return node ? (node.dom.textContent ?? '').replace(/\s+/g, ' ').trim() : '';
}

/** Waits until `cond()` holds, letting async handlers and timers run (not a timing assertion). */
export async function until(cond: () => boolean, what: string, rounds = 1500): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    if (cond()) return;
    await simulate.sleep(10);
  }
  throw new Error(`Timed out waiting for: ${what}`);
}
