/**
 * The built-in components a chat UI uses, as j-component components with a real native element inside the host
 * (miniprogram-simulate registers them as empty shells: no text box, no image, no scrolling). Others stay
 * plain containers; the README lists which.
 */
import { resolveSrc } from './temp-files';
import { OFFICIAL_TAGS } from '../shared/wx-style';
import { type Caller, jComponent } from './jc';
import { navigateTo, redirectTo, navigateBack, reLaunch } from './pages';

/** WeChat's default maxlength of input and textarea; -1 means no limit. */
export const DEFAULT_MAXLENGTH = 140;
/** Default distance in px at which scroll-view fires scrolltoupper/scrolltolower. */
export const DEFAULT_SCROLL_THRESHOLD_PX = 50;

type Self = Caller & { __native?: HTMLElement; __edge?: { upper: boolean; lower: boolean }; __lines?: number };
type Def = Record<string, unknown>;

function host(self: Self): HTMLElement | null {
  return self._exparserNode.$$;
}

function setAttr(elem: HTMLElement | null, name: string, on: unknown, value = ''): void {
  if (!elem) return;
  if (on) elem.setAttribute(name, value);
  else elem.removeAttribute(name);
}

/**
 * Registers a built-in under `name` and `wx-name`, both rendered as `<wx-name>`: j-component's transform strips
 * the `wx-` of wcc's tags (its official-tag check misses the prefixed form) and then looks up `view`, `input`, ….
 */
function define(name: string, def: Def = {}): void {
  for (const id of [name, `wx-${name}`]) jComponent.register({ id, tagName: `wx-${name}`, template: '<slot/>', ...def });
}

/** Keeps host attributes in step with properties, so preview.css can style `wx-button[type=primary]` etc. */
function reflect(props: string[]): Def {
  const observers: Record<string, (this: Self, v: unknown) => void> = {};
  for (const p of props) {
    const attr = p.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
    observers[p] = function (this: Self, v: unknown) {
      setAttr(host(this), attr, v !== false && v !== '' && v !== null && v !== undefined, typeof v === 'string' ? v : '');
    };
  }
  return observers;
}

// ---- input and textarea -------------------------------------------------------------------------------------

function fieldOf(self: Self, tag: 'input' | 'textarea'): HTMLInputElement | HTMLTextAreaElement | null {
  if (self.__native) return self.__native as HTMLInputElement | HTMLTextAreaElement;
  const h = host(self);
  if (!h) return null;
  const field = document.createElement(tag);
  field.className = 'wx-native';
  // WeChat's textarea has no `rows`: an empty auto-height one is one line tall, not the browser's default two.
  if (field instanceof HTMLTextAreaElement) field.rows = 1;
  h.appendChild(field);
  self.__native = field;
  const emit = (name: string, detail: Record<string, unknown>): void => self.triggerEvent(name, detail);
  field.addEventListener('input', () => {
    if (tag === 'textarea') autoSize(self);
    emit('input', { value: field.value, cursor: field.selectionStart ?? field.value.length, keyCode: 0 });
  });
  field.addEventListener('focus', () => emit('focus', { value: field.value, height: 0 }));
  field.addEventListener('blur', () => emit('blur', { value: field.value, cursor: field.selectionStart ?? 0 }));
  field.addEventListener('keydown', (e) => {
    const ke = e as KeyboardEvent;
    if (ke.key !== 'Enter' || ke.isComposing) return;
    // A textarea keeps Enter as a newline unless confirm-type asks for a confirm key (Shift+Enter always types one).
    if (tag === 'textarea' && (self.data.confirmType === 'return' || ke.shiftKey)) return;
    ke.preventDefault();
    emit('confirm', { value: field.value });
  });
  return field;
}

