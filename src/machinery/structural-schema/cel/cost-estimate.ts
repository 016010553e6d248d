/**
 * Static cost estimation of a rule (cel-go checker/cost.go with Kubernetes' library CostEstimator):
 * literals cost 0, identifiers and field selections 1, calls 1 unless their cost grows with the size of
 * their operands, comprehensions (all, exists, map, filter…) cost their body times the largest size the
 * schema allows for the range. Sizes come from the schema (maxLength, maxItems, maxProperties) through
 * the Decl of `self`; costs saturate at 2^64-1 as cel-go's uint64 arithmetic does.
 */
import type { ASTNode } from '@marcbachmann/cel-js';
import type { Decl } from './decl.js';
import type { Range } from './cost-range.js';
import {
  add,
  byFactor,
  fixed,
  listCreateBaseCost,
  mapCreateBaseCost,
  multiply,
  regexStringLengthCostFactor,
  sat,
  stringTraversalCostFactor,
  union,
  unknownSize,
} from './cost-range.js';

type ValueKind =
  'string' | 'bytes' | 'list' | 'map' | 'int' | 'double' | 'bool' | 'object' | 'scalar' | 'unknown';

/** What the estimator knows about an expression. */
interface Estimate {
  cost: Range;
  /** Computed size (literals, calls with a known result size); else derived from decl or kind. */
  size?: Range;
  decl?: Decl;
  kind: ValueKind;
  /** For list/map literals: the size of their elements. */
  elemSize?: Range;
}

function kindOfDecl(decl: Decl | undefined): ValueKind {
  if (decl === undefined) return 'unknown';
  switch (decl.kind) {
    case 'string':
    case 'bytes':
    case 'list':
    case 'map':
    case 'int':
    case 'double':
    case 'bool':
    case 'object':
      return decl.kind;
    case 'timestamp':
    case 'duration':
      return 'scalar';
    default:
      return 'unknown';
  }
}

/** cel-go computeSize: computed, else schema-derived (path), else 1 for scalars, else unknown. */
function sizeOf(e: Estimate): Range {
  if (e.size !== undefined) return e.size;
  if (e.decl !== undefined) return { min: 0, max: e.decl.maxElements };
  if (e.kind === 'int' || e.kind === 'double' || e.kind === 'bool' || e.kind === 'scalar') return fixed(1);
  return unknownSize;
}

type Scope = ReadonlyMap<string, Estimate>;

/**
 * Any other identifier (type names like `int`, namespaces): upstream's size estimator resolves a
 * one-element path to the root type, so such identifiers take the root's size.
 */
const unboundIdentifier = ' unbound';

/** The estimated cost range of a checked rule whose `self` (and `oldSelf`) have type `self`. */
export function estimateCost(ast: ASTNode, self: Decl | undefined): Range {
  const root: Estimate = {
    cost: fixed(1),
    kind: kindOfDecl(self),
    ...(self === undefined ? {} : { decl: self }),
  };
  const scope = new Map<string, Estimate>([
    ['self', root],
    ['oldSelf', root],
    [unboundIdentifier, { cost: fixed(1), kind: 'unknown', size: { min: 0, max: self?.maxElements ?? 0 } }],
  ]);
  return estimate(ast, scope).cost;
}

