// Field ownership of non-apply writes (create, update, patch): Update entries, ownership moving to the
// writer, managedFields sent in the request, resets, subresources and the cap on Update entries; and the
// request-edge helpers (manager from the User-Agent, PatchOptions validation, decoding an apply body).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isStatusError } from '../../../../src/machinery/errors.js';
import {
  applyPatch,
  decodeApplyPatch,
  fieldManagerName,
  invalidPatchOptions,
  patchOptionsErrors,
  trackUpdate,
} from '../../../../src/machinery/managed-fields/index.js';
import type { KubeObject } from '../../../../src/machinery/object.js';
import {
  deployment,
  deploymentOptions,
  entries,
  fieldsOf,
  stored,
  t0,
  t1,
  t2,
  type Json,
} from './fixtures.js';

function created(manager = 'kubectl-create'): KubeObject {
  const obj = deployment({ replicas: 1, labels: { app: 'web' } });
  obj.metadata.namespace = 'default';
  return stored(trackUpdate(undefined, obj, manager, deploymentOptions()));
}

function withReplicas(obj: KubeObject, replicas: number): KubeObject {
  return { ...obj, spec: { ...(obj.spec as Json), replicas } };
}

describe('trackUpdate: create', () => {
  it('records every field the creator set, with `.` for maps and items it created', () => {
    const obj = created();
    assert.deepEqual(entries(obj), [
      { manager: 'kubectl-create', operation: 'Update', apiVersion: 'apps/v1', time: t0 },
    ]);
    // spec and template.metadata exist in the zero value (non-pointer structs), so they get no `.`.
    assert.equal(
      JSON.stringify(fieldsOf(obj, 'kubectl-create', 'Update')),
      JSON.stringify({
        'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
        'f:spec': {
          'f:replicas': {},
          'f:selector': {},
          'f:template': {
            'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
            'f:spec': { 'f:containers': { 'k:{"name":"nginx"}': { '.': {}, 'f:image': {}, 'f:name': {} } } },
          },
        },
      }),
    );
  });

  it('hands every field it set to the creator, even from managers the request names', () => {
    const obj = deployment({ replicas: 1 });
    obj.metadata.managedFields = [
      {
        manager: 'importer',
        operation: 'Apply',
        apiVersion: 'apps/v1',
        time: '2024-01-01T00:00:00Z',
        fieldsType: 'FieldsV1',
        fieldsV1: { 'f:spec': { 'f:replicas': {} } },
      },
    ];
    const result = trackUpdate(undefined, obj, 'kubectl-create', deploymentOptions());
    assert.deepEqual(
      entries(result).map((e) => `${e.manager} ${e.operation}`),
      ['kubectl-create Update'],
    );
  });
});

