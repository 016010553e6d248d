/**
 * Compilation of `x-kubernetes-validations` (upstream schema/cel/compilation.go): each rule must parse,
 * type-check against the node's schema type and return bool; a messageExpression must return string.
 * Errors read like cel-go's (`compilation failed: ERROR: <input>:1:6: undefined field 'foo'` plus the
 * source line and a caret). Compiled programs are metered for the runtime cost budget.
 */
import type { ASTNode, Environment } from '@marcbachmann/cel-js';
import type { JSONSchemaProps, ValidationRule } from '../types.js';
import { CostMeter, instrument } from './cost-runtime.js';
import type { MeterSlot } from './cost-runtime.js';
import { estimateCost } from './cost-estimate.js';
import type { Decl } from './decl.js';
import { maxCardinality } from './decl.js';
import type { SchemaEnvironment } from './environment.js';
import { ruleEnvironment } from './environment.js';
import { validFieldPath } from './field-path.js';
import { findUndefinedHasField } from './has-check.js';

/** upstream celconfig.PerCallLimit: the most one evaluation of one expression may cost. */
export const perCallLimit = 1_000_000;

export interface CompileError {
  type: 'Invalid' | 'Required' | 'Internal';
  detail: string;
}

/** A compiled expression: evaluate with `self` (and `oldSelf`) under a cost meter. */
export interface Program {
  /** Runs the expression; throws what cel-js throws. Afterwards the meter holds the cost. */
  evaluate(activation: Record<string, unknown>, meter: CostMeter): unknown;
}

export interface CompiledRule {
  rule: ValidationRule;
  error?: CompileError;
  usesOldSelf: boolean;
  /** The estimated worst-case cost of one evaluation. */
  maxCost: number;
  /** How many times the rule may run per request when nothing bounds it (from the type's minimum size). */
  maxCardinality: number;
  program?: Program;
  messageProgram?: Program;
  messageError?: CompileError;
  messageMaxCost: number;
  /** The `fieldPath` as a field path relative to the rule's node, when it resolves. */
  normalizedFieldPath?: string;
}

interface NodeLike {
  op?: unknown;
  args?: unknown;
  range?: { start: number; end: number };
}

interface ErrorLike {
  code?: unknown;
  summary?: unknown;
  message?: unknown;
  name?: unknown;
  range?: { start: number; end: number };
  node?: NodeLike;
}

function errorLike(error: unknown): ErrorLike {
  return typeof error === 'object' && error !== null ? (error as ErrorLike) : { message: String(error) };
}

const operatorNames: Record<string, string> = {
  '==': '_==_',
  '!=': '_!=_',
  '<': '_<_',
  '<=': '_<=_',
  '>': '_>_',
  '>=': '_>=_',
  '+': '_+_',
  '-': '_-_',
  '*': '_*_',
  '/': '_/_',
  '%': '_%_',
  in: '@in',
};

/** cel-go spells parameterized types `list(int)`, cel-js `list<int>`. */
function celGoTypes(text: string): string {
  return text.replaceAll('<', '(').replaceAll('>', ')');
}

/** cel-js's summary in cel-go's words where the two differ only in wording. */
function celGoMessage(error: ErrorLike): string {
  const summary = celGoTypes(String(error.summary ?? error.message ?? ''));
  let match = /^No such key: (.+)$/.exec(summary);
  if (match !== null && error.code === 'no_such_key') return `undefined field '${match[1]}'`;
  match = /^Unknown variable: (.+)$/.exec(summary);
  if (match !== null) return `undeclared reference to '${match[1]}' (in container '')`;
  match = /^no such overload: (.+?) (==|!=|<=|>=|<|>|\+|-|\*|\/|%|in) (.+)$/.exec(summary);
  if (match !== null) {
    return `found no matching overload for '${operatorNames[match[2] ?? ''] ?? match[2]}' applied to '(${match[1]}, ${match[3]})'`;
  }
  match = /^found no matching overload for '(?:(.+)\.)?([^.(]+)\((.*)\)'$/.exec(summary);
  if (match !== null) {
    const receiver = match[1] === undefined ? '' : `${match[1]}.`;
    return `found no matching overload for '${match[2]}' applied to '${receiver}(${match[3]})'`;
  }
  return error.name === 'ParseError' ? `Syntax error: ${summary}` : summary;
}

/**
 * Where cel-go reports an error: at the `.` of a selection and at the operator of a binary operation,
 * where cel-js reports the field name and the whole operation.
 */
function errorOffset(e: ErrorLike, source: string): number {
  const start = e.range?.start ?? 0;
  if (e.code === 'no_such_key' && source[start - 1] === '.') return start - 1;
  const node = e.node;
  const args = node?.args;
  if (typeof node?.op === 'string' && node.op in operatorNames && Array.isArray(args)) {
    const left: unknown = args[0];
    const end = typeof left === 'object' && left !== null ? (left as NodeLike).range?.end : undefined;
    if (end !== undefined) {
      const at = source.indexOf(node.op, end);
      if (at >= 0) return at;
    }
  }
  return start;
}

