// The rules of strategic merge patch on a test type whose fields carry every kind of patch metadata:
// objects, nulls, `$patch` and lists. Expectations follow apimachinery pkg/util/strategicpatch as the API
// server runs it.
import { describe } from 'node:test';
import { runCases } from './widget-schema.js';
describe('applyStrategicMergePatch: objects and nulls', () => {
  runCases([
    [
      'adds, changes and keeps members',
      { name: 'a', color: 'red' },
      { color: 'blue', size: 'L' },
      { name: 'a', color: 'blue', size: 'L' },
    ],
    [
      'null deletes a member; a null for an absent member is ignored',
      { name: 'a', color: 'red' },
      { color: null, size: null },
      { name: 'a' },
    ],
    ['null deletes a whole list', { tags: [1, 2] }, { tags: null }, {}],
    [
      'maps merge per key',
      { labels: { app: 'web', tier: 'front' } },
      { labels: { tier: null, env: 'prod' } },
      { labels: { app: 'web', env: 'prod' } },
    ],
    [
      'a new object loses its null members at any depth',
      {},
      { child: { name: 'c', color: null, child: { size: null } } },
      { child: { name: 'c', child: {} } },
    ],
    [
      'a value of another JSON type replaces, nulls dropped',
      { parts: null },
      { parts: [{ name: 'x', value: null }] },
      { parts: [{ name: 'x' }] },
    ],
    ['an empty patch changes nothing', { name: 'a', tags: [1] }, {}, { name: 'a', tags: [1] }],
    ['a null patch changes nothing', { name: 'a' }, null, { name: 'a' }],
    [
      'nested structs merge',
      { child: { name: 'c', color: 'red' } },
      { child: { size: 'S' } },
      { child: { name: 'c', color: 'red', size: 'S' } },
    ],
    [
      'a struct with strategy replace is replaced whole',
      { replaced: { name: 'a', color: 'red' } },
      { replaced: { size: 'M' } },
      { replaced: { size: 'M' } },
    ],
  ]);
});

describe('applyStrategicMergePatch: $patch on objects', () => {
  runCases([
    [
      'replace takes the patch object',
      { labels: { a: '1', b: '2' } },
      { labels: { $patch: 'replace', c: '3' } },
      { labels: { c: '3' } },
    ],
    ['delete empties the object', { labels: { a: '1' } }, { labels: { $patch: 'delete' } }, { labels: {} }],
    [
      'replace at the top level replaces the whole object',
      { name: 'a', color: 'red' },
      { $patch: 'replace', size: 'S' },
      { size: 'S' },
    ],
    [
      'an object with $patch written where none existed is dropped',
      { name: 'a' },
      { child: { $patch: 'delete' } },
      { name: 'a' },
    ],
    [
      '$patch objects inside a new value are dropped at any depth',
      {},
      { child: { parts: [{ name: 'x' }, { name: 'y', $patch: 'delete' }], child: { $patch: 'replace' } } },
      { child: { parts: [{ name: 'x' }] } },
    ],
    [
      'a replace keeps the directives nested in the patch object, as sent',
      { child: { name: 'a' } },
      { child: { $patch: 'replace', child: { $patch: 'delete' } } },
      { child: { child: { $patch: 'delete' } } },
    ],
  ]);
});