describe('trackUpdate: update', () => {
  it('moves the changed fields to the writer and keeps the others’ times', () => {
    const live = stored(
      applyPatch(undefined, deployment({ replicas: 2 }), 'alice', deploymentOptions()).object,
    );
    const result = trackUpdate(live, withReplicas(live, 5), 'kubectl-scale', deploymentOptions({ now: t1 }));
    assert.deepEqual(entries(result), [
      { manager: 'alice', operation: 'Apply', apiVersion: 'apps/v1', time: t0 },
      { manager: 'kubectl-scale', operation: 'Update', apiVersion: 'apps/v1', time: t1 },
    ]);
    assert.deepEqual(fieldsOf(result, 'kubectl-scale', 'Update'), { 'f:spec': { 'f:replicas': {} } });
    const alice = fieldsOf(result, 'alice') as { 'f:spec': Json };
    assert.equal(alice['f:spec']['f:replicas'], undefined);
  });

  it('changes nothing for a write that changes nothing', () => {
    const live = created();
    const result = trackUpdate(live, structuredClone(live), 'kubectl-edit', deploymentOptions({ now: t1 }));
    assert.equal(JSON.stringify(result), JSON.stringify(live));
  });

  it('accumulates one manager’s writes in one entry with the latest time', () => {
    const live = created();
    const first = stored(
      trackUpdate(live, withReplicas(live, 2), 'kubectl-edit', deploymentOptions({ now: t1 })),
    );
    const relabeled = { ...first, metadata: { ...first.metadata, labels: { app: 'web', tier: 'front' } } };
    const second = trackUpdate(first, relabeled, 'kubectl-edit', deploymentOptions({ now: t2 }));
    assert.deepEqual(entries(second), [
      { manager: 'kubectl-create', operation: 'Update', apiVersion: 'apps/v1', time: t0 },
      { manager: 'kubectl-edit', operation: 'Update', apiVersion: 'apps/v1', time: t2 },
    ]);
    assert.deepEqual(fieldsOf(second, 'kubectl-edit', 'Update'), {
      'f:metadata': { 'f:labels': { 'f:tier': {} } },
      'f:spec': { 'f:replicas': {} },
    });
  });

  it('drops what the write removed from every manager', () => {
    const live = created();
    const { replicas: _gone, ...rest } = live.spec as Json;
    const result = trackUpdate(live, { ...live, spec: rest }, 'kubectl-edit', deploymentOptions({ now: t1 }));
    const creator = fieldsOf(result, 'kubectl-create', 'Update') as { 'f:spec': Json };
    assert.equal(creator['f:spec']['f:replicas'], undefined);
    assert.deepEqual(
      entries(result).map((e) => e.manager),
      ['kubectl-create'],
    );
  });

  it('resets tracking for an empty managedFields list, and stays untracked afterwards', () => {
    const live = created();
    const reset = { ...withReplicas(live, 3), metadata: { ...live.metadata, managedFields: [] } };
    const result = stored(trackUpdate(live, reset, 'kubectl-edit', deploymentOptions({ now: t1 })));
    assert.equal('managedFields' in result.metadata, false);
    const next = trackUpdate(result, withReplicas(result, 4), 'kubectl-edit', deploymentOptions({ now: t2 }));
    assert.equal('managedFields' in next.metadata, false);
  });

  it('resets tracking for a list of one empty entry too', () => {
    const live = created();
    const reset = { ...live, metadata: { ...live.metadata, managedFields: [{}] } };
    assert.equal(trackUpdate(live, reset, 'x', deploymentOptions()).metadata.managedFields, undefined);
  });

  it('takes managedFields the request sets instead of the live ones', () => {
    const live = created();
    const request = {
      ...live,
      metadata: {
        ...live.metadata,
        labels: { app: 'web', tier: 'front' },
        managedFields: [
          {
            manager: 'importer',
            operation: 'Apply',
            apiVersion: 'apps/v1',
            time: '2024-01-01T00:00:00Z',
            fieldsType: 'FieldsV1',
            fieldsV1: { 'f:spec': { 'f:replicas': {} } },
          },
        ],
      },
    };
    const result = trackUpdate(live, request, 'kubectl-edit', deploymentOptions({ now: t1 }));
    assert.deepEqual(entries(result), [
      { manager: 'importer', operation: 'Apply', apiVersion: 'apps/v1', time: '2024-01-01T00:00:00Z' },
      { manager: 'kubectl-edit', operation: 'Update', apiVersion: 'apps/v1', time: t1 },
    ]);
    assert.deepEqual(fieldsOf(result, 'kubectl-edit', 'Update'), {
      'f:metadata': { 'f:labels': { 'f:tier': {} } },
    });
  });

  it('falls back to the live managedFields when the request’s cannot be decoded', () => {
    const live = created();
    const bogus = {
      ...withReplicas(live, 2),
      metadata: { ...live.metadata, managedFields: [{ operation: 'Bogus' }] },
    };
    const result = trackUpdate(live, bogus, 'kubectl-edit', deploymentOptions({ now: t1 }));
    assert.deepEqual(
      entries(result).map((e) => e.manager),
      ['kubectl-create', 'kubectl-edit'],
    );
  });

  it('records subresource writes with their subresource, from the live entries', () => {
    const live = created();
    const scaled = { ...withReplicas(live, 4), metadata: { ...live.metadata, managedFields: [] } };
    const result = trackUpdate(
      live,
      scaled,
      'kubectl',
      deploymentOptions({ now: t1, subresource: 'scale', resetFields: [] }),
    );
    assert.deepEqual(entries(result), [
      { manager: 'kubectl-create', operation: 'Update', apiVersion: 'apps/v1', time: t0 },
      { manager: 'kubectl', operation: 'Update', apiVersion: 'apps/v1', time: t1, subresource: 'scale' },
    ]);
  });

  it('merges the oldest of more than ten Update entries into ancient-changes', () => {
    let obj = created('writer-00');
    for (let i = 1; i <= 10; i++) {
      const now = `2025-03-01T10:00:${String(i).padStart(2, '0')}Z`;
      const writer = `writer-${String(i).padStart(2, '0')}`;
      const labeled = {
        ...obj,
        metadata: { ...obj.metadata, labels: { ...obj.metadata.labels, [writer]: 'x' } },
      };
      obj = stored(trackUpdate(obj, labeled, writer, deploymentOptions({ now })));
    }
    const managers = entries(obj).map((e) => e.manager);
    assert.equal(managers.length, 10);
    assert.equal(managers.includes('ancient-changes'), true);
    assert.equal(managers.includes('writer-00'), false);
    assert.equal(managers.includes('writer-01'), false);
    assert.equal(managers.includes('writer-10'), true);
  });
});

