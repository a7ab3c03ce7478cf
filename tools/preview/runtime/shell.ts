/**
 * The page shell around the phone: sizes the frame, offers the simulated-user switch, loads the latest build
 * (or shows its errors in an overlay with file:line) and reloads whenever the server finishes a new build.
 */

interface Problem {
  message: string;
  file?: string;
  line?: number;
  column?: number;
}

interface Status {
  ok: boolean;
  problems: Problem[];
  builtAt: number;
  ms: number;
}

/** Default phone size (CSS px): a 375-wide iPhone, as WeChat's rpx is defined against 750. */
export const DEFAULT_WIDTH = 375;
export const DEFAULT_HEIGHT = 740;
/** Height of the simulated navigation bar in CSS px. */
export const NAVBAR_PX = 44;

/** Fetches the scripts in parallel but runs them in order (`async = false`), which shortens every reload. */
function loadScripts(srcs: string[]): Promise<void[]> {
  return Promise.all(
    srcs.map(
      (src) =>
        new Promise<void>((resolve, reject) => {
          const s = document.createElement('script');
          s.async = false;
          s.src = src;
          s.onload = () => resolve();
          s.onerror = () => reject(new Error(`could not load ${src}`));
          document.body.appendChild(s);
        }),
    ),
  );
}

function where(p: Problem): string {
  return p.file ? `${[p.file, p.line, p.column].filter((x) => x !== undefined).join(':')}: ` : '';
}

function showOverlay(problems: Problem[]): void {
  const overlay = document.getElementById('wx-overlay');
  if (!overlay) return;
  overlay.hidden = false;
  const list = document.createElement('div');
  for (const p of problems) {
    const item = document.createElement('pre');
    item.className = 'wx-problem';
    item.textContent = `${where(p)}${p.message}`;
    list.appendChild(item);
  }
  overlay.replaceChildren(Object.assign(document.createElement('h2'), { textContent: 'Build failed: fix the file:line below; the preview reloads on save.' }), list);
}

function sizeFrame(params: URLSearchParams): void {
  const width = Number(params.get('w')) || DEFAULT_WIDTH;
  const height = Number(params.get('h')) || DEFAULT_HEIGHT;
  const vp = document.getElementById('wx-viewport');
  if (!vp) return;
  vp.style.width = `${width}px`;
  vp.style.height = `${height}px`;
  vp.style.setProperty('--rpx', `${width / 750}px`);
  vp.style.setProperty('--vw', `${width / 100}px`);
  vp.style.setProperty('--vh', `${(height - NAVBAR_PX) / 100}px`);
}

function userSwitch(params: URLSearchParams): void {
  const input = document.getElementById('wx-openid') as HTMLInputElement | null;
  const form = document.getElementById('wx-user');
  if (!input || !form) return;
  input.value = params.get('openid') ?? 'preview-user';
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    params.set('openid', input.value.trim());
    location.search = params.toString();
  });
}

async function start(): Promise<void> {
  const params = new URLSearchParams(location.search);
  sizeFrame(params);
  userSwitch(params);
  const status = (await (await fetch('/__preview/status')).json()) as Status;
  (window as unknown as { __previewBuild: Status }).__previewBuild = status;
  const events = new EventSource('/__preview/events');
  let css: HTMLLinkElement | null = null;
  events.addEventListener('build', (e) => {
    const next = JSON.parse((e as MessageEvent<string>).data) as { builtAt: number; css?: boolean };
    if (next.builtAt === status.builtAt) return;
    if (next.css && css) {
      // Only styles changed: swap the stylesheet and keep the page state (as DevTools' hot WXSS does).
      css.href = `/__preview/app.css?t=${next.builtAt}`;
      status.builtAt = next.builtAt;
    } else location.reload();
  });
  if (!status.ok) {
    showOverlay(status.problems);
    return;
  }
  css = document.createElement('link');
  css.rel = 'stylesheet';
  css.href = `/__preview/app.css?t=${status.builtAt}`;
  document.head.appendChild(css);
  await loadScripts([`/__preview/wxml.js?t=${status.builtAt}`, `/__preview/bundle.js?t=${status.builtAt}`]);
}

start().catch((err: Error) => showOverlay([{ message: err.message }]));
