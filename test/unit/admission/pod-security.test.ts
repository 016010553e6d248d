import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { podSecurity } from '../../../src/admission/plugins/pod-security/index.js';
import type { KubeObject } from '../../../src/machinery/object.js';
import {
  admissionFixture,
  container,
  namespace,
  pod,
  rejectsWithStatus,
  type AdmissionFixture,
} from './admission-fixtures.js';

const enforce = 'pod-security.kubernetes.io/enforce';
const warn = 'pod-security.kubernetes.io/warn';
const audit = 'pod-security.kubernetes.io/audit';

const privilegedContainer = container('c', { securityContext: { privileged: true } });
const restrictedViolations =
  'privileged (container "c" must not set securityContext.privileged=true), ' +
  'allowPrivilegeEscalation != false (container "c" must set securityContext.allowPrivilegeEscalation=false), ' +
  'unrestricted capabilities (container "c" must set securityContext.capabilities.drop=["ALL"]), ' +
  'runAsNonRoot != true (pod or container "c" must set securityContext.runAsNonRoot=true), ' +
  'seccompProfile (pod or container "c" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")';

function compliant(ns: string, name: string): KubeObject {
  return pod(ns, name, {
    securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
    containers: [
      container('app', {
        securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
      }),
    ],
  });
}

function deployment(ns: string, name: string): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: ns },
    spec: {
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [privilegedContainer] } },
    },
  };
}

describe('PodSecurity admission', () => {
  let fx: AdmissionFixture;
  const audited: Record<string, string>[] = [];

  before(async () => {
    fx = admissionFixture();
    fx.use(
      [],
      [podSecurity(fx.registry, { audit: (_ctx, annotations) => audited.push({ ...annotations }) })],
    );
    const ctx = fx.ctx();
    await fx.create(ctx, namespace('strict', { [enforce]: 'restricted' }));
    await fx.create(ctx, namespace('loud', { [warn]: 'restricted', [audit]: 'baseline' }));
    await fx.create(ctx, namespace('open'));
  });

  after(() => fx.close());

  it('refuses a violating pod with upstream’s message and admits a compliant one', async () => {
    await rejectsWithStatus(
      fx.create(fx.ctx(), pod('strict', 'bad', { containers: [privilegedContainer] })),
      'Forbidden',
      `pods "bad" is forbidden: violates PodSecurity "restricted:latest": ${restrictedViolations}`,
    );
    const ctx = fx.ctx();
    await fx.create(ctx, compliant('strict', 'good'));
    assert.deepEqual(ctx.warnings, []);
  });

  it('warns without refusing in a warn namespace, and records audit annotations', async () => {
    audited.length = 0;
    const ctx = fx.ctx();
    await fx.create(ctx, pod('loud', 'p', { hostNetwork: true, containers: [privilegedContainer] }));
    assert.deepEqual(ctx.warnings, [
      `would violate PodSecurity "restricted:latest": host namespaces (hostNetwork=true), ${restrictedViolations}`,
    ]);
    assert.deepEqual(audited, [
      {
        'pod-security.kubernetes.io/enforce-policy': 'privileged:latest',
        'pod-security.kubernetes.io/audit-violations':
          'would violate PodSecurity "baseline:latest": host namespaces (hostNetwork=true), ' +
          'privileged (container "c" must not set securityContext.privileged=true)',
      },
    ]);
  });

  it('only warns for workloads, following the enforce level', async () => {
    const ctx = fx.ctx();
    await fx.create(ctx, deployment('strict', 'web'), { group: 'apps' });
    assert.deepEqual(ctx.warnings, [
      `would violate PodSecurity "restricted:latest": ${restrictedViolations}`,
    ]);
  });

  it('leaves unlabelled namespaces alone', async () => {
    const ctx = fx.ctx();
    await fx.create(ctx, pod('open', 'anything', { hostPID: true, containers: [privilegedContainer] }));
    assert.deepEqual(ctx.warnings, []);
  });

  it('refuses invalid labels on namespaces', async () => {
    await rejectsWithStatus(
      fx.create(fx.ctx(), namespace('typo', { [enforce]: 'strict' })),
      'Invalid',
      'Namespace "typo" is invalid: metadata.labels[pod-security.kubernetes.io/enforce]: Invalid value: "strict": ' +
        'must be one of privileged, baseline, restricted',
    );
  });

  it('warns about existing pods when a namespace’s enforce level is raised', async () => {
    const ctx = fx.ctx();
    await fx.create(ctx, namespace('legacy'));
    await fx.create(ctx, pod('legacy', 'b-host', { hostIPC: true }));
    await fx.create(ctx, pod('legacy', 'a-host', { hostIPC: true }));
    await fx.create(ctx, pod('legacy', 'priv', { containers: [privilegedContainer] }));
    await fx.create(ctx, compliant('legacy', 'fine'));
    const update = fx.ctx();
    await fx.store('namespaces').guaranteedUpdate(update, '', 'legacy', { dryRun: false }, '', (ns) => ({
      ...ns,
      metadata: { ...ns.metadata, labels: { ...ns.metadata.labels, [enforce]: 'baseline' } },
    }));
    assert.deepEqual(update.warnings, [
      'existing pods in namespace "legacy" violate the new PodSecurity enforce level "baseline:latest"',
      'a-host (and 1 other pod): host namespaces',
      'priv: privileged',
    ]);
  });

  it('does not re-check pod updates that cannot change the outcome', async () => {
    const ctx = fx.ctx();
    await fx.create(ctx, namespace('later'));
    await fx.create(ctx, pod('later', 'old', { containers: [privilegedContainer] }));
    await fx.store('namespaces').guaranteedUpdate(ctx, '', 'later', { dryRun: false }, '', (ns) => ({
      ...ns,
      metadata: { ...ns.metadata, labels: { [enforce]: 'restricted' } },
    }));
    const pods = fx.store('pods');
    await pods.guaranteedUpdate(ctx, 'later', 'old', { dryRun: false }, '', (p) => ({
      ...p,
      metadata: { ...p.metadata, labels: { touched: 'yes' } },
    }));
    await rejectsWithStatus(
      pods.guaranteedUpdate(ctx, 'later', 'old', { dryRun: false }, '', (p) => {
        (p['spec'] as { containers: { image: string }[] }).containers[0]!.image = 'nginx:2';
        return p;
      }),
      'Forbidden',
      `pods "old" is forbidden: violates PodSecurity "restricted:latest": ${restrictedViolations}`,
    );
  });

  it('reads namespace labels from the request’s logical cluster', async () => {
    const other = fx.ctx('tenant-c');
    await fx.create(other, namespace('strict'));
    await fx.create(other, pod('strict', 'bad', { containers: [privilegedContainer] }));
  });
});
