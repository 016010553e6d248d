import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { openApiV3Index, serverRelativeURL } from '../../../../src/server/openapi/discovery.js';
import { openApiV3 } from '../../../../src/server/openapi/v3.js';
import { asRecord, at, cluster, registryFixture, root } from './openapi-fixtures.js';

const { registry, close } = registryFixture();
after(close);

function indexPaths(scope = root): Record<string, unknown> {
  return asRecord(at(JSON.parse(openApiV3Index(registry, scope).body), 'paths'), 'paths');
}

describe('openApiV3Index', () => {
  it('lists every served group version under api/<v> and apis/<group>/<version>, sorted', () => {
    const keys = Object.keys(indexPaths());
    assert.ok(keys.includes('api/v1'));
    assert.ok(keys.includes('apis/apps/v1'));
    assert.ok(keys.includes('apis/rbac.authorization.k8s.io/v1'));
    assert.ok(keys.includes('apis/tenancy.kubetenant.io/v1alpha1'));
    assert.deepEqual(keys, [...keys].sort());
  });

  it('points at /openapi/v3/<path> with the document ETag as hash', () => {
    const doc = openApiV3(registry, root, 'apis/apps/v1');
    assert.ok(doc);
    assert.deepEqual(indexPaths()['apis/apps/v1'], {
      serverRelativeURL: `/openapi/v3/apis/apps/v1?hash=${doc.etag}`,
    });
    assert.equal(serverRelativeURL('api/v1', 'ABC'), '/openapi/v3/api/v1?hash=ABC');
  });

  it('lists only what the cluster serves, and is stable while that does not change', () => {
    assert.equal(indexPaths(cluster('acme'))['apis/tenancy.kubetenant.io/v1alpha1'], undefined);
    const first = openApiV3Index(registry, cluster('acme'));
    const second = openApiV3Index(registry, cluster('acme'));
    assert.equal(first.body, second.body);
    assert.equal(first.etag, second.etag);
    assert.notEqual(first.etag, openApiV3Index(registry, root).etag);
  });
});
