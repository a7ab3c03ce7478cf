/**
 * The conversation to resume when the mini-program is opened again (WeChat storage is per user and per
 * mini-program). Storage failures only mean a new conversation next time, so they are ignored.
 */

/** Storage key of the last open conversation id. */
export const LAST_CONVERSATION_KEY = 'coze:last-conversation';

/** The last open conversation, or null (none, or storage unavailable). */
export function lastConversation(): string | null {
  try {
    const id: unknown = wx.getStorageSync(LAST_CONVERSATION_KEY);
    return typeof id === 'string' && id ? id : null;
  } catch {
    return null;
  }
}

/** Records the open conversation (null = a new one, so the next start is a new conversation too). */
export function rememberConversation(id: string | null): void {
  try {
    if (id) wx.setStorageSync(LAST_CONVERSATION_KEY, id);
    else wx.removeStorageSync(LAST_CONVERSATION_KEY);
  } catch {
    // Resuming is a convenience: without storage the next start is simply a new conversation.
  }
}

/** Forgets it (the conversation is gone). */
export function forgetLastConversation(): void {
  rememberConversation(null);
}
