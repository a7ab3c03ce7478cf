/**
 * `npm run doctor` as a function: loads .env, uses the configured Coze or (with nothing configured) a
 * freshly started emulator, runs the checks and prints the report. Resolves with the exit code.
 */
import { loadFunctionModule } from '../dev-server/load-function';
import { startBackend } from './backend';
import { runDoctor } from './doctor-checks';
import { renderReport } from './doctor-render';
import { loadSettings } from './env-file';
import { makeStyle, wantsColor } from './style';
import type { Output } from './terminal-chat';

/** Runs the doctor with the given environment; 0 when every check passed, 1 otherwise. */
export async function runDoctorCommand(io: { out: Output; env: NodeJS.ProcessEnv; envFile?: string | null }): Promise<0 | 1> {
  loadSettings(io.envFile, io.env);
  const backend = await startBackend(io.env, { allowIncomplete: true });
  try {
    const report = await runDoctor(io.env, { loadFunction: () => loadFunctionModule() });
    const s = makeStyle(wantsColor(io.out, io.env));
    for (const line of renderReport(report, backend, s)) io.out.write(`${line}\n`);
    return report.ok ? 0 : 1;
  } finally {
    await backend.stop();
  }
}
