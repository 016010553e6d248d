// Malformed strategic merge patches: the Status (or plain failure) and the message upstream answers with.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { schemaRegistry } from '../../../../src/api/schema/index.js';
import { StatusError } from '../../../../src/machinery/errors.js';
import {
  applyStrategicMergePatch,
  StrategicMergePatchError,
} from '../../../../src/machinery/strategic-merge-patch/index.js';
import { widget, widgetRegistry } from './widget-schema.js';

function apply(original: unknown, patch: unknown): unknown {
  return applyStrategicMergePatch(original, patch, widget, widgetRegistry);
}

function assertStatus(run: () => unknown, reason: string, code: number, message: string): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof StatusError, `expected a StatusError, got ${String(error)}`);
    assert.equal(error.reason, reason);
    assert.equal(error.code, code);
    assert.equal(error.message, message);
    return true;
  });
}

function assertFailure(run: () => unknown, message: string): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(
      error instanceof StrategicMergePatchError,
      `expected a StrategicMergePatchError, got ${String(error)}`,
    );
    assert.equal(error.message, message);
    return true;
  });
}

describe('applyStrategicMergePatch: 400 BadRequest', () => {
  const cases: [string, unknown, unknown, string][] = [
    [
      'a list as the patch',
      {},
      [{ name: 'a' }],
      'json: cannot unmarshal array into Go value of type map[string]interface {}',
    ],
    [
      'a string as the patch',
      {},
      'x',
      'json: cannot unmarshal string into Go value of type map[string]interface {}',
    ],
    [
      'a number as the patch',
      {},
      5,
      'json: cannot unmarshal number into Go value of type map[string]interface {}',
    ],
    [
      'a $deleteFromPrimitiveList key without a slash',
      { tags: [1] },
      { $deleteFromPrimitiveList: [1] },
      'invalid patch format of primitive list',
    ],
    [
      'a $deleteFromPrimitiveList key with another prefix',
      { tags: [1] },
      { '$deleteFromPrimitiveListX/tags': [1] },
      'invalid patch format of primitive list',
    ],
    [
      'a $setElementOrder key without a slash',
      { tags: [1] },
      { $setElementOrder: [1] },
      'invalid patch format of setElementOrder list',
    ],
    [
      '$retainKeys that is not a list',
      { union: { name: 'a' } },
      { union: { $retainKeys: 'name' } },
      'invalid patch format of retainKeys',
    ],
    [
      'a patch member missing from $retainKeys',
      { union: { name: 'a' } },
      { union: { $retainKeys: ['name'], value: 'v' } },
      'invalid patch format of retainKeys',
    ],
  ];
  for (const [description, original, patch, message] of cases) {
    it(description, () => assertStatus(() => apply(original, patch), 'BadRequest', 400, message));
  }
});

describe('applyStrategicMergePatch: 422 Invalid', () => {
  it('rejects a list of lists with the generic message', () => {
    assertStatus(
      () => apply({ tags: [] }, { tags: [[1]] }),
      'Invalid',
      422,
      'the server rejected our request due to an error in our request',
    );
  });
});

