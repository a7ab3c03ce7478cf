/**
 * Narrow typed handles on j-component 1.4.10, its utils and miniprogram-exparser (plain JS without useful
 * types), so the rest of the runtime stays strictly typed and every internal we depend on is listed here once.
 */

/** An exparser element: the real DOM node is `$$`. */
export interface ExparserNode {
  $$: HTMLElement | null;
  id: string;
  dataset: Record<string, unknown>;
  ownerShadowRoot: ExparserShadowRoot | null;
  triggerLifeTime(name: string, args: unknown[]): void;
  triggerPageLifeTime(name: string, args: unknown[]): void;
}

/** The shadow root of a component instance. */
export interface ExparserShadowRoot {
  getElementById(id: string): ExparserNode | null;
  getHostNode(): ExparserNode;
}

/** `this` inside a component's methods and lifetimes (j-component's "caller"). */
export interface Caller {
  data: Record<string, unknown>;
  _exparserNode: ExparserNode;
  setData(data: Record<string, unknown>, callback?: () => void): void;
  triggerEvent(name: string, detail?: unknown, options?: { bubbles?: boolean; composed?: boolean; capturePhase?: boolean }): void;
  createSelectorQuery(): unknown;
  [key: string]: unknown;
}

/** j-component's RootComponent (what `create` returns). */
export interface RootComponent {
  readonly dom: HTMLElement;
  readonly instance: Caller;
  attach(parent: HTMLElement): void;
  detach(): void;
  triggerPageLifeTime(name: string, ...args: unknown[]): void;
}

/** A component definition as j-component's `register` takes it. */
export interface JDefinition {
  id: string;
  tagName: string;
  template: unknown;
  path?: string;
  usingComponents?: Record<string, string>;
  options?: Record<string, unknown>;
  properties?: Record<string, unknown>;
  data?: Record<string, unknown>;
  methods?: Record<string, unknown>;
  observers?: Record<string, unknown>;
  lifetimes?: Record<string, unknown>;
  pageLifetimes?: Record<string, unknown>;
  behaviors?: unknown[];
  [key: string]: unknown;
}

interface JComponentModule {
  register(def: JDefinition): string;
  behavior(def: Record<string, unknown>): string;
  create(id: string, props?: Record<string, unknown>): RootComponent | undefined;
}

interface ExparserEventModule {
  create(name: string, detail: unknown, options: Record<string, unknown>): unknown;
  dispatchEvent(target: ExparserNode, event: unknown): void;
}

interface ExparserModule {
  Event: ExparserEventModule;
  Element: { getMethodCaller(node: ExparserNode): Caller };
}

interface JUtils {
  transformRpx(style: string, keep?: boolean): string;
}

/* eslint-disable @typescript-eslint/no-require-imports */
/** j-component itself. */
export const jComponent = require('j-component') as JComponentModule;
/** The exparser instance j-component uses (same module, so events reach its listeners). */
export const exparser = require('miniprogram-exparser') as ExparserModule;
/** j-component's utils: the inline-style rpx conversion is replaced at boot. */
export const jUtils = require('j-component/src/tool/utils') as JUtils;

/** DOM nodes rendered by exparser carry a back-reference to their exparser element. */
export function exparserNodeOf(el: Element | null): ExparserNode | null {
  for (let cur: Element | null = el; cur; cur = cur.parentElement) {
    const node = (cur as Element & { __wxElement?: ExparserNode }).__wxElement;
    if (node) return node;
  }
  return null;
}

/** Dispatches a WeChat event (tap, longpress, …) the way a real touch would: bubbling, composed. */
export function dispatchWx(target: ExparserNode, name: string, detail: unknown, originalEvent: Event): void {
  const evt = exparser.Event.create(name, detail, {
    originalEvent,
    bubbles: true,
    capturePhase: true,
    composed: true,
    extraFields: { touches: [], changedTouches: [] },
  });
  exparser.Event.dispatchEvent(target, evt);
}
