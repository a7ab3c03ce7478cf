/**
 * What WeChat draws natively (toast, loading, modal, action sheet, image preview), drawn in the DOM inside the
 * phone so screenshots and tests can see it. Every shown item is also recorded on `window.__preview`.
 */

/** Default toast duration in WeChat (ms). */
export const TOAST_MS = 1500;

function viewport(): HTMLElement {
  const vp = document.getElementById('wx-viewport');
  if (!vp) throw new Error('#wx-viewport is missing from the preview shell (tools/preview/static/index.html).');
  return vp;
}

function layer(className: string): HTMLElement {
  const div = document.createElement('div');
  div.className = `wx-layer ${className}`;
  viewport().appendChild(div);
  return div;
}

let toastEl: HTMLElement | null = null;
let toastTimer: number | undefined;

/** wx.showToast / wx.showLoading (a loading toast stays until hidden). */
export function showToast(title: string, icon: string, durationMs: number | null): void {
  hideToast();
  toastEl = layer('wx-toast');
  toastEl.dataset.icon = icon;
  toastEl.textContent = title;
  if (durationMs !== null) toastTimer = window.setTimeout(hideToast, durationMs);
}

/** wx.hideToast / wx.hideLoading */
export function hideToast(): void {
  if (toastTimer !== undefined) window.clearTimeout(toastTimer);
  toastTimer = undefined;
  toastEl?.remove();
  toastEl = null;
}

/** Options of wx.showModal that the preview draws. */
export interface ModalOptions {
  title?: string;
  content?: string;
  showCancel?: boolean;
  cancelText?: string;
  confirmText?: string;
  editable?: boolean;
  placeholderText?: string;
}

/** wx.showModal: resolves with what the user clicked (and typed, when editable). */
export function showModal(o: ModalOptions): Promise<{ confirm: boolean; cancel: boolean; content?: string }> {
  return new Promise((resolve) => {
    const mask = layer('wx-modal-mask');
    const box = document.createElement('div');
    box.className = 'wx-modal';
    const title = document.createElement('div');
    title.className = 'wx-modal-title';
    title.textContent = o.title ?? '';
    const body = document.createElement(o.editable ? 'textarea' : 'div');
    body.className = 'wx-modal-content';
    if (body instanceof HTMLTextAreaElement) {
      body.value = o.content ?? '';
      body.placeholder = o.placeholderText ?? '';
    } else body.textContent = o.content ?? '';
    const buttons = document.createElement('div');
    buttons.className = 'wx-modal-buttons';
    const close = (confirm: boolean): void => {
      mask.remove();
      resolve({ confirm, cancel: !confirm, content: body instanceof HTMLTextAreaElement ? body.value : undefined });
    };
    const add = (text: string, cls: string, confirm: boolean): void => {
      const b = document.createElement('div');
      b.className = cls;
      b.textContent = text;
      b.addEventListener('click', () => close(confirm));
      buttons.appendChild(b);
    };
    if (o.showCancel !== false) add(o.cancelText ?? '取消', 'wx-modal-cancel', false);
    add(o.confirmText ?? '确定', 'wx-modal-confirm', true);
    box.append(title, body, buttons);
    mask.appendChild(box);
  });
}

/** wx.showActionSheet: resolves with the tapped index, or null when cancelled. */
export function showActionSheet(items: string[]): Promise<number | null> {
  return new Promise((resolve) => {
    const mask = layer('wx-modal-mask wx-sheet-mask');
    const sheet = document.createElement('div');
    sheet.className = 'wx-action-sheet';
    items.forEach((text, i) => {
      const item = document.createElement('div');
      item.className = 'wx-sheet-item';
      item.textContent = text;
      item.addEventListener('click', (e) => {
        e.stopPropagation();
        mask.remove();
        resolve(i);
      });
      sheet.appendChild(item);
    });
    const cancel = document.createElement('div');
    cancel.className = 'wx-sheet-item wx-sheet-cancel';
    cancel.textContent = '取消';
    sheet.appendChild(cancel);
    mask.addEventListener('click', () => {
      mask.remove();
      resolve(null);
    });
    mask.appendChild(sheet);
  });
}

/** wx.previewImage: a full-screen overlay; a click closes it. */
export function previewImage(url: string): void {
  const mask = layer('wx-image-preview');
  const img = document.createElement('img');
  img.src = url;
  mask.appendChild(img);
  mask.addEventListener('click', () => mask.remove());
}
