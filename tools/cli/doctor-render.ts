/** Pure rendering of the doctor's report: one line per check, an indented fix under each failure or warning. */
import type { BackendMode } from './backend';
import type { CheckResult, DoctorReport } from './doctor-checks';
import type { Style } from './style';

const MARK: Record<CheckResult['status'], { symbol: string; tone: 'ok' | 'warn' | 'fail' | 'dim' }> = {
  pass: { symbol: '✓', tone: 'ok' },
  warn: { symbol: '!', tone: 'warn' },
  fail: { symbol: '✗', tone: 'fail' },
  skip: { symbol: '-', tone: 'dim' },
};

/** The report as lines, with a header naming what was checked and a summary. */
export function renderReport(report: DoctorReport, target: { mode: BackendMode; apiBase: string }, s: Style): string[] {
  const what = target.mode === 'emulator' ? `a freshly started Coze emulator at ${target.apiBase} (no COZE_* configured: this demonstrates the checks)` : `Coze at ${target.apiBase}`;
  const lines = [s.paint('bold', `coze-weapp doctor — checking ${what}`)];
  const width = Math.max(...report.checks.map((c) => c.title.length));
  for (const check of report.checks) {
    const mark = MARK[check.status];
    lines.push(`${s.paint(mark.tone, mark.symbol)} ${check.title.padEnd(width)}  ${check.status === 'skip' ? s.paint('dim', `skipped: ${check.detail}`) : check.detail}`);
    if (check.fix) lines.push(`  ${s.paint('warn', 'fix:')} ${check.fix}`);
  }
  const failed = report.checks.filter((c) => c.status === 'fail').length;
  const warned = report.checks.filter((c) => c.status === 'warn').length;
  const warnings = warned ? ` ${warned} warning${warned === 1 ? '' : 's'}: see the fix above.` : '';
  lines.push(report.ok ? s.paint('ok', `All ${report.checks.length} checks passed.${warnings}`) : s.paint('fail', `${failed} check${failed === 1 ? '' : 's'} failed: apply the fixes above and run npm run doctor again.`));
  return lines;
}
