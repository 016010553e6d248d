// Create, read, update and delete through kubectl: tables, output formats, selectors, patches, errors.
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { Kubectl, type CommandResult } from '../support/kubectl.js';
import { configMap, documents, namespace } from '../support/manifests.js';
import { removeDataDir, startServer, type RunningServer } from '../support/server.js';
import { parseTable, type PrintedTable } from '../support/table.js';

// Read-only fixture: `shop` is created once and never changed by the tests below (except by no-op replaces).
const shopManifest = `apiVersion: v1
kind: Namespace
metadata:
  name: shop
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: web-config
  namespace: shop
  labels:
    app: web
    tier: frontend
data:
  color: blue
  size: large
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: db-config
  namespace: shop
  labels:
    app: db
    tier: backend
data:
  engine: postgres
---
apiVersion: v1
kind: Secret
metadata:
  name: db-credentials
  namespace: shop
stringData:
  username: admin
  password: s3cret
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
  labels:
    app: web
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
        ports:
        - containerPort: 80
---
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  selector:
    app: web
  ports:
  - port: 80
    targetPort: 80
`;

// Upstream's root-CA publisher (kube-controller-manager) puts this ConfigMap into every namespace; it is
// not part of what these tests create, so listings ignore it whether or not the server publishes it.
const rootCAConfigMap = 'kube-root-ca.crt';

const b64 = (text: string): string => Buffer.from(text).toString('base64');

