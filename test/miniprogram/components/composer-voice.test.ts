/** @jest-environment jsdom */
/** The composer's hold-to-talk: mode switch, press / slide up / release, hints, and the text coming back. */
import { CANCEL_SLIDE_PX } from '../../../miniprogram/core/hold-to-talk';
import { load, mount, textOf, until, type SimNode } from '../helpers/simulate';

describe('chat-composer voice', () => {
  let id: string;
  beforeAll(() => {
    id = load('components/chat-composer/chat-composer', 'chat-composer');
  });

  function record(comp: SimNode) {
    const events: Array<[string, unknown]> = [];
    for (const name of ['voice-start', 'voice-end', 'send']) comp.addEventListener(name, (e) => events.push([name, e.detail]));
    return events;
  }

  it('has no voice button unless enabled; the button switches between keyboard and hold-to-talk', async () => {
    expect(mount(id).querySelector('.mode')).toBeUndefined();
    const comp = mount(id, { voice: true });
    expect(comp.querySelector('.hold')).toBeUndefined();
    comp.querySelector('.mode')?.dispatchEvent('tap');
    await until(() => comp.querySelector('.hold') !== undefined, 'hold button');
    expect(comp.querySelector('.input')).toBeUndefined();
    expect(textOf(comp.querySelector('.hold'))).toBe('按住 说话');
    comp.querySelector('.mode')?.dispatchEvent('tap');
    await until(() => comp.querySelector('.input') !== undefined, 'textarea back');
  });

  it('press starts, release sends; sliding up shows the cancel hint and releasing there cancels', async () => {
    const comp = mount(id, { voice: true });
    const events = record(comp);
    comp.querySelector('.mode')?.dispatchEvent('tap');
    await until(() => comp.querySelector('.hold') !== undefined, 'hold button');
    const hold = () => comp.querySelector('.hold') as SimNode;

    hold().dispatchEvent('touchstart', { touches: [{ x: 100, y: 600 }] });
    await until(() => events.length === 1, 'voice-start');
    expect(textOf(comp.querySelector('.voice-hint'))).toBe('松开发送，上滑取消');
    hold().dispatchEvent('touchend', { changedTouches: [{ x: 100, y: 590 }] });
    await until(() => events.length === 2, 'voice-end');
    expect(events).toEqual([['voice-start', {}], ['voice-end', { action: 'send' }]]);
    expect(comp.querySelector('.voice-hint')).toBeUndefined();

    hold().dispatchEvent('touchstart', { touches: [{ x: 100, y: 600 }] });
    hold().dispatchEvent('touchmove', { touches: [{ x: 100, y: 600 - CANCEL_SLIDE_PX - 5 }] });
    await until(() => comp.data.cancelling === true, 'cancelling');
    expect(textOf(comp.querySelector('.voice-hint'))).toBe('松开手指，取消发送');
    hold().dispatchEvent('touchend', { changedTouches: [{ x: 100, y: 600 - CANCEL_SLIDE_PX - 5 }] });
    await until(() => events.length === 4, 'second voice-end');
    expect(events[3]).toEqual(['voice-end', { action: 'cancel' }]);

    // A touch the system takes away (a call comes in) cancels too.
    hold().dispatchEvent('touchstart', { touches: [{ x: 100, y: 600 }] });
    hold().dispatchEvent('touchcancel', {});
    await until(() => events.length === 6, 'touchcancel');
    expect(events[5]).toEqual(['voice-end', { action: 'cancel' }]);
  });

  it('shows 正在识别 while the page transcribes, and the recognised text lands in the textarea for editing', async () => {
    const comp = mount(id, { voice: true });
    comp.querySelector('.mode')?.dispatchEvent('tap');
    await until(() => comp.querySelector('.hold') !== undefined, 'hold button');
    comp.setData({ voicePhase: 'transcribing' });
    expect(textOf(comp.querySelector('.voice-hint'))).toBe('正在识别…');
    comp.setData({ voicePhase: 'idle', value: '识别出的文字' });
    expect(comp.data.text).toBe('识别出的文字');
    expect(comp.querySelector('.input')).toBeTruthy();
    expect(comp.querySelector('.hold')).toBeUndefined();
  });
});
