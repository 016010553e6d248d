import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StatusError, type StatusReason } from '../../../src/machinery/errors.js';
import {
  applyDecodedJsonPatch,
  applyJsonPatch,
  decodeJsonPatch,
  maxJsonPatchOperations,
  type FieldValidationDirective,
} from '../../../src/machinery/json-patch.js';

const rejectedMessage = 'the server rejected our request due to an error in our request';

function failure(run: () => unknown): StatusError {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof StatusError, `not a StatusError: ${String(error)}`);
    return error;
  }
  assert.fail('expected a StatusError');
}

function assertStatus(error: StatusError, reason: StatusReason, code: number, message: string): void {
  assert.equal(error.reason, reason);
  assert.equal(error.code, code);
  assert.equal(error.message, message);
}

function assertRejected(target: unknown, operations: unknown): void {
  assertRejectedBy(() => applyJsonPatch(target, operations));
}

function assertRejectedBy(run: () => unknown): void {
  const error = failure(run);
  assertStatus(error, 'Invalid', 422, rejectedMessage);
  assert.deepEqual(error.status.details, {});
}

describe('applyJsonPatch', () => {
  describe('RFC 6902 appendix A examples', () => {
    const cases: [string, unknown, unknown, unknown][] = [
      [
        'A.1 add an object member',
        { foo: 'bar' },
        [{ op: 'add', path: '/baz', value: 'qux' }],
        { baz: 'qux', foo: 'bar' },
      ],
      [
        'A.2 add an array element',
        { foo: ['bar', 'baz'] },
        [{ op: 'add', path: '/foo/1', value: 'qux' }],
        { foo: ['bar', 'qux', 'baz'] },
      ],
      [
        'A.3 remove an object member',
        { baz: 'qux', foo: 'bar' },
        [{ op: 'remove', path: '/baz' }],
        { foo: 'bar' },
      ],
      [
        'A.4 remove an array element',
        { foo: ['bar', 'qux', 'baz'] },
        [{ op: 'remove', path: '/foo/1' }],
        { foo: ['bar', 'baz'] },
      ],
      [
        'A.5 replace a value',
        { baz: 'qux', foo: 'bar' },
        [{ op: 'replace', path: '/baz', value: 'boo' }],
        { baz: 'boo', foo: 'bar' },
      ],
      [
        'A.6 move a value',
        { foo: { bar: 'baz', waldo: 'fred' }, qux: { corge: 'grault' } },
        [{ op: 'move', from: '/foo/waldo', path: '/qux/thud' }],
        { foo: { bar: 'baz' }, qux: { corge: 'grault', thud: 'fred' } },
      ],
      [
        'A.7 move an array element',
        { foo: ['all', 'grass', 'cows', 'eat'] },
        [{ op: 'move', from: '/foo/1', path: '/foo/3' }],
        { foo: ['all', 'cows', 'eat', 'grass'] },
      ],
      [
        'A.8 test a value (success)',
        { baz: 'qux', foo: ['a', 2, 'c'] },
        [
          { op: 'test', path: '/baz', value: 'qux' },
          { op: 'test', path: '/foo/1', value: 2 },
        ],
        { baz: 'qux', foo: ['a', 2, 'c'] },
      ],
      [
        'A.10 add a nested member object',
        { foo: 'bar' },
        [{ op: 'add', path: '/child', value: { grandchild: {} } }],
        { foo: 'bar', child: { grandchild: {} } },
      ],
      [
        'A.11 ignore unrecognized elements',
        { foo: 'bar' },
        [{ op: 'add', path: '/baz', value: 'qux', xyz: 123 }],
        { foo: 'bar', baz: 'qux' },
      ],
      [
        'A.14 ~ escape ordering',
        { '/': 9, '~1': 10 },
        [{ op: 'test', path: '/~01', value: 10 }],
        { '/': 9, '~1': 10 },
      ],
      [
        'A.16 add an array value',
        { foo: ['bar'] },
        [{ op: 'add', path: '/foo/-', value: ['abc', 'def'] }],
        { foo: ['bar', ['abc', 'def']] },
      ],
      ['copy', { a: { b: [1] } }, [{ op: 'copy', from: '/a/b', path: '/c' }], { a: { b: [1] }, c: [1] }],
      ['escaped slash in a key', { 'a/b': 1 }, [{ op: 'replace', path: '/a~1b', value: 2 }], { 'a/b': 2 }],
      ['replace the root', { a: 1 }, [{ op: 'replace', path: '', value: { b: 2 } }], { b: 2 }],
      ['test the root', { a: 1 }, [{ op: 'test', path: '', value: { a: 1 } }], { a: 1 }],
      ['empty patch', { a: 1 }, [], { a: 1 }],
      ['null patch', { a: 1 }, null, { a: 1 }],
    ];
    for (const [name, target, operations, expected] of cases) {
      it(name, () => {
        assert.deepEqual(applyJsonPatch(target, operations), expected);
      });
    }
  });

  describe('failures while applying are 422 Invalid with upstream generic message', () => {
    const cases: [string, unknown, unknown][] = [
      ['A.9 failed test', { baz: 'qux' }, [{ op: 'test', path: '/baz', value: 'bar' }]],
      ['A.12 add to a nonexistent target', { foo: 'bar' }, [{ op: 'add', path: '/baz/bat', value: 'qux' }]],
      ['A.13 invalid operation', { foo: 'bar' }, [{ op: 'bogus', path: '/foo' }]],
      [
        'A.15 comparing strings and numbers',
        { '/': 9, '~1': 10 },
        [{ op: 'test', path: '/~01', value: '10' }],
      ],
      ['missing op', { a: 1 }, [{ path: '/a' }]],
      ['null operation', { a: 1 }, [null]],
      ['missing path', { a: 1 }, [{ op: 'add', value: 1 }]],
      ['remove a missing member', { a: 1 }, [{ op: 'remove', path: '/b' }]],
      ['remove past the end of a list', { a: [1] }, [{ op: 'remove', path: '/a/1' }]],
      ['add past the end of a list', { a: [1] }, [{ op: 'add', path: '/a/2', value: 0 }]],
      ['replace past the end of a list', { a: [1] }, [{ op: 'replace', path: '/a/1', value: 0 }]],
      ['non-numeric list index', { a: [1] }, [{ op: 'replace', path: '/a/x', value: 0 }]],
      ['"-" outside add', { a: [1] }, [{ op: 'remove', path: '/a/-' }]],
      ['step through a scalar', { a: 'x' }, [{ op: 'add', path: '/a/b', value: 1 }]],
      ['step through null', { a: null }, [{ op: 'add', path: '/a/b', value: 1 }]],
      ['add at the root', { a: 1 }, [{ op: 'add', path: '', value: { b: 1 } }]],
      ['remove the root', { a: 1 }, [{ op: 'remove', path: '' }]],
      ['replace the root with a scalar', { a: 1 }, [{ op: 'replace', path: '', value: 1 }]],
      ['move from a missing member', { a: 1 }, [{ op: 'move', from: '/b', path: '/c' }]],
      ['move into its own child', { a: { b: 1 } }, [{ op: 'move', from: '/a', path: '/a/c' }]],
      ['move without from', { a: 1 }, [{ op: 'move', path: '/c' }]],
      ['copy from past the end of a list', { a: [] }, [{ op: 'copy', from: '/a/0', path: '/c' }]],
      ['test a present member without value', { a: 1 }, [{ op: 'test', path: '/a' }]],
      ['test a missing member against a value', { a: 1 }, [{ op: 'test', path: '/b', value: 1 }]],
      ['test the root without value', { a: 1 }, [{ op: 'test', path: '' }]],
      [
        'an earlier operation succeeded, a later one fails',
        { a: 1 },
        [
          { op: 'add', path: '/b', value: 2 },
          { op: 'test', path: '/b', value: 3 },
        ],
      ],
    ];
    for (const [name, target, operations] of cases) {
      it(name, () => {
        assertRejected(target, operations);
      });
    }
  });

  describe('json-patch v4 behaviour the API server shows', () => {
    const cases: [string, unknown, unknown, unknown][] = [
      [
        'replace of a missing object member adds it',
        { a: {} },
        [{ op: 'replace', path: '/a/b', value: 1 }],
        { a: { b: 1 } },
      ],
      ['add without value writes null', { a: 1 }, [{ op: 'add', path: '/b' }], { a: 1, b: null }],
      ['replace without value writes null', { a: 1 }, [{ op: 'replace', path: '/a' }], { a: null }],
      [
        'negative index reads from the end',
        { a: [1, 2, 3] },
        [{ op: 'remove', path: '/a/-1' }],
        { a: [1, 2] },
      ],
      [
        'negative index in the middle of a path',
        { a: [{ x: 1 }, { x: 2 }] },
        [{ op: 'replace', path: '/a/-1/x', value: 9 }],
        { a: [{ x: 1 }, { x: 9 }] },
      ],
      ['add at -1 appends', { a: [1, 2] }, [{ op: 'add', path: '/a/-1', value: 3 }], { a: [1, 2, 3] }],
      [
        'add at minus length-plus-one prepends',
        { a: [1, 2] },
        [{ op: 'add', path: '/a/-3', value: 0 }],
        { a: [0, 1, 2] },
      ],
      [
        'zero-padded and signed indexes are Atoi numbers',
        { a: [1, 2] },
        [{ op: 'replace', path: '/a/+01', value: 9 }],
        { a: [1, 9] },
      ],
      [
        'the text before the first "/" is ignored',
        { a: 1 },
        [{ op: 'replace', path: 'x/a', value: 2 }],
        { a: 2 },
      ],
      [
        'copy of a missing member writes null',
        { a: 1 },
        [{ op: 'copy', from: '/b', path: '/c' }],
        { a: 1, c: null },
      ],
      [
        'test of a missing member against null passes',
        { a: 1 },
        [{ op: 'test', path: '/b', value: null }],
        { a: 1 },
      ],
      ['test of a missing member without value passes', { a: 1 }, [{ op: 'test', path: '/b' }], { a: 1 }],
      [
        'test of a null member against null passes',
        { a: null },
        [{ op: 'test', path: '/a', value: null }],
        { a: null },
      ],
      [
        'move to the end of a list',
        { a: [1, 2, 3] },
        [{ op: 'move', from: '/a/0', path: '/a/-' }],
        { a: [2, 3, 1] },
      ],
    ];
    for (const [name, target, operations, expected] of cases) {
      it(name, () => {
        assert.deepEqual(applyJsonPatch(target, operations), expected);
      });
    }

    it('fails a negative index beyond the start', () => {
      assertRejected({ a: [1] }, [{ op: 'remove', path: '/a/-2' }]);
      assertRejected({ a: [1] }, [{ op: 'add', path: '/a/-3', value: 0 }]);
    });

    it('limits what copy operations add to 3 MiB', () => {
      const big = 'x'.repeat(1024 * 1024);
      const copies = [1, 2, 3].map((n) => ({ op: 'copy', from: '/big', path: `/c${n}` }));
      assertRejected({ big }, copies);
      assert.deepEqual(Object.keys(applyJsonPatch({ big }, copies.slice(0, 2)) as object), [
        'big',
        'c1',
        'c2',
      ]);
    });
  });

  it('changes neither the target nor the operations, and shares nothing with them', () => {
    const target = { a: { b: [1, 2] }, keep: { deep: true } };
    const value = { nested: { x: 1 } };
    const operations = [
      { op: 'add', path: '/v', value },
      { op: 'remove', path: '/a/b/0' },
    ];
    const before = structuredClone({ target, operations });
    const result = applyJsonPatch(target, operations) as { v: unknown; keep: unknown };
    assert.deepEqual({ target, operations }, before);
    assert.deepEqual(result, { a: { b: [2] }, keep: { deep: true }, v: { nested: { x: 1 } } });
    assert.notEqual(result.v, value);
    assert.notEqual(result.keep, target.keep);
  });
});