function estimate(node: ASTNode, scope: Scope): Estimate {
  switch (node.op) {
    case 'value':
      return literal(node.args);
    case 'id': {
      const bound = scope.get(node.args) ?? scope.get(unboundIdentifier);
      return bound === undefined ? { cost: fixed(1), kind: 'unknown' } : { ...bound, cost: fixed(1) };
    }
    case '.':
    case '.?':
      return select(estimate(node.args[0], scope), node.args[1]);
    case '[]':
    case '[?]': {
      const operand = estimate(node.args[0], scope);
      const index = estimate(node.args[1], scope);
      const elem = operand.decl?.elem;
      return {
        cost: add(add(operand.cost, index.cost), fixed(1)),
        kind: kindOfDecl(elem),
        ...(elem === undefined ? {} : { decl: elem }),
        ...(operand.elemSize === undefined ? {} : { size: operand.elemSize }),
      };
    }
    case '!_':
    case '-_': {
      const operand = estimate(node.args, scope);
      return { cost: add(operand.cost, fixed(1)), kind: node.op === '!_' ? 'bool' : operand.kind };
    }
    case '&&':
    case '||': {
      const left = estimate(node.args[0], scope);
      const right = estimate(node.args[1], scope);
      return { cost: { min: left.cost.min, max: sat(left.cost.max + right.cost.max) }, kind: 'bool' };
    }
    case '?:': {
      const condition = estimate(node.args[0], scope);
      const whenTrue = estimate(node.args[1], scope);
      const whenFalse = estimate(node.args[2], scope);
      return {
        cost: add(condition.cost, union(whenTrue.cost, whenFalse.cost)),
        size: union(sizeOf(whenTrue), sizeOf(whenFalse)),
        kind: whenTrue.kind,
      };
    }
    case 'list':
      return aggregate(
        node.args.map((item) => estimate(item, scope)),
        listCreateBaseCost,
        'list',
      );
    case 'map':
      return aggregate(
        node.args.flatMap(([key, value]) => [estimate(key, scope), estimate(value, scope)]),
        mapCreateBaseCost,
        'map',
      );
    case 'call':
      return call(node.args[0], undefined, node.args[1], scope);
    case 'rcall':
      return call(node.args[0], node.args[1], node.args[2], scope);
    default:
      return binary(node.op, estimate(node.args[0], scope), estimate(node.args[1], scope));
  }
}

function literal(value: unknown): Estimate {
  const cost = fixed(0);
  if (typeof value === 'string') return { cost, size: fixed([...value].length), kind: 'string' };
  if (value instanceof Uint8Array) return { cost, size: fixed(value.length), kind: 'bytes' };
  if (typeof value === 'bigint') return { cost, size: fixed(1), kind: 'int' };
  if (typeof value === 'number') return { cost, size: fixed(1), kind: 'double' };
  if (typeof value === 'boolean') return { cost, size: fixed(1), kind: 'bool' };
  return { cost, size: fixed(1), kind: 'unknown' };
}

function select(operand: Estimate, field: string): Estimate {
  const decl = operand.decl;
  const selectCost = operand.kind === 'object' || operand.kind === 'map' ? 1 : 0;
  const fieldDecl =
    decl?.kind === 'object' ? decl.fields.get(field)?.decl : decl?.kind === 'map' ? decl.elem : undefined;
  return {
    cost: add(operand.cost, fixed(selectCost)),
    kind: kindOfDecl(fieldDecl),
    ...(fieldDecl === undefined ? {} : { decl: fieldDecl }),
  };
}

function aggregate(items: Estimate[], baseCost: number, kind: ValueKind): Estimate {
  let cost = fixed(baseCost);
  let elemSize: Range | undefined;
  for (const item of items) {
    cost = add(cost, item.cost);
    elemSize = elemSize === undefined ? sizeOf(item) : union(elemSize, sizeOf(item));
  }
  const count = kind === 'map' ? items.length / 2 : items.length;
  return { cost, size: fixed(count), kind, elemSize: elemSize ?? fixed(0) };
}

function binary(op: string, left: Estimate, right: Estimate): Estimate {
  const args = add(left.cost, right.cost);
  const stringLike = (e: Estimate): boolean => e.kind === 'string' || e.kind === 'bytes';
  switch (op) {
    case '==':
    case '!=':
    case '<':
    case '<=':
    case '>':
    case '>=': {
      if (op !== '==' && op !== '!=' && !(stringLike(left) || stringLike(right))) {
        return { cost: add(args, fixed(1)), kind: 'bool' };
      }
      const smallestMax = Math.min(sizeOf(left).max, sizeOf(right).max);
      const compare = byFactor({ min: smallestMax > 0 ? 1 : 0, max: smallestMax }, stringTraversalCostFactor);
      return { cost: add(args, compare), kind: 'bool' };
    }
    case '+': {
      const size = add(sizeOf(left), sizeOf(right));
      if (stringLike(left))
        return { cost: add(args, byFactor(size, stringTraversalCostFactor)), size, kind: left.kind };
      if (left.kind === 'list') return { cost: add(args, fixed(1)), size, kind: 'list' };
      return { cost: add(args, fixed(1)), kind: left.kind };
    }
    case 'in':
      if (right.kind === 'list') return { cost: add(args, sizeOf(right)), kind: 'bool' };
      return { cost: add(args, fixed(1)), kind: 'bool' };
    default:
      return { cost: add(args, fixed(1)), kind: left.kind };
  }
}

