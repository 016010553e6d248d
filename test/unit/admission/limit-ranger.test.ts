import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  claimLimitViolations,
  limitRanger,
  limitRangerAnnotation,
  podLimitViolations,
} from '../../../src/admission/plugins/limit-ranger.js';
import type { KubeObject } from '../../../src/machinery/object.js';
import {
  admissionFixture,
  container,
  namespace,
  pod,
  rejectsWithStatus,
  resources,
  type AdmissionFixture,
} from './admission-fixtures.js';

function limitRange(ns: string, name: string, limits: Record<string, unknown>[]): KubeObject {
  return { apiVersion: 'v1', kind: 'LimitRange', metadata: { name, namespace: ns }, spec: { limits } };
}

function claim(ns: string, name: string, storage: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name, namespace: ns },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage } } },
  };
}

function containerResources(obj: KubeObject, index = 0): unknown {
  const spec = obj['spec'] as { containers: { resources?: unknown }[] };
  return spec.containers[index]?.resources;
}

describe('LimitRanger', () => {
  let fx: AdmissionFixture;

  before(async () => {
    fx = admissionFixture();
    const plugin = limitRanger(fx.registry);
    fx.use([plugin.mutating], [plugin.validating]);
    const ctx = fx.ctx();
    for (const ns of ['defaults', 'bounds', 'pods', 'claims', 'ratio']) await fx.create(ctx, namespace(ns));
    await fx.create(
      ctx,
      limitRange('defaults', 'lr', [
        { type: 'Container', default: { cpu: '500m', memory: '256Mi' }, defaultRequest: { cpu: '0.1' } },
      ]),
    );
    await fx.create(
      ctx,
      limitRange('bounds', 'lr', [
        { type: 'Container', min: { memory: '64Mi' }, max: { cpu: '1', memory: '1Gi' } },
      ]),
    );
    await fx.create(ctx, limitRange('pods', 'lr', [{ type: 'Pod', max: { cpu: '1' } }]));
    await fx.create(
      ctx,
      limitRange('claims', 'lr', [
        { type: 'PersistentVolumeClaim', min: { storage: '1Gi' }, max: { storage: '5Gi' } },
      ]),
    );
    await fx.create(
      ctx,
      limitRange('ratio', 'lr', [{ type: 'Container', maxLimitRequestRatio: { cpu: '2' } }]),
    );
  });

  after(() => fx.close());

  it('defaults unset requests and limits and says so in an annotation', async () => {
    const created = await fx.create(
      fx.ctx(),
      pod('defaults', 'web', {
        containers: [container('app'), container('side', resources({ cpu: '200m' }))],
      }),
    );
    assert.deepEqual(containerResources(created, 0), {
      limits: { cpu: '500m', memory: '256Mi' },
      requests: { cpu: '100m', memory: '256Mi' },
    });
    // The LimitRange strategy defaults defaultRequest.memory from default.memory.
    assert.deepEqual(containerResources(created, 1), {
      requests: { cpu: '200m', memory: '256Mi' },
      limits: { cpu: '500m', memory: '256Mi' },
    });
    assert.equal(
      created.metadata.annotations?.[limitRangerAnnotation],
      'LimitRanger plugin set: cpu, memory request for container app; cpu, memory limit for container app; ' +
        'memory request for container side; cpu, memory limit for container side',
    );
  });

  it('defaults init containers too', async () => {
    const created = await fx.create(
      fx.ctx(),
      pod('defaults', 'init', { initContainers: [container('setup')] }),
    );
    assert.match(
      created.metadata.annotations?.[limitRangerAnnotation] ?? '',
      /cpu, memory limit for init container setup$/,
    );
  });

  it('refuses a container limit above the maximum, with every violation', async () => {
    await rejectsWithStatus(
      fx.create(
        fx.ctx(),
        pod('bounds', 'big', {
          containers: [container('app', resources({ memory: '128Mi' }, { cpu: '2', memory: '2Gi' }))],
        }),
      ),
      'Forbidden',
      'pods "big" is forbidden: [maximum cpu usage per Container is 1, but limit is 2, ' +
        'maximum memory usage per Container is 1Gi, but limit is 2Gi]',
    );
  });

  it('defaults from max and min when a LimitRange sets no defaults', async () => {
    const created = await fx.create(fx.ctx(), pod('bounds', 'bare'));
    assert.deepEqual(containerResources(created), {
      limits: { cpu: '1', memory: '1Gi' },
      requests: { cpu: '1', memory: '1Gi' },
    });
  });

  it('requires a limit when a Pod item has a maximum', async () => {
    await rejectsWithStatus(
      fx.create(fx.ctx(), pod('pods', 'bare')),
      'Forbidden',
      'pods "bare" is forbidden: maximum cpu usage per Pod is 1.  No limit is specified',
    );
  });

  it('accepts a pod inside the bounds', async () => {
    const ok = container('app', resources({ memory: '100Mi' }, { cpu: '500m', memory: '1024Mi' }));
    await fx.create(fx.ctx(), pod('bounds', 'fits', { containers: [ok] }));
  });

  it('bounds the pod total for Pod items', async () => {
    const half = container('a', resources({ cpu: '600m' }, { cpu: '600m' }));
    await rejectsWithStatus(
      fx.create(fx.ctx(), pod('pods', 'two', { containers: [half, { ...half, name: 'b' }] })),
      'Forbidden',
      'pods "two" is forbidden: maximum cpu usage per Pod is 1, but limit is 1200m',
    );
  });

  it('bounds the limit to request ratio', async () => {
    await rejectsWithStatus(
      fx.create(
        fx.ctx(),
        pod('ratio', 'bursty', {
          containers: [container('app', resources({ cpu: '100m' }, { cpu: '500m' }))],
        }),
      ),
      'Forbidden',
      'pods "bursty" is forbidden: cpu max limit to request ratio per Container is 2, but provided ratio is 5.000000',
    );
    await rejectsWithStatus(
      fx.create(fx.ctx(), pod('ratio', 'unset')),
      'Forbidden',
      'pods "unset" is forbidden: cpu max limit to request ratio per Container is 2, but no request is specified or request is 0',
    );
  });

  it('bounds PersistentVolumeClaim storage requests on create and update', async () => {
    await rejectsWithStatus(
      fx.create(fx.ctx(), claim('claims', 'tiny', '500Mi')),
      'Forbidden',
      'persistentvolumeclaims "tiny" is forbidden: minimum storage usage per PersistentVolumeClaim is 1Gi, but request is 500Mi',
    );
    await fx.create(fx.ctx(), claim('claims', 'data', '2Gi'));
    // Only bound claims may change their requests.
    await fx
      .store('persistentvolumeclaims')
      .guaranteedUpdate(fx.ctx(), 'claims', 'data', { dryRun: false, subresource: 'status' }, '', (c) => ({
        ...c,
        status: { phase: 'Bound' },
      }));
    await rejectsWithStatus(
      fx
        .store('persistentvolumeclaims')
        .guaranteedUpdate(fx.ctx(), 'claims', 'data', { dryRun: false }, '', (c) => {
          (c['spec'] as { resources: { requests: Record<string, string> } }).resources.requests['storage'] =
            '10Gi';
          return c;
        }),
      'Forbidden',
      'persistentvolumeclaims "data" is forbidden: maximum storage usage per PersistentVolumeClaim is 5Gi, but request is 10Gi',
    );
  });

  it('reads LimitRanges only from the request’s logical cluster', async () => {
    const other = fx.ctx('tenant-a');
    await fx.create(other, namespace('bounds'));
    const created = await fx.create(other, pod('bounds', 'bare'));
    assert.deepEqual(containerResources(created), {});
  });
});

