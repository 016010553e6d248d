/**
 * Runtime cost of rule evaluation, charged as cel-go's CostTracker charges it: 1 per identifier, field
 * selection and index, 10 per list literal, 30 per map literal, 1 per call unless the function's cost
 * grows with its operands' actual sizes, plus the per-iteration cost of the comprehension a macro expands
 * to. cel-js has no cost tracking, so every node of a compiled program gets a metering evaluate().
 *
 * When the limit is passed the meter throws, and stays exceeded: cel-js absorbs errors inside `||`, `&&`
 * and macros the way CEL semantics require, so callers must check `exceeded` after evaluation.
 */

/** Thrown (and remembered) when the cost limit of one evaluation is passed. */
export class CostLimitExceeded extends Error {
  constructor() {
    super('operation cancelled: actual cost limit exceeded');
    this.name = 'CostLimitExceeded';
  }
}

export class CostMeter {
  cost = 0;
  exceeded = false;
  /** The last value each node produced, for size-dependent costs of their parents. */
  readonly values = new Map<object, unknown>();
  /** Iterations done by each running comprehension. */
  readonly steps = new Map<object, number>();

  constructor(readonly limit: number) {}

  charge(amount: number): void {
    this.cost += amount;
    if (this.cost > this.limit) {
      this.exceeded = true;
      throw new CostLimitExceeded();
    }
  }
}

/** Which meter a program's instrumented nodes charge; set only while the program runs. */
export interface MeterSlot {
  current: CostMeter | undefined;
}

type Evaluate = (ev: unknown, ast: unknown, ctx: unknown) => unknown;

/** The parts of a cel-js AST node the instrumentation touches (beyond its public typings). */
interface RuntimeNode {
  op: string;
  args: unknown;
  evaluate: Evaluate;
}

interface RuntimeMeta {
  alternate?: RuntimeNode;
  macro?: { evaluate: Evaluate; args?: unknown; val?: unknown; exp?: unknown };
  evaluate: Evaluate;
}

function isNode(value: unknown): value is RuntimeNode {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof Reflect.get(value, 'op') === 'string' &&
    typeof Reflect.get(value, 'meta') === 'object'
  );
}

function metaOf(node: RuntimeNode): RuntimeMeta {
  return Reflect.get(node, 'meta') as RuntimeMeta;
}

interface Comprehension {
  macro: string;
  iterable: unknown;
}

interface Instrumentation {
  slot: MeterSlot;
  seen: Set<RuntimeNode>;
  /** Comprehension step nodes, with the comprehension they belong to. */
  steps: Map<RuntimeNode, RuntimeNode>;
  /** Comprehension nodes, with the macro they implement. */
  comprehensions: Map<RuntimeNode, Comprehension>;
  /** List and map literals of constants, which cel-go builds once at plan time (cost 0). */
  constants: Set<RuntimeNode>;
}

/** Makes every node of a checked program charge `slot.current` when evaluated. */
export function instrument(root: unknown, slot: MeterSlot): void {
  const state: Instrumentation = {
    slot,
    seen: new Set(),
    steps: new Map(),
    comprehensions: new Map(),
    constants: new Set(),
  };
  visit(root, state);
}

function visit(value: unknown, state: Instrumentation): void {
  if (Array.isArray(value)) {
    for (const item of value) visit(item, state);
    return;
  }
  if (!isNode(value) || state.seen.has(value)) return;
  const node = value;
  state.seen.add(node);
  const meta = metaOf(node);
  if (meta.alternate !== undefined && node.op === 'rcall' && meta.alternate.op === 'comprehension') {
    const comprehension = meta.alternate;
    const args = comprehension.args as object;
    const iterable: unknown = Reflect.get(args, 'iterable');
    state.comprehensions.set(comprehension, { macro: String((node.args as unknown[])[0]), iterable });
    const step = Reflect.get(args, 'step');
    if (isNode(step)) state.steps.set(step, comprehension);
  }
  if (isConstantAggregate(node)) state.constants.add(node);
  wrap(node, state);
  visit(meta.alternate, state);
  if (meta.macro !== undefined) {
    visit(meta.macro.args, state);
    visit(meta.macro.val, state);
    visit(meta.macro.exp, state);
  }
  if (node.op === 'comprehension') {
    const args = node.args as Record<string, unknown>;
    visit(args.iterable, state);
    visit(args.init, state);
    visit(args.step, state);
  } else if (typeof node.args === 'object' && node.args !== null) {
    visit(Array.isArray(node.args) ? node.args : [node.args], state);
  }
}

