/**
 * Renders flat markdown blocks (core/markdown.ts) natively: no HTML strings, no rich-text. Taps are
 * emitted as events (`link-tap`, `image-tap`, `copy-code`) so the page decides what wx call to make.
 */
import type { MdBlock } from '../../core/markdown';

/** Detail of `link-tap`. */
export interface LinkTapDetail {
  href: string;
}
/** Detail of `image-tap`. */
export interface ImageTapDetail {
  src: string;
}
/** Detail of `copy-code`. */
export interface CopyCodeDetail {
  code: string;
}

Component({
  options: { addGlobalClass: false },
  properties: {
    blocks: { type: Array, value: [] },
    streaming: { type: Boolean, value: false },
  },
  methods: {
    onLinkTap(e: WechatMiniprogram.TouchEvent) {
      const href = String(e.currentTarget.dataset.href || '');
      if (href) this.triggerEvent('link-tap', { href } as LinkTapDetail);
    },
    onImageTap(e: WechatMiniprogram.TouchEvent) {
      const src = String(e.currentTarget.dataset.src || '');
      if (src) this.triggerEvent('image-tap', { src } as ImageTapDetail);
    },
    onCopyCode(e: WechatMiniprogram.TouchEvent) {
      const block = (this.data.blocks as MdBlock[])[Number(e.currentTarget.dataset.index)];
      if (block && block.segs) this.triggerEvent('copy-code', { code: block.segs.join('') } as CopyCodeDetail);
    },
  },
});
