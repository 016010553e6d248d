import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ValidatingAdmissionPolicyPlugin } from '../../../../src/admission/plugins/validating-policy/index.js';
import type { RequestContext } from '../../../../src/machinery/context.js';
import type { KubeObject } from '../../../../src/machinery/object.js';
import { deleteObject } from '../../../../src/registry/index.js';
import {
  admissionFixture,
  namespace,
  rejectsWithStatus,
  silentLogger,
  type AdmissionFixture,
} from '../admission-fixtures.js';

const group = 'admissionregistration.k8s.io';
type Spec = Record<string, unknown>;

function configMap(
  ns: string,
  name: string,
  data: Record<string, string> = {},
  labels?: Record<string, string>,
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace: ns, ...(labels ? { labels } : {}) },
    data,
  };
}

function deployment(ns: string, name: string, replicas: number): KubeObject {
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

const configMapRules = {
  resourceRules: [
    { apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['configmaps'] },
  ],
};

describe('ValidatingAdmissionPolicy', () => {
  let fx: AdmissionFixture;
  let plugin: ValidatingAdmissionPolicyPlugin;
  let clusterCount = 0;

  before(async () => {
    fx = admissionFixture();
    plugin = new ValidatingAdmissionPolicyPlugin(fx.registry, silentLogger);
    await plugin.start();
    fx.use([], [plugin]);
  });

  after(async () => {
    plugin.stop();
    await fx.close();
  });

  /** A fresh logical cluster with namespace `ns`, so tests never see each other's policies. */
  async function freshCluster(...namespaces: KubeObject[]): Promise<RequestContext> {
    const ctx = fx.ctx(`c${++clusterCount}`);
    for (const ns of namespaces.length === 0 ? [namespace('ns')] : namespaces) await fx.create(ctx, ns);
    return ctx;
  }

  async function policy(ctx: RequestContext, name: string, spec: Spec): Promise<void> {
    await fx
      .store('validatingadmissionpolicies', group)
      .create(
        ctx,
        '',
        { apiVersion: `${group}/v1`, kind: 'ValidatingAdmissionPolicy', metadata: { name }, spec },
        { dryRun: false },
      );
  }

  async function binding(ctx: RequestContext, name: string, spec: Spec): Promise<void> {
    await fx
      .store('validatingadmissionpolicybindings', group)
      .create(
        ctx,
        '',
        { apiVersion: `${group}/v1`, kind: 'ValidatingAdmissionPolicyBinding', metadata: { name }, spec },
        { dryRun: false },
      );
  }

  /** One policy over configmaps with `validations`, bound with `actions`. */
  async function configMapPolicy(
    ctx: RequestContext,
    spec: Spec,
    actions: string[] = ['Deny'],
    bindingSpec: Spec = {},
  ) {
    await policy(ctx, 'p', { matchConstraints: configMapRules, ...spec });
    await binding(ctx, 'b', { policyName: 'p', validationActions: actions, ...bindingSpec });
  }

  it('denies with the upstream message, reason Invalid and code 422', async () => {
    const ctx = await freshCluster();
    await policy(ctx, 'max-replicas', {
      matchConstraints: {
        resourceRules: [
          {
            apiGroups: ['apps'],
            apiVersions: ['v1'],
            operations: ['CREATE', 'UPDATE'],
            resources: ['deployments'],
          },
        ],
      },
      validations: [{ expression: 'object.spec.replicas <= 5' }],
    });
    await binding(ctx, 'max-replicas-binding', { policyName: 'max-replicas', validationActions: ['Deny'] });
    const message =
      'deployments.apps "web" is forbidden: ValidatingAdmissionPolicy \'max-replicas\' with binding ' +
      "'max-replicas-binding' denied request: failed expression: object.spec.replicas <= 5";
    const error = await rejectsWithStatus(
      fx.create(ctx, deployment('ns', 'web', 10), { group: 'apps' }),
      'Invalid',
      message,
    );
    assert.equal(error.code, 422);
    assert.deepEqual(error.status.details, {
      name: 'web',
      group: 'apps',
      kind: 'deployments',
      causes: [{ message: message.slice(message.indexOf('ValidatingAdmissionPolicy')) }],
    });
    await fx.create(ctx, deployment('ns', 'small', 3), { group: 'apps' });
  });

  it('Warn admits and adds the upstream warning; Deny and Warn together do both', async () => {
    const ctx = await freshCluster();
    await configMapPolicy(
      ctx,
      { validations: [{ expression: '!has(object.data.forbidden)', message: 'no forbidden key' }] },
      ['Warn'],
    );
    await fx.create(ctx, configMap('ns', 'cm', { forbidden: 'x' }));
    assert.deepEqual(ctx.warnings, [
      "Validation failed for ValidatingAdmissionPolicy 'p' with binding 'b': no forbidden key",
    ]);
    const both = await freshCluster();
    await configMapPolicy(
      both,
      { validations: [{ expression: '!has(object.data.forbidden)', message: 'no forbidden key' }] },
      ['Deny', 'Warn'],
    );
    await assert.rejects(fx.create(both, configMap('ns', 'cm', { forbidden: 'x' })));
    assert.equal(both.warnings.length, 1);
  });

  it('picks messageExpression, then message, then the expression, and honours reason', async () => {
    const ctx = await freshCluster();
    await configMapPolicy(ctx, {
      validations: [
        {
          expression: "object.metadata.name != 'a'",
          messageExpression: "'name ' + object.metadata.name + ' is taken'",
          message: 'not used',
          reason: 'Forbidden',
        },
        {
          expression: "object.metadata.name != 'b'",
          messageExpression: '" "',
          message: '  fallback message  ',
        },
        { expression: "object.metadata.name != 'c'", messageExpression: "'two\\nlines'" },
      ],
    });
    const prefix = (name: string) =>
      `configmaps "${name}" is forbidden: ValidatingAdmissionPolicy 'p' with binding 'b' denied request: `;
    const a = await rejectsWithStatus(
      fx.create(ctx, configMap('ns', 'a')),
      'Forbidden',
      `${prefix('a')}name a is taken`,
    );
    assert.equal(a.code, 403);
    await rejectsWithStatus(
      fx.create(ctx, configMap('ns', 'b')),
      'Invalid',
      `${prefix('b')}fallback message`,
    );
    await rejectsWithStatus(
      fx.create(ctx, configMap('ns', 'c')),
      'Invalid',
      `${prefix('c')}failed expression: object.metadata.name != 'c'`,
    );
  });

  it('matches by operation, resource names, selectors and excluded rules', async () => {
    const ctx = await freshCluster(namespace('ns'), namespace('prod', { env: 'prod' }));
    await policy(ctx, 'p', {
      matchConstraints: {
        namespaceSelector: { matchLabels: { env: 'prod' } },
        objectSelector: { matchExpressions: [{ key: 'skip', operator: 'DoesNotExist' }] },
        resourceRules: [
          { apiGroups: [''], apiVersions: ['*'], operations: ['CREATE'], resources: ['configmaps'] },
        ],
        excludeResourceRules: [
          {
            apiGroups: [''],
            apiVersions: ['v1'],
            operations: ['*'],
            resources: ['configmaps'],
            resourceNames: ['allowed'],
          },
        ],
      },
      validations: [{ expression: 'false', message: 'matched' }],
    });
    await binding(ctx, 'b', { policyName: 'p', validationActions: ['Deny'] });
    await assert.rejects(fx.create(ctx, configMap('prod', 'denied')), /denied request: matched$/);
    await fx.create(ctx, configMap('ns', 'other-namespace'));
    await fx.create(ctx, configMap('prod', 'labelled', {}, { skip: 'yes' }));
    await fx.create(ctx, configMap('prod', 'allowed'));
    await fx.create(ctx, { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'prod' } });
  });

  it('narrows with the binding matchResources and skips when a matchCondition is false', async () => {
    const ctx = await freshCluster();
    await configMapPolicy(
      ctx,
      {
        matchConditions: [{ name: 'not-system', expression: "!object.metadata.name.startsWith('system-')" }],
        validations: [{ expression: 'false', message: 'matched' }],
      },
      ['Deny'],
      { matchResources: { objectSelector: { matchLabels: { checked: 'true' } } } },
    );
    await fx.create(ctx, configMap('ns', 'unlabelled'));
    await fx.create(ctx, configMap('ns', 'system-x', {}, { checked: 'true' }));
    await assert.rejects(fx.create(ctx, configMap('ns', 'user-x', {}, { checked: 'true' })), /matched$/);
  });

  it('evaluates with a ConfigMap as params, by name or selector, and applies parameterNotFoundAction', async () => {
    const ctx = await freshCluster();
    await fx.create(ctx, configMap('ns', 'limits', { maxKeys: '1' }));
    await policy(ctx, 'max-keys', {
      paramKind: { apiVersion: 'v1', kind: 'ConfigMap' },
      matchConstraints: {
        ...configMapRules,
        objectSelector: { matchExpressions: [{ key: 'checked', operator: 'Exists' }] },
      },
      validations: [
        {
          expression: '!has(object.data) || object.data.size() <= int(params.data.maxKeys)',
          messageExpression:
            "'at most ' + params.data.maxKeys + ' keys (' + params.kind + ' ' + params.metadata.name + ')'",
        },
      ],
    });
    await binding(ctx, 'by-name', {
      policyName: 'max-keys',
      validationActions: ['Deny'],
      paramRef: { name: 'limits', parameterNotFoundAction: 'Deny' },
    });
    const prefix = `configmaps "two" is forbidden: ValidatingAdmissionPolicy 'max-keys' with binding 'by-name' denied request: `;
    await rejectsWithStatus(
      fx.create(ctx, configMap('ns', 'two', { a: '1', b: '2' }, { checked: 'y' })),
      'Invalid',
      `${prefix}at most 1 keys (ConfigMap limits)`,
    );
    await fx.create(ctx, configMap('ns', 'one', { a: '1' }, { checked: 'y' }));

    const missing = await freshCluster();
    await policy(missing, 'max-keys', {
      paramKind: { apiVersion: 'v1', kind: 'ConfigMap' },
      matchConstraints: configMapRules,
      validations: [{ expression: 'false' }],
    });
    await binding(missing, 'deny-missing', {
      policyName: 'max-keys',
      validationActions: ['Deny'],
      paramRef: { name: 'absent', parameterNotFoundAction: 'Deny' },
    });
    await rejectsWithStatus(
      fx.create(missing, configMap('ns', 'x')),
      'Invalid',
      `configmaps "x" is forbidden: ValidatingAdmissionPolicy 'max-keys' with binding 'deny-missing' denied request: ` +
        'failed to configure binding: no params found for policy binding with `Deny` parameterNotFoundAction',
    );

    const selected = await freshCluster();
    await fx.create(selected, configMap('ns', 'limit-a', { forbidden: 'a' }, { role: 'limit' }));
    await fx.create(selected, configMap('ns', 'limit-b', { forbidden: 'b' }, { role: 'limit' }));
    await policy(selected, 'forbidden-keys', {
      paramKind: { apiVersion: 'v1', kind: 'ConfigMap' },
      matchConstraints: { ...configMapRules, objectSelector: { matchLabels: { checked: 'y' } } },
      validations: [
        {
          expression: '!has(object.data) || !(params.data.forbidden in object.data)',
          messageExpression: "'key ' + params.data.forbidden",
        },
      ],
    });
    await binding(selected, 'all-limits', {
      policyName: 'forbidden-keys',
      validationActions: ['Warn'],
      paramRef: { selector: { matchLabels: { role: 'limit' } }, parameterNotFoundAction: 'Allow' },
    });
    await fx.create(selected, configMap('ns', 'both', { a: '1', b: '2' }, { checked: 'y' }));
    assert.deepEqual(selected.warnings.sort(), [
      "Validation failed for ValidatingAdmissionPolicy 'forbidden-keys' with binding 'all-limits': key a",
      "Validation failed for ValidatingAdmissionPolicy 'forbidden-keys' with binding 'all-limits': key b",
    ]);
  });

  it('reports an unknown paramKind as a policy configuration error', async () => {
    const ctx = await freshCluster();
    await configMapPolicy(
      ctx,
      { paramKind: { apiVersion: 'example.com/v1', kind: 'Limits' }, validations: [{ expression: 'true' }] },
      ['Deny'],
      {
        paramRef: { name: 'x', parameterNotFoundAction: 'Allow' },
      },
    );
    await rejectsWithStatus(
      fx.create(ctx, configMap('ns', 'x')),
      'Invalid',
      `configmaps "x" is forbidden: ValidatingAdmissionPolicy 'p' denied request: failed to configure policy: ` +
        "failed to find resource referenced by paramKind: 'example.com/v1, Kind=Limits'",
    );
  });

  it('turns evaluation errors into denials under Fail and ignores them under Ignore', async () => {
    const failing = await freshCluster();
    await configMapPolicy(failing, { validations: [{ expression: 'object.data.missing == "x"' }] });
    await rejectsWithStatus(
      fx.create(failing, configMap('ns', 'x', { other: 'y' })),
      'Invalid',
      `configmaps "x" is forbidden: ValidatingAdmissionPolicy 'p' with binding 'b' denied request: ` +
        'expression \'object.data.missing == "x"\' resulted in error: no such key: missing',
    );
    const ignoring = await freshCluster();
    await configMapPolicy(ignoring, {
      failurePolicy: 'Ignore',
      validations: [{ expression: 'object.data.missing == "x"' }],
    });
    await fx.create(ignoring, configMap('ns', 'x', { other: 'y' }));
  });

  it('fails an expression over the cost limit unless the failurePolicy is Ignore', async () => {
    const data = Object.fromEntries(Array.from({ length: 1500 }, (_, i) => [`k${i}`, 'v']));
    const expensive = 'object.data.all(a, object.data.all(b, a != "" && b != ""))';
    const failing = await freshCluster();
    await configMapPolicy(failing, { validations: [{ expression: expensive }] });
    await rejectsWithStatus(
      fx.create(failing, configMap('ns', 'big', data)),
      'Invalid',
      `configmaps "big" is forbidden: ValidatingAdmissionPolicy 'p' with binding 'b' denied request: ` +
        `expression '${expensive}' resulted in error: operation cancelled: actual cost limit exceeded`,
    );
    const ignoring = await freshCluster();
    await configMapPolicy(ignoring, { failurePolicy: 'Ignore', validations: [{ expression: expensive }] });
    await fx.create(ignoring, configMap('ns', 'big', data));
  });

  it('offers request, namespaceObject, oldObject and variables to expressions', async () => {
    const ctx = await freshCluster(namespace('prod', { env: 'prod' }));
    await policy(ctx, 'p', {
      matchConstraints: configMapRules,
      variables: [
        { name: 'env', expression: "namespaceObject.metadata.labels['env']" },
        { name: 'isUpdate', expression: "request.operation == 'UPDATE'" },
      ],
      validations: [
        { expression: "variables.env == 'prod'" },
        {
          expression:
            "request.userInfo.username == 'system:kubetenant:test' && request.kind.kind == 'ConfigMap'",
        },
        { expression: "request.namespace == 'prod' && request.resource.resource == 'configmaps'" },
        {
          expression: '!variables.isUpdate || oldObject.data.v != object.data.v',
          message: 'v must change',
        },
      ],
    });
    await binding(ctx, 'b', { policyName: 'p', validationActions: ['Deny'] });
    const created = await fx.create(ctx, configMap('prod', 'cm', { v: '1' }));
    const store = fx.store('configmaps');
    await assert.rejects(store.update(ctx, 'prod', 'cm', created, { dryRun: false }), /v must change$/);
    await store.update(ctx, 'prod', 'cm', { ...created, data: { v: '2' } }, { dryRun: false });
  });

  it('keeps each logical cluster to its own policies, and follows their changes', async () => {
    const a = await freshCluster();
    const b = await freshCluster();
    await configMapPolicy(a, { validations: [{ expression: 'false', message: 'only in a' }] });
    await assert.rejects(fx.create(a, configMap('ns', 'x')), /only in a$/);
    await fx.create(b, configMap('ns', 'x'));
    await deleteObject(fx.store('validatingadmissionpolicybindings', group), a, '', 'b', { dryRun: false });
    await fx.create(a, configMap('ns', 'after-unbinding'));
  });

  it('never applies to admission configuration objects', async () => {
    const ctx = await freshCluster();
    await policy(ctx, 'everything', {
      matchConstraints: {
        resourceRules: [{ apiGroups: ['*'], apiVersions: ['*'], operations: ['*'], resources: ['*'] }],
      },
      validations: [{ expression: 'false' }],
    });
    await binding(ctx, 'b', { policyName: 'everything', validationActions: ['Deny'] });
    await binding(ctx, 'another', { policyName: 'everything', validationActions: ['Warn'] });
    await assert.rejects(fx.create(ctx, configMap('ns', 'x')));
  });
});
