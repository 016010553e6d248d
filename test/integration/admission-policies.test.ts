// ValidatingAdmissionPolicy and admission webhooks (#4) through the real kubectl: CEL policies with Deny and
// Warn, a ConfigMap as params, a validating and a mutating webhook served here over HTTPS with a caBundle,
// failurePolicy Fail and Ignore against an unreachable webhook, and policies kept to their logical cluster.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eventually } from '../support/eventually.js';
import { documents, namespace, type Manifest } from '../support/manifests.js';
import { TenancyHarness } from '../support/tenancy.js';
import { allow, deny, patch, WebhookServer, type Json } from '../unit/admission/webhooks/webhook-server.js';
import { withoutKlog, type CommandResult, type Kubectl } from '../support/kubectl.js';

const v1 = 'admissionregistration.k8s.io/v1';

function deployment(ns: string, name: string, replicas: number): Manifest {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: ns },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'app', image: 'nginx' }] },
      },
    },
  };
}

function configMap(
  ns: string,
  name: string,
  labels: Record<string, string> = {},
  data?: Record<string, string>,
) {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace: ns, labels },
    ...(data ? { data } : {}),
  };
}

/** Policies and webhooks below select one test namespace each by this label. */
function scopedTo(ns: string): Json {
  return { matchLabels: { 'admission-test': ns } };
}

function testNamespace(name: string): Manifest {
  return namespace(name, { labels: { 'admission-test': name } });
}

function policy(name: string, spec: Json): Manifest {
  return { apiVersion: v1, kind: 'ValidatingAdmissionPolicy', metadata: { name }, spec };
}

function binding(name: string, spec: Json): Manifest {
  return { apiVersion: v1, kind: 'ValidatingAdmissionPolicyBinding', metadata: { name }, spec };
}

