/** The terminal chat shows a chatflow question's options as numbered choices in place of the follow-ups. */
import type { ChatResult } from '../../../miniprogram/shared/protocol';
import { renderAnswerEnd } from '../../../tools/cli/render';
import { makeStyle } from '../../../tools/cli/style';

const plain = makeStyle(false);
const asked: ChatResult = {
  conversationId: '1',
  chatId: '2',
  status: 'completed',
  answer: { id: '3', role: 'assistant', type: 'answer', content: '选哪个？', contentType: 'text', createdAt: 0 },
  followUps: ['建议'],
  question: { text: '选哪个？', options: ['甲', '乙'] },
};

test('options replace the follow-ups, numbered in the chat and as bullets after --say', () => {
  expect(renderAnswerEnd(asked, plain)).toEqual(['Options:', '  /1 甲', '  /2 乙']);
  expect(renderAnswerEnd(asked, plain, false, true)).toEqual(['Options:', '  - 甲', '  - 乙']);
});

test('a question without options (an input node) keeps the follow-ups', () => {
  expect(renderAnswerEnd({ ...asked, question: { text: '请输入', options: [] } }, plain)).toEqual(['Follow-ups:', '  /1 建议']);
});
