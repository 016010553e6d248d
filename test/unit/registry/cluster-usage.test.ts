import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ClusterUsageTracker } from '../../../src/registry/index.js';
import { cluster, registryFixture } from '../auth/service-account-fixtures.js';

const acme = cluster('acme');
const globex = cluster('globex');

function configMap(name: string, data: Record<string, string>) {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default' }, data };
}

describe('ClusterUsageTracker', () => {
  it('follows creates, updates and deletes in a cluster once counted, and only that cluster', async () => {
    const fixture = registryFixture();
    try {
      const tracker = new ClusterUsageTracker(fixture.registry);
      await tracker.start();
      const ctx = fixture.ctxIn(acme);
      await fixture.create(ctx, 'configmaps', configMap('before', { a: 'x' }));
      assert.equal((await tracker.usage(acme)).objects, 1);

      await fixture.create(ctx, 'configmaps', configMap('after', { b: 'ü'.repeat(100) }));
      await fixture.create(fixture.ctxIn(globex), 'configmaps', configMap('elsewhere', { c: 'y' }));
      const configMaps = fixture.registry.preferred('', 'configmaps');
      assert.ok(configMaps);
      await configMaps.guaranteedUpdate(ctx, 'default', 'before', { dryRun: false }, '', (cm) => ({
        ...cm,
        data: { a: 'longer value' },
      }));
      await fixture.remove(ctx, 'configmaps', 'default', 'after');
      await fixture.create(ctx, 'configmaps', configMap('last', { d: 'z' }));

      // A tracker that counts from storage now must agree with the one that followed the writes.
      const recount = new ClusterUsageTracker(fixture.registry);
      const followed = await tracker.usage(acme);
      assert.deepEqual(followed, await recount.usage(acme));
      assert.equal(followed.objects, 2);
      assert.deepEqual(await tracker.usage(globex), await recount.usage(globex));
      tracker.stop();
    } finally {
      await fixture.close();
    }
  });

  it('counts in bytes, not characters', async () => {
    const fixture = registryFixture();
    try {
      const tracker = new ClusterUsageTracker(fixture.registry);
      await tracker.start();
      const ctx = fixture.ctxIn(acme);
      await fixture.create(ctx, 'configmaps', configMap('ascii', { v: 'a'.repeat(100) }));
      const ascii = await tracker.usage(acme);
      await fixture.remove(ctx, 'configmaps', 'default', 'ascii');
      await fixture.create(ctx, 'configmaps', configMap('ascii', { v: 'ü'.repeat(100) }));
      const wide = await tracker.usage(acme);
      // Same length in characters; ü takes two bytes in UTF-8 (the uid and timestamps are the same size).
      assert.equal(wide.bytes - ascii.bytes, 100);
      assert.deepEqual(wide, await new ClusterUsageTracker(fixture.registry).usage(acme));
      tracker.stop();
    } finally {
      await fixture.close();
    }
  });
});
