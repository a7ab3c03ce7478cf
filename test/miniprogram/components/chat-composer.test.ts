/** @jest-environment jsdom */
import * as fs from 'fs';
import * as path from 'path';
import { ROOT, load, mount, simulate } from '../helpers/simulate';

describe('chat-composer', () => {
  let id: string;
  beforeAll(() => {
    id = load('components/chat-composer/chat-composer', 'chat-composer');
  });

  function record(comp: ReturnType<typeof mount>) {
    const events: Array<[string, unknown]> = [];
    for (const name of ['send', 'stop', 'draft-change', 'keyboard-height']) comp.addEventListener(name, (e) => events.push([name, e.detail]));
    return events;
  }

  it('disables send while empty, sends the trimmed text, then clears itself', async () => {
    const comp = mount(id);
    const events = record(comp);
    expect(comp.querySelector('.disabled')).toBeTruthy();
    comp.querySelector('.send')?.dispatchEvent('tap');
    await simulate.sleep(0);
    expect(events.filter(([n]) => n === 'send')).toEqual([]);
    comp.querySelector('.input')?.dispatchEvent('input', { detail: { value: '  你好\n世界 ' } });
    await simulate.sleep(0);
    expect(comp.querySelector('.disabled')).toBeUndefined();
    comp.querySelector('.send')?.dispatchEvent('tap');
    await simulate.sleep(0);
    expect(events).toEqual([
      ['draft-change', { value: '  你好\n世界 ' }],
      ['draft-change', { value: '' }],
      ['send', { text: '你好\n世界' }],
    ]);
    expect(comp.data.text).toBe('');
  });

  it('turns send into stop while generating', async () => {
    const comp = mount(id, { generating: true });
    const events = record(comp);
    expect(comp.querySelector('.send')).toBeUndefined();
    expect(comp.querySelector('.stop')).toBeTruthy();
    comp.querySelector('.stop')?.dispatchEvent('tap');
    await simulate.sleep(0);
    expect(events).toEqual([['stop', {}]]);
  });

  it('is a growing textarea with a maxlength that does not push the page (keyboard handled by hand)', () => {
    // simulate does not expose attributes of built-in elements, so this checks the template WeChat compiles.
    const wxml = fs.readFileSync(path.join(ROOT, 'components/chat-composer/chat-composer.wxml'), 'utf8');
    for (const attr of ['auto-height="{{true}}"', 'maxlength="{{maxlength}}"', 'adjust-position="{{false}}"', 'bindkeyboardheightchange="onKeyboardHeight"']) {
      expect(wxml).toContain(attr);
    }
    const wxss = fs.readFileSync(path.join(ROOT, 'components/chat-composer/chat-composer.wxss'), 'utf8');
    expect(wxss).toContain('env(safe-area-inset-bottom)');
  });

  it('follows the keyboard height and reports it; uses the safe area otherwise', async () => {
    const comp = mount(id);
    const events = record(comp);
    expect(comp.querySelector('.safe-area')).toBeTruthy();
    comp.querySelector('.input')?.dispatchEvent('keyboardheightchange', { detail: { height: 300, duration: 0.2 } });
    await simulate.sleep(0);
    expect(events).toEqual([['keyboard-height', { height: 300 }]]);
    expect(comp.querySelector('.with-keyboard')?.dom.getAttribute('style')).toContain('bottom:300px');
  });

  it('takes text put back by the page (a failed send)', () => {
    const comp = mount(id);
    comp.setData({ value: '没发出去的话' });
    expect(comp.data.text).toBe('没发出去的话');
  });
});