/** cel-go's issues.String(): `ERROR: <input>:line:col: message`, the source line, a caret under the column. */
export function formatIssue(error: unknown, source: string): string {
  const e = errorLike(error);
  const offset = Math.min(errorOffset(e, source), source.length);
  const before = source.slice(0, offset).split('\n');
  const line = before.length;
  const column = (before[before.length - 1] ?? '').length + 1;
  const text = source.split('\n')[line - 1] ?? '';
  return `ERROR: <input>:${line}:${column}: ${celGoMessage(e)}\n | ${text}\n | ${'.'.repeat(column - 1)}^`;
}

function usesIdent(node: unknown, name: string): boolean {
  if (Array.isArray(node)) return node.some((item) => usesIdent(item, name));
  if (typeof node !== 'object' || node === null) return false;
  const op: unknown = Reflect.get(node, 'op');
  const args: unknown = Reflect.get(node, 'args');
  if (typeof op !== 'string') return false;
  if (op === 'id') return args === name;
  return typeof args === 'object' && args !== null && usesIdent(args, name);
}

type Checked = { ast: ASTNode; program: Program } | { error: CompileError };

function compileExpression(
  env: Environment,
  source: string,
  expectedType: string,
  prefix: string,
  self: Decl,
): Checked {
  let parsed;
  try {
    parsed = env.parse(source);
  } catch (error) {
    return {
      error: { type: 'Invalid', detail: `${prefix}compilation failed: ${formatIssue(error, source)}` },
    };
  }
  const checked = parsed.check();
  if (!checked.valid) {
    return {
      error: {
        type: 'Invalid',
        detail: `${prefix}compilation failed: ${formatIssue(checked.error, source)}`,
      },
    };
  }
  const undefinedField = findUndefinedHasField(parsed.ast, self);
  if (undefinedField !== undefined) {
    const issue = {
      code: 'no_such_key',
      summary: `No such key: ${undefinedField.field}`,
      range: { start: undefinedField.offset + 1, end: undefinedField.offset + 1 },
    };
    return {
      error: { type: 'Invalid', detail: `${prefix}compilation failed: ${formatIssue(issue, source)}` },
    };
  }
  if (checked.type !== expectedType) {
    const what = prefix === '' ? 'cel expression' : 'messageExpression';
    return { error: { type: 'Invalid', detail: `${what} must evaluate to a ${expectedType}` } };
  }
  const slot: MeterSlot = { current: undefined };
  instrument(parsed.ast, slot);
  const run = parsed;
  const program: Program = {
    evaluate(activation, meter) {
      slot.current = meter;
      try {
        return run(activation);
      } finally {
        slot.current = undefined;
        meter.values.clear();
      }
    },
  };
  return { ast: parsed.ast, program };
}

/** Compiles the rules of one schema node whose CEL type is `self`; empty rules compile to nothing. */
export function compileRules(
  schemaEnv: SchemaEnvironment,
  node: JSONSchemaProps,
  self: Decl,
  rules: readonly ValidationRule[],
): CompiledRule[] {
  const environments = new Map<boolean, Environment>();
  const envFor = (optional: boolean): Environment => {
    let env = environments.get(optional);
    if (env === undefined) {
      env = ruleEnvironment(schemaEnv, self, optional);
      environments.set(optional, env);
    }
    return env;
  };
  return rules.map((rule) => compileRule(envFor(rule.optionalOldSelf === true), node, self, rule));
}

function compileRule(
  env: Environment,
  node: JSONSchemaProps,
  self: Decl,
  rule: ValidationRule,
): CompiledRule {
  const result: CompiledRule = {
    rule,
    usesOldSelf: false,
    maxCost: 0,
    maxCardinality: maxCardinality(self.minSize),
    messageMaxCost: 0,
  };
  if (typeof rule.rule !== 'string' || rule.rule.trim() === '') return result;
  const compiled = compileExpression(env, rule.rule, 'bool', '', self);
  if ('error' in compiled) return { ...result, error: compiled.error };
  result.usesOldSelf = usesIdent(compiled.ast, 'oldSelf');
  result.maxCost = estimateCost(compiled.ast, self).max;
  result.program = compiled.program;
  const messageExpression = rule.messageExpression ?? '';
  if (messageExpression !== '') {
    const message = compileExpression(env, messageExpression, 'string', 'messageExpression ', self);
    if ('error' in message) return { ...result, messageError: message.error };
    result.messageProgram = message.program;
    result.messageMaxCost = estimateCost(message.ast, self).max;
  }
  if (rule.fieldPath !== undefined && rule.fieldPath !== '') {
    const resolved = validFieldPath(rule.fieldPath, node);
    if ('path' in resolved) result.normalizedFieldPath = resolved.path;
  }
  return result;
}
