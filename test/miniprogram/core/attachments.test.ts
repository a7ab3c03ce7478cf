/** The composer's attachment rules agree with what the cloud function accepts. */
import { ATTACHMENT_FOLDER, MAX_ATTACHMENT_NAME, MAX_IMAGE_BYTES } from '../../../miniprogram/shared/protocol';
import { cloudPathFor, displayName, extensionOf, formatSize, fromTray, refusal, roomLeft, traySendable, type TrayItem } from '../../../miniprogram/core/attachments';
import { uploadPattern } from '../../../cloudfunctions/coze/src/storage/upload-layout';

const item = (over: Partial<TrayItem>): TrayItem => ({ id: 'a', kind: 'image', name: 'a.png', size: 10, sizeText: '10 B', path: 'wxfile://a.png', progress: 100, status: 'ready', fileID: 'cloud://e/coze-upload/x/a.png', ...over });

describe('attachments (pure)', () => {
  it('uploads to the one layout chat.send accepts', () => {
    const path = cloudPathFor('image', 'png', '0123456789abcdef0123456789abcdef', 1700000000000);
    expect(path).toBe(`${ATTACHMENT_FOLDER}/0123456789abcdef0123456789abcdef/image-1700000000000.png`);
    expect(uploadPattern(ATTACHMENT_FOLDER).test(`cloud://env-1.abc/${path}`)).toBe(true);
  });

  it('refuses unsupported types, empty and oversized files before any upload, with a message', () => {
    expect(refusal({ kind: 'image', path: 'wxfile://tmp/a.jpg', name: 'a.jpg', size: 100 })).toBeNull();
    expect(refusal({ kind: 'file', path: 'wxfile://tmp/a.exe', name: 'setup.exe', size: 100 })).toMatch(/不支持 \.exe/);
    expect(refusal({ kind: 'image', path: 'wxfile://tmp/a.pdf', name: 'a.pdf', size: 100 })).toMatch(/不支持 \.pdf/);
    expect(refusal({ kind: 'file', path: 'x.csv', name: 'x.csv', size: 0 })).toMatch(/空文件/);
    expect(refusal({ kind: 'file', path: 'x.txt', name: 'notes.txt', size: 10 })).toMatch(/不支持 \.txt/);
    expect(refusal({ kind: 'image', path: 'x.png', name: 'x.png', size: MAX_IMAGE_BYTES + 1 })).toMatch(/超过 10 MB/);
  });

  it('reads extensions from names and temp paths, and formats sizes', () => {
    expect(extensionOf('http://tmp/abc.JPEG')).toBe('jpeg');
    expect(extensionOf('noext')).toBe('');
    expect([formatSize(532), formatSize(12_595), formatSize(4.5 * 1024 * 1024)]).toEqual(['532 B', '12.3 KB', '4.5 MB']);
  });

  it('shortens long names keeping the extension, and drops slashes and controls', () => {
    const long = displayName(`${'很长'.repeat(50)}.pdf`, 'f');
    expect([...long].length).toBe(MAX_ATTACHMENT_NAME);
    expect(long.endsWith('….pdf')).toBe(true);
    expect(displayName('a/b\u0001.csv', 'f')).toBe('a_b_.csv');
    expect(displayName('  ', '文件.csv')).toBe('文件.csv');
  });

  it('sends only a finished tray, and turns it into chat.send attachments and bubble parts', () => {
    expect(traySendable([item({ status: 'uploading' })])).toBe('uploading');
    expect(traySendable([item({}), item({ id: 'b', status: 'error' })])).toBe('error');
    expect(traySendable([])).toBe('ok');
    expect(roomLeft([item({}), item({ id: 'b' })])).toBe(2);
    expect(fromTray([item({})])).toEqual({
      attachments: [{ kind: 'image', fileID: 'cloud://e/coze-upload/x/a.png', name: 'a.png' }],
      parts: [{ kind: 'image', name: 'a.png', size: 10, src: 'wxfile://a.png' }],
    });
  });
});