describe('fieldManagerName', () => {
  it('prefers the fieldManager parameter', () => {
    assert.equal(fieldManagerName('helm', 'kubectl/v1.35.2 (linux/amd64) kubernetes/abc'), 'helm');
  });

  it('takes the User-Agent up to its first slash', () => {
    assert.equal(fieldManagerName('', 'kubectl/v1.35.2 (linux/amd64) kubernetes/abc'), 'kubectl');
    assert.equal(fieldManagerName('', 'Go-http-client/2.0'), 'Go-http-client');
    assert.equal(fieldManagerName('', ''), '');
  });

  it('drops unprintable characters and cuts to 128 bytes', () => {
    assert.equal(fieldManagerName('', 'a\u0007b\tc/1'), 'abc');
    assert.equal(fieldManagerName('', `${'x'.repeat(200)}/1`), 'x'.repeat(128));
  });
});

describe('patchOptionsErrors', () => {
  it('requires a fieldManager for apply, with the upstream message', () => {
    const errors = patchOptionsErrors({ apply: true, fieldManager: '', forceSent: false });
    const error = invalidPatchOptions(errors);
    assert.equal(error.code, 422);
    assert.equal(
      error.message,
      'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
    );
  });

  it('forbids force on other patches and checks the manager name', () => {
    assert.equal(
      invalidPatchOptions(patchOptionsErrors({ apply: false, fieldManager: '', forceSent: true })).message,
      'PatchOptions.meta.k8s.io "" is invalid: force: Forbidden: may not be specified for non-apply patch',
    );
    assert.deepEqual(patchOptionsErrors({ apply: true, fieldManager: 'kubectl', forceSent: true }), []);
    assert.equal(
      invalidPatchOptions(
        patchOptionsErrors({ apply: true, fieldManager: 'x'.repeat(129), forceSent: false }),
      ).message,
      'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Too long: may not be more than 128 bytes',
    );
  });
});

describe('decodeApplyPatch', () => {
  it('reads YAML and JSON bodies', () => {
    const yaml = decodeApplyPatch('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  k: "v"\n');
    assert.deepEqual(yaml, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c' },
      data: { k: 'v' },
    });
    const json = decodeApplyPatch('{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"}}');
    assert.deepEqual(json, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } });
  });

  it('rejects bodies that are not mappings', () => {
    assert.throws(
      () => decodeApplyPatch('- a\n- b\n'),
      (error: unknown) =>
        isStatusError(error, 'BadRequest') &&
        error.message ===
          'error decoding patch: json: cannot unmarshal array into Go value of type map[string]interface {}',
    );
    assert.throws(
      () => decodeApplyPatch('{"a": [}'),
      (error: unknown) =>
        isStatusError(error, 'BadRequest') && error.message.startsWith('error decoding patch: '),
    );
  });
});
