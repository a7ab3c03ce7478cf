/** Which answers can be read aloud: finished assistant answers Coze knows (they have a remote id). */
import type { ChatMessage } from './chat-types';

/** What `audio.speech` needs to read one answer. */
export interface SpeechTarget {
  conversationId: string;
  messageId: string;
}

/** The `audio.speech` parameters of a message, or null when it cannot be read aloud (yet). */
export function speechTargetOf(message: ChatMessage | undefined, conversationId: string | null): SpeechTarget | null {
  if (!message || message.role !== 'assistant' || !message.remoteId || !conversationId) return null;
  if (message.status !== 'complete' || !message.text.trim()) return null;
  return { conversationId, messageId: message.remoteId };
}
