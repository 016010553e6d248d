import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AdmissionWebhooks, noServiceNetwork } from '../../../../src/admission/plugins/webhooks/index.js';
import type { RequestContext } from '../../../../src/machinery/context.js';
import { isStatusError } from '../../../../src/machinery/errors.js';
import type { KubeObject } from '../../../../src/machinery/object.js';
import {
  admissionFixture,
  namespace,
  rejectsWithStatus,
  silentLogger,
  type AdmissionFixture,
} from '../admission-fixtures.js';
import {
  allow,
  deny,
  patch,
  reply,
  selfSignedCertificate,
  WebhookServer,
  type Json,
  type ReceivedReview,
} from './webhook-server.js';

const group = 'admissionregistration.k8s.io';

function configMap(ns: string, name: string, labels?: Record<string, string>): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace: ns, ...(labels ? { labels } : {}) },
  };
}

function labelsOf(obj: Json | KubeObject | undefined): Record<string, string> | undefined {
  const metadata = obj?.['metadata'] as { labels?: Record<string, string> } | undefined;
  return metadata?.labels;
}

describe('admission webhooks', () => {
  let fx: AdmissionFixture;
  let webhooks: AdmissionWebhooks;
  let server: WebhookServer;
  let clusterCount = 0;

  before(async () => {
    server = await WebhookServer.start();
    fx = admissionFixture();
    webhooks = new AdmissionWebhooks(fx.registry, silentLogger, {
      resolveService: (cluster, service) =>
        service.name === 'hooks'
          ? { host: '127.0.0.1', port: server.port }
          : noServiceNetwork(cluster, service),
    });
    await webhooks.start();
    fx.use([webhooks.mutating], [webhooks.validating]);
    server.handle('/allow', (review) => allow(review));
    server.handle('/deny-labelled', (review) =>
      labelsOf(review.request['object'] as Json)?.['deny'] === 'true'
        ? deny(review, 'labelled deny=true')
        : allow(review),
    );
  });

  after(async () => {
    webhooks.stop();
    await fx.close();
    await server.close();
  });

  async function freshCluster(...namespaces: KubeObject[]): Promise<RequestContext> {
    const ctx = fx.ctx(`w${++clusterCount}`);
    for (const ns of namespaces.length === 0 ? [namespace('ns')] : namespaces) await fx.create(ctx, ns);
    return ctx;
  }

  function hook(name: string, path: string, extra: Json = {}): Json {
    return {
      name,
      clientConfig: { url: server.url(path), caBundle: server.caBundle },
      rules: [
        { operations: ['CREATE', 'UPDATE'], apiGroups: [''], apiVersions: ['v1'], resources: ['configmaps'] },
      ],
      sideEffects: 'None',
      admissionReviewVersions: ['v1'],
      ...extra,
    };
  }

  async function configure(
    ctx: RequestContext,
    kind: 'Validating' | 'Mutating',
    name: string,
    hooks: Json[],
  ) {
    const plural =
      kind === 'Validating' ? 'validatingwebhookconfigurations' : 'mutatingwebhookconfigurations';
    await fx.store(plural, group).create(
      ctx,
      '',
      {
        apiVersion: `${group}/v1`,
        kind: `${kind}WebhookConfiguration`,
        metadata: { name },
        webhooks: hooks,
      },
      { dryRun: false },
    );
  }

  it('sends an AdmissionReview v1 and refuses with the webhook message', async () => {
    const ctx = await freshCluster();
    await configure(ctx, 'Validating', 'deny', [hook('deny.example.com', '/deny-labelled')]);
    const error = await rejectsWithStatus(
      fx.create(ctx, configMap('ns', 'bad', { deny: 'true' })),
      'Forbidden',
      'admission webhook "deny.example.com" denied the request: labelled deny=true',
    );
    assert.equal(error.code, 403);
    await fx.create(ctx, configMap('ns', 'good'));
    const review = server.reviewsAt('/deny-labelled').at(-1);
    assert.ok(review !== undefined);
    assert.equal(review.body['apiVersion'], 'admission.k8s.io/v1');
    assert.equal(review.body['kind'], 'AdmissionReview');
    const { uid, object, ...rest } = review.request;
    assert.match(String(uid), /^[0-9a-f-]{36}$/);
    assert.equal(labelsOf(object as Json), undefined);
    assert.equal((object as KubeObject).metadata.name, 'good');
    assert.deepEqual(rest, {
      kind: { group: '', version: 'v1', kind: 'ConfigMap' },
      resource: { group: '', version: 'v1', resource: 'configmaps' },
      requestKind: { group: '', version: 'v1', kind: 'ConfigMap' },
      requestResource: { group: '', version: 'v1', resource: 'configmaps' },
      name: 'good',
      namespace: 'ns',
      operation: 'CREATE',
      userInfo: { username: 'system:kubetenant:test', groups: ['system:masters', 'system:authenticated'] },
      oldObject: null,
      dryRun: false,
      options: { kind: 'CreateOptions', apiVersion: 'meta.k8s.io/v1' },
    });
  });

  it('forces refusals to a 4xx code and words a refusal without message', async () => {
    const ctx = await freshCluster();
    server.handle('/deny-bare', (review) => reply(review, { allowed: false, status: { code: 200 } }));
    await configure(ctx, 'Validating', 'bare', [hook('bare.example.com', '/deny-bare')]);
    const error = await rejectsWithStatus(
      fx.create(ctx, configMap('ns', 'x')),
      'BadRequest',
      'admission webhook "bare.example.com" denied the request without explanation',
    );
    assert.equal(error.code, 400);
  });

  it('passes response warnings on to the request', async () => {
    const ctx = await freshCluster();
    server.handle('/warn', (review) => allow(review, { warnings: ['careful', 'very careful'] }));
    await configure(ctx, 'Validating', 'warn', [hook('warn.example.com', '/warn')]);
    await fx.create(ctx, configMap('ns', 'x'));
    assert.deepEqual(ctx.warnings, ['careful', 'very careful']);
  });

  it('applies JSON patches from mutating webhooks before validating webhooks run', async () => {
    const ctx = await freshCluster();
    server.handle('/add-label', (review) =>
      patch(review, [{ op: 'add', path: '/metadata/labels', value: { mutated: 'yes' } }]),
    );
    server.handle('/require-label', (review) =>
      labelsOf(review.request['object'] as Json)?.['mutated'] === 'yes'
        ? allow(review)
        : deny(review, 'not mutated'),
    );
    await configure(ctx, 'Mutating', 'add-label', [hook('add-label.example.com', '/add-label')]);
    await configure(ctx, 'Validating', 'require-label', [
      hook('require-label.example.com', '/require-label'),
    ]);
    const created = await fx.create(ctx, configMap('ns', 'x'));
    assert.deepEqual(labelsOf(created), { mutated: 'yes' });
  });

  it('reinvokes IfNeeded webhooks once when a later webhook changes the object', async () => {
    const ctx = await freshCluster();
    const addLabel = (key: string) => (review: ReceivedReview) => {
      const labels = labelsOf(review.request['object'] as Json) ?? {};
      return labels[key] === undefined
        ? patch(review, [{ op: 'add', path: '/metadata/labels', value: { ...labels, [key]: 'set' } }])
        : allow(review);
    };
    server.handle('/first', addLabel('first'));
    server.handle('/second', addLabel('second'));
    await configure(ctx, 'Mutating', 'a-first', [
      hook('first.example.com', '/first', { reinvocationPolicy: 'IfNeeded' }),
    ]);
    await configure(ctx, 'Mutating', 'b-second', [
      hook('second.example.com', '/second', { reinvocationPolicy: 'IfNeeded' }),
    ]);
    const before = { first: server.reviewsAt('/first').length, second: server.reviewsAt('/second').length };
    const created = await fx.create(ctx, configMap('ns', 'x'));
    assert.deepEqual(labelsOf(created), { first: 'set', second: 'set' });
    assert.equal(server.reviewsAt('/first').length - before.first, 2, 'first is called again after second');
    assert.equal(server.reviewsAt('/second').length - before.second, 1, 'second changed nothing after it');
    assert.deepEqual(labelsOf(server.reviewsAt('/first').at(-1)?.request['object'] as Json), {
      first: 'set',
      second: 'set',
    });
  });

  it('fails closed on unreachable webhooks with failurePolicy Fail, open with Ignore', async () => {
    const ctx = await freshCluster();
    const down = { clientConfig: { url: 'https://127.0.0.1:1/', caBundle: server.caBundle } };
    await configure(ctx, 'Validating', 'down', [hook('down.example.com', '/', down)]);
    const error = await rejectsWithStatus(
      fx.create(ctx, configMap('ns', 'x')),
      'InternalError',
      'Internal error occurred: failed calling webhook "down.example.com": failed to call webhook: ' +
        'Post "https://127.0.0.1:1/?timeout=10s": dial tcp 127.0.0.1:1: connect: connection refused',
    );
    assert.equal(error.code, 500);
    const open = await freshCluster();
    await configure(open, 'Mutating', 'down', [
      hook('down.example.com', '/', { ...down, failurePolicy: 'Ignore' }),
    ]);
    await configure(open, 'Validating', 'down', [
      hook('down.example.com', '/', { ...down, failurePolicy: 'Ignore' }),
    ]);
    await fx.create(open, configMap('ns', 'x'));
  });

  it('times out after timeoutSeconds', async () => {
    const ctx = await freshCluster();
    server.handle('/slow', async (review) => {
      await new Promise((resolve) => setTimeout(resolve, 1500));
      return allow(review);
    });
    await configure(ctx, 'Validating', 'slow', [hook('slow.example.com', '/slow', { timeoutSeconds: 1 })]);
    await rejectsWithStatus(
      fx.create(ctx, configMap('ns', 'x')),
      'InternalError',
      'Internal error occurred: failed calling webhook "slow.example.com": failed to call webhook: ' +
        `Post "${server.url('/slow')}?timeout=1s": context deadline exceeded`,
    );
  });

  it('rejects answers that are not for this request, and certificates it cannot verify', async () => {
    const ctx = await freshCluster();
    server.handle('/wrong-uid', (review) => ({ ...allow(review), response: { uid: 'nope', allowed: true } }));
    await configure(ctx, 'Validating', 'wrong-uid', [hook('wrong-uid.example.com', '/wrong-uid')]);
    await assert.rejects(
      fx.create(ctx, configMap('ns', 'x')),
      /^StatusError: Internal error occurred: failed calling webhook "wrong-uid.example.com": received invalid webhook response: expected response.uid="[0-9a-f-]{36}", got "nope"$/,
    );
    const other = await freshCluster();
    const stranger = selfSignedCertificate().caBundle;
    await configure(other, 'Validating', 'untrusted', [
      hook('untrusted.example.com', '/allow', {
        clientConfig: { url: server.url('/allow'), caBundle: stranger },
      }),
    ]);
    await rejectsWithStatus(
      fx.create(other, configMap('ns', 'x')),
      'InternalError',
      'Internal error occurred: failed calling webhook "untrusted.example.com": failed to call webhook: ' +
        `Post "${server.url('/allow')}?timeout=10s": tls: failed to verify certificate: x509: certificate signed by unknown authority`,
    );
  });

  it('skips webhooks with side effects on dry runs', async () => {
    const ctx = await freshCluster();
    await configure(ctx, 'Validating', 'effects', [
      hook('effects.example.com', '/allow', { sideEffects: 'Some' }),
    ]);
    await rejectsWithStatus(
      fx.create(ctx, configMap('ns', 'x'), { dryRun: true }),
      'BadRequest',
      'admission webhook "effects.example.com" does not support dry run',
    );
    const safe = await freshCluster();
    await configure(safe, 'Validating', 'safe', [
      hook('safe.example.com', '/allow', { sideEffects: 'NoneOnDryRun' }),
    ]);
    await fx.create(safe, configMap('ns', 'dry'), { dryRun: true });
    const review = server.reviewsAt('/allow').at(-1);
    assert.equal(review?.request['dryRun'], true);
    assert.deepEqual(review?.request['options'], {
      kind: 'CreateOptions',
      apiVersion: 'meta.k8s.io/v1',
      dryRun: ['All'],
    });
  });

  it('calls only webhooks whose selectors, rules and matchConditions select the request', async () => {
    const ctx = await freshCluster(namespace('ns'), namespace('prod', { env: 'prod' }));
    server.handle('/deny-all', (review) => deny(review, 'selected'));
    await configure(ctx, 'Validating', 'selective', [
      hook('selective.example.com', '/deny-all', {
        namespaceSelector: { matchLabels: { env: 'prod' } },
        objectSelector: { matchExpressions: [{ key: 'skip', operator: 'DoesNotExist' }] },
        matchConditions: [{ name: 'not-kube', expression: "!object.metadata.name.startsWith('kube-')" }],
      }),
    ]);
    await assert.rejects(fx.create(ctx, configMap('prod', 'x')), /denied the request: selected$/);
    await fx.create(ctx, configMap('ns', 'x'));
    await fx.create(ctx, configMap('prod', 'y', { skip: 'true' }));
    await fx.create(ctx, configMap('prod', 'kube-y'));
    await fx.create(ctx, { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'prod' } });
  });

  it('refuses with 403 when matchConditions fail to evaluate under failurePolicy Fail', async () => {
    const ctx = await freshCluster();
    await configure(ctx, 'Validating', 'broken', [
      hook('broken.example.com', '/allow', {
        matchConditions: [{ name: 'c', expression: 'object.data.x == "y"' }],
      }),
    ]);
    await rejectsWithStatus(
      fx.create(ctx, configMap('ns', 'x')),
      'Forbidden',
      'configmaps "x" is forbidden: expression \'object.data.x == "y"\' resulted in error: no such key: data',
    );
  });

  it('reaches service references only through the configured resolver', async () => {
    const ctx = await freshCluster();
    const service = (name: string) => ({
      clientConfig: {
        service: { namespace: 'webhooks', name, path: '/deny-labelled', port: 443 },
        caBundle: server.caBundle,
      },
    });
    await configure(ctx, 'Validating', 'svc', [hook('svc.example.com', '', service('hooks'))]);
    await rejectsWithStatus(
      fx.create(ctx, configMap('ns', 'bad', { deny: 'true' })),
      'Forbidden',
      'admission webhook "svc.example.com" denied the request: labelled deny=true',
    );
    const unresolved = await freshCluster();
    await configure(unresolved, 'Validating', 'svc', [
      hook('elsewhere.example.com', '', service('elsewhere')),
    ]);
    await rejectsWithStatus(
      fx.create(unresolved, configMap('ns', 'x')),
      'InternalError',
      'Internal error occurred: failed calling webhook "elsewhere.example.com": could not get REST client: ' +
        'service "webhooks/elsewhere" cannot be reached: kubetenant has no cluster network ' +
        '(use clientConfig.url, or start kubetenant with a service resolver)',
    );
  });

  it('calls a cluster only its own webhooks', async () => {
    const a = await freshCluster();
    const b = await freshCluster();
    await configure(a, 'Validating', 'deny', [hook('deny.example.com', '/deny-labelled')]);
    await assert.rejects(fx.create(a, configMap('ns', 'x', { deny: 'true' })), /labelled deny=true$/);
    await fx.create(b, configMap('ns', 'x', { deny: 'true' }));
  });

  it('answers 500 when a patch does not apply', async () => {
    const ctx = await freshCluster();
    server.handle('/bad-patch', (review) =>
      patch(review, [{ op: 'replace', path: '/spec/missing/deep', value: 1 }]),
    );
    await configure(ctx, 'Mutating', 'bad-patch', [hook('bad-patch.example.com', '/bad-patch')]);
    await assert.rejects(
      fx.create(ctx, configMap('ns', 'x')),
      (thrown: unknown) => isStatusError(thrown, 'InternalError') && thrown.code === 500,
    );
  });
});
