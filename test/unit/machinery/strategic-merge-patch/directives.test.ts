// The strategic merge patch directives `$retainKeys` and `$setElementOrder`, fields the schema lacks, and
// purity, on the test type. Expectations follow apimachinery pkg/util/strategicpatch as the API server runs it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyToWidget as apply, runCases } from './widget-schema.js';
describe('applyStrategicMergePatch: $retainKeys', () => {
  runCases([
    [
      'members not retained are cleared',
      { union: { name: 'n', value: 'v', other: 'o' } },
      { union: { $retainKeys: ['name', 'other'], other: 'p' } },
      { union: { name: 'n', other: 'p' } },
    ],
    [
      'a null member need not be retained',
      { union: { name: 'n', value: 'v' } },
      { union: { $retainKeys: ['name'], value: null } },
      { union: { name: 'n' } },
    ],
    [
      'without the directive a union struct merges as usual',
      { union: { name: 'n' } },
      { union: { value: 'v' } },
      { union: { name: 'n', value: 'v' } },
    ],
    [
      'items of a merge,retainKeys list are cleared per item',
      {
        unionParts: [
          { name: 'a', value: '1' },
          { name: 'b', value: '2' },
        ],
      },
      { unionParts: [{ name: 'a', $retainKeys: ['name', 'other'], other: 'x' }] },
      {
        unionParts: [
          { name: 'a', other: 'x' },
          { name: 'b', value: '2' },
        ],
      },
    ],
    [
      'a $retainKeys in a value new to the object is left for decoding',
      {},
      { union: { $retainKeys: ['name'], name: 'n' } },
      { union: { $retainKeys: ['name'], name: 'n' } },
    ],
  ]);
});

describe('applyStrategicMergePatch: $setElementOrder', () => {
  const live = {
    parts: [{ name: 'a' }, { name: 'c', value: '3' }, { name: 'd', value: '4' }, { name: 'b', value: '2' }],
  };
  runCases([
    [
      'orders the live list without changing it',
      live,
      { '$setElementOrder/parts': [{ name: 'd' }, { name: 'b' }, { name: 'c' }, { name: 'a' }] },
      {
        parts: [
          { name: 'd', value: '4' },
          { name: 'b', value: '2' },
          { name: 'c', value: '3' },
          { name: 'a' },
        ],
      },
    ],
    [
      'server-only items at the end stay at the end',
      { parts: [...live.parts, { name: 'z' }] },
      { '$setElementOrder/parts': [{ name: 'd' }, { name: 'b' }, { name: 'c' }, { name: 'a' }] },
      {
        parts: [
          { name: 'd', value: '4' },
          { name: 'b', value: '2' },
          { name: 'c', value: '3' },
          { name: 'a' },
          { name: 'z' },
        ],
      },
    ],
    [
      'server-only items are interleaved by their live positions',
      { parts: [{ name: 'a' }, { name: 'b' }, { name: 'x' }, { name: 'y' }, { name: 'c' }, { name: 'd' }] },
      { '$setElementOrder/parts': [{ name: 'b' }, { name: 'a' }, { name: 'd' }, { name: 'c' }] },
      { parts: [{ name: 'b' }, { name: 'a' }, { name: 'x' }, { name: 'y' }, { name: 'd' }, { name: 'c' }] },
    ],
    [
      'merges the patch list and orders the result',
      { parts: [{ name: 'a', value: '1' }, { name: 'b' }] },
      {
        '$setElementOrder/parts': [{ name: 'c' }, { name: 'b' }, { name: 'a' }],
        parts: [{ name: 'c' }, { name: 'a', value: '9' }],
      },
      { parts: [{ name: 'c' }, { name: 'b' }, { name: 'a', value: '9' }] },
    ],
    [
      'with a deletion, kubectl apply style',
      { parts: [{ name: 'a' }, { name: 'b' }, { name: 'c' }] },
      { '$setElementOrder/parts': [{ name: 'a' }, { name: 'c' }], parts: [{ name: 'b', $patch: 'delete' }] },
      { parts: [{ name: 'a' }, { name: 'c' }] },
    ],
    [
      'items named but absent are ignored',
      { parts: [{ name: 'a' }, { name: 'c' }] },
      {
        '$setElementOrder/parts': [{ name: 'c' }, { name: 'b' }, { name: 'a' }],
        parts: [
          { name: 'c', value: '3' },
          { name: 'a', value: '1' },
        ],
      },
      {
        parts: [
          { name: 'c', value: '3' },
          { name: 'a', value: '1' },
        ],
      },
    ],
    [
      'orders a list new to the object',
      {},
      {
        '$setElementOrder/parts': [{ name: 'b' }, { name: 'a' }],
        parts: [{ name: 'b' }, { name: 'a', $patch: 'x' }],
      },
      { parts: [{ name: 'b' }] },
    ],
    ['orders a list of scalars', { tags: [1, 3] }, { '$setElementOrder/tags': [3, 2, 1] }, { tags: [3, 1] }],
    [
      'orders a merged list of scalars, server-only values interleaved',
      { tags: [1, 2, 5, 3] },
      { '$setElementOrder/tags': [3, 2, 1, 4], tags: [4] },
      { tags: [5, 3, 2, 1, 4] },
    ],
    [
      'a missing list stays missing',
      { name: 'a' },
      { '$setElementOrder/parts': [{ name: 'a' }] },
      { name: 'a' },
    ],
    // Upstream's sort treats items missing from an empty order as "less", which reverses them.
    [
      'an empty order reverses a list new to the object, as upstream does',
      {},
      { '$setElementOrder/parts': [], parts: [{ name: 'a' }, { name: 'b' }] },
      { parts: [{ name: 'b' }, { name: 'a' }] },
    ],
    [
      'a deletion and an addition with a server-only item, as upstream reads its shared list',
      { parts: [{ name: 'a' }, { name: 'b' }, { name: 's' }, { name: 'c' }] },
      {
        '$setElementOrder/parts': [{ name: 'd' }, { name: 'a' }, { name: 'c' }],
        parts: [{ name: 'b', $patch: 'delete' }, { name: 'd' }],
      },
      { parts: [{ name: 's' }, { name: 'd' }, { name: 'a' }, { name: 'c' }] },
    ],
  ]);
});

