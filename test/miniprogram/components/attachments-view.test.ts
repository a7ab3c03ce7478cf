/** @jest-environment jsdom */
/** The attachment tray (add, progress, remove) and a user bubble's images (tap → image-tap with every image) and file chips. */
import type { ChatMessage } from '../../../miniprogram/core/chat-types';
import type { TrayItem } from '../../../miniprogram/core/attachments';
import { toViewMessage } from '../../../miniprogram/services/view-model';
import { load, mount, simulate, textOf } from '../helpers/simulate';

const question: ChatMessage = {
  id: 'q1', role: 'user', text: '看看这些', status: 'complete', error: null, followUps: [], chatId: '',
  parts: [
    { kind: 'image', name: 'a.png', size: 2048, src: 'wxfile://tmp/a.png' },
    { kind: 'image', name: 'b.png', size: 10, src: 'cloud://env-1.abc/coze-upload/0123456789abcdef0123456789abcdef/b.png' },
    { kind: 'file', name: '报告.pdf', size: 1536000, src: 'cloud://env-1.abc/coze-upload/0123456789abcdef0123456789abcdef/f.pdf' },
  ],
};

describe('chat-bubble attachments', () => {
  let id: string;
  beforeAll(() => {
    id = load('components/chat-bubble/chat-bubble', 'chat-bubble');
  });

  it('shows images and a file chip with name and size above the text; tapping an image emits image-tap with all images', async () => {
    const comp = mount(id, { message: toViewMessage(question, []) });
    const images = comp.querySelectorAll('.part-image');
    expect(images).toHaveLength(2);
    expect(textOf(comp.querySelector('.part-file-name'))).toBe('报告.pdf');
    expect(textOf(comp.querySelector('.part-file-size'))).toBe('1.5 MB');
    expect(textOf(comp.querySelector('.user-text'))).toBe('看看这些');
    const taps: unknown[] = [];
    comp.addEventListener('image-tap', (e) => taps.push(e.detail));
    images[1].dispatchEvent('tap');
    await simulate.sleep(0);
    expect(taps).toEqual([{ src: question.parts?.[1].src, urls: [question.parts?.[0].src, question.parts?.[1].src] }]);
  });

  it('an attachment-only question has no empty text line', () => {
    const comp = mount(id, { message: toViewMessage({ ...question, text: '' }, []) });
    expect(comp.querySelector('.user-text')).toBeFalsy();
    expect(comp.querySelectorAll('.part-image')).toHaveLength(2);
  });
});

describe('attachment-tray', () => {
  let id: string;
  beforeAll(() => {
    id = load('components/attachment-tray/attachment-tray', 'attachment-tray');
  });
  const items: TrayItem[] = [
    { id: 'att-1', kind: 'image', name: 'a.png', size: 10, sizeText: '10 B', path: 'wxfile://tmp/a.png', progress: 40, status: 'uploading', fileID: '' },
    { id: 'att-2', kind: 'file', name: '报告.pdf', size: 2048, sizeText: '2.0 KB', path: 'wxfile://tmp/f.pdf', progress: 100, status: 'ready', fileID: 'cloud://x' },
    { id: 'att-3', kind: 'image', name: 'c.png', size: 10, sizeText: '10 B', path: 'wxfile://tmp/c.png', progress: 0, status: 'error', fileID: '' },
  ];

  it('shows a thumbnail with progress, a file chip, a failure; emits add and remove', async () => {
    const comp = mount(id, { items });
    expect(comp.querySelectorAll('.item')).toHaveLength(3);
    expect(textOf(comp.querySelector('.item-uploading .state'))).toBe('40%');
    expect(textOf(comp.querySelector('.file-name'))).toBe('报告.pdf');
    expect(textOf(comp.querySelector('.file-size'))).toBe('2.0 KB');
    expect(textOf(comp.querySelector('.item-error .state'))).toBe('上传失败');
    const events: Array<[string, unknown]> = [];
    comp.addEventListener('add', (e) => events.push(['add', e.detail]));
    comp.addEventListener('remove', (e) => events.push(['remove', e.detail]));
    comp.querySelector('.add')?.dispatchEvent('tap');
    comp.querySelectorAll('.remove')[1].dispatchEvent('tap');
    await simulate.sleep(0);
    expect(events).toEqual([['add', {}], ['remove', { id: 'att-2' }]]);
  });
});
