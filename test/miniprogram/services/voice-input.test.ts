/** Voice input over the wx fake: the scope.record flow, the recorder, upload, transcription, and every error. */
import type { ActionEvent, ActionName, ActionResult } from '../../../miniprogram/shared/protocol';
import { PERMISSION_EXPLANATION, ensureRecordPermission } from '../../../miniprogram/services/record-permission';
import { NO_PERMISSION, NO_PRIVACY_CONSENT, NOTHING_HEARD, TOO_SHORT, VoiceInput, type VoicePhase } from '../../../miniprogram/services/voice-input';
import { CloudTransport } from '../../../miniprogram/services/cloud-transport';
import { INSECURE_RANDOM_WARNING } from '../../../miniprogram/services/random-hex';
import { VOICE_FILE_ID_PATTERN } from '../../../cloudfunctions/coze/src/actions/audio-transcribe';
import { installWxFake, type WxFake } from '../../helpers/wx-fake';
import { flush } from '../helpers/scripted-transport';

let transcript = '你好，扣子';
let fake: WxFake;
beforeEach(() => {
  transcript = '你好，扣子';
  fake = installWxFake({
    callFunction: async (_openid, data) => {
      if (data.action !== 'audio.transcribe') throw new Error('unexpected action');
      if (transcript === 'FAIL') return { ok: false, error: { code: 'UPSTREAM', message: '语音识别服务暂时不可用', retryable: true } };
      return { ok: true, data: { text: transcript } };
    },
  });
});
afterEach(() => fake.uninstall());

describe('the wx fakes for voice', () => {
  it('authorize asks once: a refused scope fails later calls without asking; openSetting changes it', async () => {
    fake.permissions.allowWhenAsked = false;
    const ask = () => new Promise<string>((r) => wx.authorize({ scope: 'scope.record', success: () => r('ok'), fail: (e) => r(e.errMsg) }));
    expect(await ask()).toBe('authorize:fail auth deny');
    fake.permissions.allowWhenAsked = true;
    expect(await ask()).toBe('authorize:fail auth deny');
    const setting = await new Promise<Record<string, boolean>>((r) => wx.openSetting({ success: (res) => r(res.authSetting as Record<string, boolean>) }));
    expect(setting['scope.record']).toBe(true);
    expect(await ask()).toBe('ok');
  });

  it('the recorder answers stop with a temp file only after a start, and uploadFile gives a cloud:// fileID', async () => {
    const rec = wx.getRecorderManager();
    const events: string[] = [];
    rec.onStart(() => events.push('start'));
    rec.onStop((res) => events.push(`stop:${res.tempFilePath}:${res.duration}`));
    rec.onError((res) => events.push(`error:${res.errMsg}`));
    rec.stop();
    await flush();
    rec.start({ format: 'mp3' });
    await flush();
    rec.stop();
    await flush();
    expect(events).toEqual(['error:operateRecorder:fail recorder not start', 'start', 'stop:http://tmp/voice-1.mp3:2000']);
    expect((await fake.cloud.uploadFile({ cloudPath: 'a/b.mp3', filePath: 'http://tmp/x' })).fileID).toMatch(/^cloud:\/\/.+\/a\/b\.mp3$/);
  });
});

