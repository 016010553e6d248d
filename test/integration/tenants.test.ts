// Logical clusters and the Tenant API (#5): tenants made with the CLI, isolation between their clusters,
// access from other clusters and the root admin, watches, limits, validation and deletion.
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { eventually } from '../support/eventually.js';
import { summarizeKubeconfig } from '../support/kubeconfig.js';
import { withoutKlog, type CommandResult, type Kubectl } from '../support/kubectl.js';
import { configMap, documents, namespace, type Manifest } from '../support/manifests.js';
import { parseTable, rowWhere } from '../support/table.js';
import { TenancyHarness, type TenantUser } from '../support/tenancy.js';

interface ConfigMapJson {
  metadata: { name: string; namespace: string };
  data?: Record<string, string>;
}

const aliceData = { team: 'acme', replicas: '3' };
const bobData = { team: 'globex', replicas: '5', region: 'eu' };
const namespacesOfANewCluster = ['default', 'kube-node-lease', 'kube-public', 'kube-system'];
const listedButIgnored = 'kube-root-ca.crt'; // published into every namespace if a root-CA publisher runs

function failure(stderr: string): CommandResult {
  return { code: 1, stdout: '', stderr: `${stderr}\n` };
}

/** How bin/kubetenant reports a failed API call. */
function cliFailure(message: string): CommandResult {
  return failure(`kubetenant: ${message}`);
}

/**
 * What kubectl prints when discovery itself is Forbidden (a fresh cache, no access): it reports such an
 * answer as "unknown", against any Kubernetes server, so the server's own wording is checked with `--raw`.
 */
const forbiddenByDiscovery = failure('Error from server (Forbidden): unknown');

function create(kubectl: Kubectl, ...objects: Manifest[]): Promise<string> {
  return kubectl.ok(['create', '--validate=false', '-f', '-'], documents(...objects));
}

async function configMapData(
  kubectl: Kubectl,
  ...args: string[]
): Promise<Record<string, string> | undefined> {
  return (
    JSON.parse(
      await kubectl.ok(['get', 'cm', 'settings', '-n', 'prod', ...args, '-o', 'json']),
    ) as ConfigMapJson
  ).data;
}

async function configMapNames(kubectl: Kubectl, ns: string): Promise<string[]> {
  const names = (await kubectl.ok(['get', 'cm', '-n', ns, '-o', 'name'])).split('\n');
  return names.filter((name) => name !== '' && name !== `configmap/${listedButIgnored}`);
}

/** The rows `get -w` prints (each flushed on its own, so unaligned); no cell here contains a space. */
function watchRows(output: string): string[][] {
  return output
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => line.trim().split(/\s+/))
    .filter((row) => row[1] !== listedButIgnored);
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  child.kill();
  await exited;
}

