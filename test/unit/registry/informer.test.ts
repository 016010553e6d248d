import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runInformer } from '../../../src/registry/index.js';
import { silentLogger } from '../admission/admission-fixtures.js';
import { cluster, registryFixture } from '../auth/service-account-fixtures.js';
import { eventually } from '../storage/store-test-support.js';

const acme = cluster('acme');

function configMap(name: string) {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default' }, data: {} };
}

describe('runInformer', () => {
  it('brackets the initial list with onRelist and onListed, then follows changes', async () => {
    const fixture = registryFixture();
    try {
      const ctx = fixture.ctxIn(acme);
      await fixture.create(ctx, 'configmaps', configMap('before'));
      const configMaps = fixture.registry.preferred('', 'configmaps');
      assert.ok(configMaps);
      const seen: string[] = [];
      const informer = runInformer(configMaps, ctx, silentLogger, {
        onRelist: () => seen.push('relist'),
        onEvent: (type, obj) => seen.push(`${type} ${obj.metadata.name}`),
        onListed: () => seen.push('listed'),
      });
      await eventually(() => seen.includes('listed'), 'the initial list');
      await fixture.create(ctx, 'configmaps', configMap('after'));
      await fixture.remove(ctx, 'configmaps', 'default', 'before');
      await eventually(() => seen.includes('DELETED before'), 'the deletion');
      informer.stop();
      assert.deepEqual(seen, ['relist', 'ADDED before', 'listed', 'ADDED after', 'DELETED before']);
    } finally {
      await fixture.close();
    }
  });
});
