/**
 * The page stack WeChat keeps: navigateTo/redirectTo/navigateBack/reLaunch with query strings, page lifecycles
 * (onLoad, onShow, onReady, onHide, onUnload and component pageLifetimes) and the navigation bar.
 */
import type { BootConfig } from './boot-config';
import { type Caller, type RootComponent, jComponent } from './jc';
import { pageMeta } from './registry';

/** One open page. */
interface OpenPage {
  route: string;
  root: RootComponent;
  frame: HTMLElement;
  title: string;
  customNav: boolean;
}

const stack: OpenPage[] = [];
let config: BootConfig | null = null;

function callHook(caller: Caller, name: string, ...args: unknown[]): void {
  const fn = caller[name];
  if (typeof fn === 'function') (fn as (...a: unknown[]) => void).apply(caller, args);
}

/** Splits `/pages/x/x?a=1&b=2` into a route and its decoded query. */
export function parseUrl(url: string): { route: string; query: Record<string, string> } {
  const [pathPart, search = ''] = url.split('?');
  const query: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(search)) query[k] = v;
  return { route: pathPart.replace(/^\//, ''), query };
}

function el<K extends keyof HTMLElementTagNameMap>(id: string): HTMLElementTagNameMap[K] {
  const found = document.getElementById(id);
  if (!found) throw new Error(`#${id} is missing from the preview shell (tools/preview/static/index.html).`);
  return found as HTMLElementTagNameMap[K];
}

/** Resolves a window value written `@name` through theme.json for the current color scheme. */
function themed(value: string | undefined): string | undefined {
  if (!value || !value.startsWith('@') || !config?.theme) return value;
  const scheme = window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
  return config.theme[scheme]?.[value.slice(1)] ?? value;
}

function renderNavBar(): void {
  const top = stack[stack.length - 1];
  const bar = el('wx-navbar');
  const raw = config?.appJson.window ?? {};
  const win = { navigationBarBackgroundColor: themed(raw.navigationBarBackgroundColor), navigationBarTextStyle: themed(raw.navigationBarTextStyle) };
  bar.hidden = !top || top.customNav;
  el('wx-nav-title').textContent = top?.title ?? '';
  el('wx-nav-back').hidden = stack.length < 2;
  bar.style.background = win.navigationBarBackgroundColor ?? '#ffffff';
  bar.style.color = win.navigationBarTextStyle === 'white' ? '#ffffff' : '#000000';
}

function showPage(page: OpenPage): void {
  page.frame.hidden = false;
  callHook(page.root.instance, 'onShow');
  page.root.triggerPageLifeTime('show');
}

function hidePage(page: OpenPage): void {
  page.frame.hidden = true;
  callHook(page.root.instance, 'onHide');
  page.root.triggerPageLifeTime('hide');
}

function unloadPage(page: OpenPage): void {
  callHook(page.root.instance, 'onUnload');
  page.root.detach();
  page.frame.remove();
}

function openPage(url: string): OpenPage {
  const { route, query } = parseUrl(url);
  const meta = pageMeta(route);
  if (!meta) throw new Error(`No page "${route}" in app.json: navigate to one of ${config?.appJson.pages.join(', ')}.`);
  const root = jComponent.create(meta.id);
  if (!root) throw new Error(`Page ${route} is not registered: did its file call Component()?`);
  const frame = document.createElement('div');
  frame.className = 'wx-page-frame';
  frame.dataset.route = route;
  // Without WeChat's bar (navigationStyle custom) the page's window, and so 100vh, is the whole screen.
  if ((meta.json.navigationStyle ?? config?.appJson.window?.navigationStyle) === 'custom') frame.style.setProperty('--vh', `${el('wx-viewport').clientHeight / 100}px`);
  el('wx-pages').appendChild(frame);
  const caller = root.instance;
  caller.route = route;
  caller.options = query;
  root.attach(frame);
  const win = config?.appJson.window ?? {};
  const page: OpenPage = {
    route,
    root,
    frame,
    title: meta.json.navigationBarTitleText ?? win.navigationBarTitleText ?? '',
    customNav: (meta.json.navigationStyle ?? win.navigationStyle) === 'custom',
  };
  stack.push(page);
  renderNavBar();
  callHook(caller, 'onLoad', query);
  showPage(page);
  callHook(caller, 'onReady');
  return page;
}

/** Opens the first page (or `?page=` from the browser URL, with the rest of the query as its query). */
export function startPages(boot: BootConfig, deepLink: string | null): void {
  config = boot;
  window.matchMedia('(prefers-color-scheme: dark)').addEventListener('change', renderNavBar);
  el('wx-nav-back').addEventListener('click', () => navigateBack(1));
  openPage(deepLink ?? boot.appJson.pages[0]);
}

/** wx.navigateTo */
export function navigateTo(url: string): void {
  const top = stack[stack.length - 1];
  if (top) hidePage(top);
  openPage(url);
}

/** wx.redirectTo */
export function redirectTo(url: string): void {
  const top = stack.pop();
  if (top) unloadPage(top);
  openPage(url);
}

/** wx.navigateBack */
export function navigateBack(delta = 1): void {
  if (stack.length < 2) throw new Error('cannot navigate back at first page.');
  for (let i = 0; i < delta && stack.length > 1; i += 1) {
    const top = stack.pop();
    if (top) unloadPage(top);
  }
  const now = stack[stack.length - 1];
  renderNavBar();
  if (now) showPage(now);
}

/** wx.reLaunch (and switchTab, which the preview treats the same way). */
export function reLaunch(url: string): void {
  while (stack.length) {
    const top = stack.pop();
    if (top) unloadPage(top);
  }
  openPage(url);
}

/** wx.setNavigationBarTitle */
export function setTitle(title: string): void {
  const top = stack[stack.length - 1];
  if (top) top.title = title;
  renderNavBar();
}

/** getCurrentPages(): the page instances, oldest first. */
export function currentPages(): Caller[] {
  return stack.map((p) => p.root.instance);
}

/** The scroll container of the top page (wx.pageScrollTo, onPageScroll). */
export function topFrame(): HTMLElement | null {
  return stack[stack.length - 1]?.frame ?? null;
}