describe('tenants acme (alice) and globex (bob)', () => {
  let h: TenancyHarness;
  let alice: TenantUser;
  let bob: TenantUser;
  const started: ChildProcess[] = [];

  before(async () => {
    h = await TenancyHarness.start();
    await h.createTenant('acme', 'alice');
    await h.createTenant('globex', 'bob');
    await h.waitReady('acme');
    await h.waitReady('globex');
    alice = await h.issueKubeconfig('acme', 'alice');
    bob = await h.issueKubeconfig('globex', 'bob');
    // The same names in both clusters, different data; bob also has an object alice must never see.
    assert.equal(
      await create(alice.kubectl, namespace('prod'), configMap('prod', 'settings', { data: aliceData })),
      'namespace/prod created\nconfigmap/settings created\n',
    );
    assert.equal(
      await create(
        bob.kubectl,
        namespace('prod'),
        configMap('prod', 'settings', { data: bobData }),
        configMap('prod', 'bob-only'),
      ),
      'namespace/prod created\nconfigmap/settings created\nconfigmap/bob-only created\n',
    );
  });

  after(async () => {
    for (const child of started) await stop(child);
    await h.stop();
  });

  it('tenant list shows both tenants Ready with their cluster paths', async () => {
    await eventually(async () => {
      const result = await h.cli(['tenant', 'list']);
      assert.equal(result.code, 0, result.stderr);
      const table = parseTable(result.stdout);
      assert.deepEqual(table.columns, ['NAME', 'READY', 'PATH']);
      assert.deepEqual(
        table.rows.filter((row) => row.NAME === 'acme' || row.NAME === 'globex'),
        [
          { NAME: 'acme', READY: 'True', PATH: '/clusters/acme' },
          { NAME: 'globex', READY: 'True', PATH: '/clusters/globex' },
        ],
      );
    });
  });

  it('kubectl get tenants prints control plane, readiness, path, object count and owners', async () => {
    for (const [name, owner] of [
      ['acme', 'alice'],
      ['globex', 'bob'],
    ] as const) {
      // OBJECTS shows status.usage, which the controller writes: read both until they agree.
      await eventually(async () => {
        const table = parseTable(await h.admin.ok(['get', 'tenants']));
        assert.deepEqual(table.columns, [
          'NAME',
          'CONTROL PLANE',
          'READY',
          'PATH',
          'OBJECTS',
          'OWNERS',
          'AGE',
        ]);
        const row = rowWhere(table, { NAME: name });
        const usage = (await h.tenant(name)).status?.usage?.objects;
        assert.deepEqual(
          { ...row, AGE: '' },
          {
            NAME: name,
            'CONTROL PLANE': 'Dedicated',
            READY: 'True',
            PATH: `/clusters/${name}`,
            OBJECTS: String(usage),
            OWNERS: `User/${owner}`,
            AGE: '',
          },
        );
        assert.match(row.AGE ?? '', /^\d+s$/);
      });
    }
    const acme = await h.tenant('acme');
    assert.deepEqual(acme.metadata.finalizers, ['tenancy.kubetenant.io/cluster']);
    assert.deepEqual(acme.spec, {
      owners: [{ kind: 'User', name: 'alice' }],
      controlPlane: { type: 'Dedicated' },
    });
    assert.deepEqual(acme.status?.cluster, { name: 'acme', path: '/clusters/acme' });
    const ready = acme.status?.conditions?.find((c) => c.type === 'Ready');
    assert.deepEqual(
      { status: ready?.status, reason: ready?.reason, message: ready?.message },
      { status: 'True', reason: 'ClusterReady', message: 'logical cluster served at /clusters/acme' },
    );
    assert.ok(Number.isSafeInteger(acme.status?.usage?.objects), 'status.usage.objects is a count');
  });

  it("each CLI kubeconfig points at its tenant's cluster with a client certificate", async () => {
    for (const [user, tenant, name] of [
      [alice, 'acme', 'alice'],
      [bob, 'globex', 'bob'],
    ] as const) {
      assert.deepEqual(summarizeKubeconfig(await readFile(user.kubeconfig, 'utf8')), {
        currentContext: tenant,
        server: h.clusterUrl(tenant),
        user: name,
        hasClientCertificate: true,
      });
    }
  });

  it('each tenant reads back only its own ConfigMap of the shared name', async () => {
    assert.deepEqual(await configMapData(alice.kubectl), aliceData);
    assert.deepEqual(await configMapData(bob.kubectl), bobData);
    assert.deepEqual(await configMapNames(alice.kubectl, 'prod'), ['configmap/settings']);
    assert.deepEqual(await configMapNames(bob.kubectl, 'prod'), ['configmap/bob-only', 'configmap/settings']);
    assert.deepEqual(
      await alice.kubectl.run(['get', 'cm', 'bob-only', '-n', 'prod']),
      failure('Error from server (NotFound): configmaps "bob-only" not found'),
    );
    // Cluster-wide lists stay inside the cluster too.
    assert.deepEqual(
      (await alice.kubectl.ok(['get', 'cm', '-A', '-o', 'name']))
        .split('\n')
        .filter((line) => line !== '' && line !== `configmap/${listedButIgnored}`),
      ['configmap/settings'],
    );
  });

  it("alice's kubectl get ns lists exactly her cluster's namespaces", async () => {
    const table = parseTable(await alice.kubectl.ok(['get', 'ns']));
    assert.deepEqual(table.columns, ['NAME', 'STATUS', 'AGE']);
    assert.deepEqual(
      table.rows.map((row) => [row.NAME, row.STATUS]),
      [...namespacesOfANewCluster, 'prod'].map((name) => [name, 'Active']),
    );
  });

  it("alice's credentials are Forbidden in bob's cluster, worded as for a cluster that does not exist", async () => {
    const inGlobex = await h.redirected(alice, '/clusters/globex', 'alice-in-globex');
    const inNosuch = await h.redirected(alice, '/clusters/nosuch', 'alice-in-nosuch');
    const requests: { args: string[]; input?: string; expected: CommandResult }[] = [
      {
        args: ['get', '--raw', '/api/v1/namespaces/prod/configmaps'],
        expected: failure(
          'Error from server (Forbidden): configmaps is forbidden: User "alice" cannot list resource ' +
            '"configmaps" in API group "" in the namespace "prod"',
        ),
      },
      {
        args: ['get', '--raw', '/api/v1/namespaces/prod/configmaps/settings'],
        expected: failure(
          'Error from server (Forbidden): configmaps "settings" is forbidden: User "alice" cannot get resource ' +
            '"configmaps" in API group "" in the namespace "prod"',
        ),
      },
      {
        args: ['create', '--raw', '/api/v1/namespaces/prod/configmaps', '-f', '-'],
        input: JSON.stringify(configMap('prod', 'intruder')),
        expected: failure(
          'Error from server (Forbidden): configmaps is forbidden: User "alice" cannot create resource ' +
            '"configmaps" in API group "" in the namespace "prod"',
        ),
      },
      {
        args: ['get', '--raw', '/api'],
        expected: failure('Error from server (Forbidden): forbidden: User "alice" cannot get path "/api"'),
      },
    ];
    for (const { args, input, expected } of requests) {
      assert.deepEqual(await inGlobex.run(args, input), expected, `globex: ${args.join(' ')}`);
      assert.deepEqual(await inNosuch.run(args, input), expected, `nosuch: ${args.join(' ')}`);
    }
    const viaKubectl = withoutKlog(await inGlobex.run(['get', 'cm', '-n', 'prod']));
    assert.deepEqual(viaKubectl, forbiddenByDiscovery);
    assert.deepEqual(withoutKlog(await inNosuch.run(['get', 'cm', '-n', 'prod'])), viaKubectl);
    // Nothing was written to bob's cluster.
    assert.deepEqual(await configMapNames(bob.kubectl, 'prod'), ['configmap/bob-only', 'configmap/settings']);
  });

  it("alice's credentials are Forbidden in the root cluster", async () => {
    const inRoot = await h.redirected(alice, '', 'alice-in-root');
    assert.equal(summarizeKubeconfig(await readFile(inRoot.kubeconfig, 'utf8')).server, h.origin);
    assert.deepEqual(
      await inRoot.run(['get', '--raw', '/api/v1/namespaces']),
      failure(
        'Error from server (Forbidden): namespaces is forbidden: User "alice" cannot list resource ' +
          '"namespaces" in API group "" at the cluster scope',
      ),
    );
    assert.deepEqual(
      await inRoot.run(['get', '--raw', '/apis/tenancy.kubetenant.io/v1alpha1/tenants']),
      failure(
        'Error from server (Forbidden): tenants.tenancy.kubetenant.io is forbidden: User "alice" cannot list ' +
          'resource "tenants" in API group "tenancy.kubetenant.io" at the cluster scope',
      ),
    );
    assert.deepEqual(withoutKlog(await inRoot.run(['get', 'ns'])), forbiddenByDiscovery);
  });

  it('the root admin reads both clusters through their URLs', async () => {
    assert.deepEqual(await configMapData(h.admin, '--server', h.clusterUrl('acme')), aliceData);
    assert.deepEqual(await configMapData(h.admin, '--server', h.clusterUrl('globex')), bobData);
    const raw = JSON.parse(
      await h.admin.ok(['get', '--raw', '/clusters/globex/api/v1/namespaces/prod/configmaps/settings']),
    ) as ConfigMapJson;
    assert.deepEqual(raw.data, bobData);
    // The root cluster itself has none of it.
    assert.deepEqual(
      await h.admin.run(['get', 'ns', 'prod']),
      failure('Error from server (NotFound): namespaces "prod" not found'),
    );
  });

  it("a watch in alice's cluster sees her events and none of bob's", async () => {
    const aliceWatch = alice.kubectl.start(['get', 'cm', '-n', 'prod', '-w', '--output-watch-events']);
    const bobWatch = bob.kubectl.start(['get', 'cm', '-n', 'prod', '-w', '--output-watch-events']);
    started.push(aliceWatch.child, bobWatch.child);
    await eventually(() => assert.match(aliceWatch.output(), /^ADDED\s+settings\s/m), {
      description: 'alice list',
    });
    await eventually(() => assert.match(bobWatch.output(), /^ADDED\s+bob-only\s/m), {
      description: 'bob list',
    });

    // Bob's changes, including one to his object named like alice's; his own watch must have seen them all
    // before alice acts, so any leak would reach her watch ahead of her own event.
    await create(bob.kubectl, configMap('prod', 'bob-event', { data: { k: 'v' } }));
    await bob.kubectl.ok([
      'patch',
      'cm',
      'settings',
      '-n',
      'prod',
      '--type=merge',
      '-p',
      '{"data":{"watched":"yes"}}',
    ]);
    await bob.kubectl.ok(['delete', 'cm', 'bob-event', '-n', 'prod']);
    await eventually(() => assert.match(bobWatch.output(), /^DELETED\s+bob-event\s/m), {
      description: 'bob events',
    });
    await create(alice.kubectl, configMap('prod', 'alice-event', { data: { k: 'v' } }));
    await eventually(() => assert.match(aliceWatch.output(), /^ADDED\s+alice-event\s/m), {
      description: 'alice event',
    });
    await stop(aliceWatch.child);
    await stop(bobWatch.child);

    const [aliceHeader, ...aliceRows] = watchRows(aliceWatch.output());
    assert.deepEqual(aliceHeader, ['EVENT', 'NAME', 'DATA', 'AGE']);
    assert.deepEqual(
      aliceRows.map((row) => row.slice(0, 3)),
      [
        ['ADDED', 'settings', '2'],
        ['ADDED', 'alice-event', '1'],
      ],
    );
    assert.deepEqual(
      watchRows(bobWatch.output())
        .slice(1)
        .map((row) => row.slice(0, 3)),
      [
        ['ADDED', 'bob-only', '0'],
        ['ADDED', 'settings', '3'],
        ['ADDED', 'bob-event', '1'],
        ['MODIFIED', 'settings', '4'],
        ['DELETED', 'bob-event', '1'],
      ],
    );
    // Leave prod as the other tests expect it.
    await alice.kubectl.ok(['delete', 'cm', 'alice-event', '-n', 'prod']);
    await bob.kubectl.ok([
      'patch',
      'cm',
      'settings',
      '-n',
      'prod',
      '--type=merge',
      '-p',
      '{"data":{"watched":null}}',
    ]);
  });

  it("tenants are not served inside a tenant's cluster, nor listed by its discovery", async () => {
    assert.deepEqual(
      await alice.kubectl.run(['get', 'tenants']),
      failure('error: the server doesn\'t have a resource type "tenants"'),
    );
    const resources = parseTable(await alice.kubectl.ok(['api-resources']));
    const names = resources.rows.map((row) => row.NAME);
    assert.ok(names.includes('configmaps') && names.includes('namespaces'), names.join(','));
    assert.deepEqual(
      resources.rows.filter((row) => row.NAME === 'tenants' || (row.APIVERSION ?? '').startsWith('tenancy.')),
      [],
    );
    assert.deepEqual(
      await alice.kubectl.run(['get', '--raw', '/apis/tenancy.kubetenant.io/v1alpha1']),
      failure('Error from server (NotFound): the server could not find the requested resource'),
    );
    // The root cluster does serve them.
    assert.deepEqual(
      parseTable(await h.admin.ok(['api-resources', '--api-group=tenancy.kubetenant.io'])).rows,
      [
        {
          NAME: 'tenants',
          SHORTNAMES: 'tnt',
          APIVERSION: 'tenancy.kubetenant.io/v1alpha1',
          NAMESPACED: 'false',
          KIND: 'Tenant',
        },
      ],
    );
  });

  it('a tenant credential cannot carry system:masters', async () => {
    assert.deepEqual(
      await h.cli(['kubeconfig', '--tenant', 'acme', '--user', 'alice', '--group', 'system:masters']),
      cliFailure(
        'Error from server (Invalid): TenantKubeconfig.tenancy.kubetenant.io "acme" is invalid: spec.groups: ' +
          'Forbidden: system:masters may not be granted to a tenant credential',
      ),
    );
  });

  it('tenant names are DNS labels other than root', async () => {
    assert.deepEqual(
      await h.cli(['tenant', 'create', 'root', '--owner', 'alice']),
      cliFailure(
        'Error from server (Invalid): Tenant.tenancy.kubetenant.io "root" is invalid: metadata.name: ' +
          'Invalid value: "root": "root" is the name of the root logical cluster',
      ),
    );
    assert.deepEqual(
      await h.cli(['tenant', 'create', 'Bad_Name', '--owner', 'alice']),
      cliFailure(
        'Error from server (Invalid): Tenant.tenancy.kubetenant.io "Bad_Name" is invalid: metadata.name: ' +
          'Invalid value: "Bad_Name": a lowercase RFC 1123 label must consist of lower case alphanumeric ' +
          "characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or " +
          "'123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
      ),
    );
    assert.deepEqual(
      (await h.admin.ok(['get', 'tenants', '-o', 'name']))
        .split('\n')
        .filter((n) => /\/(root|Bad_Name)$/.test(n)),
      [],
    );
  });

  it("the owners' binding is put back when deleted, and follows spec.owners", async () => {
    const binding = 'clusterrolebinding/kubetenant-tenant-owners';
    assert.equal(
      await alice.kubectl.ok(['delete', binding]),
      'clusterrolebinding.rbac.authorization.k8s.io "kubetenant-tenant-owners" deleted\n',
    );
    // Alice is cluster-admin only through that binding: the controller restores it within seconds.
    await eventually(async () => assert.match(await alice.kubectl.ok(['get', 'ns', 'prod']), /^NAME/));
    await h.admin.ok([
      'patch',
      'tenant',
      'acme',
      '--type=merge',
      '-p',
      '{"spec":{"owners":[{"kind":"User","name":"alice"},{"kind":"Group","name":"acme-admins"}]}}',
    ]);
    await eventually(async () =>
      assert.equal(
        await alice.kubectl.ok(['get', binding, '-o', 'jsonpath={.subjects[*].name}']),
        'alice acme-admins',
      ),
    );
  });
});

