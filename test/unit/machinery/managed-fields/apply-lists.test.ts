// Server-side apply of lists (list maps by key, sets by value, atomic lists whole), of custom resources
// (deduced types and structural schemas), and the checks on the applied object.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isStatusError } from '../../../../src/machinery/errors.js';
import { applyPatch, trackUpdate } from '../../../../src/machinery/managed-fields/index.js';
import type { KubeObject } from '../../../../src/machinery/object.js';
import {
  applied,
  applyStored,
  conflictOf,
  containers,
  deployment,
  deploymentOptions,
  fieldsOf,
  stored,
  t0,
  t1,
  t2,
} from './fixtures.js';

describe('applyPatch: lists', () => {
  it('merges list-map items by key, keeping items other managers added in place', () => {
    const live = applyStored(undefined, deployment(), 'alice');
    const withSidecar = stored(
      trackUpdate(
        live,
        {
          ...live,
          spec: deployment({
            containers: [
              { name: 'nginx', image: 'nginx:1.27' },
              { name: 'sidecar', image: 'envoy' },
            ],
          }).spec,
        },
        'kubectl-edit',
        deploymentOptions({ now: t1 }),
      ),
    );
    const config = deployment({
      containers: [
        { name: 'nginx', image: 'nginx:1.28' },
        { name: 'log', image: 'fluentbit' },
      ],
    });
    const result = applied(withSidecar, config, 'alice', t2);
    assert.deepEqual(containers(result.object), [
      { name: 'nginx', image: 'nginx:1.28' },
      { name: 'sidecar', image: 'envoy' },
      { name: 'log', image: 'fluentbit' },
    ]);
    // alice drops `log` again: only her item goes.
    const dropped = applied(
      stored(result.object),
      deployment({ containers: [{ name: 'nginx', image: 'nginx:1.28' }] }),
      'alice',
      t2,
    );
    assert.deepEqual(
      containers(dropped.object).map((c) => c.name),
      ['nginx', 'sidecar'],
    );
  });

  it('names a port by its keys, with the default protocol when the item omits it', () => {
    const live = applyStored(
      undefined,
      deployment({ containers: [{ name: 'nginx', ports: [{ containerPort: 80 }] }] }),
      'alice',
    );
    const defaulted = {
      ...live,
      spec: deployment({ containers: [{ name: 'nginx', ports: [{ containerPort: 80, protocol: 'TCP' }] }] })
        .spec,
    };
    const result = applied(
      defaulted,
      deployment({ containers: [{ name: 'nginx', ports: [{ containerPort: 80 }] }] }),
      'alice',
      t1,
    );
    assert.deepEqual(containers(result.object)[0]?.ports, [{ containerPort: 80, protocol: 'TCP' }]);
    const fields = fieldsOf(result.object, 'alice') as Record<string, Record<string, unknown>>;
    assert.equal(
      JSON.stringify(fields['f:spec']?.['f:template']),
      JSON.stringify({
        'f:metadata': { 'f:labels': { 'f:app': {} } },
        'f:spec': {
          'f:containers': {
            'k:{"name":"nginx"}': {
              '.': {},
              'f:name': {},
              'f:ports': { 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} } },
            },
          },
        },
      }),
    );
  });

  it('merges set items by value and prunes only the applier’s own', () => {
    const withFinalizers = (finalizers: string[]): KubeObject => ({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', finalizers },
    });
    const live = applyStored(undefined, withFinalizers(['example.com/a']), 'alice');
    assert.deepEqual(fieldsOf(live, 'alice'), {
      'f:metadata': { 'f:finalizers': { 'v:"example.com/a"': {} } },
    });
    const both = applyStored(live, withFinalizers(['example.com/b']), 'bob', t1);
    assert.deepEqual(both.metadata.finalizers, ['example.com/a', 'example.com/b']);
    const result = applied(
      both,
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' } },
      'alice',
      t2,
    );
    assert.deepEqual(result.object.metadata.finalizers, ['example.com/b']);
  });

  it('replaces and owns atomic lists whole', () => {
    const withCommand = (command: string[]) => deployment({ containers: [{ name: 'nginx', command }] });
    const live = applyStored(undefined, withCommand(['nginx', '-g']), 'alice');
    const fields = fieldsOf(live, 'alice') as Record<string, Record<string, Record<string, unknown>>>;
    assert.deepEqual(fields['f:spec']?.['f:template']?.['f:spec'], {
      'f:containers': { 'k:{"name":"nginx"}': { '.': {}, 'f:command': {}, 'f:name': {} } },
    });
    const replaced = applyStored(live, withCommand(['sh']), 'alice', t1);
    assert.deepEqual(containers(replaced)[0]?.command, ['sh']);
    const status = conflictOf(() => applied(replaced, withCommand(['sh', '-c']), 'bob', t2));
    assert.equal(
      status.message,
      'Apply failed with 1 conflict: conflict with "alice": .spec.template.spec.containers[name="nginx"].command',
    );
  });
});

