import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StatusError } from '../../../src/machinery/errors.js';
import { applyMergePatch } from '../../../src/machinery/merge-patch.js';

describe('applyMergePatch', () => {
  describe('RFC 7386 appendix A examples', () => {
    const cases: [unknown, unknown, unknown][] = [
      [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
      [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
      [{ a: 'b' }, { a: null }, {}],
      [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
      [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
      [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
      [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
      [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
      [
        ['a', 'b'],
        ['c', 'd'],
        ['c', 'd'],
      ],
      [{ a: 'b' }, ['c'], ['c']],
      [{ e: null }, { a: 1 }, { e: null, a: 1 }],
      [[1, 2], { a: 'b', c: null }, { a: 'b' }],
      [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
    ];
    for (const [target, patch, expected] of cases) {
      it(`${JSON.stringify(target)} + ${JSON.stringify(patch)}`, () => {
        assert.deepEqual(applyMergePatch(target, patch), expected);
      });
    }
  });

  it('merges nested objects and replaces lists wholesale', () => {
    const target = {
      metadata: { name: 'a', labels: { app: 'web', tier: 'front' } },
      spec: { replicas: 1, ports: [{ port: 80 }, { port: 443 }] },
    };
    const patch = {
      metadata: { labels: { tier: null, env: 'prod' } },
      spec: { replicas: 3, ports: [{ port: 8080 }] },
    };
    assert.deepEqual(applyMergePatch(target, patch), {
      metadata: { name: 'a', labels: { app: 'web', env: 'prod' } },
      spec: { replicas: 3, ports: [{ port: 8080 }] },
    });
  });

  it('changes neither argument and shares nothing with them', () => {
    const target = { a: { b: 1 }, keep: { deep: [1] } };
    const patch = { a: { c: { d: 2 } }, e: [{ f: 1 }] };
    const targetCopy = structuredClone(target);
    const patchCopy = structuredClone(patch);
    const result = applyMergePatch(target, patch) as Record<string, Record<string, unknown>>;
    assert.deepEqual(target, targetCopy);
    assert.deepEqual(patch, patchCopy);
    assert.notEqual(result.keep, target.keep);
    assert.notEqual(result.e, patch.e);
    assert.notEqual(result.a?.c, patch.a.c);
  });

  describe('json-patch v4 behaviour the API server shows', () => {
    it('rejects a null or scalar patch with 400 "Invalid JSON Patch"', () => {
      for (const patch of [null, 'x', 1, true]) {
        assert.throws(
          () => applyMergePatch({ a: 1 }, patch),
          (error: unknown) =>
            error instanceof StatusError &&
            error.reason === 'BadRequest' &&
            error.code === 400 &&
            error.message === 'Invalid JSON Patch',
        );
      }
    });

    it('prunes nulls from objects nested in a list written where there was none', () => {
      assert.deepEqual(applyMergePatch({}, { a: [{ x: null, y: 1 }, null] }), { a: [{ y: 1 }, null] });
      assert.deepEqual(applyMergePatch({ a: [] }, { a: [{ x: null }] }), { a: [{}] });
      assert.deepEqual(applyMergePatch({ a: 'scalar' }, { a: { b: { c: null } } }), { a: { b: {} } });
    });

    it('keeps nulls in a list written over an existing object', () => {
      assert.deepEqual(applyMergePatch({ a: { b: 1 } }, { a: [{ x: null }] }), { a: [{ x: null }] });
    });

    it('prunes nulls in a top-level list patch but keeps null elements', () => {
      assert.deepEqual(applyMergePatch({ a: 1 }, [{ x: null, y: 1 }, null]), [{ y: 1 }, null]);
    });

    it('treats a member that is null in the target like a missing one', () => {
      assert.deepEqual(applyMergePatch({ a: null }, { a: { b: null, c: 1 } }), { a: { c: 1 } });
    });
  });

  it('keeps a "__proto__" member as data', () => {
    const patch: unknown = JSON.parse('{"metadata":{"annotations":{"__proto__":"x"}}}');
    const result = applyMergePatch({ metadata: { annotations: {} } }, patch);
    assert.equal(JSON.stringify(result), '{"metadata":{"annotations":{"__proto__":"x"}}}');
    assert.equal(
      Object.getPrototypeOf((result as { metadata: { annotations: object } }).metadata.annotations),
      Object.prototype,
    );
  });
});