describe('tenant limits', () => {
  let h: TenancyHarness;

  before(async () => {
    h = await TenancyHarness.start();
  });

  after(async () => {
    await h.stop();
  });

  it('a tenant over its maxObjects gets a clear Forbidden', async () => {
    const limit = 20;
    await h.createTenant('initech', 'carol', '--max-objects', String(limit));
    const tenant = await h.waitReady('initech');
    assert.deepEqual(tenant.spec.controlPlane, { type: 'Dedicated', limits: { maxObjects: limit } });
    // The bootstrap objects (namespaces, the kubernetes Service, the owners' binding…) already count.
    const bootstrap = tenant.status?.usage?.objects ?? -1;
    assert.ok(bootstrap > 0 && bootstrap < limit, `bootstrap objects: ${bootstrap}`);
    assert.equal(
      rowWhere(parseTable(await h.admin.ok(['get', 'tenants'])), { NAME: 'initech' }).OBJECTS,
      `${bootstrap}/${limit}`,
    );

    const carol = await h.issueKubeconfig('initech', 'carol');
    const fill = Array.from({ length: limit - bootstrap }, (_, i) => `fill-${i}`);
    assert.equal(
      await create(carol.kubectl, ...fill.map((name) => configMap('default', name))),
      fill.map((name) => `configmap/${name} created\n`).join(''),
    );
    const overLimit = `exceeded tenant limit: maxObjects, requested: 1, used: ${limit}, limited: ${limit}`;
    assert.deepEqual(
      await carol.kubectl.run(
        ['create', '--validate=false', '-f', '-'],
        documents(configMap('default', 'one-too-many')),
      ),
      failure(
        `Error from server (Forbidden): error when creating "STDIN": configmaps "one-too-many" is forbidden: ${overLimit}`,
      ),
    );
    assert.deepEqual(
      await carol.kubectl.run(['create', '--validate=false', '-f', '-'], documents(namespace('extra'))),
      failure(
        `Error from server (Forbidden): error when creating "STDIN": namespaces "extra" is forbidden: ${overLimit}`,
      ),
    );
    // Changing what exists adds nothing; deleting makes room again.
    assert.equal(
      await carol.kubectl.ok(['label', 'cm', 'fill-0', '-n', 'default', 'full=yes']),
      'configmap/fill-0 labeled\n',
    );
    await carol.kubectl.ok(['delete', 'cm', 'fill-0', '-n', 'default']);
    assert.equal(
      await create(carol.kubectl, configMap('default', 'one-more')),
      'configmap/one-more created\n',
    );
  });

  it("status.usage follows the objects in the tenant's cluster", async () => {
    await h.createTenant('usage', 'dave');
    const bootstrap = (await h.waitReady('usage')).status?.usage?.objects ?? -1;
    const dave = await h.issueKubeconfig('usage', 'dave');
    await create(dave.kubectl, namespace('work'), configMap('work', 'a'), configMap('work', 'b'));
    // The namespace, two ConfigMaps, and the default ServiceAccount and kube-root-ca.crt every namespace gets.
    const added = 5;
    await eventually(
      async () => {
        assert.equal((await h.tenant('usage')).status?.usage?.objects, bootstrap + added);
        assert.equal(
          rowWhere(parseTable(await h.admin.ok(['get', 'tenants'])), { NAME: 'usage' }).OBJECTS,
          String(bootstrap + added),
        );
      },
      { timeoutMs: 15_000, description: 'status.usage.objects counts the new objects' },
    );
  });

  it('a tenant owner named like a system component is still held to the limits', async () => {
    // In-process components are exempt from limits; a user who merely takes such a name must not be.
    // The server may refuse the name (Invalid) when the Tenant or the credential is made, or enforce the limit.
    const evilName = 'system:kubetenant:evil';
    const created = await h.cli(['tenant', 'create', 'umbrella', '--owner', evilName, '--max-objects', '0']);
    if (created.code !== 0) {
      assert.match(created.stderr, /^kubetenant: Error from server \(Invalid\): /);
      return;
    }
    const bootstrap = (await h.waitReady('umbrella')).status?.usage?.objects ?? -1;
    const issued = await h.cli(['kubeconfig', '--tenant', 'umbrella', '--user', evilName]);
    if (issued.code !== 0) {
      assert.match(issued.stderr, /^kubetenant: Error from server \(Invalid\): /);
      return;
    }
    const evil = await h.issueKubeconfig('umbrella', evilName);
    assert.deepEqual(
      await evil.kubectl.run(
        ['create', '--validate=false', '-f', '-'],
        documents(configMap('default', 'sneaky')),
      ),
      failure(
        'Error from server (Forbidden): error when creating "STDIN": configmaps "sneaky" is forbidden: ' +
          `exceeded tenant limit: maxObjects, requested: 1, used: ${bootstrap}, limited: 0`,
      ),
    );
  });
});