function isConstantAggregate(node: unknown): boolean {
  if (!isNode(node)) return false;
  if (node.op === 'value') return true;
  const args = node.args;
  if (node.op === 'list' && Array.isArray(args)) return args.every(isConstantAggregate);
  if (node.op === 'map' && Array.isArray(args)) {
    return args.every((entry) => Array.isArray(entry) && entry.every(isConstantAggregate));
  }
  return false;
}

function evaluateInner(node: RuntimeNode, ev: unknown, ctx: unknown): unknown {
  const meta = metaOf(node);
  if (meta.alternate !== undefined) return meta.alternate.evaluate(ev, meta.alternate, ctx);
  if (meta.macro !== undefined) return meta.macro.evaluate(ev, meta.macro, ctx);
  return meta.evaluate.call(node, ev, node, ctx);
}

/**
 * Charges a node's cost after it ran, also when it failed: cel-go evaluates errors as values, so a
 * failing operand still costs what it costs and so does the call consuming it.
 */
function wrap(node: RuntimeNode, state: Instrumentation): void {
  const comprehension = state.comprehensions.get(node);
  const owner = state.steps.get(node);
  node.evaluate = (ev, _ast, ctx) => {
    const meter = state.slot.current;
    if (meter === undefined) return evaluateInner(node, ev, ctx);
    const outerSteps = meter.steps.get(node);
    if (comprehension !== undefined) meter.steps.set(node, 0);
    let result: unknown;
    let failure: unknown;
    let failed = false;
    try {
      result = evaluateInner(node, ev, ctx);
    } catch (error) {
      if (error instanceof CostLimitExceeded) throw error;
      failure = error;
      failed = true;
    }
    if (owner !== undefined) meter.steps.set(owner, (meter.steps.get(owner) ?? 0) + 1);
    let cost = nodeCost(node, failed ? undefined : result, meter, state);
    if (comprehension !== undefined) {
      cost += earlyExitCost(comprehension, meter.steps.get(node) ?? 0, meter);
      if (outerSteps === undefined) meter.steps.delete(node);
      else meter.steps.set(node, outerSteps);
    }
    meter.values.set(node, result);
    meter.charge(cost);
    if (failed) throw failure;
    return result;
  };
}

/** all() and exists() check their loop condition once more when they stop before the end. */
function earlyExitCost(comprehension: Comprehension, steps: number, meter: CostMeter): number {
  const iterable =
    typeof comprehension.iterable === 'object' && comprehension.iterable !== null
      ? meter.values.get(comprehension.iterable)
      : undefined;
  if (steps >= actualSize(iterable)) return 0;
  return comprehension.macro === 'all' ? 2 : comprehension.macro === 'exists' ? 3 : 0;
}

/** cel-go actualSize: the size of sized values, 1 for everything else. */
export function actualSize(value: unknown): number {
  if (typeof value === 'string') return [...value].length;
  if (value instanceof Uint8Array || Array.isArray(value)) return value.length;
  if (value instanceof Map || value instanceof Set) return value.size;
  if (typeof value === 'object' && value !== null) {
    if (typeof Reflect.get(value, 'hasValue') === 'function') return 1;
    return Object.keys(value).length;
  }
  return 1;
}

function traversalCost(value: unknown): number {
  if (typeof value === 'string') return Math.floor(value.length * 0.1);
  if (value instanceof Uint8Array) return Math.floor(value.length * 0.1);
  if (Array.isArray(value)) return value.reduce((sum: number, item) => sum + traversalCost(item), 0);
  return 1;
}

const isStringLike = (v: unknown): boolean => typeof v === 'string' || v instanceof Uint8Array;

