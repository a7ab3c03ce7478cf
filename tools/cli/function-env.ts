/**
 * The cloud function reads its COZE_* / CHAT_* settings from process.env. When a tool runs it with another
 * environment object (tests, the doctor), this applies that configuration for the duration of a run.
 */

/** True for the variables the function reads. */
export function isFunctionSetting(name: string): boolean {
  return name.startsWith('COZE_') || name.startsWith('CHAT_');
}

/** Runs `run` with the function settings of `env` in process.env, restoring the previous values afterwards. */
export async function withFunctionEnv<T>(env: NodeJS.ProcessEnv, run: () => Promise<T>): Promise<T> {
  if (env === process.env) return run();
  const keys = [...new Set([...Object.keys(env), ...Object.keys(process.env)])].filter(isFunctionSetting);
  const saved = new Map(keys.map((k) => [k, process.env[k]]));
  for (const k of keys) {
    if (env[k] === undefined) delete process.env[k];
    else process.env[k] = env[k];
  }
  try {
    return await run();
  } finally {
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}