describe('deleting a tenant', () => {
  let h: TenancyHarness;

  before(async () => {
    h = await TenancyHarness.start();
  });

  after(async () => {
    await h.stop();
  });

  /**
   * Every object stored in a logical cluster, listed by the root admin through the cluster's URL. The
   * bootstrap RBAC objects are left out: every cluster serves them from one shared in-memory copy.
   */
  async function everything(cluster: string): Promise<string> {
    const server = ['--server', h.clusterUrl(cluster)];
    const listable = (await h.admin.ok([...server, 'api-resources', '--verbs=list', '-o', 'name'])).split(
      '\n',
    );
    const resources = listable.filter((r) => r !== '').join(',');
    return h.admin.ok([
      ...server,
      'get',
      resources,
      '-A',
      '-o',
      'name',
      '-l',
      '!kubernetes.io/bootstrapping',
    ]);
  }

  it("deleting bob's tenant removes everything in his cluster and his kubeconfig stops working", async () => {
    await h.createTenant('globex', 'bob');
    await h.waitReady('globex');
    const bob = await h.issueKubeconfig('globex', 'bob');
    const secret = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'token', namespace: 'prod' },
      stringData: { k: 'v' },
    };
    await create(bob.kubectl, namespace('prod'), configMap('prod', 'settings', { data: bobData }), secret);
    assert.match(await everything('globex'), /^configmap\/settings$/m);

    assert.deepEqual(await h.cli(['tenant', 'delete', 'globex']), {
      code: 0,
      stdout: 'tenant/globex deleted\n',
      stderr: '',
    });
    await h.waitGone('globex');

    const left = JSON.parse(
      await h.admin.ok(['get', '--raw', '/clusters/globex/api/v1/namespaces/prod/configmaps']),
    ) as { items: unknown[] };
    assert.deepEqual(left.items, []);
    assert.equal(await everything('globex'), '');
    assert.deepEqual(
      await bob.kubectl.run(['get', '--raw', '/api/v1/namespaces/prod/configmaps']),
      failure(
        'Error from server (Forbidden): configmaps is forbidden: User "bob" cannot list resource "configmaps" ' +
          'in API group "" in the namespace "prod"',
      ),
    );
    // bob's kubectl still has the cluster's discovery cached, so it reaches the list and prints its refusal.
    assert.deepEqual(
      await bob.kubectl.run(['get', 'cm', '-n', 'prod']),
      failure(
        'Error from server (Forbidden): configmaps is forbidden: User "bob" cannot list resource "configmaps" ' +
          'in API group "" in the namespace "prod"',
      ),
    );
    assert.deepEqual(
      await h.cli(['kubeconfig', '--tenant', 'globex', '--user', 'bob']),
      cliFailure('Error from server (NotFound): tenants.tenancy.kubetenant.io "globex" not found'),
    );
  });

  it("a deleted tenant's credential does not work in a new tenant of the same name", async () => {
    await h.createTenant('hooli', 'bob');
    await h.waitReady('hooli');
    const bob = await h.issueKubeconfig('hooli', 'bob');
    assert.equal(await bob.kubectl.ok(['get', 'ns', 'default', '-o', 'name']), 'namespace/default\n');
    assert.equal((await h.cli(['tenant', 'delete', 'hooli'])).code, 0);
    await h.waitGone('hooli');

    await h.createTenant('hooli', 'mallory');
    await h.waitReady('hooli');
    const mallory = await h.issueKubeconfig('hooli', 'mallory');
    assert.equal(await mallory.kubectl.ok(['get', 'ns', 'default', '-o', 'name']), 'namespace/default\n');
    // bob's certificate names the cluster "hooli", but the cluster it was issued for is gone: he is refused
    // even what every authenticated user of the new cluster may do (discovery).
    assert.deepEqual(
      await bob.kubectl.run(['get', '--raw', '/api']),
      failure('Error from server (Forbidden): forbidden: User "bob" cannot get path "/api"'),
    );
    assert.deepEqual(
      await bob.kubectl.run(['get', '--raw', '/api/v1/namespaces']),
      failure(
        'Error from server (Forbidden): namespaces is forbidden: User "bob" cannot list resource "namespaces" ' +
          'in API group "" at the cluster scope',
      ),
    );
  });
});
