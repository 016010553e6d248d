import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { schemaRegistry } from '../../../../src/api/schema/index.js';
import { decodeKubeProtobuf, encodeKubeProtobuf } from '../../../../src/machinery/protobuf/index.js';
import { configMap, namespace, pod, resourceQuota, secret, service, serviceAccount } from './objects-core.js';
import {
  cronJob,
  deployment,
  deploymentScaledToZero,
  ingress,
  job,
  podDisruptionBudget,
  priorityClass,
  role,
  roleBinding,
  selfSubjectAccessReview,
} from './objects-workloads.js';

function roundTrip(obj: unknown): unknown {
  return decodeKubeProtobuf(encodeKubeProtobuf(obj, schemaRegistry), schemaRegistry);
}

const objects: Record<string, unknown> = {
  pod,
  deployment,
  deploymentScaledToZero,
  service,
  secret,
  configMap,
  namespace,
  role,
  roleBinding,
  job,
  cronJob,
  ingress,
  podDisruptionBudget,
  priorityClass,
  resourceQuota,
  serviceAccount,
  selfSubjectAccessReview,
};

describe('protobuf round trips (encode, then decode, gives the original JSON)', () => {
  for (const [name, obj] of Object.entries(objects)) {
    it(name, () => {
      const bytes = encodeKubeProtobuf(obj, schemaRegistry);
      assert.deepEqual([...bytes.subarray(0, 4)], [0x6b, 0x38, 0x73, 0x00]);
      assert.deepStrictEqual(roundTrip(obj), obj);
      // Encoding is deterministic and stable: the decoded form encodes to the same bytes.
      assert.ok(encodeKubeProtobuf(roundTrip(obj), schemaRegistry).equals(bytes));
    });
  }

  it('keeps zero values that were set on pointers and drops omitempty zeros', () => {
    const decoded = roundTrip({
      ...deploymentScaledToZero,
      spec: { ...deploymentScaledToZero.spec, minReadySeconds: 0 },
    }) as typeof deploymentScaledToZero;
    assert.equal(decoded.spec.replicas, 0);
    assert.equal(decoded.spec.paused, true);
    assert.ok(!('minReadySeconds' in decoded.spec), 'a zero omitempty int is left out');
    const sa = roundTrip(serviceAccount) as typeof serviceAccount;
    assert.equal(sa.automountServiceAccountToken, false);
  });

  it('writes map entries in sorted key order, as Go does', () => {
    const a = encodeKubeProtobuf({ ...configMap, data: { b: '2', a: '1', c: '3' } }, schemaRegistry);
    const b = encodeKubeProtobuf({ ...configMap, data: { c: '3', a: '1', b: '2' } }, schemaRegistry);
    assert.ok(a.equals(b));
    assert.deepEqual(
      Object.keys((roundTrip({ ...configMap, data: { b: '2', a: '1' } }) as typeof configMap).data),
      ['a', 'b'],
    );
  });

  it('fills in what Go always writes when a client leaves it out', () => {
    assert.deepStrictEqual(
      roundTrip({
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'web' },
        spec: { ports: [{ port: 80 }] },
      }),
      {
        kind: 'Service',
        apiVersion: 'v1',
        metadata: { name: 'web' },
        // Go's zero IntOrString is the integer 0 (upstream defaulting treats it as unset).
        spec: { ports: [{ port: 80, targetPort: 0 }] },
        status: { loadBalancer: {} },
      },
    );
  });
});
