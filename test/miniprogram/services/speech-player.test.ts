/** The read-aloud player over the wx fake: fetch, play parts in order, one at a time, stop, and errors. */
import type { ActionEvent, ActionName } from '../../../miniprogram/shared/protocol';
import { CloudTransport } from '../../../miniprogram/services/cloud-transport';
import { PLAY_FAILED, SpeechPlayer, type SpeechView } from '../../../miniprogram/services/speech-player';
import { installWxFake, type WxFake } from '../../helpers/wx-fake';
import { flush } from '../helpers/scripted-transport';

let fake: WxFake;
let failNext = false;
const target = { conversationId: '111', messageId: '222' };

beforeEach(() => {
  failNext = false;
  fake = installWxFake({
    callFunction: async (_openid, data) => {
      if (data.action !== 'audio.speech') throw new Error('unexpected action');
      if (failNext) return { ok: false, error: { code: 'RATE_LIMITED', message: '发送太频繁了', retryable: true } };
      return { ok: true, data: { urls: [`/a/${String(data.messageId)}-0.mp3`, `/a/${String(data.messageId)}-1.mp3`], cached: false, expiresAt: 0, truncated: false } };
    },
  });
});
afterEach(() => fake.uninstall());

function player(): { player: SpeechPlayer; views: SpeechView[]; errors: string[] } {
  const transport = new CloudTransport(fake.cloud);
  const views: SpeechView[] = [];
  const errors: string[] = [];
  const p = new SpeechPlayer({ call: <A extends ActionName>(e: ActionEvent<A>) => transport.call(e), onChange: (v) => views.push(v), onError: (m) => errors.push(m) });
  return { player: p, views, errors };
}

it('plays every part in order, follows the silent switch, and resolves true at the end', async () => {
  const { player: p, views } = player();
  const done = p.play('m1', target);
  await flush();
  expect(fake.audio.options).toEqual([{ obeyMuteSwitch: true, mixWithOther: undefined }]);
  expect(fake.audio.playing).toBe('/a/222-0.mp3');
  fake.audio.end();
  expect(fake.audio.playing).toBe('/a/222-1.mp3');
  fake.audio.end();
  expect(await done).toBe(true);
  expect(views).toEqual([{ id: 'm1', loading: true }, { id: 'm1', loading: false }, { id: null, loading: false }]);
  expect(fake.calls.map((c) => c.action)).toEqual(['audio.speech']);
});

it('toggle on the playing answer stops it; another answer replaces it (one at a time, one context)', async () => {
  const { player: p } = player();
  const first = p.toggle('m1', target);
  await flush();
  expect(p.current).toBe('m1');
  const second = p.toggle('m2', { conversationId: '111', messageId: '333' });
  expect(await first).toBe(false);
  await flush();
  expect(fake.audio.playing).toBe('/a/333-0.mp3');
  expect(await p.toggle('m2', target)).toBe(false);
  expect(await second).toBe(false);
  expect(fake.audio.playing).toBeNull();
  expect(p.current).toBeNull();
  expect(fake.audio.contexts).toHaveLength(1);
});

it('a stop while the audio is still being fetched wins: nothing plays afterwards', async () => {
  const { player: p } = player();
  const pending = p.play('m1', target);
  p.stop();
  expect(await pending).toBe(false);
  expect(fake.audio.played).toEqual([]);
});

it('a function error and a playback error are shown, and the player is idle again', async () => {
  const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  const { player: p, errors } = player();
  failNext = true;
  expect(await p.play('m1', target)).toBe(false);
  expect(errors).toEqual(['发送太频繁了']);
  failNext = false;
  const playing = p.play('m1', target);
  await flush();
  fake.audio.fail();
  expect(await playing).toBe(false);
  expect(warn).toHaveBeenCalledWith(expect.stringContaining('audio.speech failed: RATE_LIMITED'));
  expect(warn).toHaveBeenCalledWith(expect.stringContaining('InnerAudioContext error 10004'));
  warn.mockRestore();
  expect(errors).toEqual(['发送太频繁了', PLAY_FAILED]);
  expect(p.current).toBeNull();
});

it('destroy stops and releases the context', async () => {
  const { player: p } = player();
  void p.play('m1', target);
  await flush();
  p.destroy();
  expect(fake.audio.contexts[0].destroyed).toBe(true);
  expect(fake.audio.playing).toBeNull();
});
