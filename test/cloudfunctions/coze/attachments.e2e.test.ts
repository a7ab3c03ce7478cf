/**
 * Images and files in the chat, through the BUILT function and the Coze emulator over HTTP: the function reads
 * the user's uploads from the local file store (the stand-in for cloud storage outside CloudBase), uploads them
 * to Coze (`POST /v1/files/upload`) and sends ONE object_string message; fileIDs outside the upload layout are
 * refused; images go through the (faked) asynchronous media check and a blocked one never reaches Coze; history
 * shows the attachments with their cloud fileIDs.
 */
import type { ChatResult } from '../../../miniprogram/shared/protocol';
import { callAs, expectError, expectOk, FunctionHarness, startFunctionHarness } from '../../helpers/function-harness';
import { FakeMediaCheck, FakeMsgSecCheck, MEDIA_WORDS } from '../../helpers/wx-cloud-fake';

const USER = 'o_attachments_user';
const mediaCheck = new FakeMediaCheck();
const secCheck = new FakeMsgSecCheck();
let h: FunctionHarness;
let folderCounter = 0;

beforeAll(async () => {
  h = await startFunctionHarness({ emulator: { deltaDelayMs: 0 }, env: { CHAT_CONTENT_CHECK: 'off', CHAT_IMAGE_CHECK_WAIT_MS: '2000' }, cloud: { mediaCheck, secCheck } });
  // WeChat's message push reaches the function without a user calling it.
  mediaCheck.push = (event) => callAs(h.bundle, undefined, event);
});
afterAll(async () => {
  await h.stop();
});

/** Puts bytes into the local store under a fresh upload folder, as the dev server's upload route does. */
function upload(name: string, content: Buffer): string {
  folderCounter += 1;
  const fileID = `cloud://local-dev.local/coze-upload/${folderCounter.toString(16).padStart(32, '0')}/${name}`;
  h.bundle.localFiles.put(fileID, content, USER);
  return fileID;
}

