// Server-side apply through the real clients: `kubectl apply --server-side` (create, re-apply, managed
// fields, conflicts with kubectl's upstream message, --force-conflicts, taking over from client-side apply)
// and helm 4, which installs, upgrades and rolls back with server-side apply by default.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { callApi, loadConnection, type Connection } from '../support/api.js';
import { eventually } from '../support/eventually.js';
import { Kubectl, type CommandResult } from '../support/kubectl.js';
import { documents, namespace, type Manifest } from '../support/manifests.js';
import { removeDataDir, startServer, toolsDir, type RunningServer } from '../support/server.js';

type Json = Record<string, unknown>;

interface ManagedFieldsEntry {
  manager: string;
  operation: string;
  apiVersion: string;
  time: string;
  fieldsType: string;
  fieldsV1: Json;
  subresource?: string;
}

interface ObjectJson {
  metadata: {
    name: string;
    resourceVersion: string;
    annotations?: Record<string, string>;
    managedFields?: ManagedFieldsEntry[];
  };
  spec?: Json;
  data?: Record<string, string>;
}

function deployment(name: string, replicas: number, image = 'nginx:1.27'): Manifest {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'ssa' },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'nginx', image }] },
      },
    },
  };
}

/** kubectl's own text after a server-side apply conflict (k8s.io/kubectl pkg/cmd/apply/apply.go). */
const conflictHelp = [
  'Please review the fields above--they currently have other managers. Here',
  'are the ways you can resolve this warning:',
  '* If you intend to manage all of these fields, please re-run the apply',
  '  command with the `--force-conflicts` flag.',
  '* If you do not intend to manage all of the fields, please edit your',
  '  manifest to remove references to the fields that should keep their',
  '  current managers.',
  '* You may co-own fields by updating your manifest to match the existing',
  "  value; in this case, you'll become the manager if the other manager(s)",
  '  stop managing the field (remove it from their configuration).',
  'See https://kubernetes.io/docs/reference/using-api/server-side-apply/#conflicts',
].join('\n');

function conflictFailure(message: string): CommandResult {
  return { code: 1, stdout: '', stderr: `error: ${message}\n${conflictHelp}\n` };
}

function managers(obj: ObjectJson): string[] {
  return (obj.metadata.managedFields ?? []).map((e) => `${e.manager} ${e.operation}`).sort();
}

function entryOf(obj: ObjectJson, manager: string, operation: string): ManagedFieldsEntry {
  const entry = (obj.metadata.managedFields ?? []).find(
    (e) => e.manager === manager && e.operation === operation,
  );
  assert.ok(
    entry !== undefined,
    `a ${operation} entry of ${manager} in ${JSON.stringify(obj.metadata.managedFields)}`,
  );
  return entry;
}

function specFields(entry: ManagedFieldsEntry): Json {
  const spec = entry.fieldsV1['f:spec'];
  assert.ok(typeof spec === 'object' && spec !== null);
  return spec as Json;
}

