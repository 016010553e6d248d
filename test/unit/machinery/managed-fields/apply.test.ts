// Server-side apply of a Deployment by one and several managers: creation, re-apply, pruning, shared
// ownership, conflicts, force and the client-side apply upgrade. Expectations follow structured-merge-diff
// and apimachinery pkg/util/managedfields as the API server runs them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { trackUpdate } from '../../../../src/machinery/managed-fields/index.js';
import type { KubeObject } from '../../../../src/machinery/object.js';
import {
  applied,
  applyStored,
  conflictOf,
  deployment,
  deploymentOptions,
  entries,
  fieldsOf,
  spec,
  stored,
  t0,
  t1,
  t2,
} from './fixtures.js';

describe('applyPatch: one manager', () => {
  it('creates the object and records an Apply entry with the applied fields', () => {
    const result = applied(undefined, deployment({ replicas: 2, labels: { app: 'web' } }), 'kubectl');
    assert.equal(result.created, true);
    assert.equal(result.conflicts, undefined);
    const obj = result.object;
    assert.equal(obj.apiVersion, 'apps/v1');
    assert.equal(obj.kind, 'Deployment');
    assert.equal(obj.metadata.name, 'web');
    assert.equal(obj.metadata.namespace, 'default');
    assert.equal(spec(obj).replicas, 2);
    assert.deepEqual(entries(obj), [
      { manager: 'kubectl', operation: 'Apply', apiVersion: 'apps/v1', time: t0 },
    ]);
    // Server-set identity (name, namespace) is never owned; struct fields appear only through their leaves.
    assert.equal(
      JSON.stringify(fieldsOf(obj, 'kubectl')),
      JSON.stringify({
        'f:metadata': { 'f:labels': { 'f:app': {} } },
        'f:spec': {
          'f:replicas': {},
          'f:selector': {},
          'f:template': {
            'f:metadata': { 'f:labels': { 'f:app': {} } },
            'f:spec': { 'f:containers': { 'k:{"name":"nginx"}': { '.': {}, 'f:image': {}, 'f:name': {} } } },
          },
        },
      }),
    );
  });

  it('changes nothing when the same configuration is applied again, time included', () => {
    const live = applyStored(undefined, deployment({ replicas: 2 }), 'kubectl');
    const again = applied(live, deployment({ replicas: 2 }), 'kubectl', t1);
    assert.equal(again.created, false);
    // Key order included: storage compares encodings and must see no change.
    assert.equal(JSON.stringify(again.object), JSON.stringify(live));
  });

  it('records the new time when a re-apply changes the object', () => {
    const live = applyStored(undefined, deployment({ replicas: 2 }), 'kubectl');
    const again = applied(live, deployment({ replicas: 4 }), 'kubectl', t1);
    assert.equal(spec(again.object).replicas, 4);
    assert.deepEqual(entries(again.object), [
      { manager: 'kubectl', operation: 'Apply', apiVersion: 'apps/v1', time: t1 },
    ]);
  });

  it('removes fields it applied before and no longer specifies', () => {
    const live = applyStored(
      undefined,
      deployment({ replicas: 3, labels: { app: 'web', tier: 'front' } }),
      'kubectl',
    );
    const result = applied(live, deployment({ labels: { app: 'web' } }), 'kubectl', t1);
    assert.deepEqual(result.object.metadata.labels, { app: 'web' });
    assert.equal(spec(result.object).replicas, undefined);
    assert.deepEqual(fieldsOf(result.object, 'kubectl'), {
      'f:metadata': { 'f:labels': { 'f:app': {} } },
      'f:spec': {
        'f:selector': {},
        'f:template': {
          'f:metadata': { 'f:labels': { 'f:app': {} } },
          'f:spec': { 'f:containers': { 'k:{"name":"nginx"}': { '.': {}, 'f:image': {}, 'f:name': {} } } },
        },
      },
    });
  });

  it('drops a map it emptied and keeps fields nobody owns', () => {
    const live = applyStored(undefined, deployment({ labels: { tier: 'front' } }), 'kubectl');
    const withStatus = { ...live, status: { replicas: 1 } };
    const result = applied(withStatus, deployment(), 'kubectl', t1);
    assert.equal(result.object.metadata.labels, undefined);
    assert.deepEqual(result.object.status, { replicas: 1 });
    assert.equal(result.object.metadata.uid, 'uid-web');
  });

  it('does not own fields the write resets (status on the main resource)', () => {
    const config = { ...deployment(), status: { replicas: 5 } };
    const result = applied(undefined, config, 'kubectl');
    const fields = fieldsOf(result.object, 'kubectl') as Record<string, unknown>;
    assert.equal(fields['f:status'], undefined);
  });
});

