/** The chat page, built with Component() so miniprogram-simulate can load it. */
Component({
  data: { title: 'AI 助手' },
});
