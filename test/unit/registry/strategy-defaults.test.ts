import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../../src/machinery/object.js';
import { imageTag } from '../../../src/registry/defaults/pod-spec.js';
import { recordAt, recordsAt, valueAt } from '../../../src/registry/object-fields.js';
import { strategyFor } from '../../../src/registry/strategies.js';
import { ctx } from './strategies-fixtures.js';

/** Runs the kind's create preparation on a fresh object, as the store does after filling metadata. */
function created(group: string, plural: string, fields: Record<string, unknown>, metadata = {}): KubeObject {
  const obj: KubeObject = { metadata: { name: 'x', namespace: 'ns', uid: 'uid-1', ...metadata }, ...fields };
  strategyFor(group, plural).prepareForCreate?.(ctx, obj);
  return obj;
}

/** The first object of the list at `path`. */
function first(obj: unknown, path: string): Record<string, unknown> {
  return recordsAt(obj, path)[0] ?? {};
}

const container = (fields: Record<string, unknown> = {}): Record<string, unknown> => ({
  name: 'app',
  image: 'nginx:1.27',
  ...fields,
});

/** The pod spec every defaulted template has, around the given containers. */
function defaultedPodSpec(containers: Record<string, unknown>[], extra: Record<string, unknown> = {}) {
  return {
    containers,
    dnsPolicy: 'ClusterFirst',
    restartPolicy: 'Always',
    securityContext: {},
    terminationGracePeriodSeconds: 30,
    schedulerName: 'default-scheduler',
    ...extra,
  };
}

const defaultedContainer = {
  name: 'app',
  image: 'nginx:1.27',
  imagePullPolicy: 'IfNotPresent',
  terminationMessagePath: '/dev/termination-log',
  terminationMessagePolicy: 'File',
  resources: {},
};

