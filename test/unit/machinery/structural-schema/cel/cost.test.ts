// Estimated and actual costs of rules, against the numbers upstream pins in
// apiextensions-apiserver pkg/apiserver/schema/cel/celcoststability_test.go (TestCelEstimatedCostStability
// and TestCelCostStability), so the limits trip where they trip upstream.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CostMeter } from '../../../../../src/machinery/structural-schema/cel/cost-runtime.js';
import { celModel } from '../../../../../src/machinery/structural-schema/cel/model.js';
import { toCelValue } from '../../../../../src/machinery/structural-schema/cel/values.js';
import type { JSONSchemaProps } from '../../../../../src/machinery/structural-schema/index.js';

const str: JSONSchemaProps = { type: 'string' };
const int: JSONSchemaProps = { type: 'integer' };
const list = (items: JSONSchemaProps, listType = 'atomic', keys?: string[]): JSONSchemaProps => ({
  type: 'array',
  items,
  'x-kubernetes-list-type': listType,
  ...(keys === undefined ? {} : { 'x-kubernetes-list-map-keys': keys }),
});
const map = (values: JSONSchemaProps): JSONSchemaProps => ({ type: 'object', additionalProperties: values });
const obj = (properties: Record<string, JSONSchemaProps>): JSONSchemaProps => ({
  type: 'object',
  properties,
});
const vals = (...schemas: JSONSchemaProps[]): JSONSchemaProps =>
  obj(Object.fromEntries(schemas.map((s, i) => [`val${i + 1}`, s])));
const selfEquals = (a: string, b: string, literal: string): string =>
  `${a} == ${literal} && ${literal} == ${a} && ${a} == ${b}`;

function compiled(schema: JSONSchemaProps, rule: string) {
  const node: JSONSchemaProps = { ...schema, 'x-kubernetes-validations': [{ rule }] };
  const model = celModel(node, false);
  const [result] = model.rulesOf(node);
  assert.ok(result !== undefined && result.error === undefined, `${rule}: ${result?.error?.detail}`);
  return { model, node, result };
}

const listMapSchema = obj({ listMap: list(obj({ k: str, v: str, v2: str }), 'map', ['k']) });

describe('estimated rule cost', () => {
  const cases: [string, JSONSchemaProps, Record<string, number>][] = [
    [
      'integers',
      vals(int, int, { type: 'integer', format: 'int32' }, int, int, int),
      {
        [selfEquals('self.val1', 'self.val2', '9223372036854775807')]: 8,
        'self.val1 == self.val6': 4,
        'type(self.val1) == int': 4,
        'self.val3 + 1 == 2147483647 + 1': 5,
      },
    ],
    [
      'unicode strings',
      vals(str, str),
      {
        [selfEquals('self.val1', 'self.val2', "'Rook takes 👑'")]: 314585,
        "self.val1.startsWith('Rook')": 3,
        "!self.val1.startsWith('knight')": 4,
        "self.val1.matches('^[^0-9]*$')": 943721,
        "!self.val1.matches('^[0-9]*$')": 629149,
        'size(self.val1) == 12': 4,
        "self.val1.indexOf('o') == 1": 314576,
        "self.val1.replace(' ', 'x') == 'Rookxtakesx👑'": 629150,
        "self.val1.split(' ') == ['Rook', 'takes', '👑']": 629159,
        "self.val1.substring(5) == 'takes 👑'": 314576,
        "self.val1.substring(4, 10).trim() == 'takes'": 629149,
        "self.val1.upperAscii() == 'ROOK TAKES 👑'": 314577,
        'self.val1.lowerAscii() == self.val1.lowerAscii()': 943723,
      },
    ],
    [
      'lists',
      vals(list(int), list(int)),
      {
        [selfEquals('self.val1', 'self.val2', '[1, 2, 3]')]: 157317,
        '1 in self.val1': 1572865,
        'self.val2[0] in self.val1': 1572868,
        'self.val1 + [4, 5] == [1, 2, 3, 4, 5]': 24,
        'has(self.val1) && has(self.val2)': 2,
        '!has(self.val1)': 2,
        'self.val1.all(k, size(self.val1) > 0)': 11010044,
        'self.val1.exists_one(k, self.val1 == [2])': 23592949,
        'size(self.val1.filter(k, size(self.val1) > 1)) == 1': 26738686,
      },
    ],
    [
      'maps',
      vals(map(str), map(str)),
      {
        'self.val1 == self.val2': 39326,
        "!('k3' in self.val1)": 4,
        "self.val1 == {'k1': 'a', 'k2': 'b'}": 33,
        'self.val1.all(k, size(self.val1) > 0)': 2752508,
        'size(self.val1.filter(k, size(self.val1) > 1)) == 1': 6684670,
      },
    ],
    [
      'object access',
      obj({ a: obj({ b: int, c: int }), a1: obj({ b1: obj({ c1: int }), d2: obj({ e2: int }) }) }),
      { 'has(self.a.b)': 2, 'has(self.a1.b1.c1)': 3, '!(has(self.a1.d2) && has(self.a1.d2.e2))': 6 },
    ],
    [
      'map access',
      obj({ val: map(int) }),
      {
        '!has(self.val.a)': 3,
        'self.val.all(k, self.val[k] > 0)': 3595115,
        'self.val.exists_one(k, self.val[k] == 2)': 2696338,
        'size(self.val.filter(k, self.val[k] > 1)) == 1': 8089017,
      },
    ],
    [
      'listMap access',
      listMapSchema,
      {
        "self.listMap.all(m, m.k.startsWith('a'))": 6291453,
        "self.listMap.all(m, !has(m.v2) || m.v2 == 'z')": 8388603,
        "self.listMap.exists_one(m, m.k == 'a3')": 5242879,
        "self.listMap.map(m, m.v).exists(v, v == 'b1')": 19922939,
        "self.listMap.map(m, has(m.v2) && m.v2 == 'z', m.v2).size() == 1": 18874365,
      },
    ],
    [
      'list access',
      obj({ array: list(int) }),
      {
        'self.array.exists(e, e > 2)': 9437181,
        'size(self.array.filter(e, e%2 == 0)) == 3': 25165823,
        'self.array.map(e, e * 20).filter(e, e > 50).exists(e, e == 60)': 53477367,
      },
    ],
  ];
  for (const [name, schema, expected] of cases) {
    describe(name, () => {
      for (const [rule, cost] of Object.entries(expected)) {
        it(rule, () => assert.equal(compiled(schema, rule).result.maxCost, cost));
      }
    });
  }
});

