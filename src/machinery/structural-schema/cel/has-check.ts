/**
 * cel-go type-checks the field in `has(x.f)`: `has(self.nope)` is a compile error ("undefined field
 * 'nope'"). cel-js only checks the operand's root, so this walk resolves every has() selection against
 * the schema types, following comprehension and cel.bind variables.
 */
import type { ASTNode } from '@marcbachmann/cel-js';
import type { Decl } from './decl.js';

/** An undefined field named in has(): where its `.` is and which field it is. */
export interface UndefinedField {
  offset: number;
  field: string;
}

type Scope = ReadonlyMap<string, Decl | undefined>;

const macros = new Set(['all', 'exists', 'exists_one', 'map', 'filter']);

export function findUndefinedHasField(ast: ASTNode, self: Decl): UndefinedField | undefined {
  return walk(
    ast,
    new Map([
      ['self', self],
      ['oldSelf', self],
    ]),
  );
}

/** The schema type of an expression, when it is a path into self. */
function declOf(node: ASTNode, scope: Scope): Decl | undefined {
  switch (node.op) {
    case 'id':
      return scope.get(node.args);
    case '.':
    case '.?': {
      const operand = declOf(node.args[0], scope);
      if (operand?.kind === 'object') return operand.fields.get(node.args[1])?.decl;
      return operand?.kind === 'map' ? operand.elem : undefined;
    }
    case '[]':
    case '[?]': {
      const operand = declOf(node.args[0], scope);
      return operand?.kind === 'list' || operand?.kind === 'map' ? operand.elem : undefined;
    }
    default:
      return undefined;
  }
}

function walk(node: ASTNode, scope: Scope): UndefinedField | undefined {
  switch (node.op) {
    case 'value':
    case 'id':
      return undefined;
    case '!_':
    case '-_':
      return walk(node.args, scope);
    case '.':
    case '.?':
      return walk(node.args[0], scope);
    case 'list':
      return first(node.args, scope);
    case 'map':
      return first(node.args.flat(), scope);
    case 'call': {
      const [name, args] = node.args;
      const selection = args[0];
      if (name === 'has' && selection !== undefined && selection.op === '.') {
        const operand = declOf(selection.args[0], scope);
        if (operand?.kind === 'object' && !operand.fields.has(selection.args[1])) {
          return { offset: selection.args[0].range.end, field: selection.args[1] };
        }
        return walk(selection.args[0], scope);
      }
      return first(args, scope);
    }
    case 'rcall': {
      const [name, target, args] = node.args;
      const variable = args[0];
      if (macros.has(name) && variable?.op === 'id') {
        const range = declOf(target, scope);
        const inner = new Map(scope).set(variable.args, range?.kind === 'list' ? range.elem : undefined);
        return walk(target, scope) ?? first(args.slice(1), inner);
      }
      if (
        name === 'bind' &&
        target.op === 'id' &&
        target.args === 'cel' &&
        variable?.op === 'id' &&
        args[1] &&
        args[2]
      ) {
        const inner = new Map(scope).set(variable.args, declOf(args[1], scope));
        return walk(args[1], scope) ?? walk(args[2], inner);
      }
      return walk(target, scope) ?? first(args, scope);
    }
    default:
      return first(node.args, scope);
  }
}

function first(nodes: readonly ASTNode[], scope: Scope): UndefinedField | undefined {
  for (const node of nodes) {
    const found = walk(node, scope);
    if (found !== undefined) return found;
  }
  return undefined;
}
