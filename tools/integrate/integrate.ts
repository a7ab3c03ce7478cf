/**
 * One call that puts the chat into a host mini-program: read the host, plan, apply (or only report with
 * dryRun). The command line is cli.ts (`npm run integrate -- --into <host>`); tests call this directly.
 */
import { type ApplyResult, applyPlan } from './apply';
import { readHost } from './host';
import { manualSteps } from './manual-steps';
import { type IntegrateOptions, type Plan, planIntegration } from './plan';

/** What a run did (or would do) and what the developer still has to do. */
export interface IntegrateResult extends ApplyResult {
  plan: Plan;
  steps: string[];
}

/** Integrates our chat into `options.into`; throws an IntegrateError (with the fix) when it cannot. */
export function integrate(options: IntegrateOptions): IntegrateResult {
  const host = readHost(options.into);
  const plan = planIntegration(host, options);
  const result = applyPlan(plan, { dryRun: options.dryRun, force: options.force });
  return { ...result, plan, steps: manualSteps(plan) };
}