describe('decodeJsonPatch', () => {
  function decodeFailure(raw: unknown, validation: FieldValidationDirective): StatusError {
    return failure(() => decodeJsonPatch(raw, validation));
  }

  it('answers a body that is not a list with the decoder message upstream shows', () => {
    assertStatus(
      decodeFailure({ op: 'add' }, 'Ignore'),
      'BadRequest',
      400,
      'json: cannot unmarshal object into Go value of type jsonpatch.Patch',
    );
    assertStatus(
      decodeFailure('x', 'Warn'),
      'BadRequest',
      400,
      'error decoding patch: json: cannot unmarshal string into Go value of type []handlers.jsonPatchOp',
    );
    assertStatus(
      decodeFailure(1, 'Strict'),
      'BadRequest',
      400,
      'error decoding patch: json: cannot unmarshal number into Go value of type []handlers.jsonPatchOp',
    );
  });

  it('answers a list element that is not an object', () => {
    assertStatus(
      decodeFailure([['add']], 'Ignore'),
      'BadRequest',
      400,
      'json: cannot unmarshal array into Go value of type jsonpatch.Operation',
    );
    assertStatus(
      decodeFailure([true], 'Warn'),
      'BadRequest',
      400,
      'error decoding patch: json: cannot unmarshal bool into Go value of type handlers.jsonPatchOp',
    );
  });

  it('treats a non-string op, path or from as 400 only when decoding strictly (Warn, Strict)', () => {
    assertStatus(
      decodeFailure([{ op: 5, path: '/a' }], 'Warn'),
      'BadRequest',
      400,
      'error decoding patch: json: cannot unmarshal number into Go struct field jsonPatchOp.op of type string',
    );
    assertStatus(
      decodeFailure([{ op: 'move', path: '/a', from: {} }], 'Strict'),
      'BadRequest',
      400,
      'error decoding patch: json: cannot unmarshal object into Go struct field jsonPatchOp.from of type string',
    );
    assert.equal(decodeJsonPatch([{ op: 5, path: '/a' }], 'Ignore').operations.length, 1);
    const lenient = decodeJsonPatch([{ op: 5, path: '/a' }], 'Ignore');
    assertRejectedBy(() => applyDecodedJsonPatch({ a: 1 }, lenient.operations));
  });

  it('applyJsonPatch decodes like the default Warn directive', () => {
    assertStatus(
      failure(() => applyJsonPatch({ a: 1 }, [{ op: 'add', path: 5, value: 1 }])),
      'BadRequest',
      400,
      'error decoding patch: json: cannot unmarshal number into Go struct field jsonPatchOp.path of type string',
    );
    const lenient = decodeJsonPatch([{ op: 'add', path: 5, value: 1 }], 'Ignore');
    assertRejectedBy(() => applyDecodedJsonPatch({ a: 1 }, lenient.operations));
    assert.deepEqual(applyJsonPatch({ a: 1 }, [{ op: 'add', path: '/b', value: 1 }], 'Ignore'), {
      a: 1,
      b: 1,
    });
  });

  it('collects unknown members as strict-decoding errors for Warn and Strict only', () => {
    const raw = [{ op: 'add', path: '/a', value: 1, foo: 1 }, { Op: 'add', path: '/b', value: 2 }, null];
    const expected = ['json patch unknown field "[0].foo"', 'json patch unknown field "[1].Op"'];
    assert.deepEqual(decodeJsonPatch(raw, 'Warn').strictErrors, expected);
    assert.deepEqual(decodeJsonPatch(raw, 'Strict').strictErrors, expected);
    assert.deepEqual(decodeJsonPatch(raw, 'Ignore').strictErrors, []);
    assert.equal(decodeJsonPatch(raw, 'Warn').operations.length, 3);
  });

  it('answers more than 10000 operations with 413', () => {
    const operations = Array.from({ length: maxJsonPatchOperations + 1 }, () => ({
      op: 'test',
      path: '/a',
      value: 1,
    }));
    assertStatus(
      decodeFailure(operations, 'Warn'),
      'RequestEntityTooLarge',
      413,
      'Request entity too large: The allowed maximum operations in a JSON patch is 10000, got 10001',
    );
    assert.equal(decodeJsonPatch(operations.slice(1), 'Warn').operations.length, maxJsonPatchOperations);
  });

  it('accepts null as an empty patch', () => {
    assert.deepEqual(decodeJsonPatch(null, 'Strict'), { operations: [], strictErrors: [] });
  });

  it('decoded operations apply with applyDecodedJsonPatch', () => {
    const decoded = decodeJsonPatch([{ op: 'add', path: '/b', value: 2 }], 'Warn');
    assert.deepEqual(applyDecodedJsonPatch({ a: 1 }, decoded.operations), { a: 1, b: 2 });
  });
});