const deploymentRules = [
  { apiGroups: ['apps'], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['deployments'] },
];
const configMapRules = [
  { apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE'], resources: ['configmaps'] },
];

describe('admission policies and webhooks', () => {
  let h: TenancyHarness;
  let kubectl: Kubectl;
  let webhooks: WebhookServer;

  before(async () => {
    h = await TenancyHarness.start();
    kubectl = h.admin;
    webhooks = await WebhookServer.start();
  });

  after(async () => {
    await webhooks.close();
    await h.stop();
  });

  function create(objects: Manifest[], ...args: string[]): Promise<CommandResult> {
    return kubectl
      .run(['create', '--validate=false', '-f', '-', ...args], documents(...objects))
      .then(withoutKlog);
  }

  async function createOk(...objects: Manifest[]): Promise<void> {
    const result = await create(objects);
    assert.equal(result.code, 0, result.stderr);
  }

  /** Admission configuration takes effect through a watch: probe with a server dry run until it does. */
  async function waitUntilRefused(object: Manifest, ...args: string[]): Promise<void> {
    await eventually(
      async () => {
        const probe = await create([object], '--dry-run=server', ...args);
        if (probe.code === 0) throw new Error('not refused yet');
      },
      { description: 'admission configuration in effect' },
    );
  }

  it('refuses a Deployment over a CEL limit with the upstream message (Deny)', async () => {
    await createOk(testNamespace('vap-deny'));
    await createOk(
      policy('max-replicas', {
        failurePolicy: 'Fail',
        matchConstraints: { namespaceSelector: scopedTo('vap-deny'), resourceRules: deploymentRules },
        validations: [{ expression: 'object.spec.replicas <= 5' }],
      }),
      binding('max-replicas-deny', { policyName: 'max-replicas', validationActions: ['Deny'] }),
    );
    await waitUntilRefused(deployment('vap-deny', 'probe', 10));
    assert.deepEqual(await create([deployment('vap-deny', 'web', 10)]), {
      code: 1,
      stdout: '',
      stderr:
        'The deployments "web" is invalid: : ValidatingAdmissionPolicy \'max-replicas\' with binding ' +
        "'max-replicas-deny' denied request: failed expression: object.spec.replicas <= 5\n",
    });
    assert.deepEqual(await create([deployment('vap-deny', 'small', 3)]), {
      code: 0,
      stdout: 'deployment.apps/small created\n',
      stderr: '',
    });
  });

  it('admits with a Warning when the binding says Warn', async () => {
    await createOk(testNamespace('vap-warn'));
    await createOk(
      policy('replicas-warn', {
        matchConstraints: { namespaceSelector: scopedTo('vap-warn'), resourceRules: deploymentRules },
        validations: [{ expression: 'object.spec.replicas <= 5', message: 'more than 5 replicas' }],
      }),
      binding('replicas-warn', { policyName: 'replicas-warn', validationActions: ['Warn'] }),
    );
    const expected = {
      code: 0,
      stdout: 'deployment.apps/web created\n',
      stderr:
        "Warning: Validation failed for ValidatingAdmissionPolicy 'replicas-warn' with binding 'replicas-warn': " +
        'more than 5 replicas\n',
    };
    await eventually(async () => {
      const result = await create([deployment('vap-warn', 'web', 10)], '--dry-run=server');
      assert.equal(result.stderr, expected.stderr);
    });
    assert.deepEqual(await create([deployment('vap-warn', 'web', 10)]), expected);
  });

  it('reads limits from a ConfigMap named by the binding (paramKind)', async () => {
    await createOk(
      testNamespace('vap-params'),
      configMap('vap-params', 'replica-limits', {}, { maxReplicas: '2' }),
    );
    await createOk(
      policy('replica-limit', {
        paramKind: { apiVersion: 'v1', kind: 'ConfigMap' },
        matchConstraints: { namespaceSelector: scopedTo('vap-params'), resourceRules: deploymentRules },
        validations: [
          {
            expression: 'object.spec.replicas <= int(params.data.maxReplicas)',
            messageExpression: "'replicas must be at most ' + params.data.maxReplicas",
            reason: 'Forbidden',
          },
        ],
      }),
      binding('replica-limit', {
        policyName: 'replica-limit',
        validationActions: ['Deny'],
        paramRef: { name: 'replica-limits', parameterNotFoundAction: 'Deny' },
      }),
    );
    await waitUntilRefused(deployment('vap-params', 'probe', 3));
    assert.deepEqual(await create([deployment('vap-params', 'web', 3)]), {
      code: 1,
      stdout: '',
      stderr:
        'Error from server (Forbidden): error when creating "STDIN": deployments.apps "web" is forbidden: ' +
        "ValidatingAdmissionPolicy 'replica-limit' with binding 'replica-limit' denied request: " +
        'replicas must be at most 2\n',
    });
    assert.equal((await create([deployment('vap-params', 'web', 2)])).code, 0);
  });

  it('refuses ConfigMaps labelled deny=true through a validating webhook', async () => {
    webhooks.handle('/validate', (review) => {
      const labels = (review.request['object'] as { metadata?: { labels?: Record<string, string> } }).metadata
        ?.labels;
      return labels?.['deny'] === 'true'
        ? deny(review, 'configmaps labelled deny=true are not allowed')
        : allow(review);
    });
    await createOk(testNamespace('hook-validate'));
    await createOk({
      apiVersion: v1,
      kind: 'ValidatingWebhookConfiguration',
      metadata: { name: 'deny-labelled' },
      webhooks: [
        {
          name: 'deny.kubetenant.test',
          clientConfig: { url: webhooks.url('/validate'), caBundle: webhooks.caBundle },
          rules: configMapRules,
          namespaceSelector: scopedTo('hook-validate'),
          sideEffects: 'None',
          admissionReviewVersions: ['v1'],
        },
      ],
    });
    await waitUntilRefused(configMap('hook-validate', 'probe', { deny: 'true' }));
    assert.deepEqual(await create([configMap('hook-validate', 'bad', { deny: 'true' })]), {
      code: 1,
      stdout: '',
      stderr:
        'Error from server (Forbidden): error when creating "STDIN": admission webhook "deny.kubetenant.test" ' +
        'denied the request: configmaps labelled deny=true are not allowed\n',
    });
    assert.equal((await create([configMap('hook-validate', 'good', { deny: 'false' })])).code, 0);
    const review = webhooks.reviewsAt('/validate').at(-1);
    assert.equal(review?.request['operation'], 'CREATE');
    assert.equal(review?.request['namespace'], 'hook-validate');
    assert.equal((review?.request['userInfo'] as Json)['username'], 'kubernetes-admin');
  });

  it('adds a label through a mutating webhook', async () => {
    webhooks.handle('/mutate', (review) =>
      patch(review, [{ op: 'add', path: '/metadata/labels/mutated-by', value: 'webhook' }]),
    );
    await createOk(testNamespace('hook-mutate'));
    await createOk({
      apiVersion: v1,
      kind: 'MutatingWebhookConfiguration',
      metadata: { name: 'add-label' },
      webhooks: [
        {
          name: 'label.kubetenant.test',
          clientConfig: { url: webhooks.url('/mutate'), caBundle: webhooks.caBundle },
          rules: configMapRules,
          namespaceSelector: scopedTo('hook-mutate'),
          sideEffects: 'None',
          admissionReviewVersions: ['v1'],
        },
      ],
    });
    const labelled = configMap('hook-mutate', 'labelled', { app: 'demo' });
    const mutatedLabels = { app: 'demo', 'mutated-by': 'webhook' };
    await eventually(async () => {
      const dryRun = await create([labelled], '--dry-run=server', '-o', 'jsonpath={.metadata.labels}');
      assert.deepEqual(JSON.parse(dryRun.stdout), mutatedLabels);
    });
    await createOk(labelled);
    const labels = await kubectl.ok([
      'get',
      'configmap',
      'labelled',
      '-n',
      'hook-mutate',
      '-o',
      'jsonpath={.metadata.labels}',
    ]);
    assert.deepEqual(JSON.parse(labels), mutatedLabels);
  });

  it('fails closed on an unreachable webhook with failurePolicy Fail and open with Ignore', async () => {
    await createOk(testNamespace('hook-fail'), testNamespace('hook-ignore'));
    const unreachable = (name: string, ns: string, failurePolicy: string): Json => ({
      name,
      clientConfig: { url: 'https://127.0.0.1:1/', caBundle: webhooks.caBundle },
      rules: configMapRules,
      namespaceSelector: scopedTo(ns),
      failurePolicy,
      sideEffects: 'None',
      admissionReviewVersions: ['v1'],
    });
    await createOk({
      apiVersion: v1,
      kind: 'ValidatingWebhookConfiguration',
      metadata: { name: 'unreachable' },
      webhooks: [
        unreachable('fail.kubetenant.test', 'hook-fail', 'Fail'),
        unreachable('ignore.kubetenant.test', 'hook-ignore', 'Ignore'),
      ],
    });
    await waitUntilRefused(configMap('hook-fail', 'probe'));
    assert.deepEqual(await create([configMap('hook-fail', 'x')]), {
      code: 1,
      stdout: '',
      stderr:
        'Error from server (InternalError): error when creating "STDIN": Internal error occurred: failed calling ' +
        'webhook "fail.kubetenant.test": failed to call webhook: Post "https://127.0.0.1:1/?timeout=10s": ' +
        'dial tcp 127.0.0.1:1: connect: connection refused\n',
    });
    assert.deepEqual(await create([configMap('hook-ignore', 'x')]), {
      code: 0,
      stdout: 'configmap/x created\n',
      stderr: '',
    });
  });

  it('keeps a policy to the logical cluster it was created in', async () => {
    await h.createTenant('acme', 'alice');
    await h.waitReady('acme');
    const inAcme = ['--server', h.clusterUrl('acme')];
    const acme = (objects: Manifest[], ...args: string[]) =>
      kubectl
        .run(['create', '--validate=false', '-f', '-', ...inAcme, ...args], documents(...objects))
        .then(withoutKlog);
    const noConfigMaps = [
      policy('no-configmaps', {
        matchConstraints: { resourceRules: configMapRules },
        validations: [{ expression: "object.metadata.name.startsWith('allowed-')", message: 'not in acme' }],
      }),
      binding('no-configmaps', { policyName: 'no-configmaps', validationActions: ['Deny'] }),
    ];
    assert.equal((await acme(noConfigMaps)).code, 0);
    await eventually(async () => {
      const probe = await acme([configMap('default', 'probe')], '--dry-run=server');
      assert.equal(probe.code, 1);
      assert.match(probe.stderr, /denied request: not in acme\n$/);
    });
    assert.equal((await acme([configMap('default', 'allowed-x')])).code, 0);
    assert.equal(
      (await create([configMap('default', 'root-configmap')])).code,
      0,
      'the root cluster is not affected',
    );
  });
});