function autoSize(self: Self): void {
  const field = self.__native as HTMLTextAreaElement | undefined;
  if (!field || !(field instanceof HTMLTextAreaElement)) return;
  if (self.data.autoHeight) {
    field.style.height = 'auto';
    field.style.height = `${field.scrollHeight}px`;
  }
  const lineHeight = parseFloat(getComputedStyle(field).lineHeight) || 20;
  const lineCount = Math.max(1, Math.round(field.scrollHeight / lineHeight));
  if (self.__lines !== undefined && lineCount !== self.__lines) {
    self.triggerEvent('linechange', { height: field.scrollHeight, heightRpx: field.scrollHeight * (750 / window.innerWidth), lineCount });
  }
  self.__lines = lineCount;
}

function fieldDef(tag: 'input' | 'textarea'): Def {
  const apply = (self: Self): void => {
    const field = fieldOf(self, tag);
    if (!field) return;
    const d = self.data;
    const value = d.value === undefined || d.value === null ? '' : String(d.value);
    if (field.value !== value) field.value = value;
    field.placeholder = String(d.placeholder ?? '');
    const max = Number(d.maxlength);
    if (max >= 0) field.maxLength = max;
    else field.removeAttribute('maxlength');
    field.disabled = Boolean(d.disabled);
    if (field instanceof HTMLInputElement) field.type = d.password ? 'password' : 'text';
    if (field instanceof HTMLTextAreaElement) autoSize(self);
  };
  return {
    properties: {
      value: { type: null, value: '' },
      placeholder: { type: String, value: '' },
      maxlength: { type: Number, value: DEFAULT_MAXLENGTH },
      disabled: { type: Boolean, value: false },
      focus: { type: Boolean, value: false },
      autoFocus: { type: Boolean, value: false },
      password: { type: Boolean, value: false },
      type: { type: String, value: 'text' },
      autoHeight: { type: Boolean, value: false },
      confirmType: { type: String, value: tag === 'input' ? 'done' : 'return' },
    },
    observers: {
      ...reflect(['autoHeight', 'disabled']),
      'value, placeholder, maxlength, disabled, password, autoHeight': function (this: Self) {
        apply(this);
      },
      focus(this: Self, on: boolean) {
        if (on) window.setTimeout(() => this.__native?.focus(), 0);
      },
    },
    lifetimes: {
      attached(this: Self) {
        apply(this);
        if (this.data.focus || this.data.autoFocus) window.setTimeout(() => this.__native?.focus(), 0);
      },
    },
  };
}

// ---- scroll-view ---------------------------------------------------------------------------------------------

function scrollIntoView(self: Self, id: string): void {
  if (!id) return;
  window.setTimeout(() => {
    const h = host(self);
    const target = self._exparserNode.ownerShadowRoot?.getElementById(id)?.$$;
    if (!h || !target) return;
    const top = target.getBoundingClientRect().top - h.getBoundingClientRect().top + h.scrollTop;
    const left = target.getBoundingClientRect().left - h.getBoundingClientRect().left + h.scrollLeft;
    h.scrollTo({ top: self.data.scrollY ? top : h.scrollTop, left: self.data.scrollX ? left : h.scrollLeft, behavior: self.data.scrollWithAnimation ? 'smooth' : 'auto' });
  }, 0);
}

function onScroll(self: Self, h: HTMLElement, last: { top: number; left: number }): void {
  self.triggerEvent('scroll', {
    scrollTop: h.scrollTop,
    scrollLeft: h.scrollLeft,
    scrollHeight: h.scrollHeight,
    scrollWidth: h.scrollWidth,
    deltaX: h.scrollLeft - last.left,
    deltaY: h.scrollTop - last.top,
  });
  last.top = h.scrollTop;
  last.left = h.scrollLeft;
  const edge = self.__edge ?? { upper: false, lower: false };
  self.__edge = edge;
  const upperAt = Number(self.data.upperThreshold);
  const lowerAt = Number(self.data.lowerThreshold);
  const vertical = Boolean(self.data.scrollY);
  const pos = vertical ? h.scrollTop : h.scrollLeft;
  const rest = vertical ? h.scrollHeight - h.clientHeight - h.scrollTop : h.scrollWidth - h.clientWidth - h.scrollLeft;
  const direction = vertical ? 'top' : 'left';
  if (pos <= upperAt && !edge.upper) self.triggerEvent('scrolltoupper', { direction });
  if (rest <= lowerAt && !edge.lower) self.triggerEvent('scrolltolower', { direction: vertical ? 'bottom' : 'right' });
  edge.upper = pos <= upperAt;
  edge.lower = rest <= lowerAt;
}

