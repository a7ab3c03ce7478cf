/** The shape every action handler has, so index.ts can dispatch them from one typed table. */
import type { ActionName, Actions } from '../../../../miniprogram/shared/protocol';
import type { Runtime } from '../runtime';
import type { Params } from './params';
import type { CancelChannel, StreamChannel } from '../stream/channel';
import type { Caller, Deadline } from '../deadline';

/**
 * What a handler knows about the call: who (openid, read synchronously at entry), when it started and when its time
 * is up. It is the Caller every Coze request and WeChat service call of the handler is made for.
 */
export interface CallContext extends Caller {
  startedAt: number;
  /** When the call's budget ends (CHAT_DEADLINE_MS, shortened by the platform's time_limit_in_ms). */
  deadline: Deadline;
  runtime: Runtime;
  /** Where chat.send publishes live progress instead of the shared stream channel (the HTTP path's response). */
  live?: { channel: StreamChannel & CancelChannel; writeMs: number };
}

/** A handler of action A: validated params in, the action's data out (errors are thrown AppErrors). */
export type ActionHandler<A extends ActionName> = (ctx: CallContext, params: Params) => Promise<Actions[A]['data']>;