describe('ensureRecordPermission', () => {
  it('granted already: asks nothing', async () => {
    fake.permissions.authSetting['scope.record'] = true;
    expect(await ensureRecordPermission()).toBe('granted');
    expect(fake.navigation).toEqual([]);
  });

  it('first time: asks with wx.authorize', async () => {
    expect(await ensureRecordPermission()).toBe('granted');
    expect(fake.navigation).toEqual(['authorize:scope.record']);
    expect(fake.modals).toEqual([]);
  });

  it('refused at the prompt: explains with a modal, then opens settings where the user allows it', async () => {
    fake.permissions.allowWhenAsked = false;
    fake.modalAnswers.push({ confirm: true });
    expect(await ensureRecordPermission()).toBe('granted');
    expect(fake.navigation).toEqual(['authorize:scope.record', 'openSetting']);
    expect(fake.modals[0]).toMatchObject({ content: PERMISSION_EXPLANATION, confirmText: '去设置' });
  });

  it('blocked by the privacy rules: no settings detour (it cannot help), the caller is told why', async () => {
    fake.permissions.privacyBlocked = true;
    const spy = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(await ensureRecordPermission()).toBe('privacy');
    expect(spy.mock.calls[0][0]).toContain('用户隐私保护指引');
    spy.mockRestore();
    expect(fake.modals).toEqual([]);
    expect(fake.navigation).toEqual(['authorize:scope.record']);
  });

  it('refused before: no second prompt; declining the explanation or leaving the switch off is denied', async () => {
    fake.permissions.authSetting['scope.record'] = false;
    expect(await ensureRecordPermission()).toBe('denied');
    expect(fake.navigation).toEqual([]);
    fake.modalAnswers.push({ confirm: true });
    fake.permissions.allowInSettings = false;
    expect(await ensureRecordPermission()).toBe('denied');
    expect(fake.navigation).toEqual(['openSetting']);
  });
});

