/**
 * The hands-free voice mode as a pure state machine: hold to talk → transcribe → send → the answer is read
 * aloud when it completes → listen again, with a way out from every state. The page feeds it events from the
 * recorder, the chat and the player; the table is listed once and tested as a table.
 */

/** Where the voice mode is. */
export type VoiceModeState = 'off' | 'listening' | 'recording' | 'transcribing' | 'answering' | 'speaking';

/** What happened. `dropped`: the recording was cancelled, too short, or nothing was heard. */
export type VoiceModeEvent = 'enter' | 'exit' | 'press' | 'recorded' | 'dropped' | 'heard' | 'answered' | 'answer-failed' | 'spoken';

/**
 * Legal transitions; any other event leaves the state as it is. Pressing while an answer is read aloud
 * interrupts it (barge-in), as a person would.
 */
export const VOICE_MODE_TRANSITIONS: Readonly<Record<VoiceModeState, Readonly<Partial<Record<VoiceModeEvent, VoiceModeState>>>>> = {
  off: { enter: 'listening' },
  listening: { press: 'recording', exit: 'off' },
  recording: { recorded: 'transcribing', dropped: 'listening', exit: 'off' },
  transcribing: { heard: 'answering', dropped: 'listening', exit: 'off' },
  answering: { answered: 'speaking', 'answer-failed': 'listening', exit: 'off' },
  speaking: { spoken: 'listening', press: 'recording', exit: 'off' },
};

/** Every state, for table tests. */
export const VOICE_MODE_STATES = Object.keys(VOICE_MODE_TRANSITIONS) as VoiceModeState[];

/** The state after an event (unchanged when the event means nothing in this state). */
export function nextVoiceMode(state: VoiceModeState, event: VoiceModeEvent): VoiceModeState {
  return VOICE_MODE_TRANSITIONS[state][event] ?? state;
}

/** What the voice-mode bar says in each state. */
export const VOICE_MODE_HINTS: Readonly<Record<VoiceModeState, string>> = {
  off: '',
  listening: '按住下方按钮说话',
  recording: '正在听…松开发送',
  transcribing: '正在识别…',
  answering: '正在回答…',
  speaking: '正在朗读，按住可打断',
};