const scrollViewDef: Def = {
  properties: {
    scrollX: { type: Boolean, value: false },
    scrollY: { type: Boolean, value: false },
    scrollTop: { type: null, value: null },
    scrollLeft: { type: null, value: null },
    scrollIntoView: { type: String, value: '' },
    scrollWithAnimation: { type: Boolean, value: false },
    upperThreshold: { type: Number, value: DEFAULT_SCROLL_THRESHOLD_PX },
    lowerThreshold: { type: Number, value: DEFAULT_SCROLL_THRESHOLD_PX },
  },
  observers: {
    ...reflect(['scrollX', 'scrollY']),
    scrollTop(this: Self, v: unknown) {
      const h = host(this);
      if (h && v !== null && v !== undefined && v !== '') window.setTimeout(() => h.scrollTo({ top: Number(v), behavior: this.data.scrollWithAnimation ? 'smooth' : 'auto' }), 0);
    },
    scrollLeft(this: Self, v: unknown) {
      const h = host(this);
      if (h && v !== null && v !== undefined && v !== '') window.setTimeout(() => { h.scrollLeft = Number(v); }, 0);
    },
    scrollIntoView(this: Self, id: string) {
      scrollIntoView(this, id);
    },
  },
  lifetimes: {
    attached(this: Self) {
      const h = host(this);
      if (!h) return;
      const last = { top: h.scrollTop, left: h.scrollLeft };
      h.addEventListener('scroll', () => onScroll(this, h, last));
      scrollIntoView(this, String(this.data.scrollIntoView ?? ''));
    },
  },
};

// ---- image ---------------------------------------------------------------------------------------------------

/** image `mode` → CSS object-fit / object-position (crop modes keep one edge). */
export const IMAGE_MODES: Record<string, { fit: string; position?: string }> = {
  scaleToFill: { fit: 'fill' },
  aspectFit: { fit: 'contain' },
  aspectFill: { fit: 'cover' },
  widthFix: { fit: 'fill' },
  heightFix: { fit: 'fill' },
  top: { fit: 'none', position: 'center top' },
  bottom: { fit: 'none', position: 'center bottom' },
  center: { fit: 'none', position: 'center' },
  left: { fit: 'none', position: 'left center' },
  right: { fit: 'none', position: 'right center' },
  'top left': { fit: 'none', position: 'left top' },
  'top right': { fit: 'none', position: 'right top' },
  'bottom left': { fit: 'none', position: 'left bottom' },
  'bottom right': { fit: 'none', position: 'right bottom' },
};

const imageDef: Def = {
  properties: { src: { type: String, value: '' }, mode: { type: String, value: 'scaleToFill' }, lazyLoad: { type: Boolean, value: false } },
  observers: {
    'src, mode': function (this: Self) {
      const h = host(this);
      if (!h) return;
      let img = this.__native as HTMLImageElement | undefined;
      if (!img) {
        img = document.createElement('img');
        img.className = 'wx-native';
        img.addEventListener('load', () => this.triggerEvent('load', { width: img?.naturalWidth, height: img?.naturalHeight }));
        img.addEventListener('error', () => this.triggerEvent('error', { errMsg: `GET ${String(this.data.src)} failed` }));
        h.appendChild(img);
        this.__native = img;
      }
      const mode = String(this.data.mode || 'scaleToFill');
      const css = IMAGE_MODES[mode] ?? IMAGE_MODES.scaleToFill;
      img.style.objectFit = css.fit;
      img.style.objectPosition = css.position ?? 'center';
      h.setAttribute('mode', mode);
      // Temp paths (http://tmp/…) and cloud fileIDs load through the preview's stand-ins, as on a phone.
      const src = resolveSrc(String(this.data.src ?? ''));
      if (src && img.getAttribute('src') !== src) img.src = src;
    },
  },
};