describe('server-side apply', () => {
  let server: RunningServer;
  let kubectl: Kubectl;
  let connection: Connection;

  before(async () => {
    server = await startServer();
    kubectl = await Kubectl.create(server.kubeconfig);
    connection = await loadConnection(server.kubeconfig);
  });

  after(async () => {
    await server.stop();
    await removeDataDir(server);
    await rm(kubectl.cacheDir, { recursive: true, force: true });
  });

  const applyServerSide = (manifest: string, ...flags: string[]): Promise<CommandResult> =>
    kubectl.run(['apply', '--server-side', ...flags, '-f', '-'], manifest);

  async function getJson(...args: string[]): Promise<ObjectJson> {
    return JSON.parse(
      await kubectl.ok(['get', ...args, '-o', 'json', '--show-managed-fields']),
    ) as ObjectJson;
  }

  describe('kubectl apply --server-side', () => {
    it('creates a namespace and a deployment', async () => {
      const result = await applyServerSide(documents(namespace('ssa'), deployment('web', 2)));
      assert.deepEqual(result, {
        code: 0,
        stdout: 'namespace/ssa serverside-applied\ndeployment.apps/web serverside-applied\n',
        stderr: '',
      });
    });

    it('re-applies the same manifest without writing', async () => {
      const before = await getJson('deploy', 'web', '-n', 'ssa');
      const result = await applyServerSide(documents(deployment('web', 2)));
      assert.deepEqual(result, { code: 0, stdout: 'deployment.apps/web serverside-applied\n', stderr: '' });
      const again = await getJson('deploy', 'web', '-n', 'ssa');
      assert.equal(again.metadata.resourceVersion, before.metadata.resourceVersion);
    });

    it('shows the Apply entry of manager kubectl with --show-managed-fields only', async () => {
      const yaml = await kubectl.ok([
        'get',
        'deploy',
        'web',
        '-n',
        'ssa',
        '-o',
        'yaml',
        '--show-managed-fields',
      ]);
      const obj = parseYaml(yaml) as ObjectJson;
      const entry = entryOf(obj, 'kubectl', 'Apply');
      assert.equal(entry.apiVersion, 'apps/v1');
      assert.equal(entry.fieldsType, 'FieldsV1');
      assert.match(entry.time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      assert.deepEqual(entry.fieldsV1, {
        'f:spec': {
          'f:replicas': {},
          'f:selector': {},
          'f:template': {
            'f:metadata': { 'f:labels': { 'f:app': {} } },
            'f:spec': {
              'f:containers': { 'k:{"name":"nginx"}': { '.': {}, 'f:image': {}, 'f:name': {} } },
            },
          },
        },
      });
      const plain = parseYaml(
        await kubectl.ok(['get', 'deploy', 'web', '-n', 'ssa', '-o', 'yaml']),
      ) as ObjectJson;
      assert.equal(plain.metadata.managedFields, undefined);
    });

    it('refuses another manager changing a field kubectl owns, with kubectl’s message', async () => {
      const result = await applyServerSide(documents(deployment('web', 3)), '--field-manager=other');
      assert.deepEqual(
        result,
        conflictFailure('Apply failed with 1 conflict: conflict with "kubectl": .spec.replicas'),
      );
      const obj = await getJson('deploy', 'web', '-n', 'ssa');
      assert.equal(obj.spec?.replicas, 2);
    });

    it('moves the field to the other manager with --force-conflicts', async () => {
      const result = await applyServerSide(
        documents(deployment('web', 3)),
        '--field-manager=other',
        '--force-conflicts',
      );
      assert.deepEqual(result, { code: 0, stdout: 'deployment.apps/web serverside-applied\n', stderr: '' });
      const obj = await getJson('deploy', 'web', '-n', 'ssa');
      assert.equal(obj.spec?.replicas, 3);
      assert.deepEqual(specFields(entryOf(obj, 'other', 'Apply'))['f:replicas'], {});
      assert.equal(specFields(entryOf(obj, 'kubectl', 'Apply'))['f:replicas'], undefined);
    });

    it('now refuses kubectl the field, naming the new owner', async () => {
      const result = await applyServerSide(documents(deployment('web', 2)));
      assert.deepEqual(
        result,
        conflictFailure('Apply failed with 1 conflict: conflict with "other": .spec.replicas'),
      );
    });

    it('removes a field the manager stopped applying', async () => {
      const settings = (data: Record<string, string>): string =>
        documents({
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: 'settings', namespace: 'ssa' },
          data,
        });
      assert.equal(
        (await applyServerSide(settings({ color: 'blue', size: 'large' }))).stdout,
        'configmap/settings serverside-applied\n',
      );
      assert.equal(
        (await applyServerSide(settings({ color: 'blue' }))).stdout,
        'configmap/settings serverside-applied\n',
      );
      const obj = await getJson('configmap', 'settings', '-n', 'ssa');
      assert.deepEqual(obj.data, { color: 'blue' });
    });

    it('conflicts with the fields client-side apply set, named with their API version', async () => {
      const created = await kubectl.run(['apply', '-f', '-'], documents(deployment('api', 2)));
      assert.deepEqual(created, { code: 0, stdout: 'deployment.apps/api created\n', stderr: '' });
      const result = await applyServerSide(documents(deployment('api', 3)), '--field-manager=other');
      assert.deepEqual(
        result,
        conflictFailure(
          'Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas',
        ),
      );
    });

    it('lets kubectl take over from client-side apply and migrates its ownership', async () => {
      const result = await applyServerSide(documents(deployment('api', 3)));
      assert.deepEqual(result, { code: 0, stdout: 'deployment.apps/api serverside-applied\n', stderr: '' });
      const obj = await getJson('deploy', 'api', '-n', 'ssa');
      assert.equal(obj.spec?.replicas, 3);
      assert.deepEqual(managers(obj), ['kubectl Apply', 'kubectl-last-applied Apply']);
      const lastApplied =
        obj.metadata.annotations?.['kubectl.kubernetes.io/last-applied-configuration'] ?? '';
      assert.equal((JSON.parse(lastApplied) as ObjectJson).spec?.replicas, 3);
    });

    it('records non-apply writes under the manager kubectl names', async () => {
      await kubectl.ok(['scale', 'deploy', 'web', '-n', 'ssa', '--replicas=4']);
      await kubectl.ok(['label', 'deploy', 'web', '-n', 'ssa', 'tier=front']);
      const obj = await getJson('deploy', 'web', '-n', 'ssa');
      const label = entryOf(obj, 'kubectl-label', 'Update');
      assert.deepEqual(label.fieldsV1, { 'f:metadata': { 'f:labels': { '.': {}, 'f:tier': {} } } });
      const result = await applyServerSide(documents(deployment('web', 3)), '--field-manager=other');
      assert.deepEqual(
        result,
        conflictFailure(
          'Apply failed with 1 conflict: conflict with "kubectl" with subresource "scale" using apps/v1: .spec.replicas',
        ),
      );
    });
  });

  describe('the apply patch request', () => {
    const path = '/apis/apps/v1/namespaces/ssa/deployments/web';
    const headers = { 'content-type': 'application/apply-patch+yaml' };

    it('requires a fieldManager', async () => {
      const response = await callApi(connection, 'PATCH', path, deployment('web', 3), headers);
      assert.equal(response.status, 422);
      const status = response.body as Json;
      assert.equal(status.reason, 'Invalid');
      assert.equal(
        status.message,
        'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
      );
    });

    it('answers conflicts with FieldManagerConflict causes', async () => {
      const response = await callApi(
        connection,
        'PATCH',
        `${path}?fieldManager=third`,
        deployment('web', 5),
        headers,
      );
      assert.equal(response.status, 409);
      const status = response.body as Json;
      assert.equal(status.reason, 'Conflict');
      assert.equal(
        status.message,
        'Apply failed with 1 conflict: conflict with "kubectl" with subresource "scale" using apps/v1: .spec.replicas',
      );
      assert.deepEqual((status.details as Json).causes, [
        {
          reason: 'FieldManagerConflict',
          message: 'conflict with "kubectl" with subresource "scale" using apps/v1',
          field: '.spec.replicas',
        },
      ]);
    });

    it('rejects a body of another kind', async () => {
      const body = { ...deployment('web', 4), kind: 'ReplicaSet' };
      const response = await callApi(connection, 'PATCH', `${path}?fieldManager=third`, body, headers);
      assert.equal(response.status, 400);
      assert.equal((response.body as Json).message, 'invalid object type: apps/v1, Kind=ReplicaSet');
    });
  });
});

