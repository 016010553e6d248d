// kubectl's typed commands (#3): every `kubectl create <generator>` (protobuf request bodies), `run`,
// `label`, `annotate`, `scale`, `set image`, `rollout restart`, `taint`, `diff` and `create --dry-run=server`,
// with upstream's output lines, the stored objects' defaults and the `kubectl get` tables.
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { eventually } from '../support/eventually.js';
import { Kubectl } from '../support/kubectl.js';
import { documents, type Manifest } from '../support/manifests.js';
import { removeDataDir, startServer, type RunningServer } from '../support/server.js';
import { parseTable, rowWhere, type PrintedTable } from '../support/table.js';

/** The parts of objects the tests read; everything else stays unknown. */
interface ObjectJson {
  metadata: {
    name: string;
    uid: string;
    creationTimestamp: string;
    resourceVersion?: string;
    generation?: number;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  spec?: Record<string, unknown> & {
    template?: PodTemplate;
    jobTemplate?: { spec: { template: PodTemplate } };
    containers?: Record<string, unknown>[];
  };
  data?: Record<string, string>;
  type?: string;
  [field: string]: unknown;
}

interface PodTemplate {
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
  spec: Record<string, unknown> & { containers: Record<string, unknown>[] };
}

/** The container fields and pod-spec defaults every pod template gets upstream. */
const containerDefaults = {
  resources: {},
  terminationMessagePath: '/dev/termination-log',
  terminationMessagePolicy: 'File',
};
const podSpecDefaults = {
  dnsPolicy: 'ClusterFirst',
  schedulerName: 'default-scheduler',
  securityContext: {},
  terminationGracePeriodSeconds: 30,
};

/** The row named `name`, without its AGE cell (checked for shape only). */
function rowNamed(table: PrintedTable, name: string): Record<string, string> {
  const { AGE: age, ...rest } = rowWhere(table, { NAME: name });
  assert.match(age ?? '', /^\d+s$/, `AGE of ${name}`);
  return rest;
}

describe('kubectl generators and typed commands', () => {
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

  const ok = (...args: string[]): Promise<string> => kubectl.ok(args);
  const get = async (...args: string[]): Promise<ObjectJson> =>
    JSON.parse(await kubectl.ok(['get', ...args, '-o', 'json'])) as ObjectJson;
  const table = async (...args: string[]): Promise<PrintedTable> =>
    parseTable(await kubectl.ok(['get', ...args]));

  it('generators send protobuf request bodies', async () => {
    await ok('create', 'namespace', 'gen-proto');
    // -v=8 logs each request's headers; the typed clientset kubectl's generators use encodes protobuf.
    const logged = await kubectl.run([
      'create',
      'configmap',
      'wire',
      '--from-literal=a=b',
      '-n',
      'gen-proto',
      '-v=8',
    ]);
    assert.equal(logged.code, 0, logged.stderr);
    assert.equal(logged.stdout, 'configmap/wire created\n');
    assert.match(
      logged.stderr,
      /"Request" verb="POST" url="[^"]*\/api\/v1\/namespaces\/gen-proto\/configmaps\?/,
    );
    assert.match(logged.stderr, /^\s*Content-Type: application\/vnd\.kubernetes\.protobuf$/m);
    assert.deepEqual((await get('configmap', 'wire', '-n', 'gen-proto')).data, { a: 'b' });
  });

  it('create namespace, configmap --from-literal and secret generic', async () => {
    assert.equal(await ok('create', 'namespace', 'gen-core'), 'namespace/gen-core created\n');
    assert.equal(
      await ok(
        'create',
        'configmap',
        'settings',
        '--from-literal=a=b',
        '--from-literal=c=d',
        '-n',
        'gen-core',
      ),
      'configmap/settings created\n',
    );
    assert.equal(
      await ok('create', 'secret', 'generic', 'login', '--from-literal=user=admin', '-n', 'gen-core'),
      'secret/login created\n',
    );

    assert.deepEqual((await get('configmap', 'settings', '-n', 'gen-core')).data, { a: 'b', c: 'd' });
    const secret = await get('secret', 'login', '-n', 'gen-core');
    assert.equal(secret.type, 'Opaque');
    assert.deepEqual(secret.data, { user: Buffer.from('admin').toString('base64') });
    assert.match(await ok('get', 'secret', 'login', '-n', 'gen-core', '-o', 'yaml'), /^ {2}user: YWRtaW4=$/m);

    const namespaces = await table('namespace', 'gen-core');
    assert.deepEqual(namespaces.columns, ['NAME', 'STATUS', 'AGE']);
    assert.deepEqual(rowNamed(namespaces, 'gen-core'), { NAME: 'gen-core', STATUS: 'Active' });
    const configMaps = await table('configmaps', '-n', 'gen-core');
    assert.deepEqual(configMaps.columns, ['NAME', 'DATA', 'AGE']);
    assert.deepEqual(rowNamed(configMaps, 'settings'), { NAME: 'settings', DATA: '2' });
    const secrets = await table('secrets', '-n', 'gen-core');
    assert.deepEqual(secrets.columns, ['NAME', 'TYPE', 'DATA', 'AGE']);
    assert.deepEqual(rowNamed(secrets, 'login'), { NAME: 'login', TYPE: 'Opaque', DATA: '1' });
  });

  it('create deployment --image --replicas and service clusterip --tcp', async () => {
    await ok('create', 'namespace', 'gen-apps');
    assert.equal(
      await ok('create', 'deployment', 'web', '--image=nginx:1.27', '--replicas=2', '-n', 'gen-apps'),
      'deployment.apps/web created\n',
    );
    assert.equal(
      await ok('create', 'service', 'clusterip', 'web', '--tcp=80:8080', '-n', 'gen-apps'),
      'service/web created\n',
    );

    const deployment = await get('deployment', 'web', '-n', 'gen-apps');
    assert.deepEqual(deployment.metadata.labels, { app: 'web' });
    assert.deepEqual(deployment.spec, {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [
            { name: 'nginx', image: 'nginx:1.27', imagePullPolicy: 'IfNotPresent', ...containerDefaults },
          ],
          restartPolicy: 'Always',
          ...podSpecDefaults,
        },
      },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
    });

    const service = await get('service', 'web', '-n', 'gen-apps');
    const clusterIP = service.spec?.clusterIP;
    assert.equal(typeof clusterIP, 'string');
    // Allocated from the default --service-cluster-ip-range 10.96.0.0/12.
    assert.match(String(clusterIP), /^10\.(9[6-9]|10\d|11[01])\.\d+\.\d+$/);
    assert.deepEqual(service.spec, {
      ports: [{ name: '80-8080', protocol: 'TCP', port: 80, targetPort: 8080 }],
      selector: { app: 'web' },
      clusterIP,
      clusterIPs: [clusterIP],
      type: 'ClusterIP',
      sessionAffinity: 'None',
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      internalTrafficPolicy: 'Cluster',
    });

    const deployments = await table('deployments', '-n', 'gen-apps');
    assert.deepEqual(deployments.columns, ['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE']);
    assert.equal(rowNamed(deployments, 'web').READY, '0/2');
    const services = await table('services', '-n', 'gen-apps', '-o', 'wide');
    assert.deepEqual(services.columns, [
      'NAME',
      'TYPE',
      'CLUSTER-IP',
      'EXTERNAL-IP',
      'PORT(S)',
      'AGE',
      'SELECTOR',
    ]);
    assert.deepEqual(rowNamed(services, 'web'), {
      NAME: 'web',
      TYPE: 'ClusterIP',
      'CLUSTER-IP': String(clusterIP),
      'EXTERNAL-IP': '<none>',
      'PORT(S)': '80/TCP',
      SELECTOR: 'app=web',
    });
  });

  it('create serviceaccount, role, rolebinding, clusterrole and clusterrolebinding', async () => {
    await ok('create', 'namespace', 'gen-rbac');
    const created = [
      [['serviceaccount', 'bot'], 'serviceaccount/bot created\n'],
      [
        ['role', 'pod-reader', '--verb=get,list', '--resource=pods'],
        'role.rbac.authorization.k8s.io/pod-reader created\n',
      ],
      [
        ['rolebinding', 'bot-reads', '--role=pod-reader', '--serviceaccount=gen-rbac:bot'],
        'rolebinding.rbac.authorization.k8s.io/bot-reads created\n',
      ],
    ] as const;
    for (const [args, line] of created) assert.equal(await ok('create', ...args, '-n', 'gen-rbac'), line);
    assert.equal(
      await ok('create', 'clusterrole', 'gen-node-reader', '--verb=get,list', '--resource=nodes'),
      'clusterrole.rbac.authorization.k8s.io/gen-node-reader created\n',
    );
    assert.equal(
      await ok(
        'create',
        'clusterrolebinding',
        'gen-bot-nodes',
        '--clusterrole=gen-node-reader',
        '--serviceaccount=gen-rbac:bot',
      ),
      'clusterrolebinding.rbac.authorization.k8s.io/gen-bot-nodes created\n',
    );

    const role = await get('role', 'pod-reader', '-n', 'gen-rbac');
    assert.deepEqual(role.rules, [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }]);
    const binding = await get('rolebinding', 'bot-reads', '-n', 'gen-rbac');
    assert.deepEqual(binding.roleRef, {
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'Role',
      name: 'pod-reader',
    });
    assert.deepEqual(binding.subjects, [{ kind: 'ServiceAccount', name: 'bot', namespace: 'gen-rbac' }]);
    const clusterRole = await get('clusterrole', 'gen-node-reader');
    assert.deepEqual(clusterRole.rules, [{ apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list'] }]);
    const clusterBinding = await get('clusterrolebinding', 'gen-bot-nodes');
    assert.deepEqual(clusterBinding.roleRef, {
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'ClusterRole',
      name: 'gen-node-reader',
    });

    const accounts = await table('serviceaccounts', '-n', 'gen-rbac');
    assert.deepEqual(accounts.columns, ['NAME', 'SECRETS', 'AGE']);
    assert.deepEqual(rowNamed(accounts, 'bot'), { NAME: 'bot', SECRETS: '0' });
    const roles = await table('roles', '-n', 'gen-rbac');
    assert.deepEqual(roles.columns, ['NAME', 'CREATED AT']);
    assert.deepEqual(roles.rows, [{ NAME: 'pod-reader', 'CREATED AT': role.metadata.creationTimestamp }]);
    const bindings = await table('rolebindings', '-n', 'gen-rbac', '-o', 'wide');
    assert.deepEqual(bindings.columns, ['NAME', 'ROLE', 'AGE', 'USERS', 'GROUPS', 'SERVICEACCOUNTS']);
    assert.deepEqual(rowNamed(bindings, 'bot-reads'), {
      NAME: 'bot-reads',
      ROLE: 'Role/pod-reader',
      USERS: '',
      GROUPS: '',
      SERVICEACCOUNTS: 'gen-rbac/bot',
    });
    const clusterRoles = await table('clusterrole', 'gen-node-reader');
    assert.deepEqual(clusterRoles.columns, ['NAME', 'CREATED AT']);
    const clusterBindings = await table('clusterrolebinding', 'gen-bot-nodes');
    assert.deepEqual(clusterBindings.columns, ['NAME', 'ROLE', 'AGE']);
    assert.equal(rowNamed(clusterBindings, 'gen-bot-nodes').ROLE, 'ClusterRole/gen-node-reader');
  });

  it('create quota --hard and priorityclass --value', async () => {
    await ok('create', 'namespace', 'gen-quota');
    assert.equal(
      await ok('create', 'quota', 'q', '--hard=pods=2,secrets=3,limits.cpu=2', '-n', 'gen-quota'),
      'resourcequota/q created\n',
    );
    assert.equal(
      await ok('create', 'priorityclass', 'gen-high', '--value=1000', '--description=for tests'),
      'priorityclass.scheduling.k8s.io/gen-high created\n',
    );

    assert.deepEqual((await get('quota', 'q', '-n', 'gen-quota')).spec, {
      hard: { pods: '2', secrets: '3', 'limits.cpu': '2' },
    });
    const priorityClass = await get('priorityclass', 'gen-high');
    assert.equal(priorityClass.value, 1000);
    assert.equal(priorityClass.description, 'for tests');
    assert.equal(priorityClass.preemptionPolicy, 'PreemptLowerPriority');

    // Upstream printResourceQuota: hard resources sorted, `limits.*` in LIMIT, used/hard from status.
    await eventually(
      async () => {
        const quotas = await table('quota', '-n', 'gen-quota');
        assert.deepEqual(quotas.columns, ['NAME', 'REQUEST', 'LIMIT', 'AGE']);
        assert.deepEqual(rowNamed(quotas, 'q'), {
          NAME: 'q',
          REQUEST: 'pods: 0/2, secrets: 0/3',
          LIMIT: 'limits.cpu: 0/2',
        });
      },
      { description: 'quota table with used amounts' },
    );
    const classes = await table('priorityclass', 'gen-high');
    assert.deepEqual(classes.columns, ['NAME', 'VALUE', 'GLOBAL-DEFAULT', 'AGE', 'PREEMPTIONPOLICY']);
    assert.deepEqual(rowNamed(classes, 'gen-high'), {
      NAME: 'gen-high',
      VALUE: '1000',
      'GLOBAL-DEFAULT': 'false',
      PREEMPTIONPOLICY: 'PreemptLowerPriority',
    });
  });

  it('create job --image and cronjob --schedule', async () => {
    await ok('create', 'namespace', 'gen-batch');
    assert.equal(
      await ok('create', 'job', 'once', '--image=busybox', '-n', 'gen-batch', '--', 'echo', 'hi'),
      'job.batch/once created\n',
    );
    assert.equal(
      await ok(
        'create',
        'cronjob',
        'tick',
        '--image=busybox',
        '--schedule=*/5 * * * *',
        '-n',
        'gen-batch',
        '--',
        'echo',
        'hi',
      ),
      'cronjob.batch/tick created\n',
    );

    const job = await get('job', 'once', '-n', 'gen-batch');
    const { parallelism, completions, backoffLimit, completionMode, suspend, selector } = job.spec ?? {};
    assert.deepEqual(
      { parallelism, completions, backoffLimit, completionMode, suspend },
      { parallelism: 1, completions: 1, backoffLimit: 6, completionMode: 'NonIndexed', suspend: false },
    );
    assert.deepEqual(selector, { matchLabels: { 'batch.kubernetes.io/controller-uid': job.metadata.uid } });
    assert.deepEqual(job.spec?.template?.spec.containers, [
      {
        name: 'once',
        image: 'busybox',
        command: ['echo', 'hi'],
        imagePullPolicy: 'Always',
        ...containerDefaults,
      },
    ]);
    assert.equal(job.spec?.template?.spec.restartPolicy, 'Never');

    const cronJob = await get('cronjob', 'tick', '-n', 'gen-batch');
    const { jobTemplate: _jobTemplate, ...cronSpec } = cronJob.spec ?? {};
    assert.deepEqual(cronSpec, {
      schedule: '*/5 * * * *',
      concurrencyPolicy: 'Allow',
      suspend: false,
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 1,
    });
    assert.equal(cronJob.spec?.jobTemplate?.spec.template.spec.restartPolicy, 'OnFailure');

    const jobs = await table('jobs', '-n', 'gen-batch');
    assert.deepEqual(jobs.columns, ['NAME', 'STATUS', 'COMPLETIONS', 'DURATION', 'AGE']);
    const jobRow = rowNamed(jobs, 'once');
    assert.deepEqual([jobRow.STATUS, jobRow.COMPLETIONS], ['Running', '0/1']);
    const cronJobs = await table('cronjobs', '-n', 'gen-batch');
    assert.deepEqual(cronJobs.columns, [
      'NAME',
      'SCHEDULE',
      'TIMEZONE',
      'SUSPEND',
      'ACTIVE',
      'LAST SCHEDULE',
      'AGE',
    ]);
    assert.deepEqual(rowNamed(cronJobs, 'tick'), {
      NAME: 'tick',
      SCHEDULE: '*/5 * * * *',
      TIMEZONE: '<none>',
      SUSPEND: 'False',
      ACTIVE: '0',
      'LAST SCHEDULE': '<none>',
    });
  });

  it('create ingress --rule and pdb --selector --min-available', async () => {
    await ok('create', 'namespace', 'gen-net');
    assert.equal(
      await ok('create', 'ingress', 'web', '--rule=example.com/*=web:80', '-n', 'gen-net'),
      'ingress.networking.k8s.io/web created\n',
    );
    assert.equal(
      await ok('create', 'pdb', 'web', '--selector=app=web', '--min-available=1', '-n', 'gen-net'),
      'poddisruptionbudget.policy/web created\n',
    );

    assert.deepEqual((await get('ingress', 'web', '-n', 'gen-net')).spec, {
      rules: [
        {
          host: 'example.com',
          http: {
            paths: [
              { path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } },
            ],
          },
        },
      ],
    });
    assert.deepEqual((await get('pdb', 'web', '-n', 'gen-net')).spec, {
      minAvailable: 1,
      selector: { matchLabels: { app: 'web' } },
    });

    const ingresses = await table('ingress', '-n', 'gen-net');
    assert.deepEqual(ingresses.columns, ['NAME', 'CLASS', 'HOSTS', 'ADDRESS', 'PORTS', 'AGE']);
    assert.deepEqual(rowNamed(ingresses, 'web'), {
      NAME: 'web',
      CLASS: '<none>',
      HOSTS: 'example.com',
      ADDRESS: '',
      PORTS: '80',
    });
    const budgets = await table('pdb', '-n', 'gen-net');
    assert.deepEqual(budgets.columns, [
      'NAME',
      'MIN AVAILABLE',
      'MAX UNAVAILABLE',
      'ALLOWED DISRUPTIONS',
      'AGE',
    ]);
    assert.deepEqual(rowNamed(budgets, 'web'), {
      NAME: 'web',
      'MIN AVAILABLE': '1',
      'MAX UNAVAILABLE': 'N/A',
      'ALLOWED DISRUPTIONS': '0',
    });
  });

  it('run a pod, then label and annotate it', async () => {
    await ok('create', 'namespace', 'gen-pods');
    assert.equal(await ok('run', 'p', '--image=nginx', '-n', 'gen-pods'), 'pod/p created\n');
    assert.equal(await ok('label', 'pod', 'p', 'tier=frontend', '-n', 'gen-pods'), 'pod/p labeled\n');
    assert.equal(await ok('annotate', 'pod', 'p', 'note=hello', '-n', 'gen-pods'), 'pod/p annotated\n');

    const pod = await get('pod', 'p', '-n', 'gen-pods');
    assert.deepEqual(pod.metadata.labels, { run: 'p', tier: 'frontend' });
    assert.deepEqual(pod.metadata.annotations, { note: 'hello' });
    const spec = pod.spec ?? {};
    assert.deepEqual(spec.containers?.[0], {
      name: 'p',
      image: 'nginx',
      imagePullPolicy: 'Always',
      ...containerDefaults,
    });
    assert.equal(spec.restartPolicy, 'Always');
    assert.equal(spec.serviceAccountName, 'default');
    assert.equal(spec.enableServiceLinks, true);
    assert.equal(await ok('get', 'pods', '-n', 'gen-pods', '-l', 'tier=frontend', '-o', 'name'), 'pod/p\n');

    const pods = await table('pods', '-n', 'gen-pods');
    assert.deepEqual(pods.columns, ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE']);
    assert.deepEqual(rowNamed(pods, 'p'), { NAME: 'p', READY: '0/1', STATUS: 'Pending', RESTARTS: '0' });
  });

  it('scale, set image and rollout restart a deployment', async () => {
    await ok('create', 'namespace', 'gen-rollout');
    await ok('create', 'deployment', 'web', '--image=nginx:1.27', '-n', 'gen-rollout');
    assert.equal(
      await ok('scale', 'deployment', 'web', '--replicas=3', '-n', 'gen-rollout'),
      'deployment.apps/web scaled\n',
    );
    assert.equal(
      await ok('set', 'image', 'deployment/web', 'nginx=nginx:1.28', '-n', 'gen-rollout'),
      'deployment.apps/web image updated\n',
    );
    assert.equal(
      await ok('rollout', 'restart', 'deployment/web', '-n', 'gen-rollout'),
      'deployment.apps/web restarted\n',
    );

    const deployment = await get('deployment', 'web', '-n', 'gen-rollout');
    assert.equal(deployment.spec?.replicas, 3);
    assert.equal(deployment.spec?.template?.spec.containers[0]?.image, 'nginx:1.28');
    assert.match(
      deployment.spec?.template?.metadata?.annotations?.['kubectl.kubernetes.io/restartedAt'] ?? '',
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/,
    );
    // Every spec change bumps generation: create 1, scale 2, set image 3, restart 4.
    assert.equal(deployment.metadata.generation, 4);
    assert.equal(
      (await get('deployment', 'web', '-n', 'gen-rollout', '--subresource=scale')).spec?.replicas,
      3,
    );
  });

  it('taint and untaint a node', async () => {
    assert.equal(
      await kubectl.ok(
        ['create', '-f', '-'],
        documents({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'gen-node' } }),
      ),
      'node/gen-node created\n',
    );
    assert.equal(
      await ok('taint', 'node', 'gen-node', 'dedicated=gpu:NoSchedule'),
      'node/gen-node tainted\n',
    );
    assert.deepEqual((await get('node', 'gen-node')).spec, {
      taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }],
    });
    const nodes = await table('node', 'gen-node');
    assert.deepEqual(nodes.columns, ['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION']);
    assert.deepEqual(rowNamed(nodes, 'gen-node'), {
      NAME: 'gen-node',
      STATUS: 'Unknown',
      ROLES: '<none>',
      VERSION: '',
    });

    assert.equal(
      await ok('taint', 'node', 'gen-node', 'dedicated=gpu:NoSchedule-'),
      'node/gen-node untainted\n',
    );
    assert.deepEqual((await get('node', 'gen-node')).spec, {});
  });

  it('diff -f exits 1 with a unified diff of the change, 0 when nothing changes', async () => {
    await ok('create', 'namespace', 'gen-diff');
    await ok('create', 'configmap', 'settings', '--from-literal=color=blue', '-n', 'gen-diff');
    const live = await get('configmap', 'settings', '-n', 'gen-diff');
    const manifest = (color: string): string =>
      documents({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'settings', namespace: 'gen-diff' },
        data: { color },
      } satisfies Manifest);

    assert.deepEqual(await kubectl.run(['diff', '-f', '-'], manifest('blue')), {
      code: 0,
      stdout: '',
      stderr: '',
    });

    const changed = await kubectl.run(['diff', '-f', '-'], manifest('green'));
    assert.equal(changed.code, 1, changed.stderr);
    assert.equal(changed.stderr, '');
    const [command, from, to, ...hunk] = changed.stdout.split('\n');
    assert.match(
      command ?? '',
      /^diff -u -N \S+\/v1\.ConfigMap\.gen-diff\.settings \S+\/v1\.ConfigMap\.gen-diff\.settings$/,
    );
    assert.match(from ?? '', /^--- \S*LIVE-\d+\/v1\.ConfigMap\.gen-diff\.settings\t/);
    assert.match(to ?? '', /^\+\+\+ \S*MERGED-\d+\/v1\.ConfigMap\.gen-diff\.settings\t/);
    // The server's dry-run patch returns the object as it would be stored: only data differs.
    assert.deepEqual(hunk, [
      '@@ -1,6 +1,6 @@',
      ' apiVersion: v1',
      ' data:',
      '-  color: blue',
      '+  color: green',
      ' kind: ConfigMap',
      ' metadata:',
      `   creationTimestamp: "${live.metadata.creationTimestamp}"`,
      '',
    ]);
    assert.deepEqual((await get('configmap', 'settings', '-n', 'gen-diff')).data, { color: 'blue' });
  });

  it('create --dry-run=server -o yaml prints the defaulted object and stores nothing', async () => {
    await ok('create', 'namespace', 'gen-dry');
    const printed = parseYaml(
      await ok(
        'create',
        'deployment',
        'dry',
        '--image=nginx',
        '--dry-run=server',
        '-o',
        'yaml',
        '-n',
        'gen-dry',
      ),
    ) as ObjectJson;
    assert.equal(printed.kind, 'Deployment');
    assert.equal(printed.metadata.name, 'dry');
    assert.equal(printed.metadata.resourceVersion, undefined, 'a dry-run create has no resourceVersion');
    assert.match(printed.metadata.uid, /^[0-9a-f-]{36}$/);
    assert.deepEqual(printed.spec?.strategy, {
      type: 'RollingUpdate',
      rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' },
    });
    assert.equal(printed.spec?.revisionHistoryLimit, 10);
    assert.equal(printed.spec?.progressDeadlineSeconds, 600);
    assert.equal(printed.spec?.template?.spec.containers[0]?.imagePullPolicy, 'Always');

    const configMap = parseYaml(
      await ok(
        'create',
        'configmap',
        'dry',
        '--from-literal=a=b',
        '--dry-run=server',
        '-o',
        'yaml',
        '-n',
        'gen-dry',
      ),
    ) as ObjectJson;
    assert.deepEqual(configMap.data, { a: 'b' });

    assert.deepEqual(await kubectl.run(['get', 'deployment', 'dry', '-n', 'gen-dry']), {
      code: 1,
      stdout: '',
      stderr: 'Error from server (NotFound): deployments.apps "dry" not found\n',
    });
    assert.deepEqual(await kubectl.run(['get', 'configmap', 'dry', '-n', 'gen-dry']), {
      code: 1,
      stdout: '',
      stderr: 'Error from server (NotFound): configmaps "dry" not found\n',
    });
  });
});
