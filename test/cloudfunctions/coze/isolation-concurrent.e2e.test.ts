/**
 * 50 simulated users at once, each running a seeded random script of every action against the emulator, with
 * Coze's session isolation ON and OFF (then only the function's owner tags protect them). Every user also
 * attacks other users' conversations. Zero cross-user visibility: in lists, message history, chat answers,
 * feedback, clear, delete, poll and cancel.
 */
import type { Result } from '../../../miniprogram/shared/protocol';
import { expectOk, FunctionHarness, startFunctionHarness } from '../../helpers/function-harness';
import { prng, Prng } from './prng';

const USERS = 50;
const OPS_PER_USER = 8;
const SEED = 20261124;

interface Owned {
  owner: number;
  conversationId: string;
  chatId?: string;
  messageId?: string;
  deleted: boolean;
}

describe.each([true, false])('50 concurrent users, emulator isolation %s', (isolation) => {
  let h: FunctionHarness;
  beforeAll(async () => {
    h = await startFunctionHarness({ emulator: { isolation } });
  });
  afterAll(async () => {
    await h.stop();
  });

  test('no user ever sees, changes or learns of another user\'s conversations', async () => {
    const secrets = Array.from({ length: USERS }, (_, i) => `密语${i}x${(SEED * (i + 7)).toString(36)}`);
    const openids = Array.from({ length: USERS }, (_, i) => `o_iso_${isolation ? 'on' : 'off'}_${i}`);
    const registry: Owned[] = [];
    const violations: string[] = [];
    const attacks: Record<string, number> = {};

    /** Any text a user can see must not hold another user's secret. */
    const inspect = (user: number, where: string, seen: unknown): void => {
      const text = JSON.stringify(seen);
      secrets.forEach((secret, other) => {
        if (other !== user && text.includes(secret)) violations.push(`${where}: user ${user} saw user ${other}'s secret`);
      });
    };
    const call = async (user: number, event: Record<string, unknown>): Promise<Result<unknown>> => {
      const result = await h.callRaw(openids[user], event);
      inspect(user, String(event.action), result);
      return result;
    };
    const mine = (user: number, r: Prng): Owned | undefined => {
      const own = registry.filter((o) => o.owner === user && !o.deleted);
      return own.length ? r.pick(own) : undefined;
    };

    const attack = async (user: number, r: Prng): Promise<void> => {
      const foreign = registry.filter((o) => o.owner !== user);
      if (!foreign.length) return;
      const target = r.pick(foreign);
      const conversationId = target.conversationId;
      const events: Array<Record<string, unknown>> = [
        { action: 'message.list', conversationId },
        { action: 'chat.send', conversationId, text: `偷看 ${secrets[user]}` },
        { action: 'chat.poll', conversationId, chatId: target.chatId ?? '1' },
        { action: 'chat.cancel', conversationId, chatId: target.chatId ?? '1' },
        { action: 'conversation.rename', conversationId, name: '被改名' },
        { action: 'conversation.clear', conversationId },
        { action: 'conversation.delete', conversationId },
        { action: 'message.feedback', conversationId, messageId: target.messageId ?? '1', feedback: 'unlike' },
      ];
      const event = r.pick(events);
      const result = await call(user, event);
      attacks[String(event.action)] = (attacks[String(event.action)] ?? 0) + 1;
      if (result.ok || result.error.code !== 'NOT_FOUND') violations.push(`attack ${String(event.action)} by ${user} answered ${JSON.stringify(result).slice(0, 120)}`);
    };

    const step = async (user: number, r: Prng): Promise<void> => {
      const own = mine(user, r);
      const roll = r.int(10);
      if (roll === 0 || !own) {
        const { conversation } = expectOk(await call(user, { action: 'conversation.create', name: `会话 ${secrets[user]}` })) as { conversation: { id: string } };
        registry.push({ owner: user, conversationId: conversation.id, deleted: false });
      } else if (roll <= 2) {
        const sent = expectOk(await call(user, { action: 'chat.send', conversationId: own.conversationId, text: `问题 ${secrets[user]}` })) as { chatId: string; answer: { id: string } | null };
        own.chatId = sent.chatId;
        own.messageId = sent.answer?.id;
      } else if (roll === 3) {
        const list = expectOk(await call(user, { action: 'conversation.list', pageSize: 50 })) as { conversations: Array<{ id: string }> };
        for (const c of list.conversations) {
          const owner = registry.find((o) => o.conversationId === c.id)?.owner;
          if (owner !== user) violations.push(`list of ${user} shows conversation of ${String(owner)}`);
        }
      } else if (roll === 4) {
        expectOk(await call(user, { action: 'message.list', conversationId: own.conversationId }));
      } else if (roll === 5) {
        expectOk(await call(user, { action: 'conversation.rename', conversationId: own.conversationId, name: `改名 ${secrets[user]}` }));
      } else if (roll === 6 && own.messageId) {
        expectOk(await call(user, { action: 'message.feedback', conversationId: own.conversationId, messageId: own.messageId, feedback: r.pick(['like', 'unlike', null] as const) }));
      } else if (roll === 7) {
        expectOk(await call(user, { action: 'conversation.clear', conversationId: own.conversationId }));
      } else if (roll === 8 && r.chance(0.3)) {
        expectOk(await call(user, { action: 'conversation.delete', conversationId: own.conversationId }));
        own.deleted = true;
      } else {
        await attack(user, r);
      }
    };

    await Promise.all(
      openids.map(async (_, user) => {
        const r = prng(SEED + user);
        for (let i = 0; i < OPS_PER_USER; i += 1) await step(user, r);
        await attack(user, r);
      }),
    );

    // Afterwards: every user's list is exactly their own live conversations (all of them when Coze isolates).
    for (let user = 0; user < USERS; user += 1) {
      const list = expectOk(await call(user, { action: 'conversation.list', pageSize: 50 })) as { conversations: Array<{ id: string }> };
      const own = registry.filter((o) => o.owner === user && !o.deleted).map((o) => o.conversationId).sort();
      const listed = list.conversations.map((c) => c.id).sort();
      for (const id of listed) if (!own.includes(id)) violations.push(`final list of ${user} shows ${id}`);
      if (isolation) expect(listed).toEqual(own);
    }
    expect(violations).toEqual([]);
    expect(Object.values(attacks).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(USERS);
    expect(registry.length).toBeGreaterThanOrEqual(USERS);
    for (const line of h.logs) for (const openid of openids) expect(line).not.toContain(openid);
  });
});
