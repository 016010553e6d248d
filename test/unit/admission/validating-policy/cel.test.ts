import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  BudgetExhausted,
  CelProgram,
  lazyVariables,
  outOfBudgetMessage,
  perCallCostLimit,
  toCelValue,
  type CostBudget,
} from '../../../../src/admission/plugins/validating-policy/cel.js';
import { evaluateMatchConditions } from '../../../../src/admission/plugins/validating-policy/match-conditions.js';

const policyVariables = ['object', 'oldObject', 'params', 'request', 'namespaceObject', 'variables'] as const;

function compile(expression: string, returns: 'bool' | 'string' | 'any' = 'any'): CelProgram {
  return CelProgram.compile(expression, policyVariables, returns);
}

function budget(remaining = 10_000_000): CostBudget {
  return { remaining };
}

describe('CEL for admission', () => {
  it('sees JSON integers as int and other numbers as double', () => {
    const object = toCelValue({ spec: { replicas: 10, ratio: 0.5, tags: ['a'], nested: { n: 3 } } });
    assert.deepEqual(object, { spec: { replicas: 10n, ratio: 0.5, tags: ['a'], nested: { n: 3n } } });
    const result = compile('object.spec.replicas <= 5').evaluate({ object }, budget());
    assert.deepEqual(result, { ok: true, value: false });
    assert.deepEqual(compile('object.spec.ratio < 1.0').evaluate({ object }, budget()), {
      ok: true,
      value: true,
    });
    assert.deepEqual(compile('object.spec.nested.n * 2 == 6').evaluate({ object }, budget()), {
      ok: true,
      value: true,
    });
  });

  it('offers the standard macros, string functions and optionals', () => {
    const object = toCelValue({
      metadata: { name: 'web-1', labels: { app: 'web' } },
      spec: { ports: [80, 443] },
    });
    const cases: [string, unknown][] = [
      ['object.spec.ports.all(p, p > 0)', true],
      ['object.spec.ports.exists(p, p == 443)', true],
      ['object.spec.ports.map(p, p + 1)', [81n, 444n]],
      ["object.metadata.name.startsWith('web')", true],
      ["object.metadata.name.matches('^web-[0-9]+$')", true],
      ["has(object.metadata.labels) && object.metadata.labels['app'] == 'web'", true],
      ['has(object.metadata.annotations)', false],
      ['object.?metadata.?annotations.orValue({}).size() == 0', true],
      ["'app' in object.metadata.labels", true],
      ['[1, "a"].size()', 2n],
    ];
    for (const [expression, expected] of cases) {
      assert.deepEqual(
        compile(expression).evaluate({ object }, budget()),
        { ok: true, value: expected },
        expression,
      );
    }
  });

  it('reports compile errors when the expression is evaluated', () => {
    const syntax = compile('object.spec.replicas <=');
    assert.match(syntax.compileError ?? '', /^compilation error: /);
    assert.deepEqual(syntax.evaluate({ object: {} }, budget()), { ok: false, error: syntax.compileError });
    const unknown = compile('authorizer.allowed()');
    assert.equal(unknown.compileError, 'compilation error: unknown variable: authorizer');
    assert.equal(compile("'text'", 'bool').compileError, 'compilation error: must evaluate to bool');
    assert.equal(compile('object.spec', 'bool').compileError, undefined, 'dyn may be a bool at run time');
  });

  it("words evaluation errors as upstream: expression '<expr>' resulted in error: <cause>", () => {
    const result = compile('object.spec.missing > 1').evaluate(
      { object: toCelValue({ spec: {} }) },
      budget(),
    );
    assert.deepEqual(result, {
      ok: false,
      error: "expression 'object.spec.missing > 1' resulted in error: no such key: missing",
    });
  });

  it('stops an expression at the per-call cost limit, even inside ||', () => {
    const list = toCelValue(Array.from({ length: 2000 }, (_, i) => i));
    const expensive = compile('object.all(a, object.all(b, a + b >= 0)) || true');
    const spent = budget();
    const result = expensive.evaluate({ object: list }, spent);
    assert.deepEqual(result, {
      ok: false,
      error:
        "expression 'object.all(a, object.all(b, a + b >= 0)) || true' resulted in error: " +
        'operation cancelled: actual cost limit exceeded',
    });
    assert.ok(spent.remaining < 10_000_000 - perCallCostLimit, 'the cost spent is charged');
  });

  it('charges every evaluation to the budget and throws once it runs out', () => {
    const list = toCelValue(Array.from({ length: 300 }, (_, i) => i));
    const program = compile('object.all(a, object.exists(b, b == a))');
    const small = budget(200_000);
    assert.deepEqual(program.evaluate({ object: list }, small), { ok: true, value: true });
    assert.throws(() => program.evaluate({ object: list }, small), BudgetExhausted);
    assert.equal(new BudgetExhausted().message, outOfBudgetMessage);
  });

  it('evaluates variables lazily, once, with only earlier variables in scope', () => {
    const object = toCelValue({ spec: { replicas: 3 } });
    const variables = [
      { name: 'replicas', program: compile('object.spec.replicas') },
      { name: 'doubled', program: compile('variables.replicas * 2') },
      { name: 'broken', program: compile('object.spec.nothing') },
      { name: 'early', program: compile('variables.late') },
      { name: 'late', program: compile('1') },
    ];
    const shared = budget();
    const scope = lazyVariables(variables, { object }, shared);
    assert.deepEqual(
      compile('variables.doubled + variables.replicas').evaluate({ object, variables: scope }, shared),
      {
        ok: true,
        value: 9n,
      },
    );
    const afterFirst = shared.remaining;
    compile('variables.doubled == 6').evaluate({ object, variables: scope }, shared);
    assert.ok(afterFirst - shared.remaining < 10, 'a variable is not evaluated twice');
    assert.deepEqual(compile('variables.broken == 1').evaluate({ object, variables: scope }, shared), {
      ok: false,
      error:
        'expression \'variables.broken == 1\' resulted in error: composited variable "broken" fails to ' +
        "evaluate: expression 'object.spec.nothing' resulted in error: no such key: nothing",
    });
    const early = compile('variables.early').evaluate({ object, variables: scope }, shared);
    assert.equal(early.ok, false);
  });

  it('matchConditions: false skips, errors follow the failurePolicy', () => {
    const conditions = (...expressions: string[]) =>
      expressions.map((e) => ({ program: compile(e, 'bool') }));
    const activation = () => ({ object: toCelValue({ a: 1 }) });
    assert.deepEqual(evaluateMatchConditions(conditions('object.a == 1'), activation, 'Fail'), {
      matches: true,
    });
    assert.deepEqual(evaluateMatchConditions(conditions('object.x == 1', 'false'), activation, 'Fail'), {
      matches: false,
    });
    assert.deepEqual(evaluateMatchConditions(conditions('object.x == 1'), activation, 'Ignore'), {
      matches: false,
    });
    assert.deepEqual(
      evaluateMatchConditions(conditions('object.x == 1', 'object.y == 2'), activation, 'Fail'),
      {
        matches: false,
        error:
          "[expression 'object.x == 1' resulted in error: no such key: x, " +
          "expression 'object.y == 2' resulted in error: no such key: y]",
      },
    );
  });
});
