import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { QuotaAccounting, resourceQuota } from '../../../src/admission/plugins/resource-quota/index.js';
import { runResourceQuotaController } from '../../../src/controllers/resource-quota.js';
import { isStatusError } from '../../../src/machinery/errors.js';
import type { KubeObject } from '../../../src/machinery/object.js';
import { clusterContext, listObjects, parseListQuery, wildcardContext } from '../../../src/registry/index.js';
import { eventually } from '../../support/eventually.js';
import {
  admissionFixture,
  container,
  namespace,
  pod,
  rejectsWithStatus,
  resources,
  silentLogger,
  type AdmissionFixture,
} from './admission-fixtures.js';

function quota(
  ns: string,
  name: string,
  hard: Record<string, string>,
  spec: Record<string, unknown> = {},
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ResourceQuota',
    metadata: { name, namespace: ns },
    spec: { hard, ...spec },
  };
}

function service(ns: string, name: string, type: string, ports: number): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: ns },
    spec: {
      type,
      ports: Array.from({ length: ports }, (_, i) => ({ name: `p${i}`, port: 80 + i, protocol: 'TCP' })),
    },
  };
}

function claim(ns: string, name: string, storage: string, storageClassName?: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name, namespace: ns },
    spec: {
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage } },
      ...(storageClassName === undefined ? {} : { storageClassName }),
    },
  };
}

function deployment(ns: string, name: string): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: ns },
    spec: {
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [container('app')] } },
    },
  };
}

function configMap(ns: string, name: string): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: ns } };
}

