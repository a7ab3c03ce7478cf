/** The shape every action handler has, so index.ts can dispatch them from one typed table. */
import type { ActionName, Actions } from '../../../../miniprogram/shared/protocol';
import type { Runtime } from '../runtime';
import type { Params } from './params';
import type { CancelChannel, StreamChannel } from '../stream/channel';

/** What a handler knows about the call: who (openid, read synchronously at entry) and when it started. */
export interface CallContext {
  openid: string;
  startedAt: number;
  /** Epoch ms when the call's budget ends (CHAT_DEADLINE_MS, shortened by the platform's time_limit_in_ms). */
  deadlineAt: number;
  runtime: Runtime;
  /** Where chat.send publishes live progress instead of the shared stream channel (the HTTP path's response). */
  live?: { channel: StreamChannel & CancelChannel; writeMs: number };
}

/** A handler of action A: validated params in, the action's data out (errors are thrown AppErrors). */
export type ActionHandler<A extends ActionName> = (ctx: CallContext, params: Params) => Promise<Actions[A]['data']>;
