/**
 * The attachments above the composer: a "＋" button (emits `add`; the page opens 相册 / 拍照 / 文件) and one
 * thumbnail or file chip per attachment with its upload progress, each removable (emits `remove` {id}).
 * Presentational: the page owns the tray (services/attachment-picker.ts).
 */

/** Detail of `remove`. */
export interface RemoveDetail {
  id: string;
}

Component({
  properties: {
    /** core/attachments.ts TrayItem[]. */
    items: { type: Array, value: [] },
  },
  methods: {
    onAdd() {
      this.triggerEvent('add', {});
    },
    onRemove(e: WechatMiniprogram.TouchEvent) {
      this.triggerEvent('remove', { id: String(e.currentTarget.dataset.id) } as RemoveDetail);
    },
  },
});