describe('applyStrategicMergePatch: failures upstream answers as a bare 500', () => {
  const cases: [string, unknown, unknown, string][] = [
    [
      'a patch item without the merge key',
      { parts: [{ name: 'a', value: '1' }] },
      { parts: [{ value: 'b' }] },
      'map: map[value:b] does not contain declared merge key: name',
    ],
    [
      'a delete item without the merge key',
      { parts: [{ name: 'a' }] },
      { parts: [{ $patch: 'delete', value: 'b' }] },
      'map: map[$patch:delete value:b] does not contain declared merge key: name',
    ],
    [
      '$patch: merge in a list',
      { parts: [{ name: 'a' }] },
      { parts: [{ name: 'a', $patch: 'merge' }] },
      'merging lists cannot yet be specified in the patch',
    ],
    [
      'an unknown $patch in a list',
      { parts: [{ name: 'a' }] },
      { parts: [{ name: 'a', $patch: 'nope' }] },
      'unknown patch type: nope in map: map[$patch:nope name:a]',
    ],
    [
      'an unknown $patch on an object',
      { labels: { a: '1' } },
      { labels: { $patch: 'merge', b: '2' } },
      'unknown patch type: merge in map: map[$patch:merge b:2]',
    ],
    [
      'a $patch that is not a string',
      { labels: { a: '1' } },
      { labels: { $patch: 3 } },
      'unknown patch type: %!s(int64=3) in map: map[$patch:3]',
    ],
    [
      'an unknown field holding objects on both sides',
      { bogus: { a: 1 } },
      { bogus: { b: 2 } },
      'unable to find api field in struct Widget for the json field "bogus"',
    ],
    [
      'an unknown field holding lists on both sides',
      { child: { bogus: [1] } },
      { child: { bogus: [2] } },
      'unable to find api field in struct Widget for the json field "bogus"',
    ],
    [
      'nested objects inside a raw extension',
      { raw: { spec: { a: 1 } } },
      { raw: { spec: { b: 2 } } },
      'unable to find api field in struct RawExtension for the json field "spec"',
    ],
    [
      'an object under a map of structs on both sides',
      { partsByName: { a: { name: 'a' } } },
      { partsByName: { a: { value: 'v' } } },
      'merging an object in json but data type is not struct, instead is: map',
    ],
    [
      'objects in a merged list of scalars',
      { tags: [] },
      { tags: [{ name: 'a' }] },
      'cannot merge lists without merge key for int64',
    ],
    [
      'items of different types',
      { tags: [1] },
      { tags: ['a'] },
      'list element types are not identical: [[1] [a]]',
    ],
    [
      'a $setElementOrder that is not a list',
      { parts: [] },
      { '$setElementOrder/parts': 'a' },
      'expected a []interface {}, but received a string',
    ],
    [
      'a $setElementOrder for a list that is null',
      { parts: null },
      { '$setElementOrder/parts': [{ name: 'a' }] },
      'expected a []interface {}, but received a %!s(<nil>)',
    ],
    [
      'a $setElementOrder for an unknown field',
      {},
      { '$setElementOrder/bogus': [1] },
      'unable to find api field in struct Widget for the json field "bogus"',
    ],
    [
      'a $setElementOrder for a field that is not a list',
      {},
      { '$setElementOrder/name': ['a'] },
      'expected slice or array type, but got: struct',
    ],
    [
      'a $setElementOrder for an empty live list',
      { tags: [] },
      { '$setElementOrder/tags': [1] },
      'no elements in any of the given slices',
    ],
    [
      'a patch list out of the $setElementOrder order',
      { parts: [{ name: 'a' }, { name: 'c' }, { name: 'b' }] },
      {
        '$setElementOrder/parts': [{ name: 'a' }, { name: 'b' }, { name: 'c' }],
        parts: [
          { name: 'c', value: '3' },
          { name: 'a', value: '1' },
        ],
      },
      "The order in patch list:\n[map[name:c value:3] map[name:a value:1]]\n doesn't match $setElementOrder list:\n[map[name:a] map[name:b] map[name:c]]\n",
    ],
    ['a list of lists declared in the schema', { grid: [[1]] }, { grid: [[2]] }, 'unexpected slice of slice'],
  ];
  for (const [description, original, patch, message] of cases) {
    it(description, () => assertFailure(() => apply(original, patch), message));
  }
});

describe('applyStrategicMergePatch: built-in types', () => {
  it('names the Go type of a built-in struct for an unknown field', () => {
    const deployment = { spec: { bogus: { a: 1 } } };
    assertFailure(
      () =>
        applyStrategicMergePatch(deployment, { spec: { bogus: { b: 2 } } }, 'io.k8s.api.apps.v1.Deployment'),
      'unable to find api field in struct DeploymentSpec for the json field "bogus"',
    );
  });

  it('refuses a type the registry does not have', () => {
    assert.throws(
      () => applyStrategicMergePatch({}, {}, 'io.example.v1.Nope', schemaRegistry),
      /unknown schema type/,
    );
  });
});