describe('applyPatch: custom resources', () => {
  const widget = (spec: Record<string, unknown>): KubeObject => ({
    apiVersion: 'example.com/v1',
    kind: 'Widget',
    metadata: { name: 'w' },
    spec,
  });
  const options = (extra: Record<string, unknown> = {}) => ({
    force: false,
    now: t0,
    apiVersion: 'example.com/v1',
    kind: 'Widget',
    target: { group: 'example.com', resource: 'widgets', namespace: 'default', name: 'w' },
    ...extra,
  });

  it('deduces types without a schema: maps granular, lists atomic', () => {
    const result = applyPatch(undefined, widget({ size: 1, tags: ['a'] }), 'mgr', options());
    assert.deepEqual(fieldsOf(result.object, 'mgr'), { 'f:spec': { '.': {}, 'f:size': {}, 'f:tags': {} } });
  });

  it('follows the structural schema: list maps merge by key', () => {
    const schema = {
      type: 'object',
      properties: {
        spec: {
          type: 'object',
          properties: {
            ports: {
              type: 'array',
              'x-kubernetes-list-type': 'map',
              'x-kubernetes-list-map-keys': ['name'],
              items: { type: 'object', properties: { name: { type: 'string' }, port: { type: 'integer' } } },
            },
          },
        },
      },
    };
    const first = applyPatch(
      undefined,
      widget({ ports: [{ name: 'http', port: 80 }] }),
      'alice',
      options({ customResourceSchema: schema }),
    );
    assert.deepEqual(fieldsOf(first.object, 'alice'), {
      'f:spec': { 'f:ports': { 'k:{"name":"http"}': { '.': {}, 'f:name': {}, 'f:port': {} } } },
    });
    const live = { ...first.object, metadata: { ...first.object.metadata, uid: 'u' } };
    const second = applyPatch(
      live,
      widget({ ports: [{ name: 'https', port: 443 }] }),
      'bob',
      options({ customResourceSchema: schema, now: t1 }),
    );
    assert.deepEqual((second.object.spec as { ports: unknown }).ports, [
      { name: 'http', port: 80 },
      { name: 'https', port: 443 },
    ]);
  });
});

describe('applyPatch: request checks', () => {
  function badRequestMessage(fn: () => unknown): string {
    try {
      fn();
    } catch (error) {
      assert.ok(isStatusError(error, 'BadRequest'), `expected a BadRequest, got ${String(error)}`);
      return error.message;
    }
    assert.fail('expected a BadRequest');
  }

  it('rejects a configuration of another kind or version', () => {
    assert.equal(
      badRequestMessage(() => applied(undefined, { ...deployment(), kind: 'ReplicaSet' }, 'kubectl')),
      'invalid object type: apps/v1, Kind=ReplicaSet',
    );
    assert.equal(
      badRequestMessage(() => applied(undefined, { ...deployment(), apiVersion: 'v1' }, 'kubectl')),
      'invalid object type: /v1, Kind=Deployment',
    );
  });

  it('rejects managedFields in the configuration', () => {
    const config = deployment();
    config.metadata.managedFields = [];
    assert.equal(
      badRequestMessage(() => applied(undefined, config, 'kubectl')),
      'metadata.managedFields must be nil',
    );
  });

  it('rejects a configuration that names another object', () => {
    const config = deployment();
    config.metadata.name = 'api';
    assert.equal(
      badRequestMessage(() => applied(undefined, config, 'kubectl')),
      'the name of the object (api) does not match the name on the URL (web)',
    );
    config.metadata.name = 'web';
    config.metadata.namespace = 'other';
    assert.equal(
      badRequestMessage(() => applied(undefined, config, 'kubectl')),
      'the namespace of the provided object does not match the namespace sent on the request',
    );
  });

  it('refuses to create from a configuration with a uid', () => {
    const config = deployment();
    config.metadata.uid = 'abc';
    const status = conflictOf(() => applied(undefined, config, 'kubectl'));
    assert.equal(
      status.message,
      'Operation cannot be fulfilled on deployments.apps "web": uid mismatch: the provided object specified uid abc, and no existing object was found',
    );
  });

  it('fails on a configuration that names a list item twice', () => {
    const config = deployment({ containers: [{ name: 'nginx' }, { name: 'nginx' }] });
    assert.throws(
      () => applied(undefined, config, 'kubectl'),
      (error: unknown) =>
        isStatusError(error, 'InternalError') &&
        error.message ===
          'failed to create typed patch object (/web; apps/v1, Kind=Deployment): .spec.template.spec.containers: duplicate entries for key [name="nginx"]',
    );
  });
});
