// The Go behaviours the patch code reproduces: sort.SliceStable and fmt's rendering of decoded JSON.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatGo, goEqual, goKind } from '../../../../src/machinery/strategic-merge-patch/go-values.js';
import { sliceStable } from '../../../../src/machinery/strategic-merge-patch/stable-sort.js';

describe('sliceStable', () => {
  it('sorts stably like Array.prototype.sort for a proper comparator, on every size around the block edges', () => {
    let seed = 7;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (const size of [0, 1, 2, 19, 20, 21, 39, 40, 41, 80, 97, 200]) {
      const items = Array.from({ length: size }, (_, index) => ({ key: Math.floor(random() * 10), index }));
      const expected = [...items].sort((a, b) => a.key - b.key);
      const sorted = [...items];
      sliceStable(sorted, (a, b) => a.key < b.key);
      assert.deepEqual(sorted, expected, `size ${size}`);
    }
  });

  it('reverses a short list when every comparison answers "less", as Go insertion sort does', () => {
    const items = ['a', 'b', 'c', 'd', 'e'];
    sliceStable(items, () => true);
    assert.deepEqual(items, ['e', 'd', 'c', 'b', 'a']);
  });
});

describe('formatGo', () => {
  const cases: [unknown, 'v' | 's', string][] = [
    [{ name: 'a', $patch: 'delete', port: 80 }, 'v', 'map[$patch:delete name:a port:80]'],
    [[1, 'x', true, null], 'v', '[1 x true <nil>]'],
    [[{ b: [1, 2], a: {} }], 'v', '[map[a:map[] b:[1 2]]]'],
    [1.5, 'v', '1.5'],
    [1234567.5, 'v', '1.2345675e+06'],
    [0.00001, 'v', '1e-05'],
    ['delete', 's', 'delete'],
    [3, 's', '%!s(int64=3)'],
    [true, 's', '%!s(bool=true)'],
    [null, 's', '%!s(<nil>)'],
  ];
  for (const [value, verb, text] of cases) {
    it(`%${verb} of ${JSON.stringify(value)}`, () => assert.equal(formatGo(value, verb), text));
  }
});

describe('goKind and goEqual', () => {
  it('tells integers from other numbers, as the server decodes them', () => {
    assert.equal(goKind(80), 'int64');
    assert.equal(goKind(0.5), 'float64');
    assert.equal(goKind(null), 'nil');
  });

  it('compares scalars by type and value, containers by identity', () => {
    assert.ok(goEqual('a', 'a'));
    assert.ok(!goEqual(1, '1'));
    assert.ok(goEqual(null, undefined));
    assert.ok(!goEqual({ a: 1 }, { a: 1 }));
  });
});