describe('pod defaulting (SetDefaults_Pod, _PodSpec, _Container)', () => {
  it('fills the spec, containers and the status a new pod starts with', () => {
    const pod = created('', 'pods', {
      spec: { containers: [container({ ports: [{ containerPort: 80 }] })] },
      status: { phase: 'Running' },
    });
    assert.deepEqual(pod['spec'], {
      ...defaultedPodSpec([{ ...defaultedContainer, ports: [{ containerPort: 80, protocol: 'TCP' }] }]),
      enableServiceLinks: true,
    });
    assert.deepEqual(pod['status'], { phase: 'Pending', qosClass: 'BestEffort' });
  });

  it('derives the pull policy from the tag', () => {
    assert.equal(imageTag('nginx'), 'latest');
    assert.equal(imageTag('registry:5000/team/app'), 'latest');
    assert.equal(imageTag('registry:5000/team/app:v2'), 'v2');
    assert.equal(imageTag('nginx@sha256:abc'), '');
    const policies = ['nginx', 'nginx:latest', 'nginx:1.27', 'nginx@sha256:abc'].map((image) => {
      const pod = created('', 'pods', { spec: { containers: [container({ image })] } });
      return first(pod, 'spec.containers')['imagePullPolicy'];
    });
    assert.deepEqual(policies, ['Always', 'Always', 'IfNotPresent', 'IfNotPresent']);
  });

  it('defaults init containers, probes, volumes and env field references', () => {
    const pod = created('', 'pods', {
      spec: {
        initContainers: [container({ name: 'init' })],
        containers: [
          container({
            livenessProbe: { httpGet: { port: 8080 } },
            readinessProbe: { grpc: { port: 9000 }, periodSeconds: 0 },
            env: [{ name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }],
          }),
        ],
        volumes: [
          { name: 'scratch' },
          { name: 'config', configMap: { name: 'cfg' } },
          { name: 'token', projected: { sources: [{ serviceAccountToken: { path: 't' } }] } },
          { name: 'host', hostPath: { path: '/var/log' } },
        ],
      },
    });
    const spec = recordAt(pod, 'spec') ?? {};
    assert.deepEqual(valueAt(spec, 'initContainers'), [{ ...defaultedContainer, name: 'init' }]);
    const main = first(spec, 'containers');
    assert.deepEqual(main['livenessProbe'], {
      httpGet: { port: 8080, path: '/', scheme: 'HTTP' },
      timeoutSeconds: 1,
      periodSeconds: 10,
      successThreshold: 1,
      failureThreshold: 3,
    });
    assert.deepEqual(main['readinessProbe'], {
      grpc: { port: 9000, service: '' },
      periodSeconds: 10,
      timeoutSeconds: 1,
      successThreshold: 1,
      failureThreshold: 3,
    });
    assert.deepEqual(main['env'], [
      { name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name', apiVersion: 'v1' } } },
    ]);
    assert.deepEqual(spec['volumes'], [
      { name: 'scratch', emptyDir: {} },
      { name: 'config', configMap: { name: 'cfg', defaultMode: 420 } },
      {
        name: 'token',
        projected: {
          sources: [{ serviceAccountToken: { path: 't', expirationSeconds: 3600 } }],
          defaultMode: 420,
        },
      },
      { name: 'host', hostPath: { path: '/var/log', type: '' } },
    ]);
  });

  it('copies limits into missing requests and host ports with host networking, for pods only', () => {
    const resources = { limits: { cpu: '500m', memory: '128Mi' }, requests: { cpu: '250m' } };
    const pod = created('', 'pods', {
      spec: { hostNetwork: true, containers: [container({ resources, ports: [{ containerPort: 80 }] })] },
    });
    const main = first(pod, 'spec.containers');
    assert.deepEqual(main['resources'], {
      limits: { cpu: '500m', memory: '128Mi' },
      requests: { cpu: '250m', memory: '128Mi' },
    });
    assert.deepEqual(main['ports'], [{ containerPort: 80, hostPort: 80, protocol: 'TCP' }]);
    assert.equal(valueAt(pod, 'status.qosClass'), 'Burstable');
    const template = created('apps', 'deployments', {
      spec: { template: { spec: { containers: [container({ resources: { limits: { cpu: '1' } } })] } } },
    });
    assert.deepEqual(valueAt(template, 'spec.template.spec.containers'), [
      { ...defaultedContainer, resources: { limits: { cpu: '1' } } },
    ]);
    assert.equal(valueAt(template, 'spec.template.spec.enableServiceLinks'), undefined);
  });

  it('computes the QoS class and the scheduling-gated condition', () => {
    const guaranteed = created('', 'pods', {
      spec: {
        schedulingGates: [{ name: 'example.com/wait' }],
        containers: [container({ resources: { limits: { cpu: '1', memory: '1Gi' } } })],
      },
    });
    assert.deepEqual(guaranteed['status'], {
      phase: 'Pending',
      qosClass: 'Guaranteed',
      conditions: [
        {
          type: 'PodScheduled',
          status: 'False',
          lastProbeTime: null,
          lastTransitionTime: null,
          reason: 'SchedulingGated',
          message: 'Scheduling is blocked due to non-empty scheduling gates',
        },
      ],
    });
  });

  it('defaults the pod spec of every kind that embeds a template', () => {
    const template = { metadata: { labels: { app: 'x' } }, spec: { containers: [container()] } };
    const cases: [string, string, Record<string, unknown>, string][] = [
      ['apps', 'deployments', { spec: { template } }, 'spec.template.spec'],
      ['apps', 'replicasets', { spec: { template } }, 'spec.template.spec'],
      ['apps', 'statefulsets', { spec: { template } }, 'spec.template.spec'],
      ['apps', 'daemonsets', { spec: { template } }, 'spec.template.spec'],
      ['batch', 'jobs', { spec: { template } }, 'spec.template.spec'],
      [
        'batch',
        'cronjobs',
        { spec: { jobTemplate: { spec: { template } } } },
        'spec.jobTemplate.spec.template.spec',
      ],
      ['', 'replicationcontrollers', { spec: { template } }, 'spec.template.spec'],
      ['', 'podtemplates', { template }, 'template.spec'],
    ];
    for (const [group, plural, fields, path] of cases) {
      const obj = created(group, plural, structuredClone(fields));
      assert.deepEqual(valueAt(obj, path), defaultedPodSpec([defaultedContainer]), `${group}/${plural}`);
    }
  });
});

describe('workload defaulting (apps/v1, batch/v1, core/v1)', () => {
  const template = { metadata: { labels: { app: 'web' } }, spec: { containers: [container()] } };

  it('Deployment: replicas, RollingUpdate 25%/25%, history 10, progress deadline 600, empty status', () => {
    const deployment = created('apps', 'deployments', { spec: { template } });
    const { template: _t, ...spec } = recordAt(deployment, 'spec') ?? {};
    assert.deepEqual(spec, {
      replicas: 1,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
    });
    assert.deepEqual(deployment['status'], {});
    const recreate = created('apps', 'deployments', { spec: { strategy: { type: 'Recreate' }, template } });
    assert.deepEqual(valueAt(recreate, 'spec.strategy'), { type: 'Recreate' });
  });

  it('StatefulSet: OrderedReady, RollingUpdate partition 0 and maxUnavailable 1, Retain/Retain', () => {
    const sts = created('apps', 'statefulsets', { spec: { serviceName: 'web', template } });
    const { template: _t, ...spec } = recordAt(sts, 'spec') ?? {};
    assert.deepEqual(spec, {
      serviceName: 'web',
      podManagementPolicy: 'OrderedReady',
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0, maxUnavailable: 1 } },
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
      replicas: 1,
      revisionHistoryLimit: 10,
    });
    assert.deepEqual(sts['status'], { replicas: 0, availableReplicas: 0 });
    const onDelete = created('apps', 'statefulsets', {
      spec: { updateStrategy: { type: 'OnDelete' }, template },
    });
    assert.deepEqual(valueAt(onDelete, 'spec.updateStrategy'), { type: 'OnDelete' });
  });

  it('DaemonSet: RollingUpdate 1/0 and history 10; ReplicaSet: replicas 1', () => {
    const ds = created('apps', 'daemonsets', { spec: { template } });
    assert.deepEqual(valueAt(ds, 'spec.updateStrategy'), {
      type: 'RollingUpdate',
      rollingUpdate: { maxUnavailable: 1, maxSurge: 0 },
    });
    assert.equal(valueAt(ds, 'spec.revisionHistoryLimit'), 10);
    assert.deepEqual(ds['status'], {
      currentNumberScheduled: 0,
      numberMisscheduled: 0,
      desiredNumberScheduled: 0,
      numberReady: 0,
    });
    const rs = created('apps', 'replicasets', { spec: { template } });
    assert.equal(valueAt(rs, 'spec.replicas'), 1);
    assert.deepEqual(rs['status'], { replicas: 0 });
  });

  it('ReplicationController: selector and labels from the template labels', () => {
    const rc = created('', 'replicationcontrollers', { spec: { template } });
    assert.deepEqual(rc.metadata.labels, { app: 'web' });
    assert.deepEqual(valueAt(rc, 'spec.selector'), { app: 'web' });
    assert.equal(valueAt(rc, 'spec.replicas'), 1);
  });

  it('Job: counts, policies, manualSelector false and the generated selector and labels', () => {
    const job = created(
      'batch',
      'jobs',
      { spec: { template: { spec: { containers: [container()] } } } },
      {
        name: 'pi',
        uid: 'u-1',
      },
    );
    const { template: jobTemplate, ...spec } = recordAt(job, 'spec') ?? {};
    assert.deepEqual(spec, {
      completions: 1,
      parallelism: 1,
      backoffLimit: 6,
      completionMode: 'NonIndexed',
      suspend: false,
      podReplacementPolicy: 'TerminatingOrFailed',
      manualSelector: false,
      selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': 'u-1' } },
    });
    const labels = {
      'job-name': 'pi',
      'batch.kubernetes.io/job-name': 'pi',
      'controller-uid': 'u-1',
      'batch.kubernetes.io/controller-uid': 'u-1',
    };
    assert.deepEqual(valueAt(jobTemplate, 'metadata.labels'), labels);
    assert.deepEqual(job.metadata.labels, labels);
    assert.deepEqual(job['status'], {});
  });

  it('Job: parallelism alone leaves completions unset; a failure policy replaces only failed pods', () => {
    const job = created('batch', 'jobs', {
      spec: {
        parallelism: 3,
        backoffLimitPerIndex: 1,
        podFailurePolicy: { rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] }] },
        template,
      },
    });
    assert.equal(valueAt(job, 'spec.completions'), undefined);
    assert.equal(valueAt(job, 'spec.backoffLimit'), 2147483647);
    assert.equal(valueAt(job, 'spec.podReplacementPolicy'), 'Failed');
    assert.deepEqual(valueAt(job, 'spec.podFailurePolicy.rules'), [
      { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] },
    ]);
    assert.deepEqual(job.metadata.labels?.['app'], 'web');
  });

  it('CronJob: Allow, not suspended, history limits 3 and 1', () => {
    const cronJob = created('batch', 'cronjobs', {
      spec: { schedule: '* * * * *', jobTemplate: { spec: { template } } },
    });
    const { jobTemplate: _j, ...spec } = recordAt(cronJob, 'spec') ?? {};
    assert.deepEqual(spec, {
      schedule: '* * * * *',
      concurrencyPolicy: 'Allow',
      suspend: false,
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 1,
    });
  });
});

