/** The controller sends attachments with (or without) text, re-sends them on retry, and shows history parts. */
import type { Attachment } from '../../../miniprogram/shared/protocol';
import { ChatController, fromHistory } from '../../../miniprogram/core/chat-controller';
import { FakeClock } from '../helpers/fake-clock';
import { RecordingChatState } from '../helpers/recording-chat-state';
import { ScriptedTransport, chatResult, flush } from '../helpers/scripted-transport';

const IMAGE: Attachment = { kind: 'image', fileID: 'cloud://env-1.abc/coze-upload/0123456789abcdef0123456789abcdef/image-1.png', name: '照片.png' };
const PART = { kind: 'image' as const, name: '照片.png', size: 2048, src: 'wxfile://tmp/a.png' };

function setup() {
  const state = new RecordingChatState();
  const transport = new ScriptedTransport();
  const controller = new ChatController({ state, transport, clock: new FakeClock() });
  return { state, transport, controller };
}

describe('ChatController with attachments', () => {
  it('sends an image without text: the question shows the image, chat.send gets the attachment', async () => {
    const { state, transport, controller } = setup();
    expect(controller.send('', [IMAGE], [PART])).toBe('sent');
    expect(state.messages[0]).toMatchObject({ role: 'user', text: '', parts: [PART], attachments: [IMAGE] });
    expect(transport.sends[0].params).toEqual({ text: '', attachments: [IMAGE] });
    transport.sends[0].resolve({ ok: true, data: chatResult({ text: '看到了' }) });
    await flush();
    expect(state.messages[1]).toMatchObject({ role: 'assistant', text: '看到了', status: 'complete' });
  });

  it('still refuses an empty message without attachments', () => {
    const { controller, transport } = setup();
    expect(controller.send('  ')).toBe('empty');
    expect(transport.sends).toHaveLength(0);
  });

  it('a retry re-sends the same attachments with the text', async () => {
    const { state, transport, controller } = setup();
    controller.send('这是什么', [IMAGE], [PART]);
    transport.sends[0].resolve({ ok: false, error: { code: 'UPSTREAM', message: '网络错误', retryable: true } });
    await flush();
    expect(controller.retry(state.messages[1].id)).toBe(true);
    expect(transport.sends[1].params).toEqual({ conversationId: undefined, text: '这是什么', attachments: [IMAGE] });
  });

  it('history parts show by their cloud fileID (the image component and previewImage take it as src)', () => {
    const messages = fromHistory([
      { id: 'q1', role: 'user', type: 'question', content: '看图', contentType: 'object_string', createdAt: 1, parts: [{ kind: 'image', name: '照片.png', size: 2048, fileID: IMAGE.fileID }] },
      { id: 'a1', role: 'assistant', type: 'answer', content: '好', contentType: 'text', createdAt: 2 },
    ]);
    expect(messages[0].parts).toEqual([{ kind: 'image', name: '照片.png', size: 2048, src: IMAGE.fileID }]);
    expect(messages[1].parts).toBeUndefined();
  });
});