describe('helm 4', () => {
  let server: RunningServer;
  let kubectl: Kubectl;
  let workDir: string;
  let chartDir: string;

  before(async () => {
    server = await startServer();
    kubectl = await Kubectl.create(server.kubeconfig);
    workDir = await mkdtemp(join(tmpdir(), 'helm-test-'));
    chartDir = join(workDir, 'chart');
    await writeChart(chartDir);
  });

  after(async () => {
    await server.stop();
    await removeDataDir(server);
    await rm(kubectl.cacheDir, { recursive: true, force: true });
    await rm(workDir, { recursive: true, force: true });
  });

  /** Runs tools/helm against the test server, with its caches and config in the test's own directory. */
  function helm(args: readonly string[]): Promise<CommandResult> {
    return new Promise((resolve, reject) => {
      const child = spawn(join(toolsDir, 'helm'), [...args, '--kubeconfig', server.kubeconfig], {
        env: {
          PATH: process.env.PATH ?? '',
          HOME: workDir,
          HELM_CACHE_HOME: join(workDir, 'cache'),
          HELM_CONFIG_HOME: join(workDir, 'config'),
          HELM_DATA_HOME: join(workDir, 'data'),
          NO_COLOR: '1',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    });
  }

  async function helmOk(args: readonly string[]): Promise<string> {
    const result = await helm(args);
    if (result.code !== 0)
      throw new Error(`helm ${args.join(' ')} failed (${result.code}): ${result.stderr}`);
    return result.stdout;
  }

  /** The release status block helm prints after install and upgrade, without the LAST DEPLOYED time. */
  function statusLines(stdout: string): string[] {
    return stdout.split('\n').filter((line) => line !== '' && !line.startsWith('LAST DEPLOYED: '));
  }

  interface ListedRelease {
    name: string;
    namespace: string;
    revision: string;
    status: string;
    chart: string;
    app_version: string;
  }

  async function releases(): Promise<Omit<ListedRelease, 'updated'>[]> {
    const listed = JSON.parse(await helmOk(['list', '-n', 'default', '-o', 'json'])) as (ListedRelease & {
      updated: string;
    })[];
    return listed.map(({ updated: _updated, ...rest }) => rest);
  }

  async function greeting(): Promise<string | undefined> {
    const obj = JSON.parse(
      await kubectl.ok(['get', 'configmap', 'rel-config', '-n', 'default', '-o', 'json']),
    ) as ObjectJson;
    return obj.data?.greeting;
  }

  it('installs a chart with server-side apply', async () => {
    const stdout = await helmOk(['install', 'rel', chartDir, '-n', 'default']);
    assert.deepEqual(statusLines(stdout), [
      'NAME: rel',
      'NAMESPACE: default',
      'STATUS: deployed',
      'REVISION: 1',
      'DESCRIPTION: Install complete',
      'TEST SUITE: None',
    ]);
    const names = await kubectl.ok([
      'get',
      'deploy,service,configmap,secret',
      '-n',
      'default',
      '-l',
      'app.kubernetes.io/instance=rel',
      '-o',
      'name',
    ]);
    assert.deepEqual(
      names
        .split('\n')
        .filter((l) => l !== '')
        .sort(),
      ['configmap/rel-config', 'deployment.apps/rel-web', 'secret/rel-secret', 'service/rel-web'],
    );
    const deploymentJson = JSON.parse(
      await kubectl.ok(['get', 'deploy', 'rel-web', '-n', 'default', '-o', 'json', '--show-managed-fields']),
    ) as ObjectJson;
    assert.deepEqual(managers(deploymentJson), ['helm Apply']);
    assert.equal(await greeting(), 'hello');
  });

  it('lists the release', async () => {
    assert.deepEqual(await releases(), [
      {
        name: 'rel',
        namespace: 'default',
        revision: '1',
        status: 'deployed',
        chart: 'demo-0.1.0',
        app_version: '1.0',
      },
    ]);
    const table = await helmOk(['list', '-n', 'default']);
    assert.match(table, /^NAME\s+NAMESPACE\s+REVISION\s+UPDATED\s+STATUS\s+CHART\s+APP VERSION\s*$/m);
    assert.match(table, /^rel\s+default\s+1\s+.+\s+deployed\s+demo-0\.1\.0\s+1\.0\s*$/m);
  });

  it('upgrades with a changed value', async () => {
    const stdout = await helmOk(['upgrade', 'rel', chartDir, '-n', 'default', '--set', 'greeting=bonjour']);
    assert.deepEqual(statusLines(stdout), [
      'Release "rel" has been upgraded. Happy Helming!',
      'NAME: rel',
      'NAMESPACE: default',
      'STATUS: deployed',
      'REVISION: 2',
      'DESCRIPTION: Upgrade complete',
      'TEST SUITE: None',
    ]);
    assert.equal(await greeting(), 'bonjour');
    assert.deepEqual(
      (await releases()).map((r) => [r.revision, r.status]),
      [['2', 'deployed']],
    );
  });

  it('rolls back to the first revision', async () => {
    assert.equal(
      await helmOk(['rollback', 'rel', '1', '-n', 'default']),
      'Rollback was a success! Happy Helming!\n',
    );
    assert.equal(await greeting(), 'hello');
    assert.deepEqual(
      (await releases()).map((r) => [r.revision, r.status]),
      [['3', 'deployed']],
    );
  });

  it('uninstalls the release and its objects', async () => {
    assert.equal(await helmOk(['uninstall', 'rel', '-n', 'default']), 'release "rel" uninstalled\n');
    assert.deepEqual(await releases(), []);
    await eventually(
      async () => {
        const names = await kubectl.ok([
          'get',
          'deploy,service,configmap,secret',
          '-n',
          'default',
          '-l',
          'app.kubernetes.io/instance=rel',
          '-o',
          'name',
        ]);
        assert.equal(names, '');
      },
      { description: 'the release objects to be gone' },
    );
  });
});

/** A chart with a Deployment, a Service, a ConfigMap and a Secret, each labelled with the release. */
async function writeChart(dir: string): Promise<void> {
  await mkdir(join(dir, 'templates'), { recursive: true });
  const labels = '    app.kubernetes.io/instance: {{ .Release.Name }}\n';
  const files: Record<string, string> = {
    'Chart.yaml': 'apiVersion: v2\nname: demo\nversion: 0.1.0\nappVersion: "1.0"\n',
    'values.yaml': 'replicas: 1\ngreeting: hello\n',
    'templates/deployment.yaml': [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: {{ .Release.Name }}-web',
      '  labels:',
      labels.trimEnd(),
      'spec:',
      '  replicas: {{ .Values.replicas }}',
      '  selector:',
      '    matchLabels:',
      '      app: {{ .Release.Name }}-web',
      '  template:',
      '    metadata:',
      '      labels:',
      '        app: {{ .Release.Name }}-web',
      '    spec:',
      '      containers:',
      '        - name: web',
      '          image: nginx:1.27',
      '          ports:',
      '            - containerPort: 80',
      '          envFrom:',
      '            - configMapRef:',
      '                name: {{ .Release.Name }}-config',
      '',
    ].join('\n'),
    'templates/service.yaml': [
      'apiVersion: v1',
      'kind: Service',
      'metadata:',
      '  name: {{ .Release.Name }}-web',
      '  labels:',
      labels.trimEnd(),
      'spec:',
      '  selector:',
      '    app: {{ .Release.Name }}-web',
      '  ports:',
      '    - name: http',
      '      port: 80',
      '      targetPort: 80',
      '      protocol: TCP',
      '',
    ].join('\n'),
    'templates/configmap.yaml': [
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata:',
      '  name: {{ .Release.Name }}-config',
      '  labels:',
      labels.trimEnd(),
      'data:',
      '  greeting: {{ .Values.greeting | quote }}',
      '',
    ].join('\n'),
    'templates/secret.yaml': [
      'apiVersion: v1',
      'kind: Secret',
      'metadata:',
      '  name: {{ .Release.Name }}-secret',
      '  labels:',
      labels.trimEnd(),
      'type: Opaque',
      'data:',
      '  password: {{ "s3cret" | b64enc | quote }}',
      '',
    ].join('\n'),
  };
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
}
