/**
 * CEL for admission (upstream k8s.io/apiserver pkg/admission/plugin/cel): compiling expressions against the
 * admission variables, evaluating them under a cost limit, and the JSON → CEL value conversion.
 *
 * Cost: upstream charges cel-go's runtime cost (about one unit per evaluated operation) against a
 * per-expression limit (PerCallLimit) and a budget per validation call (RuntimeCELCostBudget). Here one unit
 * is one evaluated AST node (comprehension bodies count once per iteration), metered by wrapping each
 * node's evaluate function when the expression is compiled.
 */
import { Environment, type ParseResult } from '@marcbachmann/cel-js';
import { isRecord } from '../../../machinery/object.js';

/** Upstream celconfig.PerCallLimit: the cost one expression may spend. */
export const perCallCostLimit = 1_000_000;
/** Upstream celconfig.RuntimeCELCostBudget: what one policy-binding-param validation may spend. */
export const runtimeCostBudget = 10_000_000;
/** Upstream celconfig.RuntimeCELCostBudgetMatchConditions: what a set of matchConditions may spend. */
export const matchConditionsCostBudget = 2_500_000;

/** Upstream's error when the budget of a validation call runs out (cel/filter.go ForInput). */
export const outOfBudgetMessage =
  'validation failed due to running out of cost budget, no further validation rules will be run';

/** The variables an expression may use; `variables` only where a policy declares some. */
export type CelVariableName = 'object' | 'oldObject' | 'params' | 'request' | 'namespaceObject' | 'variables';

export type CelActivation = Partial<Record<CelVariableName, unknown>>;

/** The remaining cost of one validation call, shared by the expressions (and variables) it evaluates. */
export interface CostBudget {
  remaining: number;
  /** Set when a variable ran out of budget inside an expression, which must then fail the call too. */
  exhausted?: boolean;
}

/** The budget ran out: upstream stops evaluating and reports outOfBudgetMessage for the whole call. */
export class BudgetExhausted extends Error {
  constructor() {
    super(outOfBudgetMessage);
    this.name = 'BudgetExhausted';
  }
}

export type EvalResult =
  { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: string };

/** The cost one evaluation has spent so far. */
interface Meter {
  spent: number;
  exceeded: boolean;
}

type NodeEvaluate = (this: unknown, ...args: unknown[]) => unknown;

const perCallExceeded = 'operation cancelled: actual cost limit exceeded';

function environment(variables: readonly CelVariableName[]): Environment {
  const env = new Environment({ enableOptionalTypes: true, homogeneousAggregateLiterals: false });
  for (const name of variables) env.registerVariable(name, 'dyn');
  return env;
}

const environments = new Map<string, Environment>();

function environmentFor(variables: readonly CelVariableName[]): Environment {
  const key = variables.join(',');
  let env = environments.get(key);
  if (env === undefined) environments.set(key, (env = environment(variables)));
  return env;
}

/** cel-js messages carry a source excerpt after the first line; cel-go's start lower-case. */
export function celErrorMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const first = text.split('\n', 1)[0] ?? '';
  return first.charAt(0).toLowerCase() + first.slice(1);
}

/** One compiled expression; a compile error is kept and reported each time it is evaluated. */
export class CelProgram {
  private meter: Meter | undefined;

  private constructor(
    readonly expression: string,
    private readonly parsed: ParseResult | undefined,
    readonly compileError: string | undefined,
  ) {}

  /**
   * Parses and type-checks `expression` with `variables` declared as dyn. `returns` is the result type the
   * expression must be able to have (dyn always can).
   */
  static compile(
    expression: string,
    variables: readonly CelVariableName[],
    returns: 'bool' | 'string' | 'any',
  ): CelProgram {
    let parsed: ParseResult;
    try {
      parsed = environmentFor(variables).parse(expression);
    } catch (error) {
      return new CelProgram(expression, undefined, `compilation error: ${celErrorMessage(error)}`);
    }
    const checked = parsed.check();
    if (!checked.valid) {
      return new CelProgram(expression, undefined, `compilation error: ${celErrorMessage(checked.error)}`);
    }
    if (returns !== 'any' && checked.type !== returns && checked.type !== 'dyn') {
      return new CelProgram(expression, undefined, `compilation error: must evaluate to ${returns}`);
    }
    const program = new CelProgram(expression, parsed, undefined);
    program.instrument(parsed.ast);
    return program;
  }

