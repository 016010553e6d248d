import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sweepLeakedServiceIps } from '../../../src/controllers/service-ip-release.js';
import {
  admitAll,
  clusterContext,
  listObjects,
  parseListQuery,
  Registry,
  wildcardContext,
} from '../../../src/registry/index.js';
import { SqliteStore } from '../../../src/storage/index.js';
import { cluster } from '../auth/service-account-fixtures.js';

const acme = cluster('acme');
/** More than one page of the sweep. */
const leaked = 1_200;

function ipAddress(ip: string, serviceName: string) {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'IPAddress',
    metadata: { name: ip },
    spec: { parentRef: { group: '', resource: 'services', namespace: 'default', name: serviceName } },
  };
}

describe('sweepLeakedServiceIps', () => {
  it('deletes, page by page, the addresses no Service holds and keeps the one that is held', async () => {
    const store = SqliteStore.open({ path: ':memory:' });
    // Everything was created a minute ago, so every address is old enough to be swept.
    const registry = new Registry({ store, admission: admitAll, now: () => new Date(Date.now() - 60_000) });
    const abort = new AbortController();
    const ctx = clusterContext(acme, abort.signal, 'test');
    try {
      const services = registry.preferred('', 'services');
      const addresses = registry.preferred('networking.k8s.io', 'ipaddresses');
      assert.ok(services && addresses);
      // No allocator runs here (admission admits all): the Service and its address are written as it would.
      const heldIp = '10.96.0.10';
      const web = { name: 'web', namespace: 'default' };
      const service = {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: web,
        spec: { clusterIP: heldIp, ports: [{ port: 80 }] },
      };
      await services.create(ctx, 'default', service, { dryRun: false });
      await addresses.create(ctx, '', ipAddress(heldIp, 'web'), { dryRun: false });
      const created = Array.from({ length: leaked }, (_, index) =>
        addresses.create(ctx, '', ipAddress(`10.200.${index >> 8}.${index & 255}`, `gone-${index}`), {
          dryRun: false,
        }),
      );
      await Promise.all(created);

      const watchAll = wildcardContext(abort.signal, 'test');
      const all = parseListQuery(new URLSearchParams(), 'list');
      assert.equal((await listObjects(addresses, watchAll, '', all)).items.length, leaked + 1);

      await sweepLeakedServiceIps(services, addresses, watchAll, (name) =>
        clusterContext(name, abort.signal, 'test'),
      );

      const left = await listObjects(addresses, watchAll, '', all);
      assert.deepEqual(
        left.items.map((item) => item.metadata.name),
        [heldIp],
      );
    } finally {
      abort.abort();
      await store.close();
    }
  });
});