describe('applyPatch: several managers', () => {
  it('lets managers own different fields side by side', () => {
    const live = applyStored(undefined, deployment({ replicas: 2 }), 'alice');
    const bob = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', labels: { team: 'payments' } },
    };
    const result = applied(live, bob, 'bob', t1);
    assert.deepEqual(result.object.metadata.labels, { team: 'payments' });
    assert.equal(spec(result.object).replicas, 2);
    assert.deepEqual(
      entries(result.object).map((e) => e.manager),
      ['alice', 'bob'],
    );
    assert.deepEqual(fieldsOf(result.object, 'bob'), { 'f:metadata': { 'f:labels': { 'f:team': {} } } });
    // alice applying again keeps bob's label: she never owned it.
    const again = applied(stored(result.object), deployment({ replicas: 2 }), 'alice', t2);
    assert.deepEqual(again.object.metadata.labels, { team: 'payments' });
  });

  it('shares fields applied with the same value, and keeps them while one owner remains', () => {
    const live = applyStored(undefined, deployment({ labels: { app: 'web', tier: 'front' } }), 'alice');
    const bob = applyStored(live, deployment({ labels: { tier: 'front' } }), 'bob', t1);
    const bobFields = fieldsOf(bob, 'bob') as Record<string, unknown>;
    const aliceFields = fieldsOf(bob, 'alice') as Record<string, unknown>;
    assert.deepEqual(bobFields['f:metadata'], { 'f:labels': { 'f:tier': {} } });
    assert.deepEqual(bobFields['f:spec'], aliceFields['f:spec']);
    const result = applied(bob, deployment({ labels: { app: 'web' } }), 'alice', t2);
    assert.deepEqual(result.object.metadata.labels, { app: 'web', tier: 'front' });
  });

  it('conflicts on a field another applier owns with another value', () => {
    const live = applyStored(undefined, deployment({ replicas: 2 }), 'alice');
    const status = conflictOf(() => applied(live, deployment({ replicas: 3 }), 'bob', t1));
    assert.equal(status.code, 409);
    assert.equal(status.reason, 'Conflict');
    assert.equal(status.message, 'Apply failed with 1 conflict: conflict with "alice": .spec.replicas');
    assert.deepEqual(status.details, {
      causes: [{ reason: 'FieldManagerConflict', message: 'conflict with "alice"', field: '.spec.replicas' }],
    });
  });

  it('names an Update manager with its API version and lists several conflicts by manager', () => {
    const live = applyStored(undefined, deployment({ replicas: 2 }), 'alice');
    const edited = deployment({ replicas: 2, containers: [{ name: 'nginx', image: 'nginx:1.28' }] });
    const afterEdit = stored(
      trackUpdate(live, { ...live, spec: edited.spec }, 'kubectl-edit', deploymentOptions({ now: t1 })),
    );
    const config = deployment({ replicas: 3, containers: [{ name: 'nginx', image: 'nginx:1.29' }] });
    const status = conflictOf(() => applied(afterEdit, config, 'bob', t2));
    assert.equal(
      status.message,
      [
        'Apply failed with 2 conflicts: conflicts with "alice":',
        '- .spec.replicas',
        'conflicts with "kubectl-edit" using apps/v1:',
        '- .spec.template.spec.containers[name="nginx"].image',
      ].join('\n'),
    );
    assert.deepEqual(status.details?.causes, [
      { reason: 'FieldManagerConflict', message: 'conflict with "alice"', field: '.spec.replicas' },
      {
        reason: 'FieldManagerConflict',
        message: 'conflict with "kubectl-edit" using apps/v1',
        field: '.spec.template.spec.containers[name="nginx"].image',
      },
    ]);
  });

  it('groups several conflicts with one manager', () => {
    const live = applyStored(undefined, deployment({ replicas: 2 }), 'alice');
    const config = deployment({ replicas: 3, containers: [{ name: 'nginx', image: 'nginx:1.29' }] });
    const status = conflictOf(() => applied(live, config, 'bob', t1));
    assert.equal(
      status.message,
      'Apply failed with 2 conflicts: conflicts with "alice":\n- .spec.replicas\n- .spec.template.spec.containers[name="nginx"].image',
    );
  });

  it('takes conflicting fields with force', () => {
    const live = applyStored(undefined, deployment({ replicas: 2 }), 'alice');
    const result = applied(live, deployment({ replicas: 3 }), 'bob', t1, true);
    assert.equal(spec(result.object).replicas, 3);
    assert.deepEqual(result.conflicts, [{ manager: 'alice', field: '.spec.replicas' }]);
    const alice = fieldsOf(result.object, 'alice') as { 'f:spec': Record<string, unknown> };
    const bob = fieldsOf(result.object, 'bob') as { 'f:spec': Record<string, unknown> };
    assert.equal(alice['f:spec']['f:replicas'], undefined);
    assert.deepEqual(bob['f:spec']['f:replicas'], {});
    // alice no longer owns replicas: dropping it from her configuration leaves bob's value.
    const again = applied(stored(result.object), deployment(), 'alice', t2);
    assert.equal(spec(again.object).replicas, 3);
  });

  it('conflicts with fields a non-apply write changed, and co-owns equal values', () => {
    const created = stored(
      trackUpdate(
        undefined,
        { ...deployment({ replicas: 1 }), metadata: { name: 'web', namespace: 'default' } },
        'kubectl-create',
        deploymentOptions(),
      ),
    );
    const status = conflictOf(() => applied(created, deployment({ replicas: 2 }), 'kubectl', t1));
    assert.equal(
      status.message,
      'Apply failed with 1 conflict: conflict with "kubectl-create" using apps/v1: .spec.replicas',
    );
    const shared = applied(created, deployment({ replicas: 1 }), 'kubectl', t1);
    assert.deepEqual(
      entries(shared.object).map((e) => `${e.manager} ${e.operation}`),
      ['kubectl Apply', 'kubectl-create Update'],
    );
  });

  it('attributes the fields of an untracked object to before-first-apply', () => {
    const untracked = stored(deployment({ replicas: 1 }));
    const status = conflictOf(() => applied(untracked, deployment({ replicas: 2 }), 'kubectl'));
    assert.equal(
      status.message,
      'Apply failed with 1 conflict: conflict with "before-first-apply" using apps/v1: .spec.replicas',
    );
  });
});

