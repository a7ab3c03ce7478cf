/**
 * @jest-environment jsdom
 *
 * Two simulated WeChat users through the whole chain: each user's wx fake (its own openid) → the REAL built
 * cloud function → the Coze emulator. Each conversations page lists only that user's conversations, named
 * after their first message, and one user cannot rename or delete the other's.
 */
import '../helpers/jsdom-text-encoding';
import { startFunctionHarness, type FunctionHarness } from '../../helpers/function-harness';
import { installWxFake, type WxFake } from '../../helpers/wx-fake';
import { load, mount, textOf, until, type SimNode } from '../helpers/simulate';

const ALICE = 'o-alice-openid-0001';
const BOB = 'o-bob-openid-0002';

describe('conversations page, two users, whole chain', () => {
  let harness: FunctionHarness;
  let pageId: string;

  beforeAll(async () => {
    harness = await startFunctionHarness({ emulator: { deltaDelayMs: 8 } });
  });
  afterAll(async () => {
    await harness.stop();
  });

  /** Installs the wx fake for one user; the page mounted while it is installed keeps that user's wx.cloud. */
  function as(openid: string): WxFake {
    return installWxFake({ openid, callFunction: (who, data) => harness.callRaw(who, data) });
  }

  async function send(fake: WxFake, text: string): Promise<void> {
    const res = (await fake.cloud.callFunction({ name: 'coze', data: { action: 'chat.send', text } })).result as { ok: boolean };
    if (!res.ok) throw new Error(JSON.stringify(res) + harness.logs.slice(-5).join("\n"));
  }

  const names = (page: SimNode) => page.querySelectorAll('.name').map(textOf);

  it('each user sees only their own conversations, named by their first message', async () => {
    const alice = as(ALICE);
    await send(alice, '爱丽丝的第一个问题');
    await send(alice, '爱丽丝的第二个问题');
    pageId = load('pages/conversations/conversations', 'conversations-page');
    const alicePage = mount(pageId);
    await until(() => names(alicePage).length === 2, "Alice's list");
    alice.uninstall();

    const bob = as(BOB);
    await send(bob, '鲍勃的问题');
    const bobPage = mount(pageId);
    await until(() => names(bobPage).length === 1, "Bob's list");

    expect(names(alicePage)).toEqual(['爱丽丝的第二个问题', '爱丽丝的第一个问题']);
    expect(names(bobPage)).toEqual(['鲍勃的问题']);
    expect(bob.calls.filter((c) => c.action === 'conversation.list')).toEqual([{ action: 'conversation.list', pageNum: 1, pageSize: 20 }]);

    // Bob cannot touch Alice's conversation even with its id: NOT_FOUND, as if it did not exist.
    const aliceIds = (alicePage.data.items as Array<{ id: string }>).map((i) => i.id);
    const rename = (await bob.cloud.callFunction({ name: 'coze', data: { action: 'conversation.rename', conversationId: aliceIds[0], name: '偷改' } })).result;
    const remove = (await bob.cloud.callFunction({ name: 'coze', data: { action: 'conversation.delete', conversationId: aliceIds[0] } })).result;
    expect(rename).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(remove).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });

    // Bob deletes his own through his page (confirmed); Alice's list is unchanged when it reloads.
    bob.modalAnswers.push({ confirm: true });
    bobPage.querySelectorAll('.delete')[0].dispatchEvent('tap');
    await until(() => names(bobPage).length === 0, "Bob's conversation deleted");
    await until(() => textOf(bobPage.querySelector('.empty')).length > 0, 'empty state');
    bob.uninstall();

    const aliceAgain = as(ALICE);
    const reloaded = mount(pageId);
    await until(() => names(reloaded).length === 2, "Alice's list again");
    expect(names(reloaded)).toEqual(['爱丽丝的第二个问题', '爱丽丝的第一个问题']);
    aliceAgain.uninstall();
    [alicePage, bobPage, reloaded].forEach((p) => p.detach());
  });
});
