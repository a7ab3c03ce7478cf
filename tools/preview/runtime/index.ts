/**
 * Boots the mini-program in the page: installs `wx` and the globals, registers the built-ins and every component,
 * runs App().onLaunch and opens the first page. The generated entry (tools/preview/build/bundle.ts) calls `boot`.
 */
import type { BootConfig } from './boot-config';
import { registerBuiltins } from './builtins';
import { installPointerEvents } from './events';
import { jUtils } from './jc';
import { currentPages, startPages } from './pages';
import { app, registerApp } from './registry';
import { type PreviewRecord, createWx } from './wx-shim';
import { convertUnits } from '../shared/wx-style';

/** Simulated openids, as the dev server accepts them. */
export const OPENID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
/** The user when the URL names none. */
export const DEFAULT_OPENID = 'preview-user';

/** What tests read through `window.__preview`. */
export interface PreviewHandle extends PreviewRecord {
  ready: boolean;
  error: string | null;
  pages(): unknown[];
}

function showError(message: string): void {
  const bar = document.getElementById('wx-error');
  if (bar) {
    bar.hidden = false;
    bar.textContent = message;
  }
}

/** Starts the app; every failure is shown in the page and kept on `__preview.error`. */
export function boot(config: BootConfig): void {
  const params = new URLSearchParams(location.search);
  const asked = params.get('openid') ?? DEFAULT_OPENID;
  const handle: PreviewHandle = {
    openid: OPENID_PATTERN.test(asked) ? asked : DEFAULT_OPENID,
    toasts: [],
    modals: [],
    clipboard: [],
    warnings: [],
    audio: [],
    ready: false,
    error: null,
    pages: currentPages,
  };
  const g = globalThis as unknown as Record<string, unknown>;
  g.__preview = handle;
  window.addEventListener('error', (e) => {
    handle.error = String(e.message);
    showError(`${e.message} (${e.filename}:${e.lineno})`);
  });
  window.addEventListener('unhandledrejection', (e) => {
    const reason = e.reason as { message?: string; errMsg?: string } | undefined;
    const msg = reason?.errMsg ?? reason?.message ?? String(e.reason);
    handle.error = msg;
    showError(`Unhandled promise rejection: ${msg}`);
  });
  try {
    jUtils.transformRpx = (style: string) => convertUnits(style);
    g.wx = createWx(handle);
    g.getCurrentPages = currentPages;
    registerBuiltins();
    registerApp(config);
    const deepLink = params.get('page');
    const query = new URLSearchParams(params);
    ['page', 'openid', 'w', 'h'].forEach((k) => query.delete(k));
    const first = deepLink ? `${deepLink}?${query.toString()}` : null;
    const instance = app();
    const launch = { path: deepLink ?? config.appJson.pages[0], query: Object.fromEntries(query), scene: 1001 };
    if (typeof instance.onLaunch === 'function') (instance.onLaunch as (o: unknown) => void).call(instance, launch);
    if (typeof instance.onShow === 'function') (instance.onShow as (o: unknown) => void).call(instance, launch);
    const viewport = document.getElementById('wx-viewport');
    if (viewport) installPointerEvents(viewport);
    startPages(config, first);
    handle.ready = true;
  } catch (err) {
    handle.error = (err as Error).message;
    showError((err as Error).stack ?? String(err));
    throw err;
  }
}
