import { readFileSync } from 'fs';
import path from 'path';
import { ChatReducer } from '../../../cloudfunctions/coze/src/chat/reducer';
import { AppError } from '../../../cloudfunctions/coze/src/errors';
import { SseParser } from '../../../cloudfunctions/coze/src/coze/sse';

const FIXTURES = path.join(__dirname, '../../fixtures/coze');

function reduceFixture(name: string): ChatReducer {
  const parser = new SseParser();
  const reducer = new ChatReducer('');
  for (const event of [...parser.push(readFileSync(`${FIXTURES}/${name}`)), ...parser.end()]) reducer.apply(event);
  return reducer;
}

test('the recorded text stream reduces to a completed answer, ids kept as strings', () => {
  const result = reduceFixture('cozepy__chat_text_stream_resp.txt').result();
  expect(result.status).toBe('completed');
  expect(result.chatId).toBe('7382159487131697202');
  expect(result.conversationId).toBe('7381473525342978089');
  expect(result.answer?.id).toBe('7382159494123470858');
  expect(result.answer?.content).toBe('2024 年 10 月 1 日是星期三。');
  expect(result.usage).toEqual({ inputTokens: expect.any(Number), outputTokens: expect.any(Number) });
});

test('message.completed is the truth over the concatenated deltas', () => {
  const reducer = new ChatReducer('1');
  const msg = (event: string, content: string) => ({ event, data: JSON.stringify({ id: '9', type: 'answer', role: 'assistant', content, chat_id: '5' }) });
  reducer.apply(msg('conversation.message.delta', 'Hel'));
  reducer.apply(msg('conversation.message.delta', 'lo'));
  expect(reducer.answer()?.content).toBe('Hello');
  reducer.apply(msg('conversation.message.completed', 'Hello, world'));
  expect(reducer.answer()?.content).toBe('Hello, world');
  expect(reducer.chatId).toBe('5');
});

test('answerText follows every delta and joins the answer messages of a turn, read as often as the stream asks', () => {
  const reducer = new ChatReducer('1');
  const delta = (id: string, content: string) => ({ event: 'conversation.message.delta', data: JSON.stringify({ id, type: 'answer', role: 'assistant', content, chat_id: '5' }) });
  expect(reducer.answerText()).toBe('');
  reducer.apply(delta('9', 'Hel'));
  expect(reducer.answerText()).toBe('Hel');
  reducer.apply({ event: 'conversation.chat.in_progress', data: JSON.stringify({ id: '5', conversation_id: '1', status: 'in_progress' }) });
  expect(reducer.answerText()).toBe('Hel');
  reducer.apply(delta('9', 'lo'));
  expect(reducer.answerText()).toBe('Hello');
  reducer.apply(delta('10', 'World'));
  expect(reducer.answerText()).toBe('Hello\n\nWorld');
  expect(reducer.answer()).toEqual(expect.objectContaining({ id: '9', content: 'Hello\n\nWorld' }));
});

test('follow-ups and usage are collected; verbose and unknown events ignored', () => {
  const reducer = new ChatReducer('1');
  reducer.apply({ event: 'conversation.message.completed', data: JSON.stringify({ id: '1', type: 'follow_up', content: '再问一个？' }) });
  reducer.apply({ event: 'conversation.message.completed', data: JSON.stringify({ id: '2', type: 'verbose', content: '{}' }) });
  reducer.apply({ event: 'invalid', data: 'not json at all' });
  reducer.apply({ event: 'conversation.chat.completed', data: JSON.stringify({ id: '5', conversation_id: '1', status: 'completed', usage: { input_count: 7, output_count: 3 } }) });
  expect(reducer.result()).toEqual(expect.objectContaining({ followUps: ['再问一个？'], usage: { inputTokens: 7, outputTokens: 3 }, status: 'completed' }));
});

test('the recorded chat.failed carries the Coze error as ours, with a Chinese message', () => {
  const result = reduceFixture('cozepy__chat_failed_resp.txt').result();
  expect(result.status).toBe('failed');
  expect(result.error?.code).toBe('UPSTREAM');
  expect(result.error?.message).toMatch(/[\u4e00-\u9fff]/);
});

test('a mid-stream error event throws the mapped error; the recorded empty one is UPSTREAM-class, not a crash', () => {
  const reducer = new ChatReducer('1');
  expect(() => reducer.apply({ event: 'error', data: '{"code":4016,"msg":"busy"}' })).toThrow(expect.objectContaining({ code: 'BUSY' }));
  expect(() => reduceFixture('cozepy__chat_error_resp.txt')).toThrow(AppError);
});

test('malformed JSON data is UPSTREAM', () => {
  const reducer = new ChatReducer('1');
  expect(() => reducer.apply({ event: 'conversation.message.delta', data: '{"id":' })).toThrow(expect.objectContaining({ code: 'UPSTREAM' }));
});

test('the recorded unknown event is ignored and the stream is not finished', () => {
  const reducer = reduceFixture('cozepy__chat_invalid_resp.txt');
  expect(reducer.finished).toBe(false);
  expect(reducer.answer()).toBeNull();
});

test('reasoning_content deltas (content empty) build the reasoning apart from the answer; a completed message without it keeps it', () => {
  const reducer = new ChatReducer('1');
  const delta = (fields: Record<string, string>) => ({ event: 'conversation.message.delta', data: JSON.stringify({ id: '9', type: 'answer', role: 'assistant', chat_id: '5', ...fields }) });
  reducer.apply(delta({ content: '', reasoning_content: '先想' }));
  reducer.apply(delta({ content: '', reasoning_content: '一想。' }));
  expect(reducer.answerText()).toBe('');
  expect(reducer.reasoningText()).toBe('先想一想。');
  reducer.apply(delta({ content: '答案' }));
  expect(reducer.answer()).toEqual(expect.objectContaining({ content: '答案', reasoning: '先想一想。' }));
  reducer.apply({ event: 'conversation.message.completed', data: JSON.stringify({ id: '9', type: 'answer', role: 'assistant', content: '答案。' }) });
  expect(reducer.result().answer).toEqual(expect.objectContaining({ content: '答案。', reasoning: '先想一想。' }));
});

test('function_call / tool_response messages become named steps in order; arguments and outputs are dropped', () => {
  const reducer = new ChatReducer('1');
  const done = (type: string, content: string) => ({ event: 'conversation.message.completed', data: JSON.stringify({ id: type + content.length, type, role: 'assistant', content }) });
  reducer.apply(done('function_call', JSON.stringify({ name: '天气查询-get_weather', arguments: { city: 'SECRET-ARG' }, plugin_name: '天气查询' })));
  expect(reducer.steps()).toEqual([{ name: '天气查询', done: false }]);
  reducer.apply(done('tool_response', 'SECRET-OUTPUT'));
  reducer.apply(done('function_call', JSON.stringify({ name: 'search_web-query', arguments: {} })));
  reducer.apply(done('function_call', 'not json'));
  expect(reducer.result().steps).toEqual([{ name: '天气查询', done: true }, { name: 'search_web', done: false }, { name: '工具', done: false }]);
  reducer.apply(done('tool_response', 'x'));
  expect(reducer.steps()?.map((s) => s.done)).toEqual([true, true, false]);
  expect(JSON.stringify(reducer.result())).not.toMatch(/SECRET/);
  expect(new ChatReducer('2').result().steps).toBeUndefined();
});
