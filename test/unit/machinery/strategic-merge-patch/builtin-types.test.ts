// Strategic merge patch on built-in kinds with the registry's real patch metadata, using patches shaped as
// kubectl sends them (apply's three-way patches with $setElementOrder, patch, set image, rollout restart).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { schemaRegistry } from '../../../../src/api/schema/index.js';
import { applyStrategicMergePatch } from '../../../../src/machinery/strategic-merge-patch/index.js';

type Json = Record<string, unknown>;

function typeOf(group: string, version: string, kind: string): string {
  const schema = schemaRegistry.kindSchema(group, version, kind);
  assert.ok(schema !== undefined, `${group}/${version} ${kind} is registered`);
  return schema.type;
}

const deploymentType = typeOf('apps', 'v1', 'Deployment');

function deployment(): Json {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'shop', labels: { app: 'web', tier: 'front' } },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [
            {
              name: 'nginx',
              image: 'nginx:1.27',
              ports: [
                { containerPort: 80, protocol: 'TCP' },
                { containerPort: 443, protocol: 'TCP' },
              ],
              env: [
                { name: 'A', value: '1' },
                { name: 'B', value: '2' },
              ],
              volumeMounts: [{ name: 'data', mountPath: '/data' }],
            },
          ],
          volumes: [{ name: 'data', emptyDir: {} }],
          tolerations: [{ key: 'a', operator: 'Exists' }],
        },
      },
    },
  };
}

function podSpecOf(object: unknown): Json {
  const spec = (object as { spec: { template: { spec: Json } } }).spec.template.spec;
  return spec;
}

function containersOf(object: unknown): Json[] {
  return podSpecOf(object).containers as Json[];
}

function patchDeployment(patch: unknown): unknown {
  return applyStrategicMergePatch(deployment(), patch, deploymentType);
}

function templateSpecPatch(spec: Json): Json {
  return { spec: { template: { spec } } };
}

describe('strategic merge patch on a Deployment', () => {
  it('changes one container image and keeps everything else (kubectl set image)', () => {
    const result = patchDeployment(
      templateSpecPatch({ containers: [{ name: 'nginx', image: 'nginx:1.28' }] }),
    );
    const expected = deployment();
    (podSpecOf(expected).containers as Json[])[0]!.image = 'nginx:1.28';
    assert.deepEqual(result, expected);
  });

  it('merges env into the named container; a new variable goes first, as upstream orders it', () => {
    const result = patchDeployment(
      templateSpecPatch({ containers: [{ name: 'nginx', env: [{ name: 'C', value: '3' }] }] }),
    );
    assert.deepEqual(containersOf(result)[0]!.env, [
      { name: 'C', value: '3' },
      { name: 'A', value: '1' },
      { name: 'B', value: '2' },
    ]);
  });

  it('changes an existing variable in place', () => {
    const result = patchDeployment(
      templateSpecPatch({ containers: [{ name: 'nginx', env: [{ name: 'B', value: '9' }] }] }),
    );
    assert.deepEqual(containersOf(result)[0]!.env, [
      { name: 'A', value: '1' },
      { name: 'B', value: '9' },
    ]);
  });

  it('removes a port and an env var the manifest dropped (kubectl apply)', () => {
    const result = patchDeployment(
      templateSpecPatch({
        '$setElementOrder/containers': [{ name: 'nginx' }],
        containers: [
          {
            name: 'nginx',
            '$setElementOrder/env': [{ name: 'A' }],
            '$setElementOrder/ports': [{ containerPort: 80 }],
            env: [{ name: 'B', $patch: 'delete' }],
            ports: [{ containerPort: 443, $patch: 'delete' }],
          },
        ],
      }),
    );
    const container = containersOf(result)[0]!;
    assert.deepEqual(container.env, [{ name: 'A', value: '1' }]);
    assert.deepEqual(container.ports, [{ containerPort: 80, protocol: 'TCP' }]);
    assert.equal(container.image, 'nginx:1.27');
  });

  it('adds a sidecar after the existing container (kubectl apply orders by $setElementOrder)', () => {
    const result = patchDeployment(
      templateSpecPatch({
        '$setElementOrder/containers': [{ name: 'nginx' }, { name: 'sidecar' }],
        containers: [{ name: 'sidecar', image: 'busybox' }],
      }),
    );
    assert.deepEqual(
      containersOf(result).map((c) => [c.name, c.image]),
      [
        ['nginx', 'nginx:1.27'],
        ['sidecar', 'busybox'],
      ],
    );
  });

  it('adds a sidecar first without $setElementOrder (kubectl patch)', () => {
    const result = patchDeployment(
      templateSpecPatch({ containers: [{ name: 'sidecar', image: 'busybox' }] }),
    );
    assert.deepEqual(
      containersOf(result).map((c) => c.name),
      ['sidecar', 'nginx'],
    );
  });

  it('deletes a container with $patch: delete', () => {
    const result = patchDeployment(templateSpecPatch({ containers: [{ name: 'nginx', $patch: 'delete' }] }));
    assert.deepEqual(containersOf(result), []);
  });

  it('merges volume mounts by mountPath', () => {
    const result = patchDeployment(
      templateSpecPatch({
        containers: [
          {
            name: 'nginx',
            volumeMounts: [
              { mountPath: '/data', readOnly: true },
              { name: 'cache', mountPath: '/cache' },
            ],
          },
        ],
      }),
    );
    assert.deepEqual(containersOf(result)[0]!.volumeMounts, [
      { name: 'data', mountPath: '/data', readOnly: true },
      { name: 'cache', mountPath: '/cache' },
    ]);
  });

  it('switches a volume source with $retainKeys (volumes are merge,retainKeys)', () => {
    const result = patchDeployment(
      templateSpecPatch({
        volumes: [{ name: 'data', $retainKeys: ['configMap', 'name'], configMap: { name: 'settings' } }],
      }),
    );
    assert.deepEqual(podSpecOf(result).volumes, [{ name: 'data', configMap: { name: 'settings' } }]);
  });

  it('switches the rollout strategy with $retainKeys', () => {
    const result = patchDeployment({
      spec: { strategy: { $retainKeys: ['type'], type: 'Recreate' } },
    }) as Json;
    assert.deepEqual((result.spec as Json).strategy, { type: 'Recreate' });
  });

  it('replaces tolerations whole (no patch strategy)', () => {
    const result = patchDeployment(templateSpecPatch({ tolerations: [{ key: 'b', operator: 'Exists' }] }));
    assert.deepEqual(podSpecOf(result).tolerations, [{ key: 'b', operator: 'Exists' }]);
  });

  it('removes a label with null and adds another', () => {
    const result = patchDeployment({ metadata: { labels: { tier: null, env: 'prod' } } }) as Json;
    assert.deepEqual((result.metadata as Json).labels, { app: 'web', env: 'prod' });
  });

  it('adds the restartedAt annotation to the pod template (kubectl rollout restart)', () => {
    const at = '2025-01-01T00:00:00Z';
    const result = patchDeployment({
      spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': at } } } },
    });
    const template = (result as { spec: { template: { metadata: Json } } }).spec.template.metadata;
    assert.deepEqual(template, {
      labels: { app: 'web' },
      annotations: { 'kubectl.kubernetes.io/restartedAt': at },
    });
  });

  it('merges finalizers as a set and ownerReferences by uid', () => {
    const original = {
      metadata: {
        name: 'web',
        finalizers: ['a/one'],
        ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'x', uid: 'u1' }],
      },
    };
    const patch = {
      metadata: {
        finalizers: ['a/two', 'a/one'],
        ownerReferences: [{ uid: 'u1', controller: true }],
      },
    };
    assert.deepEqual(applyStrategicMergePatch(original, patch, deploymentType), {
      metadata: {
        name: 'web',
        finalizers: ['a/two', 'a/one'],
        ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'x', uid: 'u1', controller: true }],
      },
    });
  });
});

