/**
 * Which conversation the chat shows, shared by the chat page and the conversations page (they live in
 * separate page instances, so a tiny observable carries the choice between them).
 */

/** Told about every change: the conversation id, or null for a new (not yet created) conversation. */
export type ConversationListener = (id: string | null) => void;

/** A value with listeners. */
export class CurrentConversation {
  private id: string | null = null;
  private readonly listeners = new Set<ConversationListener>();

  /** The current conversation id (null = a new conversation). */
  get(): string | null {
    return this.id;
  }

  /** Changes it and tells every listener (also when unchanged: re-opening reloads). */
  set(id: string | null): void {
    this.id = id;
    for (const listener of Array.from(this.listeners)) listener(id);
  }

  /** Records an id without telling anyone (the chat itself created it, or a fresh chat page starts new). */
  adopt(id: string | null): void {
    this.id = id;
  }

  /** Starts listening; returns the unsubscribe. */
  subscribe(listener: ConversationListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** The app-wide instance both pages use. */
export const currentConversation = new CurrentConversation();
