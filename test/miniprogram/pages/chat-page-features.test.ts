/**
 * @jest-environment jsdom
 *
 * The chat page's issue-5 features with a scripted cloud function behind the wx fake: history paging with
 * the scroll anchor, clear context, like / unlike, voice input into the composer, and switching conversations.
 */
import type { Message } from '../../../miniprogram/shared/protocol';
import { currentConversation } from '../../../miniprogram/core/current-conversation';
import { CONTEXT_CLEARED_TEXT } from '../../../miniprogram/core/chat-controller';
import { installWxFake, type WxFake } from '../../helpers/wx-fake';
import { expectConsoleWarning, load, mount, textOf, until, type SimNode } from '../helpers/simulate';

const PAGE = 10;
/** What the function answers for Coze 4010 (see cloudfunctions/coze/src/errors.ts). */
const TOO_LONG = '这段对话已经超出模型上下文';
const CONTEXT_TOO_LONG = '对话太长，超出了模型能记住的长度。请清除上下文或开始新的对话后再发送。';
/** 30 messages in conv-a: q1 a1 … q15 a15, oldest first. */
const history: Message[] = Array.from({ length: 15 }, (_, i) => i + 1).flatMap((n) => [
  { id: `7${String(n).padStart(3, '0')}1`, role: 'user' as const, type: 'question', content: `问题${n}`, contentType: 'text', createdAt: n * 10 },
  { id: `7${String(n).padStart(3, '0')}2`, role: 'assistant' as const, type: 'answer', content: `回答${n}`, contentType: 'text', createdAt: n * 10 + 1 },
]);

function listPage(beforeId: unknown) {
  const end = typeof beforeId === 'string' ? history.findIndex((m) => m.id === beforeId) : history.length;
  const messages = history.slice(Math.max(0, end - PAGE), end);
  return { ok: true, data: { messages, hasMore: end - PAGE > 0, firstId: messages[0]?.id ?? '', lastId: messages[messages.length - 1]?.id ?? '' } };
}

