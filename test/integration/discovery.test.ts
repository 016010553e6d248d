// Discovery, version and health endpoints as kubectl sees them.
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { Kubectl } from '../support/kubectl.js';
import { removeDataDir, startServer, type RunningServer } from '../support/server.js';
import { parseTable, rowWhere } from '../support/table.js';

interface ApiResource {
  name: string;
  namespaced: boolean;
  kind: string;
  verbs: string[];
  shortNames?: string[];
  categories?: string[];
}

const allVerbs = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

describe('discovery', () => {
  let server: RunningServer;
  let kubectl: Kubectl;

  before(async () => {
    server = await startServer();
    kubectl = await Kubectl.create(server.kubeconfig);
  });

  after(async () => {
    await server.stop();
    await removeDataDir(server);
    await rm(kubectl.cacheDir, { recursive: true, force: true });
  });

  async function rawJson(path: string): Promise<Record<string, unknown>> {
    return JSON.parse(await kubectl.ok(['get', '--raw', path])) as Record<string, unknown>;
  }

  it('kubectl version reports a 1.35 server', async () => {
    const stdout = await kubectl.ok(['version']);
    assert.match(stdout, /^Client Version: v1\.35\.\d+$/m);
    assert.match(stdout, /^Server Version: v1\.35\.\S*$/m);
  });

  it('kubectl api-resources lists built-in resources with short names, group version and scope', async () => {
    const table = parseTable(await kubectl.ok(['api-resources']));
    assert.deepEqual(table.columns, ['NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND']);
    const expected = [
      { NAME: 'pods', SHORTNAMES: 'po', APIVERSION: 'v1', NAMESPACED: 'true', KIND: 'Pod' },
      { NAME: 'configmaps', SHORTNAMES: 'cm', APIVERSION: 'v1', NAMESPACED: 'true', KIND: 'ConfigMap' },
      { NAME: 'secrets', SHORTNAMES: '', APIVERSION: 'v1', NAMESPACED: 'true', KIND: 'Secret' },
      { NAME: 'namespaces', SHORTNAMES: 'ns', APIVERSION: 'v1', NAMESPACED: 'false', KIND: 'Namespace' },
      {
        NAME: 'deployments',
        SHORTNAMES: 'deploy',
        APIVERSION: 'apps/v1',
        NAMESPACED: 'true',
        KIND: 'Deployment',
      },
      {
        NAME: 'customresourcedefinitions',
        SHORTNAMES: 'crd,crds',
        APIVERSION: 'apiextensions.k8s.io/v1',
        NAMESPACED: 'false',
        KIND: 'CustomResourceDefinition',
      },
    ];
    for (const row of expected) {
      assert.deepEqual(rowWhere(table, { NAME: row.NAME, APIVERSION: row.APIVERSION }), row);
    }
    // The same resource name in two groups is listed once per group.
    assert.deepEqual(
      table.rows.filter((row) => row.NAME === 'events').map((row) => row.APIVERSION),
      ['v1', 'events.k8s.io/v1'],
    );
  });

  it('kubectl api-resources -o wide shows verbs and the `all` category', async () => {
    const table = parseTable(await kubectl.ok(['api-resources', '-o', 'wide']));
    assert.deepEqual(table.columns, [
      'NAME',
      'SHORTNAMES',
      'APIVERSION',
      'NAMESPACED',
      'KIND',
      'VERBS',
      'CATEGORIES',
    ]);
    assert.deepEqual(rowWhere(table, { NAME: 'pods' }), {
      NAME: 'pods',
      SHORTNAMES: 'po',
      APIVERSION: 'v1',
      NAMESPACED: 'true',
      KIND: 'Pod',
      VERBS: allVerbs.join(','),
      CATEGORIES: 'all',
    });
    assert.equal(rowWhere(table, { NAME: 'deployments' }).CATEGORIES, 'all');
    assert.equal(rowWhere(table, { NAME: 'configmaps' }).CATEGORIES, '');
    // Namespaces cannot be deleted as a collection.
    assert.equal(rowWhere(table, { NAME: 'namespaces' }).VERBS, 'create,delete,get,list,patch,update,watch');
  });

  it('kubectl api-resources --namespaced=false lists only cluster-scoped resources', async () => {
    const table = parseTable(await kubectl.ok(['api-resources', '--namespaced=false']));
    assert.ok(table.rows.length > 0);
    assert.deepEqual(
      table.rows.filter((row) => row.NAMESPACED !== 'false'),
      [],
    );
    assert.ok(table.rows.some((row) => row.NAME === 'namespaces'));
    assert.ok(!table.rows.some((row) => row.NAME === 'pods'));
  });

  it('GET /api lists the core version', async () => {
    const body = await rawJson('/api');
    assert.equal(body.kind, 'APIVersions');
    assert.deepEqual(body.versions, ['v1']);
    const addresses = body.serverAddressByClientCIDRs as { clientCIDR: string; serverAddress: string }[];
    assert.equal(addresses[0]?.clientCIDR, '0.0.0.0/0');
    assert.equal(addresses[0]?.serverAddress, `127.0.0.1:${server.port}`);
  });

  it('GET /apis lists groups with their preferred versions', async () => {
    const body = await rawJson('/apis');
    assert.equal(body.kind, 'APIGroupList');
    assert.equal(body.apiVersion, 'v1');
    const groups = body.groups as { name: string; versions: unknown[]; preferredVersion: unknown }[];
    const apps = groups.find((group) => group.name === 'apps');
    assert.deepEqual(apps, {
      name: 'apps',
      versions: [{ groupVersion: 'apps/v1', version: 'v1' }],
      preferredVersion: { groupVersion: 'apps/v1', version: 'v1' },
    });
    assert.ok(groups.some((group) => group.name === 'apiextensions.k8s.io'));
    assert.ok(!groups.some((group) => group.name === ''), 'the core group is served under /api only');
  });

  it('GET /api/v1 lists core resources and their subresources', async () => {
    const body = await rawJson('/api/v1');
    assert.equal(body.kind, 'APIResourceList');
    assert.equal(body.groupVersion, 'v1');
    const resources = body.resources as ApiResource[];
    const configmaps = resources.find((r) => r.name === 'configmaps');
    assert.equal(configmaps?.kind, 'ConfigMap');
    assert.equal(configmaps?.namespaced, true);
    assert.deepEqual(configmaps?.verbs, allVerbs);
    assert.deepEqual(configmaps?.shortNames, ['cm']);
    const pods = resources.find((r) => r.name === 'pods');
    assert.deepEqual(pods?.categories, ['all']);
    assert.deepEqual(pods?.shortNames, ['po']);
    const names = resources.map((r) => r.name);
    for (const name of ['pods/status', 'namespaces/status', 'namespaces/finalize', 'services/status']) {
      assert.ok(names.includes(name), `${name} is listed`);
    }
    assert.equal(resources.find((r) => r.name === 'namespaces')?.namespaced, false);
  });

  it('GET /apis/apps/v1 lists deployments with scale and status subresources', async () => {
    const body = await rawJson('/apis/apps/v1');
    assert.equal(body.kind, 'APIResourceList');
    assert.equal(body.groupVersion, 'apps/v1');
    const resources = body.resources as (ApiResource & { group?: string; version?: string })[];
    const deployments = resources.find((r) => r.name === 'deployments');
    assert.equal(deployments?.kind, 'Deployment');
    assert.equal(deployments?.namespaced, true);
    assert.deepEqual(deployments?.shortNames, ['deploy']);
    assert.deepEqual(deployments?.categories, ['all']);
    assert.deepEqual(deployments?.verbs, allVerbs);
    const scale = resources.find((r) => r.name === 'deployments/scale');
    assert.equal(scale?.kind, 'Scale');
    assert.equal(scale?.group, 'autoscaling');
    assert.equal(scale?.version, 'v1');
    assert.deepEqual(scale?.verbs, ['get', 'patch', 'update']);
    assert.equal(resources.find((r) => r.name === 'deployments/status')?.kind, 'Deployment');
  });

  it('an unknown resource type is reported by kubectl', async () => {
    const result = await kubectl.run(['get', 'frobnicators']);
    assert.deepEqual(result, {
      code: 1,
      stdout: '',
      stderr: 'error: the server doesn\'t have a resource type "frobnicators"\n',
    });
  });

  it('kubectl get all -A shows the kubernetes service in default', async () => {
    const table = parseTable(await kubectl.ok(['get', 'all', '-A']));
    assert.deepEqual(table.columns, [
      'NAMESPACE',
      'NAME',
      'TYPE',
      'CLUSTER-IP',
      'EXTERNAL-IP',
      'PORT(S)',
      'AGE',
    ]);
    const { AGE: age, ...row } = rowWhere(table, { NAME: 'service/kubernetes' });
    assert.deepEqual(row, {
      NAMESPACE: 'default',
      NAME: 'service/kubernetes',
      TYPE: 'ClusterIP',
      'CLUSTER-IP': '10.96.0.1',
      'EXTERNAL-IP': '<none>',
      'PORT(S)': '443/TCP',
    });
    assert.match(age ?? '', /^\d+s$/);
  });

  it('the four initial namespaces exist and are Active', async () => {
    const table = parseTable(await kubectl.ok(['get', 'namespaces']));
    assert.deepEqual(table.columns, ['NAME', 'STATUS', 'AGE']);
    assert.deepEqual(
      table.rows.map((row) => [row.NAME, row.STATUS]),
      [
        ['default', 'Active'],
        ['kube-node-lease', 'Active'],
        ['kube-public', 'Active'],
        ['kube-system', 'Active'],
      ],
    );
    const labels = await kubectl.ok([
      'get',
      'namespace',
      'kube-system',
      '-o',
      'jsonpath={.metadata.labels.kubernetes\\.io/metadata\\.name}',
    ]);
    assert.equal(labels, 'kube-system');
  });

  for (const check of ['healthz', 'livez', 'readyz']) {
    it(`GET /${check} answers ok`, async () => {
      assert.equal(await kubectl.ok(['get', '--raw', `/${check}`]), 'ok');
    });

    it(`GET /${check}?verbose lists each check; /${check}/ping answers ok`, async () => {
      // Upstream healthz handler: one "[+]<name> ok" line per check, then "<endpoint> check passed".
      const verbose = await kubectl.ok(['get', '--raw', `/${check}?verbose`]);
      assert.match(verbose, /^\[\+\]ping ok$/m);
      assert.match(verbose, new RegExp(`^${check} check passed\\n?$`, 'm'));
      assert.equal(await kubectl.ok(['get', '--raw', `/${check}/ping`]), 'ok');
    });
  }

  it('GET /version reports 1.35', async () => {
    const body = await rawJson('/version');
    assert.equal(body.major, '1');
    assert.equal(body.minor, '35');
    assert.match(String(body.gitVersion), /^v1\.35\.\d+/);
  });

  it('GET /metrics exposes apiserver_request_total', async () => {
    const metrics = await kubectl.ok(['get', '--raw', '/metrics']);
    assert.match(metrics, /^# TYPE apiserver_request_total counter$/m);
    assert.match(metrics, /^apiserver_request_total\{.*verb="get".*code="200".*\} \d+$/m);
  });
});