describe('applyStrategicMergePatch: fields the schema does not know', () => {
  runCases([
    ['a new unknown field is taken', { name: 'a' }, { bogus: { x: 1 } }, { name: 'a', bogus: { x: 1 } }],
    ['an unknown scalar field is replaced', { bogus: 1 }, { bogus: 2 }, { bogus: 2 }],
    [
      'scalar members of a raw extension merge',
      { raw: { a: 1, b: 2 } },
      { raw: { a: 3, c: null } },
      { raw: { a: 3, b: 2 } },
    ],
  ]);
});

describe('applyStrategicMergePatch: purity', () => {
  it('changes neither argument and shares nothing with them', () => {
    const original = { parts: [{ name: 'a', value: '1' }, { name: 'b' }], labels: { x: 'y' }, tags: [1] };
    const patch = {
      parts: [
        { name: 'b', $patch: 'delete' },
        { name: 'c', parts: [{ name: 'q' }] },
      ],
      tags: [2],
    };
    const originalCopy = structuredClone(original);
    const patchCopy = structuredClone(patch);
    const result = apply(original, patch) as typeof original;
    assert.deepEqual(original, originalCopy);
    assert.deepEqual(patch, patchCopy);
    assert.notEqual(result.labels, original.labels);
    assert.notEqual(result.parts[0], original.parts[0]);
  });

  it('treats "__proto__" as a plain member', () => {
    const original = JSON.parse('{"labels":{"__proto__":"a"}}') as unknown;
    const patch = JSON.parse('{"labels":{"__proto__":"b"},"__proto__":{"x":1}}') as unknown;
    const result = apply(original, patch) as Record<string, unknown>;
    assert.equal(Object.getPrototypeOf(result), Object.prototype);
    assert.deepEqual(Object.getOwnPropertyDescriptor(result, '__proto__')?.value, { x: 1 });
    const labels = result.labels as Record<string, unknown>;
    assert.equal(Object.getOwnPropertyDescriptor(labels, '__proto__')?.value, 'b');
  });
});
