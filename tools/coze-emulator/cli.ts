/**
 * Command line of the Coze emulator: `npm run emulator -- --port N [--app-id ID --key-id KID
 * --public-key FILE] [--bot-id ID] [--delay MS] [--no-isolation] [--pascal-onboarding] [--no-suggestions]`.
 * Without key options it generates a throwaway dev key pair and prints the matching COZE_* settings.
 */
import { readFileSync } from 'fs';
import { cloudFunctionEnv, generateAppKeys, startEmulator, type AppRegistration, type EmulatorOptions } from './index';
import { parseCliArgs } from './cli-args';

async function main(): Promise<void> {
  const args = parseCliArgs(process.argv.slice(2));
  let app: AppRegistration;
  let devKey: string | undefined;
  if (args.appId && args.keyId && args.publicKeyFile) {
    app = { appId: args.appId, keyId: args.keyId, publicKeyPem: readFileSync(args.publicKeyFile, 'utf8') };
  } else {
    const keys = generateAppKeys();
    app = { appId: keys.appId, keyId: keys.keyId, publicKeyPem: keys.publicKeyPem };
    devKey = keys.privateKeyPem;
  }
  const opts: EmulatorOptions = {
    port: args.port,
    botId: args.botId,
    apps: [app],
    deltaDelayMs: args.delayMs,
    isolation: args.isolation,
    onboardingCase: args.pascal ? 'pascal' : 'snake',
    suggestedQuestions: args.suggestions,
  };
  const emulator = await startEmulator(opts);
  const out: string[] = [`Coze emulator listening on ${emulator.url}`];
  if (devKey !== undefined) {
    out.push(
      '# Throwaway dev key generated for this run only (printing it is safe: it exists nowhere else and dies with this process).',
      '# Settings for the cloud function:',
      ...Object.entries(cloudFunctionEnv(emulator, { ...app, privateKeyPem: devKey }, { escapeNewlines: true })).map(([name, value]) =>
        name === 'COZE_JWT_OAUTH_PRIVATE_KEY' ? `${name}="${value}"` : `${name}=${value}`,
      ),
    );
  }
  out.push('# Trigger words in chat text: #fault:drop #fault:failed #fault:error #fault:slow #fault:long #fault:split #fault:malformed #fault:500 #fault:429 #fault:4008 #fault:4028 (README)');
  process.stdout.write(out.join('\n') + '\n');
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    void emulator.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e: Error) => {
  process.stderr.write(`coze-emulator: ${e.message}\n`);
  process.exit(2);
});
