/**
 * matchConditions of policies and webhooks (upstream webhook/matchconditions/matcher.go): every condition
 * must be true. Any false condition skips the policy or webhook; otherwise evaluation errors follow the
 * failurePolicy: Fail reports them, Ignore skips.
 */
import {
  BudgetExhausted,
  matchConditionsCostBudget,
  outOfBudgetMessage,
  type CelActivation,
  type CelProgram,
  type CostBudget,
} from './cel.js';
import type { FailurePolicy } from './rules.js';

export type ConditionsOutcome = { readonly matches: boolean; readonly error?: string };

/**
 * Evaluates `conditions` in order under the matchConditions budget; `activation` builds the variables for
 * that budget (a policy's lazy `variables` charge it too).
 */
export function evaluateMatchConditions(
  conditions: readonly { readonly program: CelProgram }[],
  activation: (budget: CostBudget) => CelActivation,
  failurePolicy: FailurePolicy,
): ConditionsOutcome {
  if (conditions.length === 0) return { matches: true };
  const budget: CostBudget = { remaining: matchConditionsCostBudget };
  const variables = activation(budget);
  const errors: string[] = [];
  try {
    for (const condition of conditions) {
      const result = condition.program.evaluate(variables, budget);
      if (!result.ok) errors.push(result.error);
      else if (result.value === false) return { matches: false };
    }
  } catch (error) {
    if (!(error instanceof BudgetExhausted)) throw error;
    errors.push(outOfBudgetMessage);
  }
  if (errors.length === 0) return { matches: true };
  if (failurePolicy === 'Ignore') return { matches: false };
  // utilerrors.NewAggregate: one error alone, several as "[a, b]".
  return { matches: false, error: errors.length === 1 ? (errors[0] ?? '') : `[${errors.join(', ')}]` };
}