describe('LimitRanger checks', () => {
  const range = limitRange('ns', 'lr', [
    { type: 'Container', min: { cpu: '100m' } },
    { type: 'Pod', min: { memory: '1Gi' } },
  ]);

  it('compare exactly across suffixes', () => {
    const exact = pod('ns', 'p', {
      containers: [container('app', resources({ cpu: '0.1', memory: '1024Mi' }))],
    });
    assert.deepEqual(podLimitViolations(exact, range), []);
    const below = pod('ns', 'p', {
      containers: [container('app', resources({ cpu: '99m', memory: '1Gi' }, { cpu: '50m' }))],
    });
    assert.deepEqual(podLimitViolations(below, range), [
      'minimum cpu usage per Container is 100m, but request is 99m',
    ]);
  });

  it('sum containers and take the largest init container for Pod items', () => {
    const spec = {
      containers: [
        container('a', resources({ cpu: '1', memory: '300Mi' })),
        container('b', resources({ cpu: '1', memory: '300Mi' })),
      ],
      initContainers: [container('init', resources({ cpu: '1', memory: '1Gi' }))],
    };
    assert.deepEqual(podLimitViolations(pod('ns', 'p', spec), range), []);
    const small = { ...spec, initContainers: [container('init', resources({ cpu: '1', memory: '100Mi' }))] };
    assert.deepEqual(podLimitViolations(pod('ns', 'p', small), range), [
      'minimum memory usage per Pod is 1Gi, but request is 600Mi',
    ]);
  });

  it('ignore claim limits, which are not user input', () => {
    const lr = limitRange('ns', 'lr', [{ type: 'PersistentVolumeClaim', max: { storage: '1Gi' } }]);
    const noRequest: KubeObject = {
      metadata: { name: 'c' },
      spec: { resources: { limits: { storage: '1Gi' } } },
    };
    assert.deepEqual(claimLimitViolations(noRequest, lr), [
      'maximum storage usage per PersistentVolumeClaim is 1Gi.  No request is specified',
    ]);
  });
});