describe('applyStrategicMergePatch: lists of objects merged by key', () => {
  runCases([
    [
      'items merge by key and new ones are appended',
      {
        parts: [
          { name: 'a', value: '1' },
          { name: 'b', value: '2' },
        ],
      },
      { parts: [{ name: 'b', other: 'x' }, { name: 'c' }] },
      { parts: [{ name: 'a', value: '1' }, { name: 'b', value: '2', other: 'x' }, { name: 'c' }] },
    ],
    [
      'the patch order wins for the items it names',
      { parts: [{ name: 'a' }, { name: 'b', value: '2' }, { name: 'c' }] },
      {
        parts: [
          { name: 'c', value: '3' },
          { name: 'a', value: '1' },
          { name: 'b', other: 'x' },
        ],
      },
      {
        parts: [
          { name: 'c', value: '3' },
          { name: 'a', value: '1' },
          { name: 'b', value: '2', other: 'x' },
        ],
      },
    ],
    [
      'server-only items keep their place relative to the patched ones',
      { parts: [{ name: 'a' }, { name: 'b', value: '2' }, { name: 'c' }] },
      {
        parts: [
          { name: 'c', value: '3' },
          { name: 'a', value: '1' },
        ],
      },
      {
        parts: [
          { name: 'b', value: '2' },
          { name: 'c', value: '3' },
          { name: 'a', value: '1' },
        ],
      },
    ],
    [
      'a member set to null inside an item is deleted',
      { parts: [{ name: 'a', value: '1', other: 'o' }] },
      { parts: [{ name: 'a', value: null }] },
      { parts: [{ name: 'a', other: 'o' }] },
    ],
    [
      '$patch: delete removes every item with the key',
      { parts: [{ name: 'a' }, { name: 'a' }, { name: 'b', value: '2' }, { name: 'c' }] },
      {
        parts: [
          { name: 'a', $patch: 'delete' },
          { name: 'c', $patch: 'delete' },
        ],
      },
      { parts: [{ name: 'b', value: '2' }] },
    ],
    [
      'deleting a missing item changes nothing',
      { parts: [{ name: 'a' }] },
      { parts: [{ name: 'z', $patch: 'delete' }] },
      { parts: [{ name: 'a' }] },
    ],
    // Upstream puts patch items the live list lacks before the server-only ones (mergeSortedSlice).
    [
      'a new item goes before the items the patch does not name',
      { parts: [{ name: 'a' }, { name: 'b' }] },
      { parts: [{ name: 'c' }] },
      { parts: [{ name: 'c' }, { name: 'a' }, { name: 'b' }] },
    ],
    [
      'add one item and delete another',
      { parts: [{ name: 'a' }, { name: 'b' }] },
      { parts: [{ name: 'a', $patch: 'delete' }, { name: 'c' }] },
      { parts: [{ name: 'c' }, { name: 'b' }] },
    ],
    [
      '$patch: replace makes the other patch items the list',
      { parts: [{ name: 'a' }, { name: 'b' }] },
      { parts: [{ name: 'c', value: '3' }, { $patch: 'replace' }] },
      { parts: [{ name: 'c', value: '3' }] },
    ],
    [
      '$patch: replace alone empties the list',
      { parts: [{ name: 'a' }] },
      { parts: [{ $patch: 'replace' }] },
      { parts: [] },
    ],
    [
      'an item carrying $patch: replace replaces the list with the other items',
      { parts: [{ name: 'a', value: '1' }, { name: 'b' }] },
      { parts: [{ name: 'a', $patch: 'replace', value: '2' }, { name: 'c' }] },
      { parts: [{ name: 'c' }] },
    ],
    [
      'nested merged lists merge too',
      { parts: [{ name: 'a', parts: [{ name: 'x', value: '1' }], tags: [1] }] },
      { parts: [{ name: 'a', parts: [{ name: 'y' }], tags: [2] }] },
      { parts: [{ name: 'a', parts: [{ name: 'y' }, { name: 'x', value: '1' }], tags: [2, 1] }] },
    ],
    ['two empty lists stay empty', { parts: [] }, { parts: [] }, { parts: [] }],
    [
      'a merge into an empty list takes the patch items',
      { parts: [] },
      { parts: [{ name: 'a' }] },
      { parts: [{ name: 'a' }] },
    ],
    [
      'an appended item is taken as sent, nulls included',
      { parts: [{ name: 'a' }] },
      { parts: [{ name: 'b', value: null }] },
      { parts: [{ name: 'b', value: null }, { name: 'a' }] },
    ],
    [
      'a map of structs merges entries that are new or scalar',
      { partsByName: { a: { name: 'a' } } },
      { partsByName: { b: { name: 'b' } } },
      { partsByName: { a: { name: 'a' }, b: { name: 'b' } } },
    ],
  ]);
});

describe('applyStrategicMergePatch: lists without a merge strategy', () => {
  runCases([
    [
      'a list of objects is replaced',
      { atomicParts: [{ name: 'a' }, { name: 'b' }] },
      { atomicParts: [{ name: 'c' }] },
      { atomicParts: [{ name: 'c' }] },
    ],
    ['a list of scalars is replaced', { atomicTags: [1, 2, 3] }, { atomicTags: [3] }, { atomicTags: [3] }],
    [
      'the replacing list is taken as sent, directives included',
      { atomicParts: [{ name: 'a' }] },
      { atomicParts: [{ name: 'a', $patch: 'delete' }] },
      { atomicParts: [{ name: 'a', $patch: 'delete' }] },
    ],
  ]);
});

describe('applyStrategicMergePatch: lists of scalars with strategy merge', () => {
  runCases([
    ['the union keeps each value once', { tags: [1, 2] }, { tags: [2, 3] }, { tags: [1, 2, 3] }],
    [
      'the patch order wins for the values it names',
      { tags: [1, 2, 3] },
      { tags: [3, 1, 2] },
      { tags: [3, 1, 2] },
    ],
    ['server-only values keep their place', { tags: [1, 2, 3] }, { tags: [3, 1] }, { tags: [2, 3, 1] }],
    [
      '$deleteFromPrimitiveList removes values',
      { tags: [1, 2, 3] },
      { '$deleteFromPrimitiveList/tags': [2] },
      { tags: [1, 3] },
    ],
    [
      '$deleteFromPrimitiveList removes duplicates too',
      { tags: [1, 2, 1] },
      { '$deleteFromPrimitiveList/tags': [1] },
      { tags: [2] },
    ],
    [
      '$deleteFromPrimitiveList of a missing value changes nothing',
      { tags: [1, 2] },
      { '$deleteFromPrimitiveList/tags': [3] },
      { tags: [1, 2] },
    ],
    [
      '$deleteFromPrimitiveList on a missing list adds nothing',
      { name: 'a' },
      { '$deleteFromPrimitiveList/tags': [3] },
      { name: 'a' },
    ],
    [
      '$deleteFromPrimitiveList on a null list leaves it',
      { tags: null },
      { '$deleteFromPrimitiveList/tags': [3] },
      { tags: null },
    ],
    [
      '$deleteFromPrimitiveList also works on a list without strategy',
      { atomicTags: [1, 2, 3] },
      { '$deleteFromPrimitiveList/atomicTags': [2] },
      { atomicTags: [1, 3] },
    ],
    [
      'a new value goes before the values the patch does not name',
      { tags: [1, 2] },
      { tags: [3] },
      { tags: [3, 1, 2] },
    ],
    [
      'additions and deletions in one patch',
      { tags: [1, 2] },
      { tags: [3], '$deleteFromPrimitiveList/tags': [1] },
      { tags: [3, 2] },
    ],
  ]);
});
