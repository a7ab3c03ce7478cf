/**
 * A tiny `.env` reader for `npm start` and `npm run doctor`, so developers keep Coze credentials in one
 * git-ignored file instead of their shell history. Variables already set in the environment win.
 */
import * as fs from 'fs';
import * as path from 'path';

/** The repository's `.env`, read by npm start, npm run doctor and npm run preview alike. */
export const DEFAULT_ENV_FILE = path.join(__dirname, '..', '..', '.env');

/** Parses `KEY=value` lines: `#` comments, optional `export `, single or double quotes (double quotes keep `\n` literal for the PEM). */
export function parseEnvFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i].trim();
    if (!line || line.startsWith('#')) continue;
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!match) throw new Error(`.env line ${i + 1} is not KEY=value: fix or comment it out with #.`);
    const [, key, rest] = match;
    const quote = rest[0];
    if (quote === '"' || quote === "'") {
      let value = rest.slice(1);
      // A quoted value may span lines (a PEM pasted as is) until the closing quote.
      while (!value.endsWith(quote) && i + 1 < lines.length) {
        i += 1;
        value += `\n${lines[i]}`;
      }
      if (!value.endsWith(quote)) throw new Error(`.env value of ${key} has no closing ${quote}: add it.`);
      out[key] = value.slice(0, -1);
    } else {
      const value = rest.replace(/\s+#.*$/, '').trim();
      if (/^-----BEGIN [A-Z ]+-----$/.test(value)) throw new Error(unquotedPem(key, i + 1));
      out[key] = value;
    }
  }
  return out;
}

/** The fix for a PEM pasted across lines without quotes (only its first line would be read). */
function unquotedPem(key: string, line: number): string {
  return (
    `.env line ${line}: ${key} starts a multi-line PEM without quotes, so only its first line would be read. ` +
    `Wrap the whole key in double quotes (${key}="-----BEGIN … on the first line, …-----END PRIVATE KEY-----" on the last), ` +
    `or put it on one line with a literal \\n at each line break.`
  );
}

/** Copies the variables of `file` (if it exists) into `env` without overriding ones already set; returns the names it set. */
export function loadEnvFile(file: string, env: NodeJS.ProcessEnv = process.env): string[] {
  if (!fs.existsSync(file)) return [];
  const parsed = parseEnvFile(fs.readFileSync(file, 'utf8'));
  const set: string[] = [];
  for (const [key, value] of Object.entries(parsed)) {
    if (env[key] === undefined) {
      env[key] = value;
      set.push(key);
    }
  }
  return set;
}

/** Loads the tools' settings the one way they all share: `envFile` (default {@link DEFAULT_ENV_FILE}; null: none) into `env`. */
export function loadSettings(envFile: string | null | undefined, env: NodeJS.ProcessEnv): void {
  if (envFile !== null) loadEnvFile(envFile ?? DEFAULT_ENV_FILE, env);
}
