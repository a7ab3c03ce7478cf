/**
 * The reducer on chatflow streams: the recorded workflow-chat fixture completes like a bot chat; the doc's
 * interrupted example (answer, `interrupt` verbose, done without a chat event) is a finished turn whose answer
 * is the question; a question card carries its options; requires_action of an interrupted flow is completed.
 */
import { readFileSync } from 'fs';
import path from 'path';
import { ChatReducer } from '../../../cloudfunctions/coze/src/chat/reducer';
import { SseParser } from '../../../cloudfunctions/coze/src/coze/sse';

const FIXTURE = path.join(__dirname, '../../fixtures/coze/cozepy__workflows_chat_stream_resp.txt');

function message(type: string, content: string, id = '11'): { event: string; data: string } {
  return { event: 'conversation.message.completed', data: JSON.stringify({ id, type, role: 'assistant', content, content_type: 'text', chat_id: '5', conversation_id: '7' }) };
}
const verbose = (msgType: string): string => JSON.stringify({ msg_type: msgType, data: '', from_module: null, from_unit: null });
const chatEvent = (status: string): { event: string; data: string } => ({ event: `conversation.chat.${status}`, data: JSON.stringify({ id: '5', conversation_id: '7', status }) });

test('the recorded workflow-chat stream completes with its answer and no question', () => {
  const parser = new SseParser();
  const reducer = new ChatReducer('');
  for (const event of [...parser.push(readFileSync(FIXTURE)), ...parser.end()]) reducer.apply(event);
  const result = reducer.result();
  expect(result.status).toBe('completed');
  expect(result.answer?.content).toBe("I'm fine, thank you. How about you?");
  expect(result).not.toHaveProperty('question');
});

test("the doc's interrupted example: done without a chat event ends the turn, the question has no options", () => {
  const reducer = new ChatReducer('7');
  reducer.apply(chatEvent('created'));
  reducer.apply(chatEvent('in_progress'));
  reducer.apply(message('answer', '中午吃啥了'));
  reducer.apply(message('verbose', verbose('interrupt'), '12'));
  reducer.apply(message('verbose', verbose('generate_answer_finish'), '13'));
  expect(reducer.status).toBe('in_progress');
  reducer.apply({ event: 'done', data: JSON.stringify({ debug_url: 'https://www.coze.cn/work_flow?execute_id=1' }) });
  expect(reducer.result()).toMatchObject({ status: 'completed', answer: { content: '中午吃啥了' }, question: { text: '中午吃啥了', options: [] } });
});

test('a question card gives the question text and its options (objects or strings); requires_action becomes completed', () => {
  const reducer = new ChatReducer('7');
  reducer.apply(chatEvent('in_progress'));
  reducer.apply(message('answer', JSON.stringify({ question: '选一个', options: [{ name: '甲' }, '乙', { name: '' }, { other: 1 }] })));
  reducer.apply(chatEvent('requires_action'));
  expect(reducer.result()).toMatchObject({ status: 'completed', answer: { content: '选一个' }, question: { text: '选一个', options: ['甲', '乙'] } });
});

test('a bot chat that asks for requires_action (a plugin) stays requires_action: only an interrupted flow is a question', () => {
  const reducer = new ChatReducer('7');
  reducer.apply(message('answer', '普通回答 {"question": 1}'));
  reducer.apply(chatEvent('requires_action'));
  expect(reducer.result().status).toBe('requires_action');
  expect(reducer.result()).not.toHaveProperty('question');
});