describe('applyPatch: the client-side apply upgrade', () => {
  const lastApplied = (replicas: number) =>
    `${JSON.stringify({ ...deployment({ replicas }), metadata: { name: 'web', namespace: 'default' } })}\n`;

  function clientSideApplied(): KubeObject {
    const obj = deployment({ replicas: 2 });
    obj.metadata = {
      name: 'web',
      namespace: 'default',
      annotations: { 'kubectl.kubernetes.io/last-applied-configuration': lastApplied(2) },
    };
    return stored(trackUpdate(undefined, obj, 'kubectl-client-side-apply', deploymentOptions()));
  }

  it('lets kubectl take over fields whose live value is the last-applied one, and updates the annotation', () => {
    const result = applied(clientSideApplied(), deployment({ replicas: 3 }), 'kubectl', t1);
    assert.equal(spec(result.object).replicas, 3);
    const annotation =
      result.object.metadata.annotations?.['kubectl.kubernetes.io/last-applied-configuration'];
    assert.equal(
      annotation,
      '{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{"replicas":3,"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"image":"nginx:1.27","name":"nginx"}]}}}}\n',
    );
  });

  it('still conflicts for any other manager', () => {
    const status = conflictOf(() => applied(clientSideApplied(), deployment({ replicas: 3 }), 'other', t1));
    assert.equal(
      status.message,
      'Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas',
    );
  });
});