const macroNames = new Set(['all', 'exists', 'exists_one', 'map', 'filter']);

function call(name: string, target: ASTNode | undefined, args: ASTNode[], scope: Scope): Estimate {
  if (name === 'has' && target === undefined && args[0]?.op === '.') {
    // Kubernetes sets PresenceTestHasCost(false): has(x.f) costs what x costs.
    return { cost: estimate(args[0].args[0], scope).cost, kind: 'bool' };
  }
  if (target !== undefined && macroNames.has(name) && args[0]?.op === 'id') {
    return comprehension(name, estimate(target, scope), args[0].args, args.slice(1), scope);
  }
  if (
    name === 'bind' &&
    target?.op === 'id' &&
    target.args === 'cel' &&
    args[0]?.op === 'id' &&
    args.length === 3
  ) {
    const init = estimate(args[1] as ASTNode, scope);
    const body = estimate(args[2] as ASTNode, new Map(scope).set(args[0].args, init));
    return { ...body, cost: add(init.cost, body.cost) };
  }
  const receiver = target === undefined ? undefined : estimate(target, scope);
  const argEstimates = args.map((arg) => estimate(arg, scope));
  let argCost = receiver?.cost ?? fixed(0);
  for (const arg of argEstimates) argCost = add(argCost, arg.cost);
  if (name === 'dyn' && argEstimates[0] !== undefined)
    return { ...argEstimates[0], cost: add(argCost, fixed(1)) };
  const fn = functionCost(name, receiver, argEstimates);
  return { ...fn, cost: add(argCost, fn.cost) };
}

/** Per-iteration and fixed costs of the macros after cel-go's expansion into comprehensions. */
function comprehension(
  name: string,
  range: Estimate,
  variable: string,
  body: ASTNode[],
  scope: Scope,
): Estimate {
  const elem = range.decl?.kind === 'list' ? range.decl.elem : undefined;
  // Over a schema field the variable has the element's type; over a computed list its path is just
  // `@items`, which upstream's size estimator resolves to the root type (it skips the first element).
  const rootSize = scope.get(unboundIdentifier)?.size ?? unknownSize;
  let iter: Estimate;
  if (range.decl?.kind === 'map') iter = { cost: fixed(1), kind: 'string', size: fixed(0) };
  else if (elem !== undefined) iter = { cost: fixed(1), kind: kindOfDecl(elem), decl: elem };
  else iter = { cost: fixed(1), kind: 'unknown', size: rootSize };
  const inner = new Map(scope).set(variable, iter);
  const [first, second] = body.map((node) => estimate(node, inner).cost);
  const p = first ?? fixed(0);
  let perIteration: Range;
  let fixedCost: number;
  switch (name) {
    case 'all':
      perIteration = add({ min: 1, max: sat(1 + p.max) }, fixed(2));
      fixedCost = 1;
      break;
    case 'exists':
      perIteration = add({ min: 1, max: sat(1 + p.max) }, fixed(3));
      fixedCost = 1;
      break;
    case 'exists_one':
      perIteration = add(p, { min: 1, max: 2 });
      fixedCost = 2;
      break;
    case 'map':
      perIteration =
        second === undefined ? add(p, fixed(12)) : add(p, union(add(second, fixed(12)), fixed(1)));
      fixedCost = listCreateBaseCost + 1;
      break;
    default:
      perIteration = add(p, { min: 1, max: 13 });
      fixedCost = listCreateBaseCost + 1;
  }
  const count = sizeOf(range);
  const cost = add(add(range.cost, fixed(fixedCost)), multiply(count, perIteration));
  const kind: ValueKind = name === 'map' || name === 'filter' ? 'list' : 'bool';
  return kind === 'list' ? { cost, kind, size: count } : { cost, kind };
}

