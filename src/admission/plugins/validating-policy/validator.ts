/**
 * Evaluates one policy for one binding and param (upstream policy/validating/validator.go): matchConditions,
 * then every validation, turning results into decisions under the policy's failurePolicy.
 */
import {
  BudgetExhausted,
  lazyVariables,
  outOfBudgetMessage,
  runtimeCostBudget,
  type CelActivation,
  type CelProgram,
  type CostBudget,
  type EvalResult,
} from './cel.js';
import { evaluateMatchConditions } from './match-conditions.js';
import type { CompiledPolicy, CompiledValidation, ValidationReason } from './policy.js';
import type { FailurePolicy } from './rules.js';

/** Upstream celconfig.MaxEvaluatedMessageExpressionSizeBytes. */
const maxMessageBytes = 5 * 1024;

export interface PolicyDecision {
  readonly action: 'admit' | 'deny';
  readonly evaluation: 'admit' | 'deny' | 'error';
  readonly message: string;
  /** Only for failed validations; denials without one are Invalid. */
  readonly reason?: ValidationReason;
}

export interface ValidateResult {
  readonly decisions: readonly PolicyDecision[];
  /** Audit annotations that failed under failurePolicy Fail: upstream denies for these whatever the actions. */
  readonly auditErrors: readonly PolicyDecision[];
}

/** The inputs of one evaluation; `variables` is added per phase. */
export type PolicyInputs = Omit<CelActivation, 'variables'>;

function errorDecision(failurePolicy: FailurePolicy, message: string): PolicyDecision {
  return { action: failurePolicy === 'Ignore' ? 'admit' : 'deny', evaluation: 'error', message };
}

/** Evaluates `program` with the policy's variables available; errors come back as EvalResult. */
function run(
  program: CelProgram,
  inputs: PolicyInputs,
  budget: CostBudget,
  variables: Record<string, unknown>,
): EvalResult {
  return program.evaluate({ ...inputs, variables }, budget);
}

/** The denial message: messageExpression's string, else message, else "failed expression: <expr>". */
function denialMessage(
  policy: CompiledPolicy,
  validation: CompiledValidation,
  inputs: PolicyInputs,
  budget: CostBudget,
  variables: Record<string, unknown>,
): { message: string } | { error: string } {
  let message = '';
  if (validation.messageProgram !== undefined) {
    try {
      const result = run(validation.messageProgram, inputs, budget, variables);
      if (result.ok && typeof result.value === 'string') {
        const trimmed = result.value.trim();
        const tooLong = Buffer.byteLength(trimmed) > maxMessageBytes;
        message = tooLong || trimmed.includes('\n') ? '' : trimmed;
      }
    } catch (error) {
      if (!(error instanceof BudgetExhausted)) throw error;
      return { error: `failed messageExpression: ${outOfBudgetMessage}` };
    }
  }
  if (message === '') message = validation.message.trim();
  if (message === '') message = `failed expression: ${validation.program.expression.trim()}`;
  return { message };
}

function validationDecisions(policy: CompiledPolicy, inputs: PolicyInputs): PolicyDecision[] {
  const budget: CostBudget = { remaining: runtimeCostBudget };
  const variables = lazyVariables(policy.variables, inputs, budget);
  const decisions: PolicyDecision[] = [];
  try {
    for (const validation of policy.validations) {
      const result = run(validation.program, inputs, budget, variables);
      if (!result.ok) {
        decisions.push(errorDecision(policy.failurePolicy, result.error));
        continue;
      }
      if (result.value === true) {
        decisions.push({ action: 'admit', evaluation: 'admit', message: '' });
        continue;
      }
      const denial = denialMessage(policy, validation, inputs, budget, variables);
      if ('error' in denial) decisions.push(errorDecision(policy.failurePolicy, denial.error));
      else {
        decisions.push({
          action: 'deny',
          evaluation: 'deny',
          message: denial.message,
          reason: validation.reason ?? 'Invalid',
        });
      }
    }
  } catch (error) {
    if (!(error instanceof BudgetExhausted)) throw error;
    return [errorDecision(policy.failurePolicy, outOfBudgetMessage)];
  }
  return decisions;
}

/**
 * Audit annotations are evaluated for their errors only: kubetenant's audit log has no annotation input
 * yet, so published values are dropped (TODO(#4)). Errors deny under failurePolicy Fail, as upstream.
 */
function auditAnnotationErrors(policy: CompiledPolicy, inputs: PolicyInputs): PolicyDecision[] {
  if (policy.auditAnnotations.length === 0 || policy.failurePolicy === 'Ignore') return [];
  const budget: CostBudget = { remaining: runtimeCostBudget };
  const variables = lazyVariables(policy.variables, inputs, budget);
  const errors: PolicyDecision[] = [];
  try {
    for (const annotation of policy.auditAnnotations) {
      const result = run(annotation.program, inputs, budget, variables);
      if (!result.ok) errors.push(errorDecision('Fail', result.error));
      else if (result.value !== null && typeof result.value !== 'string') {
        errors.push(
          errorDecision(
            'Fail',
            `valueExpression '${annotation.program.expression}' resulted in unsupported return type: ` +
              `${celTypeName(result.value)}. Return type must be either string or null.`,
          ),
        );
      }
    }
  } catch (error) {
    if (!(error instanceof BudgetExhausted)) throw error;
    return [errorDecision('Fail', outOfBudgetMessage)];
  }
  return errors;
}

function celTypeName(value: unknown): string {
  if (typeof value === 'bigint') return 'int';
  if (typeof value === 'number') return 'double';
  if (typeof value === 'boolean') return 'bool';
  if (Array.isArray(value)) return 'list';
  return typeof value === 'object' ? 'map' : typeof value;
}

/** Upstream validator.Validate for one policy, binding and param. */
export function validatePolicy(policy: CompiledPolicy, inputs: PolicyInputs): ValidateResult {
  const conditions = evaluateMatchConditions(
    policy.matchConditions,
    (budget) => ({ ...inputs, variables: lazyVariables(policy.variables, inputs, budget) }),
    policy.failurePolicy,
  );
  if (conditions.error !== undefined) {
    return { decisions: [errorDecision(policy.failurePolicy, conditions.error)], auditErrors: [] };
  }
  if (!conditions.matches) return { decisions: [], auditErrors: [] };
  return {
    decisions: validationDecisions(policy, inputs),
    auditErrors: auditAnnotationErrors(policy, inputs),
  };
}
