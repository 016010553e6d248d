import * as k8s from '@kubernetes/client-node';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eventually } from '../support/eventually.js';
import { removeDataDir, startServer, type RunningServer } from '../support/server.js';

/** The official JavaScript client: list, watch and an informer stay in sync while objects change. */
describe('@kubernetes/client-node', () => {
  let server: RunningServer;
  let kc: k8s.KubeConfig;
  let core: k8s.CoreV1Api;
  const namespace = 'default';

  before(async () => {
    server = await startServer();
    kc = new k8s.KubeConfig();
    kc.loadFromFile(server.kubeconfig);
    core = kc.makeApiClient(k8s.CoreV1Api);
  });

  after(async () => {
    await server.stop();
    await removeDataDir(server);
  });

  const configMap = (name: string, data: Record<string, string>): k8s.V1ConfigMap => ({
    metadata: { name, labels: { suite: 'client-node' } },
    data,
  });

  it('creates, lists and reads back objects', async () => {
    await core.createNamespacedConfigMap({ namespace, body: configMap('listed', { a: '1' }) });
    const list = await core.listNamespacedConfigMap({ namespace, labelSelector: 'suite=client-node' });
    assert.deepEqual(
      list.items.map((cm) => cm.metadata?.name),
      ['listed'],
    );
    assert.match(list.metadata?.resourceVersion ?? '', /^[1-9]\d*$/);
    const read = await core.readNamespacedConfigMap({ name: 'listed', namespace });
    assert.deepEqual(read.data, { a: '1' });
  });

  it('watches changes made after the list resourceVersion', async () => {
    const list = await core.listNamespacedConfigMap({ namespace });
    const seen: string[] = [];
    const watch = new k8s.Watch(kc);
    const request = await watch.watch(
      `/api/v1/namespaces/${namespace}/configmaps`,
      { resourceVersion: list.metadata?.resourceVersion },
      (type: string, obj: k8s.V1ConfigMap) => seen.push(`${type} ${obj.metadata?.name ?? ''}`),
      () => undefined,
    );
    try {
      await core.createNamespacedConfigMap({ namespace, body: configMap('watched', { v: '1' }) });
      await core.patchNamespacedConfigMap(
        { name: 'watched', namespace, body: { data: { v: '2' } } },
        k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
      );
      await core.deleteNamespacedConfigMap({ name: 'watched', namespace });
      await eventually(() =>
        assert.deepEqual(seen, ['ADDED watched', 'MODIFIED watched', 'DELETED watched']),
      );
    } finally {
      request.abort();
    }
  });

  it('keeps an informer cache in sync', async () => {
    const informer = k8s.makeInformer(
      kc,
      `/api/v1/namespaces/${namespace}/configmaps`,
      () => core.listNamespacedConfigMap({ namespace, labelSelector: 'suite=informer' }),
      'suite=informer',
    );
    await informer.start();
    try {
      const names = () =>
        informer
          .list()
          .map((cm) => `${cm.metadata?.name ?? ''}=${cm.data?.v ?? ''}`)
          .sort();
      for (let i = 0; i < 5; i++) {
        await core.createNamespacedConfigMap({
          namespace,
          body: { metadata: { name: `inf-${i}`, labels: { suite: 'informer' } }, data: { v: '0' } },
        });
      }
      await eventually(() =>
        assert.deepEqual(names(), ['inf-0=0', 'inf-1=0', 'inf-2=0', 'inf-3=0', 'inf-4=0']),
      );
      await core.replaceNamespacedConfigMap({
        name: 'inf-2',
        namespace,
        body: { metadata: { name: 'inf-2', labels: { suite: 'informer' } }, data: { v: '9' } },
      });
      await core.deleteNamespacedConfigMap({ name: 'inf-0', namespace });
      // Leaving the selection looks like a deletion to a filtered informer.
      await core.patchNamespacedConfigMap(
        { name: 'inf-4', namespace, body: { metadata: { labels: { suite: 'other' } } } },
        k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
      );
      await eventually(() => assert.deepEqual(names(), ['inf-1=0', 'inf-2=9', 'inf-3=0']));
    } finally {
      await informer.stop();
    }
  });
});