describe('ResourceQuota admission and controller', () => {
  let fx: AdmissionFixture;
  let controller: { stop(): void };

  const statusOf = async (ns: string, name: string, cluster = 'root') => {
    const q = await fx.get(fx.ctx(cluster), 'resourcequotas', ns, name);
    return (q['status'] ?? {}) as { hard?: Record<string, string>; used?: Record<string, string> };
  };

  /** Creates a namespace and a quota, then waits for the controller to have computed its usage. */
  const quotaIn = async (ns: string, q: KubeObject, cluster = 'root'): Promise<void> => {
    const ctx = fx.ctx(cluster);
    await fx.create(ctx, namespace(ns)).catch((error: unknown) => {
      if (!isStatusError(error, 'AlreadyExists')) throw error;
    });
    await fx.create(ctx, q);
    const hard = Object.keys((q['spec'] as { hard: Record<string, string> }).hard);
    await eventually(
      async () => {
        const used = (await statusOf(ns, q.metadata.name ?? '', cluster)).used ?? {};
        assert.deepEqual(Object.keys(used).sort(), hard.sort());
      },
      { description: `usage of quota ${q.metadata.name}` },
    );
  };

  before(() => {
    fx = admissionFixture();
    const accounting = new QuotaAccounting(fx.registry);
    fx.use([], [resourceQuota(fx.registry, accounting)]);
    controller = runResourceQuotaController(
      fx.registry,
      (cluster) => clusterContext(cluster, fx.signal, 'test-controller'),
      wildcardContext(fx.signal, 'test-controller'),
      silentLogger,
      accounting,
    );
  });

  after(async () => {
    controller.stop();
    await fx.close();
  });

  it('refuses the pod that would exceed a pod count, with upstream’s message', async () => {
    await quotaIn('count', quota('count', 'q', { pods: '2' }));
    await fx.create(fx.ctx(), pod('count', 'p1'));
    await fx.create(fx.ctx(), pod('count', 'p2'));
    await rejectsWithStatus(
      fx.create(fx.ctx(), pod('count', 'p3')),
      'Forbidden',
      'pods "p3" is forbidden: exceeded quota: q, requested: pods=1, used: pods=2, limited: pods=2',
    );
    assert.deepEqual(await statusOf('count', 'q'), { hard: { pods: '2' }, used: { pods: '2' } });
  });

  it('is never exceeded by concurrent creates', async () => {
    await quotaIn('burst', quota('burst', 'q', { pods: '5' }));
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) => fx.create(fx.ctx(), pod('burst', `p${i}`))),
    );
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 5);
    for (const r of results) {
      if (r.status === 'rejected') assert.ok(isStatusError(r.reason, 'Forbidden'), String(r.reason));
    }
    const listed = await listObjects(
      fx.store('pods'),
      fx.ctx(),
      'burst',
      parseListQuery(new URLSearchParams(), 'list'),
    );
    assert.equal(listed.items.length, 5);
    await eventually(async () => assert.equal((await statusOf('burst', 'q')).used?.['pods'], '5'));
  });

  it('requires quota’d compute resources on every container and sums them', async () => {
    await quotaIn('compute', quota('compute', 'compute', { 'requests.cpu': '1', 'limits.memory': '1Gi' }));
    await rejectsWithStatus(
      fx.create(fx.ctx(), pod('compute', 'bare', { initContainers: [container('init')] })),
      'Forbidden',
      'pods "bare" is forbidden: failed quota: compute: must specify limits.memory for: app,init; requests.cpu for: app,init',
    );
    const sized = (name: string) =>
      pod('compute', name, {
        containers: [container('app', resources({ cpu: '600m' }, { memory: '256Mi' }))],
      });
    await fx.create(fx.ctx(), sized('a'));
    await rejectsWithStatus(
      fx.create(fx.ctx(), sized('b')),
      'Forbidden',
      'pods "b" is forbidden: exceeded quota: compute, requested: requests.cpu=600m, used: requests.cpu=600m, limited: requests.cpu=1',
    );
    assert.deepEqual((await statusOf('compute', 'compute')).used, {
      'limits.memory': '256Mi',
      'requests.cpu': '600m',
    });
  });

  it('counts objects by legacy names and by count/<resource>.<group>', async () => {
    await quotaIn(
      'objects',
      quota('objects', 'objects', { configmaps: '1', 'count/deployments.apps': '1', 'count/secrets': '0' }),
    );
    await fx.create(fx.ctx(), configMap('objects', 'one'));
    await rejectsWithStatus(
      fx.create(fx.ctx(), configMap('objects', 'two')),
      'Forbidden',
      'configmaps "two" is forbidden: exceeded quota: objects, requested: configmaps=1, used: configmaps=1, limited: configmaps=1',
    );
    await fx.create(fx.ctx(), deployment('objects', 'web'), { group: 'apps' });
    await rejectsWithStatus(
      fx.create(fx.ctx(), deployment('objects', 'api'), { group: 'apps' }),
      'Forbidden',
      'deployments.apps "api" is forbidden: exceeded quota: objects, requested: count/deployments.apps=1, ' +
        'used: count/deployments.apps=1, limited: count/deployments.apps=1',
    );
  });

  it('counts node ports and load balancers of services', async () => {
    await quotaIn('svc', quota('svc', 'svc', { 'services.nodeports': '1', 'services.loadbalancers': '0' }));
    await fx.create(fx.ctx(), service('svc', 'internal', 'ClusterIP', 3));
    await rejectsWithStatus(
      fx.create(fx.ctx(), service('svc', 'np', 'NodePort', 2)),
      'Forbidden',
      'services "np" is forbidden: exceeded quota: svc, requested: services.nodeports=2, used: services.nodeports=0, limited: services.nodeports=1',
    );
    await rejectsWithStatus(
      fx.create(fx.ctx(), service('svc', 'lb', 'LoadBalancer', 1)),
      'Forbidden',
      'services "lb" is forbidden: exceeded quota: svc, requested: services.loadbalancers=1, used: services.loadbalancers=0, limited: services.loadbalancers=0',
    );
  });

  it('limits storage in total and per storage class', async () => {
    const gold = 'gold.storageclass.storage.k8s.io/requests.storage';
    await quotaIn('storage', quota('storage', 'storage', { 'requests.storage': '5Gi', [gold]: '1Gi' }));
    await fx.create(fx.ctx(), claim('storage', 'plain', '3Gi'));
    await rejectsWithStatus(
      fx.create(fx.ctx(), claim('storage', 'fast', '2Gi', 'gold')),
      'Forbidden',
      `persistentvolumeclaims "fast" is forbidden: exceeded quota: storage, requested: ${gold}=2Gi, used: ${gold}=0, limited: ${gold}=1Gi`,
    );
    await rejectsWithStatus(
      fx.create(fx.ctx(), claim('storage', 'big', '2560Mi')),
      'Forbidden',
      'persistentvolumeclaims "big" is forbidden: exceeded quota: storage, requested: requests.storage=2560Mi, used: requests.storage=3Gi, limited: requests.storage=5Gi',
    );
  });

  it('applies scoped quotas only to matching pods', async () => {
    await quotaIn('scopes', quota('scopes', 'best-effort', { pods: '1' }, { scopes: ['BestEffort'] }));
    await quotaIn(
      'scopes',
      quota(
        'scopes',
        'high',
        { pods: '1' },
        {
          scopeSelector: {
            matchExpressions: [{ scopeName: 'PriorityClass', operator: 'In', values: ['high'] }],
          },
        },
      ),
    );
    await fx.create(fx.ctx(), pod('scopes', 'be'));
    await fx.create(
      fx.ctx(),
      pod('scopes', 'burstable', { containers: [container('app', resources({ cpu: '1' }))] }),
    );
    await rejectsWithStatus(
      fx.create(fx.ctx(), pod('scopes', 'be2')),
      'Forbidden',
      'pods "be2" is forbidden: exceeded quota: best-effort, requested: pods=1, used: pods=1, limited: pods=1',
    );
    const important = (name: string) =>
      pod('scopes', name, {
        priorityClassName: 'high',
        containers: [container('app', resources({ cpu: '1' }))],
      });
    await fx.create(fx.ctx(), important('h1'));
    await rejectsWithStatus(
      fx.create(fx.ctx(), important('h2')),
      'Forbidden',
      'pods "h2" is forbidden: exceeded quota: high, requested: pods=1, used: pods=1, limited: pods=1',
    );
  });

  it('does not charge dry runs', async () => {
    await quotaIn('dry', quota('dry', 'q', { pods: '1' }));
    await fx.create(fx.ctx(), pod('dry', 'a'), { dryRun: true });
    await fx.create(fx.ctx(), pod('dry', 'b'), { dryRun: true });
    assert.equal((await statusOf('dry', 'q')).used?.['pods'], '0');
    await fx.create(fx.ctx(), pod('dry', 'real'));
  });

  it('gives usage back when objects are deleted', async () => {
    await quotaIn('replenish', quota('replenish', 'q', { pods: '1' }));
    await fx.create(fx.ctx(), pod('replenish', 'first'));
    await fx.remove(fx.ctx(), 'pods', 'replenish', 'first');
    await eventually(async () => assert.equal((await statusOf('replenish', 'q')).used?.['pods'], '0'));
    await fx.create(fx.ctx(), pod('replenish', 'second'));
  });

  it('keeps status.hard equal to spec.hard', async () => {
    await quotaIn('hard', quota('hard', 'q', { pods: '3', 'requests.memory': '1024Mi' }));
    assert.deepEqual((await statusOf('hard', 'q')).hard, { pods: '3', 'requests.memory': '1Gi' });
    await fx.store('resourcequotas').guaranteedUpdate(fx.ctx(), 'hard', 'q', { dryRun: false }, '', (q) => ({
      ...q,
      spec: { hard: { pods: '4' } },
    }));
    await eventually(async () =>
      assert.deepEqual(await statusOf('hard', 'q'), { hard: { pods: '4' }, used: { pods: '0' } }),
    );
  });

  it('keeps logical clusters apart', async () => {
    await quotaIn('iso', quota('iso', 'q', { pods: '1' }));
    await fx.create(fx.ctx(), pod('iso', 'mine'));
    const other = fx.ctx('tenant-b');
    await fx.create(other, namespace('iso'));
    await fx.create(other, pod('iso', 'theirs-1'));
    await fx.create(other, pod('iso', 'theirs-2'));
    await rejectsWithStatus(
      fx.create(fx.ctx(), pod('iso', 'mine-2')),
      'Forbidden',
      'pods "mine-2" is forbidden: exceeded quota: q, requested: pods=1, used: pods=1, limited: pods=1',
    );
  });
});

