/**
 * What a message looks like in the page's `data`: plain serialisable view state. User text stays text;
 * assistant text crosses only as markdown blocks (the full text stays in the controller, for copying).
 */
import type { ChatMessage, ChatRole, MessageError, MessageStatus } from '../core/chat-types';
import type { ErrorAction } from '../shared/protocol';
import { RUN_SEGMENT_CHARS, segment, type MdBlock } from '../core/markdown';
import { stepLabel, THINKING_LABEL, thoughtLabel } from '../core/thinking';
import { userError } from '../core/user-error';
import { formatSize } from '../core/attachments';

/** The error part of a rendered message. */
export interface ViewError {
  /** Plain Chinese for the user (core/user-error.ts). */
  message: string;
  /** A 重试 helps: false for settings errors, and when the text went back to the composer (one way to resend). */
  retryable: boolean;
  /** `clear-context`: the bubble offers "清除上下文" (Coze 4010). */
  action?: ErrorAction;
  /** Developer detail (shown only in DevTools / the preview), '' when the message is the original. */
  detail: string;
  /** The failed text was put back into the composer. */
  restored: boolean;
}

/** The reasoning of an answer: its text in segments (a growing text changes only its last one) and its title. */
export interface ViewThinking {
  segs: string[];
  /** True while the model is still thinking (no answer text yet): the block is open and says so. */
  live: boolean;
  label: string;
}

/** One tool step line. */
export interface ViewStep {
  name: string;
  done: boolean;
  label: string;
}

/** One rendered message, keyed by `id` in the list (`wx:key="id"`); a `system` message is the divider. */
export interface ViewMessage {
  id: string;
  role: ChatRole;
  status: MessageStatus;
  /** User messages only. */
  text?: string;
  /** User messages with attachments: images (tap to preview) and file chips; `sizeText` is ready to show. */
  parts?: ViewPart[];
  /** Assistant messages only. */
  blocks?: MdBlock[];
  error: ViewError | null;
  followUps: string[];
  /** The chips are a chatflow question's options (styled as choices, not suggestions). */
  question?: boolean;
  /** Assistant answers Coze knows (they have a remote id): like / unlike can be sent. */
  canRate?: boolean;
  /** The current like / unlike; null = none. */
  feedback?: 'like' | 'unlike' | null;
  /** Assistant messages of a thinking model only. */
  thinking?: ViewThinking;
  /** Assistant messages whose turn called tools only. */
  steps?: ViewStep[];
}

/** An attachment as the bubble shows it. */
export interface ViewPart {
  kind: 'image' | 'file';
  name: string;
  sizeText: string;
  src: string;
}

/** The error part of a view: plain Chinese for users; `action` only when there is one. */
function viewError(error: MessageError): ViewError {
  const plain = userError(error);
  const restored = !!error.restored;
  const view: ViewError = { message: plain.message, retryable: plain.retryable && !restored, detail: plain.detail, restored };
  if (error.action) view.action = error.action;
  return view;
}

/**
 * The list without repeats, first occurrence kept: chip lists are keyed `wx:key="*this"`, which WeChat accepts
 * only for unique strings (a repeated follow-up would warn and show twice).
 */
export function distinct(list: readonly string[]): string[] {
  return list.filter((item, i) => list.indexOf(item) === i);
}

/** Builds the view of a message from its model and its (already tokenised) blocks; `reasoning` is the part shown so far. */
export function toViewMessage(message: ChatMessage, blocks: MdBlock[], reasoning: string = message.reasoning ?? ''): ViewMessage {
  const view: ViewMessage = {
    id: message.id,
    role: message.role,
    status: message.status,
    error: message.error ? viewError(message.error) : null,
    followUps: distinct(message.followUps),
  };
  if (message.role === 'assistant') {
    view.blocks = blocks;
    view.canRate = !!message.remoteId;
    view.feedback = message.feedback ?? null;
    if (message.reasoning) {
      const live = (message.status === 'pending' || message.status === 'streaming') && !message.text;
      view.thinking = { segs: segment(reasoning, RUN_SEGMENT_CHARS), live, label: live ? THINKING_LABEL : thoughtLabel(message.thinkingMs) };
    }
    if (message.steps && message.steps.length) view.steps = message.steps.map((step) => ({ name: step.name, done: step.done, label: stepLabel(step) }));
    if (message.question) view.question = true;
  } else {
    view.text = message.text;
    if (message.parts && message.parts.length) view.parts = message.parts.map((p) => ({ kind: p.kind, name: p.name, sizeText: p.size > 0 ? formatSize(p.size) : '', src: p.src }));
  }
  return view;
}