/** The cost of one call, excluding its operands (cel-go functionCost, library CostEstimator). */
function functionCost(name: string, target: Estimate | undefined, args: Estimate[]): Estimate {
  const targetSize = target === undefined ? unknownSize : sizeOf(target);
  const arg0 = args[0] === undefined ? unknownSize : sizeOf(args[0]);
  const traversal = (size: Range): Range => byFactor(size, stringTraversalCostFactor);
  switch (name) {
    case 'contains':
      if (target !== undefined)
        return { cost: multiply(traversal(targetSize), traversal(arg0)), kind: 'bool' };
      break;
    case 'startsWith':
    case 'endsWith':
      if (target !== undefined) return { cost: traversal(arg0), kind: 'bool' };
      break;
    case 'matches': {
      const subject = target === undefined ? arg0 : targetSize;
      const pattern = target === undefined ? (args[1] === undefined ? unknownSize : sizeOf(args[1])) : arg0;
      const cost = multiply(
        traversal(add(subject, fixed(1))),
        byFactor(pattern, regexStringLengthCostFactor),
      );
      return { cost, kind: 'bool' };
    }
    case 'find':
    case 'findAll':
      if (target !== undefined) {
        const cost = multiply(
          traversal(add(targetSize, fixed(1))),
          byFactor(arg0, regexStringLengthCostFactor),
        );
        return { cost, kind: name === 'find' ? 'string' : 'list', size: { min: 0, max: targetSize.max } };
      }
      break;
    case 'lowerAscii':
    case 'upperAscii':
    case 'substring':
    case 'trim':
      if (target !== undefined) return { cost: traversal(targetSize), kind: 'string', size: targetSize };
      break;
    case 'replace':
      if (target !== undefined)
        return { cost: byFactor(targetSize, 2 * stringTraversalCostFactor), kind: 'string' };
      break;
    case 'split':
      if (target !== undefined) {
        return {
          cost: byFactor(targetSize, 2 * stringTraversalCostFactor),
          kind: 'list',
          size: { min: 0, max: targetSize.max },
        };
      }
      break;
    case 'join':
      if (target !== undefined) {
        const elem = target.decl?.elem;
        const size = multiply(
          targetSize,
          elem === undefined ? unknownSize : { min: 0, max: elem.maxElements },
        );
        return { cost: traversal(size), kind: 'string', size };
      }
      break;
    case 'isSorted':
    case 'sum':
    case 'max':
    case 'min':
    case 'indexOf':
    case 'lastIndexOf':
      if (target !== undefined && target.kind === 'list') {
        const elem = target.decl?.elem;
        const elemCost =
          elem !== undefined && (elem.kind === 'string' || elem.kind === 'bytes')
            ? add(fixed(1), traversal({ min: 0, max: elem.maxElements }))
            : fixed(1);
        const resultKind: ValueKind =
          name === 'isSorted' ? 'bool' : name.endsWith('ndexOf') ? 'int' : kindOfDecl(elem);
        return { cost: multiply(targetSize, elemCost), kind: resultKind };
      }
      if (target !== undefined) return { cost: traversal(targetSize), kind: 'int' };
      break;
  }
  return { cost: fixed(1), kind: resultKindOf(name, target) };
}

function resultKindOf(name: string, target: Estimate | undefined): ValueKind {
  switch (name) {
    case 'size':
    case 'int':
      return 'int';
    case 'string':
      return 'string';
    case 'double':
      return 'double';
    case 'bool':
      return 'bool';
    case 'timestamp':
    case 'duration':
      return 'scalar';
    case 'orValue':
    case 'value':
      return target?.kind ?? 'unknown';
    default:
      return 'unknown';
  }
}