function nodeCost(node: RuntimeNode, result: unknown, meter: CostMeter, state: Instrumentation): number {
  const comprehension = state.steps.get(node);
  const macro = comprehension === undefined ? undefined : state.comprehensions.get(comprehension)?.macro;
  const arg = (i: number): unknown => {
    const child = Array.isArray(node.args) ? (node.args as unknown[])[i] : undefined;
    return typeof child === 'object' && child !== null ? meter.values.get(child) : undefined;
  };
  let cost = 0;
  if (macro !== undefined) cost += iterationCost(macro, node.op === '?:' ? arg(0) === true : true);
  switch (node.op) {
    case 'id':
    case '.':
    case '.?':
    case '!_':
    case '-_':
      return cost + 1;
    case '[]':
    case '[?]': {
      // An identifier index is part of the attribute's qualifier in cel-go: it costs nothing of its own.
      const index = Array.isArray(node.args) ? (node.args as unknown[])[1] : undefined;
      return cost + (isNode(index) && index.op === 'id' ? 0 : 1);
    }
    case 'list':
      return cost + (state.constants.has(node) ? 0 : 10);
    case 'map':
      return cost + (state.constants.has(node) ? 0 : 30);
    case '==':
    case '!=':
      return cost + Math.ceil(Math.min(actualSize(arg(0)), actualSize(arg(1))) * 0.1);
    case '<':
    case '<=':
    case '>':
    case '>=':
      return (
        cost + (isStringLike(arg(0)) ? Math.ceil(Math.min(actualSize(arg(0)), actualSize(arg(1))) * 0.1) : 1)
      );
    case '+':
      return cost + (isStringLike(arg(0)) ? Math.ceil((actualSize(arg(0)) + actualSize(arg(1))) * 0.1) : 1);
    case 'in':
      return cost + (Array.isArray(arg(1)) ? actualSize(arg(1)) : 1);
    case '-':
    case '*':
    case '/':
    case '%':
      return cost + 1;
    case 'comprehension':
      return cost + (state.comprehensions.get(node)?.macro === 'exists_one' ? 2 : 1);
    case 'call':
    case 'rcall':
      return cost + callCost(node, result, meter);
    default:
      return cost;
  }
}

/**
 * The loop condition and accumulator update cel-go adds around a macro's body, per iteration. A
 * conditional step that keeps the accumulator is free (cel-go plans it as an attribute).
 */
function iterationCost(macro: string, predicate: boolean): number {
  switch (macro) {
    case 'all':
      return 3;
    case 'exists':
      return 4;
    case 'exists_one':
      return predicate ? 2 : 0;
    default:
      // map and filter append `[item]` to the accumulator: accumulator 1, list 10, `+` 1.
      return predicate ? 12 : 0;
  }
}

function callCost(node: RuntimeNode, result: unknown, meter: CostMeter): number {
  const meta = metaOf(node);
  const args = node.args as unknown[];
  const name = String(args[0]);
  if (meta.alternate !== undefined) return 0;
  if (meta.macro !== undefined) return name === 'has' ? Math.max(0, selectDepth(args[1]) - 1) : 0;
  const operands: unknown[] =
    node.op === 'rcall' ? [args[1], ...(args[2] as unknown[])] : (args[1] as unknown[]);
  const value = (i: number): unknown => {
    const operand = operands[i];
    return typeof operand === 'object' && operand !== null ? meter.values.get(operand) : undefined;
  };
  const scaled = (size: number, factor: number): number => Math.ceil(size * factor);
  switch (name) {
    case 'contains':
      return scaled(actualSize(value(0)), 0.1) * scaled(actualSize(value(1)), 0.1);
    case 'lowerAscii':
    case 'upperAscii':
    case 'substring':
    case 'trim':
      return scaled(actualSize(value(0)), 0.1);
    case 'matches':
    case 'find':
    case 'findAll':
      return scaled(1 + actualSize(value(0)), 0.1) * scaled(actualSize(value(1)), 0.25);
    case 'replace':
    case 'split':
      return scaled(actualSize(value(0)), 0.2);
    case 'join':
      return scaled(actualSize(result), 0.2);
    case 'isSorted':
    case 'sum':
    case 'max':
    case 'min':
    case 'indexOf':
    case 'lastIndexOf':
      return Array.isArray(value(0)) ? traversalCost(value(0)) : 1;
    default:
      return 1;
  }
}

/** has(a.b.c): the selections of its operand (a.b); the presence test itself is free in Kubernetes. */
function selectDepth(args: unknown): number {
  let node = Array.isArray(args) ? args[0] : undefined;
  let depth = 0;
  while (isNode(node) && (node.op === '.' || node.op === '.?')) {
    depth++;
    node = (node.args as unknown[])[0];
  }
  return depth;
}