type Json = Record<string, unknown>;
interface ObjectJson {
  metadata: {
    name: string;
    namespace?: string;
    uid: string;
    resourceVersion: string;
    creationTimestamp: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  data?: Record<string, string>;
  [key: string]: unknown;
}

/** A table without AGE (checked for shape only) and without the root-CA ConfigMap. */
function rowsWithoutAge(table: PrintedTable): Record<string, string>[] {
  return table.rows
    .filter((row) => row.NAME !== rootCAConfigMap)
    .map(({ AGE: age, ...rest }) => {
      assert.match(age ?? '', /^\d+s$/, 'AGE of a fresh object is in seconds');
      return rest;
    });
}

function failure(stderr: string): CommandResult {
  return { code: 1, stdout: '', stderr: `${stderr}\n` };
}

describe('create, read, update, delete', () => {
  let server: RunningServer;
  let kubectl: Kubectl;
  let createShop: CommandResult;

  before(async () => {
    server = await startServer();
    kubectl = await Kubectl.create(server.kubeconfig);
    createShop = await kubectl.run(['create', '--validate=false', '-f', '-'], shopManifest);
    await kubectl.ok(['create', '--validate=false', '-f', '-'], documents(namespace('scratch')));
  });

  after(async () => {
    await server.stop();
    await removeDataDir(server);
    await rm(kubectl.cacheDir, { recursive: true, force: true });
  });

  const create = (manifest: string): Promise<CommandResult> =>
    kubectl.run(['create', '--validate=false', '-f', '-'], manifest);

  async function getJson(...args: string[]): Promise<ObjectJson> {
    return JSON.parse(await kubectl.ok(['get', ...args, '-o', 'json'])) as ObjectJson;
  }

  /** `kubectl get <args> -o name`, without the root-CA ConfigMap. */
  async function names(...args: string[]): Promise<string[]> {
    const stdout = await kubectl.ok(['get', ...args, '-o', 'name']);
    return stdout.split('\n').filter((line) => line !== '' && line !== `configmap/${rootCAConfigMap}`);
  }

  describe('create -f with many documents', () => {
    it('prints one created line per document', () => {
      assert.deepEqual(createShop, {
        code: 0,
        stdout: [
          'namespace/shop created',
          'configmap/web-config created',
          'configmap/db-config created',
          'secret/db-credentials created',
          'deployment.apps/web created',
          'service/web created',
          '',
        ].join('\n'),
        stderr: '',
      });
    });
  });

  describe('tables', () => {
    it('get configmaps prints NAME DATA AGE', async () => {
      const table = parseTable(await kubectl.ok(['get', 'configmaps', '-n', 'shop']));
      assert.deepEqual(table.columns, ['NAME', 'DATA', 'AGE']);
      assert.deepEqual(rowsWithoutAge(table), [
        { NAME: 'db-config', DATA: '1' },
        { NAME: 'web-config', DATA: '2' },
      ]);
    });

    it('get secrets prints TYPE Opaque and counts stringData keys as DATA', async () => {
      const table = parseTable(await kubectl.ok(['get', 'secrets', '-n', 'shop']));
      assert.deepEqual(table.columns, ['NAME', 'TYPE', 'DATA', 'AGE']);
      assert.deepEqual(rowsWithoutAge(table), [{ NAME: 'db-credentials', TYPE: 'Opaque', DATA: '2' }]);
    });

    it('get deployments prints READY UP-TO-DATE AVAILABLE from an empty status', async () => {
      const table = parseTable(await kubectl.ok(['get', 'deploy', '-n', 'shop']));
      assert.deepEqual(table.columns, ['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE']);
      assert.deepEqual(rowsWithoutAge(table), [
        { NAME: 'web', READY: '0/2', 'UP-TO-DATE': '0', AVAILABLE: '0' },
      ]);
    });

    it('get deployments -o wide adds CONTAINERS IMAGES SELECTOR', async () => {
      const table = parseTable(await kubectl.ok(['get', 'deploy', '-n', 'shop', '-o', 'wide']));
      assert.deepEqual(table.columns, [
        'NAME',
        'READY',
        'UP-TO-DATE',
        'AVAILABLE',
        'AGE',
        'CONTAINERS',
        'IMAGES',
        'SELECTOR',
      ]);
      assert.deepEqual(rowsWithoutAge(table), [
        {
          NAME: 'web',
          READY: '0/2',
          'UP-TO-DATE': '0',
          AVAILABLE: '0',
          CONTAINERS: 'nginx',
          IMAGES: 'nginx:1.27',
          SELECTOR: 'app=web',
        },
      ]);
    });

    it('get services prints TYPE CLUSTER-IP EXTERNAL-IP PORT(S)', async () => {
      const table = parseTable(await kubectl.ok(['get', 'svc', '-n', 'shop']));
      assert.deepEqual(table.columns, ['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE']);
      const [row, ...others] = rowsWithoutAge(table);
      assert.deepEqual(others, []);
      const { 'CLUSTER-IP': clusterIP, ...rest } = row ?? {};
      assert.deepEqual(rest, {
        NAME: 'web',
        TYPE: 'ClusterIP',
        'EXTERNAL-IP': '<none>',
        'PORT(S)': '80/TCP',
      });
      // A ClusterIP service gets an address from the service range (10.96.0.0/12, where the
      // `kubernetes` service has 10.96.0.1).
      assert.match(clusterIP ?? '', /^10\.(9[6-9]|10[0-9]|11[01])\.\d{1,3}\.\d{1,3}$/);
    });

    it('get configmaps -A adds the NAMESPACE column', async () => {
      const table = parseTable(await kubectl.ok(['get', 'cm', '-A']));
      assert.deepEqual(table.columns, ['NAMESPACE', 'NAME', 'DATA', 'AGE']);
      assert.deepEqual(
        rowsWithoutAge(table).filter((row) => row.NAMESPACE === 'shop'),
        [
          { NAMESPACE: 'shop', NAME: 'db-config', DATA: '1' },
          { NAMESPACE: 'shop', NAME: 'web-config', DATA: '2' },
        ],
      );
    });

    it('--show-labels and -L add label columns', async () => {
      const table = parseTable(await kubectl.ok(['get', 'cm', '-n', 'shop', '-L', 'app', '--show-labels']));
      assert.deepEqual(table.columns, ['NAME', 'DATA', 'AGE', 'APP', 'LABELS']);
      assert.deepEqual(rowsWithoutAge(table), [
        { NAME: 'db-config', DATA: '1', APP: 'db', LABELS: 'app=db,tier=backend' },
        { NAME: 'web-config', DATA: '2', APP: 'web', LABELS: 'app=web,tier=frontend' },
      ]);
    });
  });

  describe('output formats', () => {
    it('-o json shows the stored ConfigMap with server-set metadata', async () => {
      const cm = await getJson('cm', 'web-config', '-n', 'shop');
      assert.equal(cm.apiVersion, 'v1');
      assert.equal(cm.kind, 'ConfigMap');
      assert.deepEqual(cm.data, { color: 'blue', size: 'large' });
      assert.deepEqual(cm.metadata.labels, { app: 'web', tier: 'frontend' });
      assert.equal(cm.metadata.namespace, 'shop');
      assert.match(cm.metadata.uid, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      assert.match(cm.metadata.resourceVersion, /^[1-9]\d*$/);
      assert.match(cm.metadata.creationTimestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    });

    it('-o yaml of a Secret shows base64 data and no stringData', async () => {
      const secret = parseYaml(
        await kubectl.ok(['get', 'secret', 'db-credentials', '-n', 'shop', '-o', 'yaml']),
      ) as ObjectJson;
      assert.equal(secret.kind, 'Secret');
      assert.equal(secret.type, 'Opaque');
      assert.deepEqual(secret.data, { password: b64('s3cret'), username: b64('admin') });
      assert.equal('stringData' in secret, false);
    });

    it('-o yaml and -o json feed back into replace unchanged', async () => {
      const yaml = await kubectl.ok(['get', 'cm', 'web-config', '-n', 'shop', '-o', 'yaml']);
      assert.deepEqual(await kubectl.run(['replace', '--validate=false', '-f', '-'], yaml), {
        code: 0,
        stdout: 'configmap/web-config replaced\n',
        stderr: '',
      });
      const json = await kubectl.ok(['get', 'secret', 'db-credentials', '-n', 'shop', '-o', 'json']);
      assert.deepEqual(await kubectl.run(['replace', '--validate=false', '-f', '-'], json), {
        code: 0,
        stdout: 'secret/db-credentials replaced\n',
        stderr: '',
      });
      assert.deepEqual((await getJson('cm', 'web-config', '-n', 'shop')).data, {
        color: 'blue',
        size: 'large',
      });
      assert.deepEqual((await getJson('secret', 'db-credentials', '-n', 'shop')).data, {
        password: b64('s3cret'),
        username: b64('admin'),
      });
    });

    it('-o jsonpath reads across items', async () => {
      const stdout = await kubectl.ok([
        'get',
        'cm',
        '-n',
        'shop',
        '-l',
        'app',
        '-o',
        'jsonpath={.items[*].metadata.name}',
      ]);
      assert.equal(stdout, 'db-config web-config');
    });

    it('a created namespace carries the kubernetes.io/metadata.name label', async () => {
      const stdout = await kubectl.ok([
        'get',
        'ns',
        'shop',
        '-o',
        'jsonpath={.metadata.labels.kubernetes\\.io/metadata\\.name}',
      ]);
      assert.equal(stdout, 'shop');
    });

    it('-o custom-columns prints <none> for a missing field', async () => {
      const stdout = await kubectl.ok([
        'get',
        'deploy,cm',
        '-n',
        'shop',
        '-l',
        'app=web',
        '-o',
        'custom-columns=NAME:.metadata.name,TIER:.metadata.labels.tier',
      ]);
      assert.deepEqual(parseTable(stdout).rows, [
        { NAME: 'web', TIER: '<none>' },
        { NAME: 'web-config', TIER: 'frontend' },
      ]);
    });
  });

  describe('selectors and paging', () => {
    const cases: [string, string[]][] = [
      ['app in (web,db)', ['configmap/db-config', 'configmap/web-config']],
      ['app notin (web)', ['configmap/db-config']],
      ['tier!=backend', ['configmap/web-config']],
      ['!tier', []],
      ['tier', ['configmap/db-config', 'configmap/web-config']],
      ['app=web,tier=frontend', ['configmap/web-config']],
      ['app==db', ['configmap/db-config']],
    ];
    for (const [selector, expected] of cases) {
      it(`-l '${selector}'`, async () => {
        assert.deepEqual(await names('cm', '-n', 'shop', '-l', selector), expected);
      });
    }

    it('a malformed label selector is a BadRequest', async () => {
      const result = await kubectl.run(['get', 'cm', '-n', 'shop', '-l', 'app in (web']);
      assert.deepEqual(
        result,
        failure(
          'Error from server (BadRequest): Unable to find "/v1, Resource=configmaps" that match label selector ' +
            `"app in (web", field selector "": unable to parse requirement: found '', expected: ',' or ')'`,
        ),
      );
    });

    it('--field-selector metadata.name= and != select by name', async () => {
      assert.deepEqual(await names('cm', '-n', 'shop', '--field-selector', 'metadata.name=web-config'), [
        'configmap/web-config',
      ]);
      assert.deepEqual(await names('cm', '-n', 'shop', '--field-selector', 'metadata.name!=web-config'), [
        'configmap/db-config',
      ]);
      assert.deepEqual(await names('cm', '-A', '--field-selector', 'metadata.namespace=shop'), [
        'configmap/db-config',
        'configmap/web-config',
      ]);
    });

    it('secrets can be selected by type', async () => {
      assert.deepEqual(await names('secrets', '-n', 'shop', '--field-selector', 'type=Opaque'), [
        'secret/db-credentials',
      ]);
      assert.deepEqual(
        await names('secrets', '-n', 'shop', '--field-selector', 'type=kubernetes.io/tls'),
        [],
      );
    });

    it('an unsupported field selector is a BadRequest', async () => {
      const result = await kubectl.run(['get', 'cm', '-n', 'shop', '--field-selector', 'spec.foo=bar']);
      assert.deepEqual(
        result,
        failure(
          'Error from server (BadRequest): Unable to find "/v1, Resource=configmaps" that match label selector "", ' +
            'field selector "spec.foo=bar": field label not supported: spec.foo',
        ),
      );
    });

    it('--chunk-size=1 pages through every item with continue tokens', async () => {
      const result = await kubectl.run(['get', 'cm', '-n', 'shop', '-l', 'app', '--chunk-size=1', '-v=6']);
      assert.equal(result.code, 0, result.stderr);
      assert.deepEqual(rowsWithoutAge(parseTable(result.stdout)), [
        { NAME: 'db-config', DATA: '1' },
        { NAME: 'web-config', DATA: '2' },
      ]);
      const requests = [...result.stderr.matchAll(/"Response" verb="GET" url="([^"]+)"/g)].map(
        (m) => m[1] ?? '',
      );
      const pages = requests.filter((url) => url.includes('/namespaces/shop/configmaps?'));
      assert.equal(pages.length, 2, requests.join('\n'));
      assert.ok(pages.every((url) => /[?&]limit=1(&|$)/.test(url)));
      assert.ok(!pages[0]?.includes('continue='));
      assert.ok(pages[1]?.includes('continue='));
    });
  });

  describe('errors', () => {
    it('get of a missing object is NotFound', async () => {
      assert.deepEqual(
        await kubectl.run(['get', 'cm', 'nope', '-n', 'shop']),
        failure('Error from server (NotFound): configmaps "nope" not found'),
      );
    });

    it('creating an existing object is AlreadyExists', async () => {
      const manifest = documents(configMap('scratch', 'dup'));
      assert.equal((await create(manifest)).code, 0);
      assert.deepEqual(
        await create(manifest),
        failure(
          'Error from server (AlreadyExists): error when creating "STDIN": configmaps "dup" already exists',
        ),
      );
    });

    it('an invalid name is Invalid with the RFC 1123 message', async () => {
      assert.deepEqual(
        await create(documents(configMap('scratch', 'Bad_Name'))),
        failure(
          'The ConfigMap "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 ' +
            "subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end " +
            "with an alphanumeric character (e.g. 'example.com', regex used for validation is " +
            "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
        ),
      );
    });

    it('an invalid ConfigMap key is Invalid', async () => {
      assert.deepEqual(
        await create(documents(configMap('scratch', 'bad-key', { data: { 'bad key': 'v' } }))),
        failure(
          'The ConfigMap "bad-key" is invalid: data[bad key]: Invalid value: "bad key": a valid config key must ' +
            "consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or " +
            "'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
        ),
      );
      assert.equal((await kubectl.run(['get', 'cm', 'bad-key', '-n', 'scratch'])).code, 1);
    });

    it('creating in a missing namespace is NotFound for the namespace', async () => {
      assert.deepEqual(
        await create(documents(configMap('nosuch', 'orphan'))),
        failure('Error from server (NotFound): error when creating "STDIN": namespaces "nosuch" not found'),
      );
    });
  });

  describe('updates', () => {
    it('a merge patch changes and removes data keys', async () => {
      await create(documents(configMap('scratch', 'merge', { data: { a: '1', b: '2' } })));
      const result = await kubectl.run([
        'patch',
        'cm',
        'merge',
        '-n',
        'scratch',
        '--type=merge',
        '-p',
        '{"data":{"a":"10","b":null,"c":"3"}}',
      ]);
      assert.deepEqual(result, { code: 0, stdout: 'configmap/merge patched\n', stderr: '' });
      assert.deepEqual((await getJson('cm', 'merge', '-n', 'scratch')).data, { a: '10', c: '3' });
    });

    it('a JSON patch adds, replaces and removes', async () => {
      await create(documents(configMap('scratch', 'jsonpatch', { data: { a: '1', b: '2' } })));
      const patch = [
        { op: 'replace', path: '/data/a', value: 'one' },
        { op: 'remove', path: '/data/b' },
        { op: 'add', path: '/metadata/labels', value: { patched: 'yes' } },
      ];
      const result = await kubectl.run([
        'patch',
        'cm',
        'jsonpatch',
        '-n',
        'scratch',
        '--type=json',
        '-p',
        JSON.stringify(patch),
      ]);
      assert.deepEqual(result, { code: 0, stdout: 'configmap/jsonpatch patched\n', stderr: '' });
      const cm = await getJson('cm', 'jsonpatch', '-n', 'scratch');
      assert.deepEqual(cm.data, { a: 'one' });
      assert.deepEqual(cm.metadata.labels, { patched: 'yes' });
    });

    it('a JSON patch whose test op fails is rejected with 422 and changes nothing', async () => {
      await create(documents(configMap('scratch', 'guarded', { data: { k: 'v' } })));
      const before = await getJson('cm', 'guarded', '-n', 'scratch');
      const patch = [
        { op: 'test', path: '/data/k', value: 'other' },
        { op: 'replace', path: '/data/k', value: 'changed' },
      ];
      const result = await kubectl.run([
        'patch',
        'cm',
        'guarded',
        '-n',
        'scratch',
        '--type=json',
        '-p',
        JSON.stringify(patch),
        '-v=6',
      ]);
      assert.equal(result.code, 1);
      assert.equal(result.stdout, '');
      assert.match(
        result.stderr,
        /"Response" verb="PATCH" url="[^"]+\/configmaps\/guarded[^"]*" status="422 Unprocessable Entity"/,
      );
      assert.match(
        result.stderr,
        /^The request is invalid: the server rejected our request due to an error in our request$/m,
      );
      const after = await getJson('cm', 'guarded', '-n', 'scratch');
      assert.deepEqual(after.data, { k: 'v' });
      assert.equal(after.metadata.resourceVersion, before.metadata.resourceVersion);
    });

    it('a patch that changes nothing is reported as no change and keeps the resourceVersion', async () => {
      await create(documents(configMap('scratch', 'noop', { data: { k: 'v' } })));
      const before = await getJson('cm', 'noop', '-n', 'scratch');
      const result = await kubectl.run([
        'patch',
        'cm',
        'noop',
        '-n',
        'scratch',
        '--type=merge',
        '-p',
        '{"data":{"k":"v"}}',
      ]);
      assert.deepEqual(result, { code: 0, stdout: 'configmap/noop patched (no change)\n', stderr: '' });
      assert.equal(
        (await getJson('cm', 'noop', '-n', 'scratch')).metadata.resourceVersion,
        before.metadata.resourceVersion,
      );
    });

    it('replace with the current resourceVersion succeeds; with a stale one it is a Conflict', async () => {
      await create(documents(configMap('scratch', 'versioned', { data: { k: 'v1' } })));
      const stale = (await getJson('cm', 'versioned', '-n', 'scratch')).metadata.resourceVersion;
      const fresh = documents(
        configMap('scratch', 'versioned', { resourceVersion: stale, data: { k: 'v2' } }),
      );
      assert.deepEqual(await kubectl.run(['replace', '--validate=false', '-f', '-'], fresh), {
        code: 0,
        stdout: 'configmap/versioned replaced\n',
        stderr: '',
      });
      const outdated = documents(
        configMap('scratch', 'versioned', { resourceVersion: stale, data: { k: 'v3' } }),
      );
      assert.deepEqual(
        await kubectl.run(['replace', '--validate=false', '-f', '-'], outdated),
        failure(
          'Error from server (Conflict): error when replacing "STDIN": Operation cannot be fulfilled on ' +
            'configmaps "versioned": the object has been modified; please apply your changes to the latest ' +
            'version and try again',
        ),
      );
      assert.deepEqual((await getJson('cm', 'versioned', '-n', 'scratch')).data, { k: 'v2' });
    });

    it('label and annotate add, refuse to overwrite without --overwrite, and overwrite with it', async () => {
      await create(documents(configMap('scratch', 'tagged')));
      const on = ['-n', 'scratch'];
      assert.equal(
        await kubectl.ok(['label', 'cm', 'tagged', 'color=red', ...on]),
        'configmap/tagged labeled\n',
      );
      assert.equal(
        await kubectl.ok(['annotate', 'cm', 'tagged', 'note=hi', ...on]),
        'configmap/tagged annotated\n',
      );
      assert.deepEqual(
        await kubectl.run(['label', 'cm', 'tagged', 'color=blue', ...on]),
        failure("error: 'color' already has a value (red), and --overwrite is false"),
      );
      assert.equal(
        await kubectl.ok(['label', 'cm', 'tagged', 'color=blue', '--overwrite', ...on]),
        'configmap/tagged labeled\n',
      );
      const cm = await getJson('cm', 'tagged', ...on);
      assert.deepEqual(cm.metadata.labels, { color: 'blue' });
      assert.deepEqual(cm.metadata.annotations, { note: 'hi' });
      assert.deepEqual(await names('cm', ...on, '-l', 'color=blue'), ['configmap/tagged']);
    });

    it('removing the last label and annotation leaves no empty maps behind', async () => {
      await create(
        documents(configMap('scratch', 'untagged', { labels: { a: 'b' }, annotations: { n: 'm' } })),
      );
      assert.equal(
        await kubectl.ok(['label', 'cm', 'untagged', 'a-', '-n', 'scratch']),
        'configmap/untagged unlabeled\n',
      );
      assert.equal(
        await kubectl.ok(['annotate', 'cm', 'untagged', 'n-', '-n', 'scratch']),
        'configmap/untagged annotated\n',
      );
      // Go's omitempty drops empty maps: upstream never returns `labels: {}`.
      const metadata = (await getJson('cm', 'untagged', '-n', 'scratch')).metadata;
      assert.equal('labels' in metadata, false, JSON.stringify(metadata));
      assert.equal('annotations' in metadata, false, JSON.stringify(metadata));
    });

    it('stringData overrides data for the same key and merges with the rest', async () => {
      const secret = {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'mixed', namespace: 'scratch' },
        data: { username: b64('old'), keep: b64('kept') },
        stringData: { username: 'new' },
      };
      assert.equal((await create(documents(secret))).code, 0);
      const stored = await getJson('secret', 'mixed', '-n', 'scratch');
      assert.deepEqual(stored.data, { keep: b64('kept'), username: b64('new') });
      assert.equal('stringData' in stored, false);
    });
  });

  describe('dry run and delete', () => {
    it('--dry-run=server reports the create but stores nothing', async () => {
      const result = await kubectl.run(
        ['create', '--validate=false', '--dry-run=server', '-f', '-'],
        documents(configMap('scratch', 'dry')),
      );
      assert.deepEqual(result, { code: 0, stdout: 'configmap/dry created (server dry run)\n', stderr: '' });
      assert.deepEqual(
        await kubectl.run(['get', 'cm', 'dry', '-n', 'scratch']),
        failure('Error from server (NotFound): configmaps "dry" not found'),
      );
    });

    it('delete names the namespace; a second delete is NotFound', async () => {
      await create(documents(configMap('scratch', 'doomed')));
      assert.deepEqual(await kubectl.run(['delete', 'cm', 'doomed', '-n', 'scratch']), {
        code: 0,
        stdout: 'configmap "doomed" deleted from scratch namespace\n',
        stderr: '',
      });
      assert.deepEqual(
        await kubectl.run(['delete', 'cm', 'doomed', '-n', 'scratch']),
        failure('Error from server (NotFound): configmaps "doomed" not found'),
      );
      assert.deepEqual(await kubectl.run(['delete', 'cm', 'doomed', '-n', 'scratch', '--ignore-not-found']), {
        code: 0,
        stdout: '',
        stderr: '',
      });
    });

    it('delete -l removes only the selected objects', async () => {
      await create(
        documents(
          configMap('scratch', 'batch-a', { labels: { batch: 'one' } }),
          configMap('scratch', 'batch-b', { labels: { batch: 'one' } }),
          configMap('scratch', 'batch-c', { labels: { batch: 'two' } }),
        ),
      );
      const result = await kubectl.run(['delete', 'cm', '-n', 'scratch', '-l', 'batch=one']);
      assert.deepEqual(result, {
        code: 0,
        stdout:
          'configmap "batch-a" deleted from scratch namespace\nconfigmap "batch-b" deleted from scratch namespace\n',
        stderr: '',
      });
      assert.deepEqual(await names('cm', '-n', 'scratch', '-l', 'batch'), ['configmap/batch-c']);
    });
  });

  describe('defaulting (upstream SetDefaults_*)', () => {
    it('a Deployment gets the apps/v1 and pod template defaults', async () => {
      const deployment = (await getJson('deploy', 'web', '-n', 'shop')) as ObjectJson & {
        spec: Json & { template: { spec: Json & { containers: Json[] } } };
      };
      const spec = deployment.spec;
      assert.deepEqual(spec.strategy, {
        type: 'RollingUpdate',
        rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' },
      });
      assert.equal(spec.revisionHistoryLimit, 10);
      assert.equal(spec.progressDeadlineSeconds, 600);
      const pod = spec.template.spec;
      assert.equal(pod.restartPolicy, 'Always');
      assert.equal(pod.dnsPolicy, 'ClusterFirst');
      assert.equal(pod.terminationGracePeriodSeconds, 30);
      assert.equal(pod.schedulerName, 'default-scheduler');
      const container = pod.containers[0] ?? {};
      assert.equal(container.imagePullPolicy, 'IfNotPresent');
      assert.equal(container.terminationMessagePath, '/dev/termination-log');
      assert.equal(container.terminationMessagePolicy, 'File');
      assert.deepEqual(container.ports, [{ containerPort: 80, protocol: 'TCP' }]);
    });
  });
});
