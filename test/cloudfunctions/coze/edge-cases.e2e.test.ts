/** Less common Coze behaviours through the built bundle: bot variants, permissions, timeouts, busy chats. */
import { ALL_PERMISSIONS } from '../../../tools/coze-emulator/index';
import { expectError, expectOk, FunctionHarness, startFunctionHarness } from '../../helpers/function-harness';

describe('bot.info variants', () => {
  test('PascalCase onboarding_info and disabled suggestions are read', async () => {
    const h = await startFunctionHarness({ emulator: { onboardingCase: 'pascal', suggestedQuestions: false } });
    try {
      const info = expectOk(await h.call('o_pascal', { action: 'bot.info' }));
      expect(info.prologue).not.toBe('');
      expect(info.suggestedQuestions).toEqual([]);
    } finally {
      await h.stop();
    }
  });

  test('PascalCase suggested questions are read too', async () => {
    const h = await startFunctionHarness({ emulator: { onboardingCase: 'pascal' } });
    try {
      expect(expectOk(await h.call('o_pascal2', { action: 'bot.info' })).suggestedQuestions.length).toBeGreaterThan(0);
    } finally {
      await h.stop();
    }
  });
});

describe('Coze behaviours', () => {
  let h: FunctionHarness;
  beforeAll(async () => {
    h = await startFunctionHarness({ emulator: { deltaDelayMs: 5 } });
  });
  afterAll(async () => {
    await h.stop();
  });

  test('an unpublished bot answers BOT_UNAVAILABLE (Coze 4015)', async () => {
    h.emulator.setBotPublished(false);
    try {
      expect(expectError(await h.call('o_unpub', { action: 'chat.send', text: '在吗' })).code).toBe('BOT_UNAVAILABLE');
    } finally {
      h.emulator.setBotPublished(true);
    }
  });

  test('a second chat while one runs in the same conversation answers BUSY (Coze 4016)', async () => {
    const { conversation } = expectOk(await h.call('o_busy', { action: 'conversation.create' }));
    h.emulator.inject({ kind: 'long-answer', chars: 400 });
    const streamId = 'b'.repeat(32);
    const streaming = new Promise<void>((resolve) => {
      const stop = h.bundle.localStreams.watch(streamId, 'o_busy', (doc) => {
        if (doc.text) {
          stop();
          resolve();
        }
      });
    });
    const first = h.call('o_busy', { action: 'chat.send', conversationId: conversation.id, text: '第一条', streamId });
    await streaming;
    const second = await h.call('o_busy', { action: 'chat.send', conversationId: conversation.id, text: '第二条' });
    expect(expectError(second).code).toBe('BUSY');
    expect(expectOk(await first).status).toBe('completed');
    expectOk(await h.call('o_busy', { action: 'chat.send', conversationId: conversation.id, text: '第三条' }));
  });

  test('an app without the chat permission answers COZE_AUTH (Coze 4101)', async () => {
    const limited = await startFunctionHarness();
    try {
      limited.emulator.registerApp({ appId: limited.keys.appId, keyId: limited.keys.keyId, publicKeyPem: limited.keys.publicKeyPem, permissions: ['createConversation', 'listConversation'] });
      expect(expectError(await limited.call('o_perm', { action: 'chat.send', text: '你好' })).code).toBe('COZE_AUTH');
      // The developer log names the missing permission of that endpoint.
      expect(limited.logs.join('\n')).toContain('lacks the \\"chat\\" permission');
    } finally {
      await limited.stop();
    }
  });
});

describe('ownership check without retrieveConversation', () => {
  const UNKNOWN_CONVERSATION = '7400000000000000999';
  const errorLines = (h: FunctionHarness): string[] => h.logs.filter((l) => l.includes('"level":"error"') && l.includes('ownership.permission_missing'));

  test('answers NOT_FOUND (revealing nothing) but logs at error level that retrieveConversation is missing', async () => {
    const limited = await startFunctionHarness();
    try {
      const all = ALL_PERMISSIONS.filter((p) => p !== 'retrieveConversation');
      limited.emulator.registerApp({ appId: limited.keys.appId, keyId: limited.keys.keyId, publicKeyPem: limited.keys.publicKeyPem, permissions: all });
      expect(expectError(await limited.call('o_noretrieve', { action: 'message.list', conversationId: UNKNOWN_CONVERSATION })).code).toBe('NOT_FOUND');
      expect(errorLines(limited)).toHaveLength(1);
      expect(errorLines(limited)[0]).toContain('retrieveConversation');
    } finally {
      await limited.stop();
    }
  });

  test('with the permission, an unknown conversation is NOT_FOUND without that error line', async () => {
    const full = await startFunctionHarness();
    try {
      expect(expectError(await full.call('o_retrieve', { action: 'message.list', conversationId: UNKNOWN_CONVERSATION })).code).toBe('NOT_FOUND');
      expect(errorLines(full)).toHaveLength(0);
    } finally {
      await full.stop();
    }
  });
});

describe('network failures', () => {
  test('Coze unreachable answers UPSTREAM (retryable)', async () => {
    const h = await startFunctionHarness();
    const url = h.emulator.url;
    await h.emulator.stop();
    process.env.COZE_API_BASE = url;
    try {
      const error = expectError(await h.call('o_down', { action: 'conversation.list' }));
      expect(error).toEqual(expect.objectContaining({ code: 'UPSTREAM', retryable: true }));
    } finally {
      await h.stop().catch(() => undefined);
    }
  });

  test('a first byte slower than COZE_TIMEOUT_MS answers UPSTREAM', async () => {
    // 2 s per request covers the token exchange and conversation.create on a busy machine; the 20 s stall does not fit.
    const h = await startFunctionHarness({ env: { COZE_TIMEOUT_MS: '2000' } });
    try {
      h.emulator.inject({ kind: 'slow-first-byte', ms: 20_000 });
      expect(expectError(await h.call('o_slow', { action: 'chat.send', text: '慢' })).code).toBe('UPSTREAM');
    } finally {
      await h.stop();
    }
  });
});
