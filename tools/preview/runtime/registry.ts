/**
 * The global constructors a mini-program calls (Component, Page, App, Behavior, getApp), mapped onto
 * j-component: each component file runs once, while the registry knows which file is being run.
 */
import type { BootConfig, ComponentMeta } from './boot-config';
import { type JDefinition, jComponent } from './jc';

type GwxFunction = (path: string) => unknown;
type Definition = Record<string, unknown>;

let loading: ComponentMeta | null = null;
let appInstance: Record<string, unknown> = {};
const registered = new Map<string, ComponentMeta>();

function gwx(): GwxFunction {
  const fn = (self as unknown as { __gwx?: GwxFunction }).__gwx;
  if (!fn) throw new Error('wxml.js did not load (window.__gwx is missing): reload the preview; the build overlay shows wcc errors.');
  return fn;
}

/** Builds j-component's definition for the file being loaded, keeping our id, tag and class prefix. */
function toDefinition(meta: ComponentMeta, options: Definition): JDefinition {
  const template = gwx()(`./${meta.path}.wxml`);
  if (typeof template !== 'function') throw new Error(`No compiled template for ${meta.path}.wxml: is it listed by wcc? Check the build overlay.`);
  const userOptions = (options.options as Record<string, unknown> | undefined) ?? {};
  return {
    ...options,
    id: meta.id,
    path: `/${meta.path}`,
    tagName: meta.isPage ? 'wx-page' : meta.classPrefix,
    template,
    usingComponents: meta.using,
    options: { ...userOptions, classPrefix: meta.classPrefix },
  };
}

/** Page({...}) in Component terms: functions become methods, other fields are copied onto `this` at creation. */
function pageToComponent(options: Definition): Definition {
  const methods: Record<string, unknown> = {};
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options)) {
    if (key === 'data' || key === 'behaviors' || key === 'options') continue;
    if (typeof value === 'function') methods[key] = value;
    else fields[key] = value;
  }
  return {
    data: options.data,
    behaviors: options.behaviors,
    options: options.options,
    methods,
    lifetimes: {
      created(this: Record<string, unknown>) {
        Object.assign(this, fields);
      },
    },
  };
}

function componentShim(options: Definition): void {
  const meta = loading;
  if (!meta) throw new Error('Component() was called outside a page/component file: call it at the top level of the file app.json or usingComponents names.');
  if (registered.has(meta.id)) return;
  jComponent.register(toDefinition(meta, options));
  registered.set(meta.id, meta);
}

/** Installs the globals and runs every component file children-first, then the app file. */
export function registerApp(config: BootConfig): void {
  const g = globalThis as unknown as Record<string, unknown>;
  g.Component = componentShim;
  g.Page = (options: Definition) => componentShim(pageToComponent(options));
  g.Behavior = (def: Definition) => jComponent.behavior(def);
  g.App = (options: Record<string, unknown>) => {
    appInstance = options;
  };
  g.getApp = () => appInstance;
  if (config.appLogic) config.appLogic();
  for (const meta of config.components) {
    loading = meta;
    try {
      meta.load();
    } finally {
      loading = null;
    }
    if (!registered.has(meta.id)) {
      throw new Error(`${meta.path}: the file ran but never called Component() (or Page()); every page and component must.`);
    }
  }
}

/** The App() object, for lifecycle calls (onLaunch, onShow). */
export function app(): Record<string, unknown> {
  return appInstance;
}

/** The registered page for a route such as `pages/chat/chat`. */
export function pageMeta(route: string): ComponentMeta | undefined {
  const meta = [...registered.values()].find((m) => m.path === route.replace(/^\//, ''));
  return meta && meta.isPage ? meta : undefined;
}