describe('VoiceInput', () => {
  function setup() {
    const texts: string[] = [];
    const errors: string[] = [];
    const phases: VoicePhase[] = [];
    const transport = new CloudTransport(fake.cloud);
    const call = <A extends ActionName>(event: ActionEvent<A>): Promise<ActionResult<A>> => transport.call(event);
    const voice = new VoiceInput({ cloud: fake.cloud, call, onText: (t) => texts.push(t), onError: (e) => errors.push(e), onPhase: (p) => phases.push(p), random: () => 0.5, now: () => 1700000000000 });
    return { voice, texts, errors, phases };
  }

  it('records mp3 up to 60 s, uploads the file, transcribes its fileID and hands the text over', async () => {
    fake.permissions.authSetting['scope.record'] = true;
    const { voice, texts, errors, phases } = setup();
    await voice.start();
    expect(fake.recorder.starts[0]).toMatchObject({ format: 'mp3', duration: 60000 });
    await flush();
    voice.finish('send');
    await flush();
    await flush();
    expect(errors).toEqual([]);
    expect(texts).toEqual(['你好，扣子']);
    expect(fake.uploads).toEqual([{ cloudPath: expect.stringMatching(/^coze-voice\/[0-9a-f]{32}\/voice-1700000000000\.mp3$/), filePath: 'http://tmp/voice-1.mp3' }]);
    expect(fake.calls).toEqual([{ action: 'audio.transcribe', fileID: expect.stringMatching(/^cloud:\/\/.*coze-voice\//) }]);
    expect(phases).toEqual(['recording', 'transcribing', 'idle']);
  });

  async function recordOnce(voice: VoiceInput): Promise<void> {
    fake.permissions.authSetting['scope.record'] = true;
    await voice.start();
    await flush();
    voice.finish('send');
    for (let i = 0; i < 4; i++) await flush();
  }

  it('uploads to coze-voice/<32 hex from wx.getRandomValues>/<name>.mp3 and sends a fileID the function accepts', async () => {
    const { voice, errors } = setup();
    fake.nextRandomValues = Array.from({ length: 16 }, (_, i) => i * 17);
    await recordOnce(voice);
    expect(errors).toEqual([]);
    expect(fake.randomRequests).toEqual([16]);
    const folder = '00112233445566778899aabbccddeeff';
    expect(fake.uploads.map((u) => u.cloudPath)).toEqual([`coze-voice/${folder}/voice-1700000000000.mp3`]);
    const fileID = String(fake.calls[0].fileID);
    expect(fileID).toBe(`cloud://test-env.7465-test-env/coze-voice/${folder}/voice-1700000000000.mp3`);
    expect(VOICE_FILE_ID_PATTERN.test(fileID)).toBe(true);
  });

  it('a new random folder for every recording', async () => {
    const { voice } = setup();
    await recordOnce(voice);
    await recordOnce(voice);
    const folders = fake.uploads.map((u) => u.cloudPath.split('/')[1]);
    expect(folders).toHaveLength(2);
    expect(folders[0]).not.toBe(folders[1]);
    for (const call of fake.calls) expect(VOICE_FILE_ID_PATTERN.test(String(call.fileID))).toBe(true);
  });

  it('without wx.getRandomValues (base library < 2.15.0): falls back to the injected Math.random and says so', async () => {
    const wxObj = (globalThis as unknown as { wx: Record<string, unknown> }).wx;
    const secure = wxObj.getRandomValues;
    delete wxObj.getRandomValues;
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const { voice, errors } = setup();
      await recordOnce(voice);
      expect(errors).toEqual([]);
      expect(fake.uploads.map((u) => u.cloudPath)).toEqual([`coze-voice/${'80'.repeat(16)}/voice-1700000000000.mp3`]);
      expect(VOICE_FILE_ID_PATTERN.test(String(fake.calls[0].fileID))).toBe(true);
      expect(warn.mock.calls.map((c) => c[0])).toEqual([INSECURE_RANDOM_WARNING]);
    } finally {
      warn.mockRestore();
      wxObj.getRandomValues = secure;
    }
  });

  it('a failing wx.getRandomValues is reported and nothing is uploaded', async () => {
    const { voice, errors } = setup();
    fake.nextRandomValues = 'getRandomValues:fail system error';
    await recordOnce(voice);
    expect(fake.uploads).toEqual([]);
    expect(fake.calls).toEqual([]);
    expect(errors).toEqual(['录音上传失败：wx.getRandomValues failed: getRandomValues:fail system error']);
  });

  it('slide-up cancel: stops the recorder and uploads nothing', async () => {
    fake.permissions.authSetting['scope.record'] = true;
    const { voice, texts, errors } = setup();
    await voice.start();
    await flush();
    voice.finish('cancel');
    await flush();
    expect(fake.recorder.stops).toBe(1);
    expect([fake.uploads, fake.calls, texts, errors]).toEqual([[], [], [], []]);
  });

  it('reports, never swallows: no permission, too short, recorder error, upload error, transcribe error, empty text', async () => {
    const { voice, errors } = setup();
    fake.permissions.authSetting['scope.record'] = false;
    await voice.start();
    expect(fake.recorder.starts).toHaveLength(0);
    delete fake.permissions.authSetting['scope.record'];
    fake.permissions.privacyBlocked = true;
    jest.spyOn(console, 'error').mockImplementationOnce(() => undefined);
    await voice.start();
    fake.permissions.privacyBlocked = false;
    fake.permissions.authSetting['scope.record'] = true;

    const once = async (prepare: () => void) => {
      prepare();
      await voice.start();
      await flush();
      voice.finish('send');
      for (let i = 0; i < 4; i++) await flush();
    };
    await once(() => (fake.recorder.nextDurationMs = 200));
    fake.recorder.nextDurationMs = 3000;
    await once(() => (fake.recorder.failNextStart = 'operateRecorder:fail NotAllowedError'));
    await once(() => (fake.failNextUpload = 'uploadFile:fail storage quota exceeded'));
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    await once(() => (transcript = 'FAIL'));
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('[coze] audio.transcribe failed: UPSTREAM'));
    warn.mockRestore();
    await once(() => (transcript = '   '));
    expect(errors).toEqual([
      NO_PERMISSION,
      NO_PRIVACY_CONSENT,
      TOO_SHORT,
      '录音失败：operateRecorder:fail NotAllowedError',
      '录音上传失败：uploadFile:fail storage quota exceeded',
      '语音识别服务暂时不可用',
      NOTHING_HEARD,
    ]);
  });
});
