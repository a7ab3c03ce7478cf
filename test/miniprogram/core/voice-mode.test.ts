/** The voice mode's state machine, as a table: every (state, event) pair and where it leads. */
import { nextVoiceMode, VOICE_MODE_HINTS, VOICE_MODE_STATES, type VoiceModeEvent, type VoiceModeState } from '../../../miniprogram/core/voice-mode';

const EVENTS: VoiceModeEvent[] = ['enter', 'exit', 'press', 'recorded', 'dropped', 'heard', 'answered', 'answer-failed', 'spoken'];

/** Expected moves; every pair not listed keeps its state. */
const MOVES: Array<[VoiceModeState, VoiceModeEvent, VoiceModeState]> = [
  ['off', 'enter', 'listening'],
  ['listening', 'press', 'recording'],
  ['listening', 'exit', 'off'],
  ['recording', 'recorded', 'transcribing'],
  ['recording', 'dropped', 'listening'],
  ['recording', 'exit', 'off'],
  ['transcribing', 'heard', 'answering'],
  ['transcribing', 'dropped', 'listening'],
  ['transcribing', 'exit', 'off'],
  ['answering', 'answered', 'speaking'],
  ['answering', 'answer-failed', 'listening'],
  ['answering', 'exit', 'off'],
  ['speaking', 'spoken', 'listening'],
  ['speaking', 'press', 'recording'],
  ['speaking', 'exit', 'off'],
];

const cases = VOICE_MODE_STATES.flatMap((state) => EVENTS.map((event): [VoiceModeState, VoiceModeEvent, VoiceModeState] => {
  const move = MOVES.find(([from, on]) => from === state && on === event);
  return [state, event, move ? move[2] : state];
}));

test.each(cases)('%s + %s → %s', (state, event, expected) => {
  expect(nextVoiceMode(state, event)).toBe(expected);
});

test('every state but off can be left, and every state has a hint except off', () => {
  for (const state of VOICE_MODE_STATES) {
    if (state === 'off') continue;
    expect(nextVoiceMode(state, 'exit')).toBe('off');
    expect(VOICE_MODE_HINTS[state]).not.toBe('');
  }
  expect(VOICE_MODE_STATES).toHaveLength(6);
});