describe('QuotaAccounting', () => {
  let fx: AdmissionFixture;

  before(async () => {
    fx = admissionFixture();
    await fx.create(fx.ctx(), namespace('acct'));
  });

  after(() => fx.close());

  it('counts admitted writes that storage does not show yet, exactly once', async () => {
    const accounting = new QuotaAccounting(fx.registry);
    const notified: string[] = [];
    accounting.onRecalculationNeeded((cluster, ns) => notified.push(`${cluster}/${ns}`));
    const q = quota('acct', 'q', { pods: '10', 'requests.cpu': '10' });
    const ctx = fx.ctx();
    const usage = async () => (await accounting.calculateStatus(ctx, q)).used;
    const sized = pod('acct', 'inflight', { containers: [container('app', resources({ cpu: '250m' }))] });
    assert.deepEqual(await usage(), { pods: '0', 'requests.cpu': '0' });
    const pending = accounting.recordPending(ctx, '', 'pods', sized);
    assert.deepEqual(await usage(), { pods: '1', 'requests.cpu': '250m' });
    await fx.create(ctx, sized);
    assert.deepEqual(await usage(), { pods: '1', 'requests.cpu': '250m' });
    pending.abandon();
    assert.deepEqual(notified, [], 'a write seen in storage is no longer pending');
    const failed = accounting.recordPending(ctx, '', 'pods', pod('acct', 'never-stored'));
    assert.deepEqual(await usage(), { pods: '2', 'requests.cpu': '250m' });
    failed.abandon();
    assert.deepEqual(await usage(), { pods: '1', 'requests.cpu': '250m' });
    assert.deepEqual(notified, ['root/acct']);
  });

  it('serializes work per namespace and times out waiters', async () => {
    const accounting = new QuotaAccounting(fx.registry, 50);
    const root = fx.ctx().cluster;
    assert.ok(root.kind === 'one');
    const order: string[] = [];
    let release = (): void => undefined;
    const first = accounting.serialize(root.name, 'ns', async () => {
      order.push('first');
      await new Promise<void>((resolve) => (release = resolve));
    });
    const other = accounting.serialize(root.name, 'other', async () => order.push('other namespace'));
    await rejectsWithStatus(
      accounting.serialize(root.name, 'ns', async () => order.push('second')),
      'InternalError',
      'Internal error occurred: resource quota evaluation timed out',
    );
    await other;
    release();
    await first;
    await accounting.serialize(root.name, 'ns', async () => order.push('third'));
    assert.deepEqual(order, ['first', 'other namespace', 'third']);
  });
});