  /**
   * Evaluates under the per-call limit and charges the cost to `budget`. Evaluation errors (including the
   * per-call limit) are returned as upstream words them; throws BudgetExhausted when the budget runs out.
   */
  evaluate(activation: CelActivation, budget: CostBudget): EvalResult {
    const { parsed } = this;
    if (parsed === undefined) return { ok: false, error: this.compileError ?? 'compilation error' };
    const outer = this.meter;
    const meter: Meter = { spent: 0, exceeded: false };
    this.meter = meter;
    let result: EvalResult;
    try {
      result = { ok: true, value: parsed(activation) };
    } catch (error) {
      result = { ok: false, error: error instanceof Error ? error.message : String(error) };
    } finally {
      this.meter = outer;
    }
    if (budget.exhausted === true || meter.spent > budget.remaining) {
      budget.exhausted = true;
      throw new BudgetExhausted();
    }
    budget.remaining -= meter.spent;
    if (meter.exceeded) result = { ok: false, error: perCallExceeded };
    if (result.ok) return result;
    const detail = celErrorMessage(result.error);
    return { ok: false, error: `expression '${this.expression}' resulted in error: ${detail}` };
  }

  private charge(): void {
    const meter = this.meter;
    if (meter === undefined) return;
    if (++meter.spent > perCallCostLimit) {
      meter.exceeded = true;
      // Thrown again at every node, so `||` and `&&` cannot absorb it; evaluate() reports it after.
      throw new Error(perCallExceeded);
    }
  }

  /**
   * Wraps every node's evaluate function with a cost charge. cel-js replaces a node's `evaluate` with
   * its resolved implementation on first use; the accessor keeps the wrapper in front of whatever is set.
   */
  private instrument(root: unknown): void {
    const seen = new Set<object>();
    const visit = (value: unknown): void => {
      if (Array.isArray(value)) {
        for (const item of value) visit(item);
        return;
      }
      if (!isRecord(value) || seen.has(value) || typeof value['op'] !== 'string' || !('args' in value))
        return;
      seen.add(value);
      this.wrapNode(value);
      visit(value['args']);
    };
    visit(root);
  }

  private wrapNode(node: Record<string, unknown>): void {
    const initial: unknown = node['evaluate'];
    if (typeof initial !== 'function') return;
    let inner = initial as NodeEvaluate;
    const charge = (): void => this.charge();
    const wrapper: NodeEvaluate = function (this: unknown, ...args: unknown[]): unknown {
      charge();
      return Reflect.apply(inner, this, args);
    };
    Object.defineProperty(node, 'evaluate', {
      configurable: true,
      get: () => wrapper,
      set: (next: unknown) => {
        if (typeof next === 'function') inner = next as NodeEvaluate;
      },
    });
  }
}

/**
 * Converts decoded JSON into CEL values the way upstream's unstructured objects look to cel-go: integral
 * numbers are int (bigint), other numbers double; objects and arrays are copied.
 */
export function toCelValue(value: unknown): unknown {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? BigInt(value) : value;
  if (Array.isArray(value)) return value.map(toCelValue);
  if (isRecord(value)) {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) copy[key] = toCelValue(item);
    return copy;
  }
  return value;
}

/** A named expression whose value is computed on first use, once per evaluation (upstream lazy MapValue). */
export interface CompiledVariable {
  readonly name: string;
  readonly program: CelProgram;
}

/**
 * The `variables` object of one evaluation: each variable is evaluated on first access with the variables
 * declared before it in scope, its cost charged to `budget`, and the result (or error) kept (upstream
 * composition.go). A variable that exhausts the budget marks it, so the reading expression fails the call.
 */
export function lazyVariables(
  variables: readonly CompiledVariable[],
  base: CelActivation,
  budget: CostBudget,
): Record<string, unknown> {
  const results = new Map<number, EvalResult>();
  const scope = (count: number): Record<string, unknown> => {
    const view: Record<string, unknown> = {};
    variables.slice(0, count).forEach((variable, index) => {
      Object.defineProperty(view, variable.name, {
        enumerable: true,
        get: () => valueOf(index),
      });
    });
    return view;
  };
  const valueOf = (index: number): unknown => {
    const variable = variables[index];
    if (variable === undefined) return undefined;
    let result = results.get(index);
    if (result === undefined) {
      result = variable.program.evaluate({ ...base, variables: scope(index) }, budget);
      results.set(index, result);
    }
    if (result.ok) return result.value;
    const detail = result.error.startsWith('compilation error: ')
      ? `fails to compile: ${result.error.slice('compilation error: '.length)}`
      : `fails to evaluate: ${result.error}`;
    throw new Error(`composited variable "${variable.name}" ${detail}`);
  };
  return scope(variables.length);
}
