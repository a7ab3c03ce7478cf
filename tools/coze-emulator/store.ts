/**
 * In-memory Coze state: conversations, messages and chats, each owned by (app id, session_name) so the
 * emulator can play Coze's JWT session isolation (coze-api.md §7), plus their JSON shapes on the wire.
 */
import { compareIds, nextId } from './ids';
import { CozeApiError } from './http-io';
import type { Caller } from './auth';

/** Chat statuses, spelled as Coze does (US "canceled"). */
export type ChatStatus = 'created' | 'in_progress' | 'completed' | 'failed' | 'requires_action' | 'canceled';
/** Message types the emulator produces. */
export type MessageType = 'question' | 'answer' | 'verbose' | 'follow_up' | 'function_call' | 'tool_response' | '';
/** Message roles. */
export type Role = 'user' | 'assistant';

/** Statuses after which a chat never changes. */
export const FINAL_STATUSES: readonly ChatStatus[] = ['completed', 'failed', 'requires_action', 'canceled'];

/** A conversation as stored. */
export interface ConversationRecord {
  id: string;
  owner: string;
  botId: string;
  name: string;
  metaData: Record<string, string>;
  createdAt: number;
  updatedAt: number;
  lastSectionId: string;
}

/** A message as stored. */
export interface MessageRecord {
  id: string;
  conversationId: string;
  botId: string;
  chatId: string;
  sectionId: string;
  role: Role;
  type: MessageType;
  content: string;
  contentType: string;
  metaData: Record<string, string>;
  createdAt: number;
  updatedAt: number;
  /** A thinking bot's reasoning (answers of the `#mode:think` bot only). */
  reasoningContent?: string;
  feedback?: { feedbackType: string; comment?: string };
}

/** A chat (one question and its answer) as stored. */
export interface ChatRecord {
  id: string;
  conversationId: string;
  botId: string;
  sectionId: string;
  status: ChatStatus;
  createdAt: number;
  completedAt?: number;
  failedAt?: number;
  lastError: { code: number; msg: string };
  usage: { token_count: number; output_count: number; input_count: number };
  metaData: Record<string, string>;
  /** auto_save_history: false chats are not retrievable and leave no messages. */
  saved: boolean;
  cancelRequested: boolean;
}

/** Owner key of a caller: its app plus session_name. */
export function ownerOf(caller: Caller): string {
  return `${caller.appId}\n${caller.sessionName}`;
}

/** Wire shape of a conversation ([DOC] create/retrieve/list). */
export function conversationJson(c: ConversationRecord): Record<string, unknown> {
  return {
    id: c.id,
    name: c.name,
    meta_data: c.metaData,
    creator_id: '',
    created_at: c.createdAt,
    updated_at: c.updatedAt,
    last_section_id: c.lastSectionId,
    connector_id: '1024',
  };
}

/** Wire shape of a message. */
export function messageJson(m: MessageRecord): Record<string, unknown> {
  return {
    id: m.id,
    conversation_id: m.conversationId,
    bot_id: m.botId,
    chat_id: m.chatId,
    section_id: m.sectionId,
    meta_data: m.metaData,
    role: m.role,
    type: m.type,
    content: m.content,
    content_type: m.contentType,
    created_at: m.createdAt,
    updated_at: m.updatedAt,
    ...(m.reasoningContent ? { reasoning_content: m.reasoningContent } : {}),
  };
}

/** Wire shape of a chat ([DOC] Chat Object). */
export function chatJson(c: ChatRecord): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: c.id,
    conversation_id: c.conversationId,
    bot_id: c.botId,
    created_at: c.createdAt,
    last_error: c.lastError,
    meta_data: c.metaData,
    status: c.status,
    usage: c.usage,
    section_id: c.sectionId,
  };
  if (c.completedAt !== undefined) out.completed_at = c.completedAt;
  if (c.failedAt !== undefined) out.failed_at = c.failedAt;
  return out;
}

/** A file uploaded with POST /v1/files/upload. */
export interface FileRecord {
  id: string;
  owner: string;
  fileName: string;
  bytes: number;
  createdAt: number;
}

/** All state of one emulator. */
export class Store {
  private readonly conversations = new Map<string, ConversationRecord>();
  private readonly files = new Map<string, FileRecord>();
  private readonly messages = new Map<string, MessageRecord[]>();
  private readonly chats = new Map<string, ChatRecord>();
  isolation = true;

  constructor(private readonly nowMs: () => number) {}

  /** Epoch seconds on the emulator clock. */
  now(): number {
    return Math.floor(this.nowMs() / 1000);
  }

  createConversation(caller: Caller, botId: string, name: string, metaData: Record<string, string>): ConversationRecord {
    const now = this.now();
    const id = nextId();
    const conv: ConversationRecord = {
      id,
      owner: ownerOf(caller),
      botId,
      name,
      metaData,
      createdAt: now,
      updatedAt: now,
      lastSectionId: id,
    };
    this.conversations.set(id, conv);
    this.messages.set(id, []);
    return conv;
  }