// ---- rich-text, navigator, button, text ----------------------------------------------------------------------

const UNSAFE_TAGS = 'script, style, iframe, object, embed, link, meta';

interface RichNode { name?: string; type?: string; text?: string; attrs?: Record<string, string>; children?: RichNode[] }

function richToDom(nodes: RichNode[], into: HTMLElement): void {
  for (const n of nodes) {
    if (n.type === 'text') {
      into.appendChild(document.createTextNode(n.text ?? ''));
      continue;
    }
    if (!n.name || UNSAFE_TAGS.split(', ').includes(n.name)) continue;
    const e = document.createElement(n.name);
    for (const [k, v] of Object.entries(n.attrs ?? {})) if (!/^on/i.test(k)) e.setAttribute(k, v);
    richToDom(n.children ?? [], e);
    into.appendChild(e);
  }
}

const richTextDef: Def = {
  properties: { nodes: { type: null, value: '' } },
  observers: {
    nodes(this: Self, nodes: unknown) {
      const h = host(this);
      if (!h) return;
      const box = (this.__native ??= h.appendChild(document.createElement('span')));
      box.replaceChildren();
      if (typeof nodes === 'string') {
        const doc = new DOMParser().parseFromString(nodes, 'text/html');
        doc.querySelectorAll(UNSAFE_TAGS).forEach((n) => n.remove());
        doc.querySelectorAll('*').forEach((n) => Array.from(n.attributes).forEach((a) => /^on/i.test(a.name) && n.removeAttribute(a.name)));
        box.append(...Array.from(doc.body.childNodes));
      } else if (Array.isArray(nodes)) richToDom(nodes as RichNode[], box);
    },
  },
};

const navigatorDef: Def = {
  properties: { url: { type: String, value: '' }, openType: { type: String, value: 'navigate' }, delta: { type: Number, value: 1 } },
  lifetimes: {
    attached(this: Self) {
      host(this)?.addEventListener('click', () => {
        const url = String(this.data.url);
        const kind = String(this.data.openType);
        if (kind === 'navigateBack') navigateBack(Number(this.data.delta));
        else if (kind === 'redirect') redirectTo(url);
        else if (kind === 'reLaunch' || kind === 'switchTab') reLaunch(url);
        else navigateTo(url);
      });
    },
  },
};

const buttonDef: Def = {
  properties: {
    type: { type: String, value: 'default' },
    size: { type: String, value: 'default' },
    plain: { type: Boolean, value: false },
    disabled: { type: Boolean, value: false },
    loading: { type: Boolean, value: false },
    formType: { type: String, value: '' },
    openType: { type: String, value: '' },
  },
  observers: reflect(['type', 'size', 'plain', 'disabled', 'loading']),
  lifetimes: {
    attached(this: Self) {
      host(this)?.setAttribute('role', 'button');
    },
  },
};

const textDef: Def = {
  properties: { userSelect: { type: Boolean, value: false }, selectable: { type: Boolean, value: false }, space: { type: String, value: '' }, decode: { type: Boolean, value: false } },
  observers: reflect(['userSelect', 'selectable', 'space']),
};

/** The implemented built-ins; every other official tag is a plain container. */
export const IMPLEMENTED_BUILTINS = ['input', 'textarea', 'button', 'scroll-view', 'image', 'text', 'rich-text', 'navigator'] as const;

/** Registers every official tag: behaviour for the implemented ones, a plain container for the rest. */
export function registerBuiltins(): void {
  const defs: Record<string, Def> = {
    input: fieldDef('input'),
    textarea: fieldDef('textarea'),
    button: buttonDef,
    'scroll-view': scrollViewDef,
    image: imageDef,
    text: textDef,
    'rich-text': richTextDef,
    navigator: navigatorDef,
  };
  for (const tag of OFFICIAL_TAGS) define(tag, defs[tag] ?? {});
}