describe('other kinds (SetDefaults_Service, _Secret, _PersistentVolumeClaimSpec, _LimitRangeItem, …)', () => {
  it('Service: ClusterIP, no affinity, TCP ports targeting themselves, Cluster traffic, single stack', () => {
    const svc = created('', 'services', {
      spec: { ports: [{ port: 80 }, { port: 443, targetPort: 'https' }] },
    });
    assert.deepEqual(svc['spec'], {
      sessionAffinity: 'None',
      type: 'ClusterIP',
      ports: [
        { port: 80, protocol: 'TCP', targetPort: 80 },
        { port: 443, targetPort: 'https', protocol: 'TCP' },
      ],
      internalTrafficPolicy: 'Cluster',
      ipFamilyPolicy: 'SingleStack',
      ipFamilies: ['IPv4'],
    });
    assert.deepEqual(svc['status'], { loadBalancer: {} });
  });

  it('Service: load balancers, client IP affinity, ExternalName and a singular clusterIP', () => {
    const lb = created('', 'services', {
      spec: { type: 'LoadBalancer', sessionAffinity: 'ClientIP', ports: [] },
    });
    assert.equal(valueAt(lb, 'spec.externalTrafficPolicy'), 'Cluster');
    assert.equal(valueAt(lb, 'spec.allocateLoadBalancerNodePorts'), true);
    assert.deepEqual(valueAt(lb, 'spec.sessionAffinityConfig'), { clientIP: { timeoutSeconds: 10800 } });
    const external = created('', 'services', {
      spec: { type: 'ExternalName', externalName: 'db.example.com' },
    });
    assert.deepEqual(external['spec'], {
      type: 'ExternalName',
      externalName: 'db.example.com',
      sessionAffinity: 'None',
    });
    const pinned = created('', 'services', { spec: { clusterIP: 'fd00::10', ports: [{ port: 80 }] } });
    assert.deepEqual(valueAt(pinned, 'spec.clusterIPs'), ['fd00::10']);
    assert.deepEqual(valueAt(pinned, 'spec.ipFamilies'), ['IPv6']);
  });

  it('Service update keeps allocated values the client left out', () => {
    const strategy = strategyFor('', 'services');
    const old = created('', 'services', {
      spec: {
        type: 'NodePort',
        clusterIP: '10.96.0.7',
        ports: [{ name: 'http', port: 80, nodePort: 30080 }],
      },
    });
    const next: KubeObject = {
      metadata: { name: 'x' },
      spec: { type: 'NodePort', ports: [{ name: 'http', port: 80 }] },
    };
    strategy.prepareForUpdate?.(ctx, next, old);
    assert.equal(valueAt(next, 'spec.clusterIP'), '10.96.0.7');
    assert.deepEqual(valueAt(next, 'spec.clusterIPs'), ['10.96.0.7']);
    assert.deepEqual(valueAt(next, 'spec.ipFamilies'), ['IPv4']);
    assert.equal(first(next, 'spec.ports')['nodePort'], 30080);
    const external: KubeObject = {
      metadata: { name: 'x' },
      spec: { ...structuredClone(recordAt(old, 'spec')), type: 'ExternalName', externalName: 'a.b' },
    };
    strategy.prepareForUpdate?.(ctx, external, old);
    assert.equal(valueAt(external, 'spec.clusterIP'), undefined);
    assert.equal(valueAt(external, 'spec.ipFamilies'), undefined);
  });

  it('Secret Opaque, PVC Filesystem and Pending, PriorityClass PreemptLowerPriority', () => {
    assert.equal(created('', 'secrets', {})['type'], 'Opaque');
    const pvc = created('', 'persistentvolumeclaims', { spec: { accessModes: ['ReadWriteOnce'] } });
    assert.equal(valueAt(pvc, 'spec.volumeMode'), 'Filesystem');
    assert.deepEqual(pvc['status'], { phase: 'Pending' });
    assert.equal(
      created('scheduling.k8s.io', 'priorityclasses', { value: 10 })['preemptionPolicy'],
      'PreemptLowerPriority',
    );
  });

  it('LimitRange: container defaults come from max, then the default limit, then min', () => {
    const limitRange = created('', 'limitranges', {
      spec: {
        limits: [
          {
            type: 'Container',
            max: { cpu: '2', memory: '1Gi' },
            min: { 'ephemeral-storage': '1Gi' },
            default: { memory: '512Mi' },
          },
          { type: 'Pod', max: { cpu: '4' } },
        ],
      },
    });
    assert.deepEqual(valueAt(limitRange, 'spec.limits'), [
      {
        type: 'Container',
        max: { cpu: '2', memory: '1Gi' },
        min: { 'ephemeral-storage': '1Gi' },
        default: { memory: '512Mi', cpu: '2' },
        defaultRequest: { memory: '512Mi', cpu: '2', 'ephemeral-storage': '1Gi' },
      },
      { type: 'Pod', max: { cpu: '4' } },
    ]);
  });

  it('RoleBinding subjects and roleRef get their API groups; NetworkPolicy gets policy types and TCP', () => {
    const binding = created('rbac.authorization.k8s.io', 'rolebindings', {
      roleRef: { kind: 'ClusterRole', name: 'view' },
      subjects: [
        { kind: 'User', name: 'alice' },
        { kind: 'ServiceAccount', name: 'default', namespace: 'ns' },
      ],
    });
    assert.deepEqual(binding['roleRef'], {
      kind: 'ClusterRole',
      name: 'view',
      apiGroup: 'rbac.authorization.k8s.io',
    });
    assert.deepEqual(binding['subjects'], [
      { kind: 'User', name: 'alice', apiGroup: 'rbac.authorization.k8s.io' },
      { kind: 'ServiceAccount', name: 'default', namespace: 'ns' },
    ]);
    const policy = created('networking.k8s.io', 'networkpolicies', {
      spec: { podSelector: {}, egress: [{ ports: [{ port: 53 }] }] },
    });
    assert.deepEqual(valueAt(policy, 'spec.policyTypes'), ['Ingress', 'Egress']);
    assert.deepEqual(valueAt(policy, 'spec.egress'), [{ ports: [{ port: 53, protocol: 'TCP' }] }]);
  });
});