  /** The caller's conversation, or 4002 when it does not exist or (isolation on) belongs to another session. */
  conversation(caller: Caller, id: unknown): ConversationRecord {
    const conv = typeof id === 'string' ? this.conversations.get(id) : undefined;
    // UNCONFIRMED on the real service: the code Coze answers for another session's conversation (4002 chosen).
    if (!conv || (this.isolation && conv.owner !== ownerOf(caller))) {
      throw new CozeApiError(4002, `invalid conversation: conversation_id ${String(id)} does not exist or is not yours`);
    }
    return conv;
  }

  /** The caller's conversations for one bot, sorted by CREATION time (list_conversations.md: sort_order 按创建时间), not by update. */
  listConversations(caller: Caller, botId: string, order: 'asc' | 'desc'): ConversationRecord[] {
    const owner = ownerOf(caller);
    const list = [...this.conversations.values()].filter((c) => c.botId === botId && (!this.isolation || c.owner === owner));
    list.sort((a, b) => a.createdAt - b.createdAt || compareIds(a.id, b.id));
    return order === 'desc' ? list.reverse() : list;
  }

  /** Marks a conversation as updated now (new message, rename). */
  touch(conv: ConversationRecord): void {
    conv.updatedAt = this.now();
  }

  deleteConversation(conv: ConversationRecord): void {
    this.conversations.delete(conv.id);
    this.messages.delete(conv.id);
    for (const [id, chat] of this.chats) if (chat.conversationId === conv.id) this.chats.delete(id);
  }

  /** Starts a new section: old messages stay but leave the model context. */
  clearConversation(conv: ConversationRecord): string {
    conv.lastSectionId = nextId();
    this.touch(conv);
    return conv.lastSectionId;
  }

  addMessage(conv: ConversationRecord, fields: Omit<MessageRecord, 'id' | 'conversationId' | 'createdAt' | 'updatedAt' | 'sectionId'>): MessageRecord {
    const now = this.now();
    const msg: MessageRecord = { ...fields, id: nextId(), conversationId: conv.id, sectionId: conv.lastSectionId, createdAt: now, updatedAt: now };
    this.messages.get(conv.id)?.push(msg);
    this.touch(conv);
    return msg;
  }

  /** All messages of a conversation in creation order. */
  messagesOf(conv: ConversationRecord): MessageRecord[] {
    return this.messages.get(conv.id) ?? [];
  }

  message(conv: ConversationRecord, id: unknown): MessageRecord {
    const msg = this.messagesOf(conv).find((m) => m.id === id);
    if (!msg) throw new CozeApiError(4005, `invalid message: message_id ${String(id)} is not in conversation ${conv.id}`);
    return msg;
  }

  /** Removes a message; deleting an answer also removes its verbose/follow_up siblings of the same chat. */
  deleteMessage(conv: ConversationRecord, msg: MessageRecord): void {
    const list = this.messagesOf(conv);
    const gone = (m: MessageRecord): boolean =>
      m.id === msg.id || (msg.type === 'answer' && m.chatId === msg.chatId && m.chatId !== '' && m.type !== 'question' && m.type !== 'answer');
    this.messages.set(conv.id, list.filter((m) => !gone(m)));
  }

  createChat(conv: ConversationRecord, botId: string, metaData: Record<string, string>, saved: boolean): ChatRecord {
    const running = [...this.chats.values()].find((c) => c.conversationId === conv.id && !FINAL_STATUSES.includes(c.status));
    if (running) {
      throw new CozeApiError(4016, `a chat (${running.id}) is already running in conversation ${conv.id}; wait for it or cancel it`);
    }
    const chat: ChatRecord = {
      id: nextId(),
      conversationId: conv.id,
      botId,
      sectionId: conv.lastSectionId,
      status: 'created',
      createdAt: this.now(),
      lastError: { code: 0, msg: '' },
      usage: { token_count: 0, output_count: 0, input_count: 0 },
      metaData,
      saved,
      cancelRequested: false,
    };
    this.chats.set(chat.id, chat);
    return chat;
  }

  /** Keeps an uploaded file's record (the bytes are not needed: the scripted bot only echoes name and size). */
  addFile(caller: Caller, fileName: string, bytes: number): FileRecord {
    const file: FileRecord = { id: nextId(), owner: ownerOf(caller), fileName, bytes, createdAt: this.now() };
    this.files.set(file.id, file);
    return file;
  }

  /** The caller's uploaded file, or undefined (UNCONFIRMED whether real Coze lets another session use a file id). */
  file(caller: Caller, id: string): FileRecord | undefined {
    const file = this.files.get(id);
    return file && (!this.isolation || file.owner === ownerOf(caller)) ? file : undefined;
  }

  /** A saved chat of this conversation, or 4001. */
  chat(conv: ConversationRecord, id: unknown): ChatRecord {
    const chat = typeof id === 'string' ? this.chats.get(id) : undefined;
    if (!chat || chat.conversationId !== conv.id || !chat.saved) {
      throw new CozeApiError(4001, `invalid chat: chat_id ${String(id)} is not a saved chat of conversation ${conv.id}`);
    }
    return chat;
  }
}

/** Sorts messages by id (= creation order). */
export function byId(a: MessageRecord, b: MessageRecord): number {
  return compareIds(a.id, b.id);
}