describe('strategic merge patch on other built-in kinds', () => {
  it('merges Service ports by port', () => {
    const service = {
      spec: {
        ports: [
          { name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' },
          { name: 'https', port: 443, targetPort: 8443, protocol: 'TCP' },
        ],
      },
    };
    const result = applyStrategicMergePatch(
      service,
      { spec: { ports: [{ port: 80, targetPort: 9090 }] } },
      typeOf('', 'v1', 'Service'),
    );
    assert.deepEqual(result, {
      spec: {
        ports: [
          { name: 'http', port: 80, targetPort: 9090, protocol: 'TCP' },
          { name: 'https', port: 443, targetPort: 8443, protocol: 'TCP' },
        ],
      },
    });
  });

  it('merges a Service port of another protocol into the one with the same port number, as upstream does', () => {
    const service = { spec: { ports: [{ name: 'dns-tcp', port: 53, protocol: 'TCP' }] } };
    const result = applyStrategicMergePatch(
      service,
      { spec: { ports: [{ name: 'dns-udp', port: 53, protocol: 'UDP' }] } },
      typeOf('', 'v1', 'Service'),
    );
    assert.deepEqual(result, { spec: { ports: [{ name: 'dns-udp', port: 53, protocol: 'UDP' }] } });
  });

  it('replaces Node taints whole (kubectl taint)', () => {
    const node = { spec: { taints: [{ key: 'a', value: '1', effect: 'NoSchedule' }] } };
    const taints = [
      { key: 'a', value: '1', effect: 'NoSchedule' },
      { key: 'b', value: '2', effect: 'NoExecute' },
    ];
    const result = applyStrategicMergePatch(node, { spec: { taints } }, typeOf('', 'v1', 'Node'));
    assert.deepEqual(result, { spec: { taints } });
  });

  it('replaces a PodDisruptionBudget selector whole (patchStrategy replace)', () => {
    const pdb = { spec: { selector: { matchLabels: { app: 'web' } }, minAvailable: 1 } };
    const result = applyStrategicMergePatch(
      pdb,
      { spec: { selector: { matchLabels: { app: 'api' } } } },
      typeOf('policy', 'v1', 'PodDisruptionBudget'),
    );
    assert.deepEqual(result, { spec: { selector: { matchLabels: { app: 'api' } }, minAvailable: 1 } });
  });

  it('merges ConfigMap data per key', () => {
    const result = applyStrategicMergePatch(
      { data: { a: '1', b: '2' } },
      { data: { b: null, c: '3' } },
      typeOf('', 'v1', 'ConfigMap'),
    );
    assert.deepEqual(result, { data: { a: '1', c: '3' } });
  });

  it('merges pod imagePullSecrets by name and replaces container args', () => {
    const pod = {
      spec: {
        imagePullSecrets: [{ name: 'one' }],
        containers: [{ name: 'c', image: 'busybox', args: ['sleep', '1'] }],
      },
    };
    const result = applyStrategicMergePatch(
      pod,
      { spec: { imagePullSecrets: [{ name: 'two' }], containers: [{ name: 'c', args: ['sleep', '2'] }] } },
      typeOf('', 'v1', 'Pod'),
    );
    assert.deepEqual(result, {
      spec: {
        imagePullSecrets: [{ name: 'two' }, { name: 'one' }],
        containers: [{ name: 'c', image: 'busybox', args: ['sleep', '2'] }],
      },
    });
  });
});