describe('actual rule cost', () => {
  const cases: [string, JSONSchemaProps, unknown, Record<string, number>][] = [
    [
      'unicode strings',
      vals(str, str),
      { val1: 'Rook takes 👑', val2: 'Rook takes 👑' },
      {
        [selfEquals('self.val1', 'self.val2', "'Rook takes 👑'")]: 14,
        "self.val1.startsWith('Rook')": 3,
        "self.val1.matches('^[^0-9]*$')": 8,
        "self.val1.split(' ') == ['Rook', 'takes', '👑']": 6,
        'self.val1.lowerAscii() == self.val1.lowerAscii()': 10,
      },
    ],
    [
      'lists',
      vals(list(int), list(int)),
      { val1: [1, 2, 3], val2: [1, 2, 3] },
      {
        [selfEquals('self.val1', 'self.val2', '[1, 2, 3]')]: 11,
        'self.val2[0] in self.val1': 8,
        'self.val1 + self.val2 == [1, 2, 3, 1, 2, 3]': 6,
        'has(self.val1) && has(self.val2)': 2,
      },
    ],
    [
      'map access',
      obj({ val: map(int) }),
      { val: { b: 1, d: 2 } },
      {
        '!has(self.val.a)': 3,
        'self.val.all(k, self.val[k] > 0)': 17,
        '!self.val.exists(k, self.val[k] == 3)': 20,
        'self.val.exists_one(k, self.val[k] == 2)': 14,
        'size(self.val.filter(k, self.val[k] > 1)) == 1': 26,
      },
    ],
    [
      'listMap access',
      listMapSchema,
      {
        listMap: [
          { k: 'a1', v: 'b1' },
          { k: 'a2', v: 'b2' },
          { k: 'a3', v: 'b3', v2: 'z' },
        ],
      },
      {
        "self.listMap.exists(m, m.k.endsWith('1'))": 13,
        "!self.listMap.exists(m, m.v == 'x')": 25,
        "self.listMap.map(m, m.v).exists(v, v == 'b1')": 55,
        "self.listMap.filter(m, has(m.v2) && m.v2 == 'z').map(m, m.v2).size() == 1": 39,
        "self.listMap.exists(m, m.v2 == 'z')": 24,
        "!self.listMap.all(m, m.v2 != 'z')": 22,
      },
    ],
    [
      'list access',
      obj({ array: list(int) }),
      { array: [1, 1, 2, 2, 3, 3, 4, 5] },
      {
        'self.array.all(e, e > 0)': 43,
        '!self.array.all(e, e < 2)': 21,
        'self.array.exists(e, e > 2)': 36,
        'self.array.exists_one(e, e > 4)': 22,
        'size(self.array.filter(e, e%2 == 0)) == 3': 68,
        'self.array.map(e, e * 20).filter(e, e > 50).exists(e, e == 60)': 194,
      },
    ],
  ];
  for (const [name, schema, value, expected] of cases) {
    describe(name, () => {
      for (const [rule, cost] of Object.entries(expected)) {
        it(rule, () => {
          const { model, node, result } = compiled(schema, rule);
          const meter = new CostMeter(Number.MAX_SAFE_INTEGER);
          const self = toCelValue(value, model.declOf(node), model.env.classes);
          assert.equal(result.program?.evaluate({ self }, meter), true);
          assert.equal(meter.cost, cost);
        });
      }
    });
  }
});