async function withEnv<T>(env: Record<string, string>, body: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  try {
    return await body();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

function uploads(): number {
  return h.emulator.requests.filter((r) => r.path === '/v1/files/upload').length;
}

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
const PDF = Buffer.from('%PDF-1.4 a small test document');

test('an image and a file reach Coze as one object_string message, and the answer echoes them', async () => {
  const image = upload('photo-1.png', PNG);
  const file = upload('file-1.pdf', PDF);
  const before = h.emulator.requests.length;
  const result = expectOk(await h.call(USER, {
    action: 'chat.send',
    text: '看看这张图和这个文件',
    attachments: [{ kind: 'image', fileID: image, name: '照片.png' }, { kind: 'file', fileID: file, name: '报告.pdf' }],
  })) as ChatResult;
  expect(result.status).toBe('completed');
  const requests = h.emulator.requests.slice(before);
  const uploaded = requests.filter((r) => r.path === '/v1/files/upload');
  expect(uploaded).toHaveLength(2);
  const chat = requests.find((r) => r.path === '/v3/chat');
  const message = (chat?.body as { additional_messages: Array<Record<string, unknown>> }).additional_messages[0];
  expect(message.content_type).toBe('object_string');
  const items = JSON.parse(String(message.content)) as Array<Record<string, string>>;
  expect(items.map((i) => i.type)).toEqual(['text', 'image', 'file']);
  expect(items[0].text).toBe('看看这张图和这个文件');
  expect(items[1].file_id).toMatch(/^\d+$/);
  expect(items[2].file_id).toMatch(/^\d+$/);
  // The scripted bot echoes what Coze received: names and sizes as uploaded.
  expect(result.answer?.content).toContain(`图片「photo-1.png」${PNG.length} 字节（file_id ${items[1].file_id}）`);
  expect(result.answer?.content).toContain(`文件「file-1.pdf」${PDF.length} 字节（file_id ${items[2].file_id}）`);

  // History: the question carries its text and the parts, with the cloud fileIDs (displayable after Coze links expire).
  const history = expectOk(await h.call(USER, { action: 'message.list', conversationId: result.conversationId }));
  const question = history.messages.find((m) => m.role === 'user');
  expect(question?.content).toBe('看看这张图和这个文件');
  expect(question?.contentType).toBe('object_string');
  expect(question?.parts).toEqual([
    { kind: 'image', name: '照片.png', size: PNG.length, fileID: image },
    { kind: 'file', name: '报告.pdf', size: PDF.length, fileID: file },
  ]);
});

test('an attachment without text is sent with a text item beside it; the conversation is named after the file', async () => {
  const file = upload('notes-2.csv', Buffer.from('just notes'));
  const result = expectOk(await h.call(USER, { action: 'chat.send', text: '', attachments: [{ kind: 'file', fileID: file, name: '笔记.csv' }] })) as ChatResult;
  expect(result.status).toBe('completed');
  const list = expectOk(await h.call(USER, { action: 'conversation.list' }));
  expect(list.conversations.find((c) => c.id === result.conversationId)?.name).toBe('笔记.csv');
  const history = expectOk(await h.call(USER, { action: 'message.list', conversationId: result.conversationId }));
  expect(history.messages[0].parts?.[0]).toEqual({ kind: 'file', name: '笔记.csv', size: 10, fileID: file });
});

describe('fileIDs outside the upload layout are refused before anything is read or sent', () => {
  test.each([
    ['another folder', 'cloud://env-1.abc/private/0123456789abcdef0123456789abcdef/a.png', /coze-upload/],
    ['the voice folder', 'cloud://env-1.abc/coze-voice/0123456789abcdef0123456789abcdef/a.png', /coze-upload/],
    ['no random folder', 'cloud://env-1.abc/coze-upload/a.png', /coze-upload/],
    ['a path climbing out', 'cloud://env-1.abc/coze-upload/0123456789abcdef0123456789abcdef/../x.png', /coze-upload/],
    ['an http URL', 'https://evil.example/coze-upload/0123456789abcdef0123456789abcdef/a.png', /coze-upload/],
  ])('%s', async (_label, fileID, message) => {
    const before = h.emulator.requests.length;
    const error = expectError(await h.callRaw(USER, { action: 'chat.send', text: '看图', attachments: [{ kind: 'image', fileID, name: 'a.png' }] }));
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toMatch(message);
    expect(h.emulator.requests.length).toBe(before);
  });
});

describe('validation of attachments', () => {
  const ok = 'cloud://env-1.abc/coze-upload/0123456789abcdef0123456789abcdef/a.png';
  test.each([
    ['not an array', { kind: 'image', fileID: ok, name: 'a' }, /数组/],
    ['too many', Array.from({ length: 5 }, (_, i) => ({ kind: 'image', fileID: ok.replace('a.png', `${i}.png`), name: 'a' })), /最多 4/],
    ['unknown kind', [{ kind: 'video', fileID: ok, name: 'a' }], /kind/],
    ['image with a document extension', [{ kind: 'image', fileID: ok.replace('a.png', 'a.pdf'), name: 'a' }], /\.pdf 不支持/],
    ['file with an unknown extension', [{ kind: 'file', fileID: ok.replace('a.png', 'a.exe'), name: 'a' }], /\.exe 不支持/],
    ['blank name', [{ kind: 'image', fileID: ok, name: ' ' }], /name/],
    ['name too long', [{ kind: 'image', fileID: ok, name: 'x'.repeat(65) }], /64/],
    ['the same file twice', [{ kind: 'image', fileID: ok, name: 'a' }, { kind: 'image', fileID: ok, name: 'b' }], /重复/],
  ])('%s', async (_label, attachments, message) => {
    const error = expectError(await h.callRaw(USER, { action: 'chat.send', text: 'x', attachments }));
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toMatch(message);
  });

  test('an uploaded file missing from the store is NOT_FOUND; an oversized image is refused; nothing reaches Coze', async () => {
    const before = uploads();
    const missing = 'cloud://local-dev.local/coze-upload/ffffffffffffffffffffffffffffffff/gone.png';
    expect(expectError(await h.callRaw(USER, { action: 'chat.send', text: 'x', attachments: [{ kind: 'image', fileID: missing, name: 'gone.png' }] })).code).toBe('NOT_FOUND');
    const huge = upload('huge.png', Buffer.alloc(10 * 1024 * 1024 + 1));
    const error = expectError(await h.callRaw(USER, { action: 'chat.send', text: 'x', attachments: [{ kind: 'image', fileID: huge, name: 'huge.png' }] }));
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toMatch(/10 MB/);
    expect(uploads()).toBe(before);
  });
});

describe('images through WeChat media check (asynchronous verdict by message push)', () => {
  const checked = { CHAT_CONTENT_CHECK: 'input' };

  test('a passing image is checked with the caller openid and sent', async () => {
    const image = upload('ok-3.png', PNG);
    const calls = mediaCheck.calls.length;
    const result = await withEnv(checked, () => h.call(USER, { action: 'chat.send', text: '这张可以', attachments: [{ kind: 'image', fileID: image, name: 'ok.png' }] }));
    expect(expectOk(result).status).toBe('completed');
    expect(mediaCheck.calls.slice(calls)).toEqual([{ version: 2, openid: USER, scene: 2, mediaType: 2, mediaUrl: image }]);
  });

  test('a risky image never reaches Coze: no upload, no chat', async () => {
    const image = upload(`${MEDIA_WORDS.risky}-4.png`, PNG);
    const before = h.emulator.requests.length;
    const error = await withEnv(checked, async () => expectError(await h.callRaw(USER, { action: 'chat.send', text: '看图', attachments: [{ kind: 'image', fileID: image, name: 'x.png' }] })));
    expect(error.code).toBe('CONTENT_BLOCKED');
    expect(error.message).toMatch(/图片未通过安全审核/);
    expect(h.emulator.requests.slice(before).map((r) => r.path)).not.toContain('/v1/files/upload');
    expect(h.emulator.requests.slice(before).map((r) => r.path)).not.toContain('/v3/chat');
  });

  test('a risky image among clean files stops the whole message before any upload', async () => {
    const file = upload('clean-5.pdf', PDF);
    const image = upload(`${MEDIA_WORDS.risky}-5.png`, PNG);
    const before = uploads();
    const error = await withEnv(checked, async () => expectError(await h.callRaw(USER, { action: 'chat.send', text: '看', attachments: [{ kind: 'file', fileID: file, name: 'a.pdf' }, { kind: 'image', fileID: image, name: 'b.png' }] })));
    expect(error.code).toBe('CONTENT_BLOCKED');
    expect(uploads()).toBe(before);
  });

  test('no verdict in time: blocked by default (retryable), sent under CHAT_IMAGE_CHECK_PENDING=send', async () => {
    const image = upload(`${MEDIA_WORDS.silent}-6.png`, PNG);
    const env = { ...checked, CHAT_IMAGE_CHECK_WAIT_MS: '50' };
    const before = uploads();
    const error = await withEnv(env, async () => expectError(await h.callRaw(USER, { action: 'chat.send', text: '看', attachments: [{ kind: 'image', fileID: image, name: 'c.png' }] })));
    expect(error.code).toBe('UPSTREAM');
    expect(error.retryable).toBe(true);
    expect(error.message).toMatch(/审核中/);
    expect(uploads()).toBe(before);
    const sent = await withEnv({ ...env, CHAT_IMAGE_CHECK_PENDING: 'send' }, () => h.call(USER, { action: 'chat.send', text: '看', attachments: [{ kind: 'image', fileID: image, name: 'c.png' }] }));
    expect(expectOk(sent).status).toBe('completed');
    expect(uploads()).toBe(before + 1);
  });

  test('sent before its verdict (CHAT_IMAGE_CHECK_PENDING=send): a late risky push deletes the question from Coze', async () => {
    const image = upload(`${MEDIA_WORDS.silent}-9.png`, PNG);
    const env = { ...checked, CHAT_IMAGE_CHECK_WAIT_MS: '20', CHAT_IMAGE_CHECK_PENDING: 'send' };
    const result = expectOk(await withEnv(env, () => h.call(USER, { action: 'chat.send', text: '迟到的审核', attachments: [{ kind: 'image', fileID: image, name: 'late.png' }] }))) as ChatResult;
    const traceId = `media-trace-${mediaCheck.calls.length}`;
    const before = expectOk(await h.call(USER, { action: 'message.list', conversationId: result.conversationId }));
    expect(before.messages.map((m) => m.role)).toEqual(['user', 'assistant']);
    // WeChat's verdict arrives later, as a push without a user.
    await withEnv(env, () => callAs(h.bundle, undefined, { ToUserName: 'gh_0', FromUserName: USER, CreateTime: 1, MsgType: 'event', Event: 'wxa_media_check', appid: 'wx0', trace_id: traceId, version: 2, errcode: 0, errmsg: 'ok', result: { suggest: 'risky', label: 20002 }, detail: [] }));
    const after = expectOk(await h.call(USER, { action: 'message.list', conversationId: result.conversationId }));
    expect(after.messages.map((m) => m.role)).toEqual(['assistant']);
    expect(h.emulator.requests.filter((r) => r.path === '/v1/conversation/message/delete').map((r) => r.query.message_id)).toContain(before.messages[0].id);
  });

  test('a late pass removes nothing', async () => {
    const image = upload(`${MEDIA_WORDS.silent}-10.png`, PNG);
    const env = { ...checked, CHAT_IMAGE_CHECK_WAIT_MS: '20', CHAT_IMAGE_CHECK_PENDING: 'send' };
    const result = expectOk(await withEnv(env, () => h.call(USER, { action: 'chat.send', text: '没问题的图', attachments: [{ kind: 'image', fileID: image, name: 'ok.png' }] }))) as ChatResult;
    const traceId = `media-trace-${mediaCheck.calls.length}`;
    await withEnv(env, () => callAs(h.bundle, undefined, { Event: 'wxa_media_check', trace_id: traceId, result: { suggest: 'pass', label: 100 } }));
    const after = expectOk(await h.call(USER, { action: 'message.list', conversationId: result.conversationId }));
    expect(after.messages.map((m) => m.role)).toEqual(['user', 'assistant']);
  });

  test('files are not media-checked (WeChat checks images and audio only)', async () => {
    const file = upload('doc-7.pdf', PDF);
    const calls = mediaCheck.calls.length;
    expectOk(await withEnv(checked, () => h.call(USER, { action: 'chat.send', text: '文件', attachments: [{ kind: 'file', fileID: file, name: 'd.pdf' }] })));
    expect(mediaCheck.calls.length).toBe(calls);
  });
});