describe('chat page: history, clear, feedback, voice, switching', () => {
  let fake: WxFake;
  let pageId: string;

  beforeAll(() => {
    fake = installWxFake({
      callFunction: async (_openid, data) => {
        switch (data.action) {
          case 'bot.info':
            return { ok: true, data: { botId: '1', name: '测试助手', description: '', iconUrl: '', prologue: '你好', suggestedQuestions: [] } };
          case 'message.list':
            return data.conversationId === 'conv-a' ? listPage(data.beforeId) : { ok: true, data: { messages: [], hasMore: false, firstId: '', lastId: '' } };
          case 'conversation.clear':
            return { ok: true, data: { sectionId: 's2' } };
          case 'message.feedback':
            return { ok: true, data: {} };
          case 'audio.transcribe':
            return { ok: true, data: { text: '明天天气怎么样' } };
          case 'chat.send':
            if (data.text === TOO_LONG) return { ok: false, error: { code: 'BAD_REQUEST', message: CONTEXT_TOO_LONG, retryable: false, action: 'clear-context' } };
            return { ok: true, data: { conversationId: 'conv-a', chatId: 'c9', status: 'completed', answer: { id: 'a9', role: 'assistant', type: 'answer', content: '晴', contentType: 'text', createdAt: 999 }, followUps: [] } };
          default:
            throw new Error(`test: unexpected action ${String(data.action)}`);
        }
      },
    });
    pageId = load('pages/chat/chat', 'chat-page');
  });
  afterAll(() => fake.uninstall());
  beforeEach(() => {
    fake.calls.length = 0;
  });

  /** Every message id in display order: older chunks (last loaded on top), then the current messages. */
  const ids = (page: SimNode) => {
    const older = (page.data.older as Array<{ items: Array<{ id: string }> }>).slice().reverse().flatMap((c) => c.items);
    return older.concat(page.data.messages as Array<{ id: string }>).map((m) => m.id);
  };

  async function openA(): Promise<SimNode> {
    const page = mount(pageId);
    currentConversation.set('conv-a');
    await until(() => ids(page).length === PAGE, 'newest page of history');
    return page;
  }

  it('opens the conversation chosen in the list with its newest messages, then loads older ones on scrolling to the top, anchored', async () => {
    const page = await openA();
    expect(ids(page)[0]).toBe(history[20].id);
    expect(textOf(page.querySelector('.history-more'))).toBe('查看更早的消息');

    const payloads: Array<Record<string, unknown>> = [];
    const setData = page.instance.setData.bind(page.instance);
    page.instance.setData = (data: Record<string, unknown>) => {
      payloads.push(data);
      setData(data);
    };
    page.querySelector('.list')?.dispatchEvent('scrolltoupper');
    await until(() => ids(page).length === 2 * PAGE, 'older page');
    // Only the loaded page crosses, together with its anchor, in ONE setData: it renders once, in place.
    const listed = payloads.filter((p) => Object.keys(p).some((k) => k.startsWith('older') || k.startsWith('messages')));
    expect(listed.map((p) => Object.keys(p).sort())).toEqual([['anchor', 'older[0]']]);
    expect(listed[0].anchor).toBe(`msg-${history[20].id}`);
    // The rendered order matches: the older page's bubbles come first.
    const rendered = page.querySelectorAll('.message').map((m) => textOf(m.querySelector('.bubble')));
    expect(rendered).toHaveLength(2 * PAGE);
    expect([rendered[0], rendered[PAGE - 1], rendered[PAGE]]).toEqual(['问题6', '回答10', '问题11']);
    expect(ids(page)).toEqual(history.slice(10).map((m) => m.id));
    // The message that was first stays where the reader was: scroll-into-view targets it.
    expect(page.data.anchor).toBe(`msg-${history[20].id}`);
    expect(page.querySelector(`#msg-${history[20].id}`)).toBeTruthy();
    expect(fake.calls.filter((c) => c.action === 'message.list')).toEqual([
      { action: 'message.list', conversationId: 'conv-a' },
      { action: 'message.list', conversationId: 'conv-a', beforeId: history[20].id },
    ]);

    page.querySelector('.history-more')?.dispatchEvent('tap');
    await until(() => ids(page).length === 30, 'oldest page');
    expect(page.data.anchor).toBe(`msg-${history[10].id}`);
    expect(textOf(page.querySelector('.history-end'))).toBe('已显示全部消息');
    page.detach();
  });

  it('clear context: a divider under the earlier messages, which stay visible', async () => {
    const page = await openA();
    page.querySelector('.clear-context')?.dispatchEvent('tap');
    await until(() => ids(page).length === PAGE + 1, 'divider');
    expect(fake.calls.find((c) => c.action === 'conversation.clear')).toEqual({ action: 'conversation.clear', conversationId: 'conv-a' });
    const rows = page.querySelectorAll('.message');
    expect(textOf(rows[rows.length - 1].querySelector('.divider'))).toBe(CONTEXT_CLEARED_TEXT);
    expect(textOf(rows[0])).toContain('问题11');
    page.detach();
  });

  it('Coze 4010 (prompt too long): the error bubble offers 清除上下文 instead of a retry, and tapping it clears the context; the text goes back to the composer', async () => {
    expectConsoleWarning(/\[coze\] chat\.send failed: BAD_REQUEST/);
    const page = await openA();
    const composer = page.querySelector('#composer') as SimNode;
    composer.querySelector('.input')?.dispatchEvent('input', { detail: { value: TOO_LONG } });
    await until(() => composer.data.text === TOO_LONG, 'composer text');
    composer.querySelector('.send')?.dispatchEvent('tap');
    await until(() => (page.data.messages as Array<{ status: string }>).some((m) => m.status === 'error'), 'error bubble');
    const rows = page.querySelectorAll('.message');
    const failed = rows[rows.length - 1];
    expect(textOf(failed.querySelector('.error-text'))).toBe(CONTEXT_TOO_LONG);
    expect(failed.querySelectorAll('.retry').map((n) => textOf(n))).toEqual(['清除上下文']);
    expect((page.querySelector('#composer') as SimNode).data.text).toBe(TOO_LONG);
    failed.querySelector('.error-clear-context')?.dispatchEvent('tap');
    await until(() => fake.calls.some((c) => c.action === 'conversation.clear'), 'clear called');
    expect(fake.calls.find((c) => c.action === 'conversation.clear')).toEqual({ action: 'conversation.clear', conversationId: 'conv-a' });
    page.detach();
  });

  it('like, then unlike, then clear: one of the two, sent with the Coze message id', async () => {
    const page = await openA();
    const answer = () => page.querySelectorAll('.message')[1];
    answer().querySelector('.like')?.dispatchEvent('tap');
    await until(() => (page.data.messages as Array<{ feedback?: string }>)[1].feedback === 'like', 'liked');
    answer().querySelector('.unlike')?.dispatchEvent('tap');
    await until(() => (page.data.messages as Array<{ feedback?: string }>)[1].feedback === 'unlike', 'unliked');
    answer().querySelector('.unlike')?.dispatchEvent('tap');
    await until(() => fake.calls.filter((c) => c.action === 'message.feedback').length === 3, 'three feedback calls');
    expect(fake.calls.filter((c) => c.action === 'message.feedback').map((c) => c.feedback)).toEqual(['like', 'unlike', null]);
    expect(fake.calls.find((c) => c.action === 'message.feedback')).toMatchObject({ conversationId: 'conv-a', messageId: history[21].id });
    await until(() => (page.data.messages as Array<{ feedback?: string | null }>)[1].feedback === null, 'cleared');
    expect(answer().querySelector('.rate-on')).toBeUndefined();
    page.detach();
  });

  it('voice: hold, speak, release; the transcription lands in the composer to edit and send', async () => {
    fake.permissions.authSetting['scope.record'] = true;
    const page = mount(pageId);
    const composer = page.querySelector('#composer') as SimNode;
    composer.querySelector('.mode')?.dispatchEvent('tap');
    await until(() => composer.querySelector('.hold') !== undefined, 'hold-to-talk');
    composer.querySelector('.hold')?.dispatchEvent('touchstart', { touches: [{ x: 10, y: 600 }] });
    await until(() => fake.recorder.starts.length === 1, 'recording');
    composer.querySelector('.hold')?.dispatchEvent('touchend', { changedTouches: [{ x: 10, y: 600 }] });
    await until(() => composer.data.text === '明天天气怎么样', 'text in the composer');
    expect(fake.recorder.starts[0]).toMatchObject({ format: 'mp3', duration: 60000 });
    expect(fake.uploads).toHaveLength(1);
    expect(fake.calls.find((c) => c.action === 'audio.transcribe')?.fileID).toMatch(/^cloud:\/\//);
    expect(composer.querySelector('.input')).toBeTruthy();
    expect(fake.calls.some((c) => c.action === 'chat.send')).toBe(false);
    composer.querySelector('.send')?.dispatchEvent('tap');
    await until(() => fake.calls.some((c) => c.action === 'chat.send'), 'sent');
    expect(fake.calls.find((c) => c.action === 'chat.send')?.text).toBe('明天天气怎么样');
    page.detach();
  });

  it('voice errors are shown: a refused microphone explains and offers the settings page', async () => {
    fake.permissions.authSetting['scope.record'] = false;
    fake.modalAnswers.push({ confirm: false });
    fake.toasts.length = 0;
    const page = mount(pageId);
    const composer = page.querySelector('#composer') as SimNode;
    composer.querySelector('.mode')?.dispatchEvent('tap');
    await until(() => composer.querySelector('.hold') !== undefined, 'hold-to-talk');
    const starts = fake.recorder.starts.length;
    composer.querySelector('.hold')?.dispatchEvent('touchstart', { touches: [{ x: 10, y: 600 }] });
    await until(() => fake.toasts.length === 1, 'error toast');
    expect(fake.modals[fake.modals.length - 1].title).toBe('需要麦克风权限');
    expect(fake.toasts).toEqual(['没有麦克风权限，无法语音输入']);
    expect(fake.recorder.starts.length).toBe(starts);
    page.detach();
  });

  it('new conversation empties the chat; the next send creates one and the list learns its id', async () => {
    const page = await openA();
    page.querySelector('.new-conversation')?.dispatchEvent('tap');
    await until(() => ids(page).length === 0, 'empty chat');
    expect(currentConversation.get()).toBeNull();
    await until(() => page.querySelector('#welcome') !== undefined, 'welcome');
    const composer = page.querySelector('#composer') as SimNode;
    composer.querySelector('.input')?.dispatchEvent('input', { detail: { value: '新话题' } });
    await until(() => composer.data.text === '新话题', 'typed');
    composer.querySelector('.send')?.dispatchEvent('tap');
    await until(() => currentConversation.get() === 'conv-a', 'adopted id');
    const send = fake.calls.find((c) => c.action === 'chat.send');
    expect(send).toEqual({ action: 'chat.send', text: '新话题', streamId: expect.any(String) });
    // Adopting the id did not reload the chat (the answer stays).
    await until(() => textOf(page.querySelectorAll('.message')[1]).includes('晴'), 'answer');
    expect(ids(page)).toHaveLength(2);
    page.detach();
  });
});
