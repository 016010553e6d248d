import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { numberAt } from '../../../src/registry/object-fields.js';
import { strategyFor } from '../../../src/registry/strategies.js';
import { ago, columnNames, ctx, hour, minute, object, row, second } from './strategies-fixtures.js';

describe('namespace strategy', () => {
  it('labels, finalizes and activates a new namespace', () => {
    const ns = object({}, { name: 'team-a' });
    strategyFor('', 'namespaces').prepareForCreate?.(ctx, ns);
    assert.deepEqual(ns.metadata.labels, { 'kubernetes.io/metadata.name': 'team-a' });
    assert.deepEqual(ns['spec'], { finalizers: ['kubernetes'] });
    assert.deepEqual(ns['status'], { phase: 'Active' });
    assert.deepEqual(row(strategyFor('', 'namespaces'), ns), { Name: 'team-a', Status: 'Active', Age: '5m' });
  });

  it('keeps finalizers and status on update of the main resource', () => {
    const old = object(
      { spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } },
      { name: 'team-a' },
    );
    const updated = object(
      { spec: { finalizers: [] }, status: { phase: 'Terminating' } },
      { name: 'team-a' },
    );
    strategyFor('', 'namespaces').prepareForUpdate?.(ctx, updated, old);
    assert.deepEqual(updated['spec'], { finalizers: ['kubernetes'] });
    assert.deepEqual(updated['status'], { phase: 'Active' });
    assert.equal(updated.metadata.labels?.['kubernetes.io/metadata.name'], 'team-a');
  });
});

describe('other printers', () => {
  it('prints deployments, replica sets and stateful sets', () => {
    const template = {
      spec: {
        containers: [
          { name: 'web', image: 'nginx:1' },
          { name: 'log', image: 'busybox' },
        ],
      },
    };
    const selector = { matchLabels: { app: 'web' } };
    const deployment = object({
      spec: { replicas: 3, selector, template },
      status: { readyReplicas: 2, updatedReplicas: 3, availableReplicas: 2 },
    });
    assert.deepEqual(Object.values(row(strategyFor('apps', 'deployments'), deployment)), [
      'x',
      '2/3',
      3,
      2,
      '5m',
      'web,log',
      'nginx:1,busybox',
      'app=web',
    ]);
    const rs = object({
      spec: { replicas: 3, selector, template },
      status: { replicas: 3, readyReplicas: 1 },
    });
    assert.deepEqual(Object.values(row(strategyFor('apps', 'replicasets'), rs)), [
      'x',
      3,
      3,
      1,
      '5m',
      'web,log',
      'nginx:1,busybox',
      'app=web',
    ]);
    const sts = object({ spec: { replicas: 2, template }, status: { readyReplicas: 2 } });
    assert.deepEqual(Object.values(row(strategyFor('apps', 'statefulsets'), sts)), [
      'x',
      '2/2',
      '5m',
      'web,log',
      'nginx:1,busybox',
    ]);
  });

  it('defaults workload replicas to 1', () => {
    const deployment = object({ spec: {} });
    strategyFor('apps', 'deployments').prepareForCreate?.(ctx, deployment);
    assert.equal(numberAt(deployment, 'spec.replicas'), 1);
  });

  it('prints jobs and cron jobs', () => {
    const job = object({
      spec: { completions: 3, template: { spec: { containers: [{ name: 'pi', image: 'perl' }] } } },
      status: {
        succeeded: 3,
        startTime: ago(3 * minute),
        completionTime: ago(20 * second),
        conditions: [{ type: 'Complete', status: 'True' }],
      },
    });
    assert.deepEqual(Object.values(row(strategyFor('batch', 'jobs'), job)), [
      'x',
      'Complete',
      '3/3',
      '2m40s',
      '5m',
      'pi',
      'perl',
      '<none>',
    ]);
    const parallel = object({ spec: { parallelism: 2 }, status: { startTime: ago(30 * second) } });
    assert.deepEqual(Object.values(row(strategyFor('batch', 'jobs'), parallel)).slice(1, 4), [
      'Running',
      '0/1 of 2',
      '30s',
    ]);
    const cronJob = object({
      spec: { schedule: '*/5 * * * *', jobTemplate: { spec: { template: { spec: { containers: [] } } } } },
    });
    strategyFor('batch', 'cronjobs').prepareForCreate?.(ctx, cronJob);
    assert.deepEqual(Object.values(row(strategyFor('batch', 'cronjobs'), cronJob)), [
      'x',
      '*/5 * * * *',
      '<none>',
      'False',
      0,
      '<none>',
      '5m',
      '',
      '',
      '<none>',
    ]);
  });

  it('prints nodes', () => {
    const node = object(
      {
        spec: { unschedulable: true },
        status: {
          conditions: [{ type: 'Ready', status: 'True' }],
          addresses: [{ type: 'InternalIP', address: '10.0.0.5' }],
          nodeInfo: { kubeletVersion: 'v1.35.0', osImage: 'Debian' },
        },
      },
      { labels: { 'node-role.kubernetes.io/control-plane': '', 'kubernetes.io/role': 'edge' } },
    );
    assert.deepEqual(Object.values(row(strategyFor('', 'nodes'), node)), [
      'x',
      'Ready,SchedulingDisabled',
      'control-plane,edge',
      '5m',
      'v1.35.0',
      '10.0.0.5',
      '<none>',
      'Debian',
      '<unknown>',
      '<unknown>',
    ]);
    assert.equal(strategyFor('', 'nodes').selectableFields?.['spec.unschedulable']?.(node), 'true');
  });

  it('prints core and events.k8s.io events alike', () => {
    const core = object({
      involvedObject: { kind: 'Pod', name: 'web-1', fieldPath: 'spec.containers{web}' },
      type: 'Warning',
      reason: 'BackOff',
      message: 'Back-off restarting failed container \n',
      source: { component: 'kubelet', host: 'node-1' },
      firstTimestamp: ago(hour),
      lastTimestamp: ago(2 * minute),
      count: 7,
    });
    const expected = [
      '2m',
      'Warning',
      'BackOff',
      'pod/web-1',
      'spec.containers{web}',
      'kubelet, node-1',
      'Back-off restarting failed container',
      '60m',
      7,
      'x',
    ];
    assert.deepEqual(Object.values(row(strategyFor('', 'events'), core)), expected);
    const v1 = object({
      regarding: { kind: 'Pod', name: 'web-1', fieldPath: 'spec.containers{web}' },
      type: 'Warning',
      reason: 'BackOff',
      note: 'Back-off restarting failed container',
      reportingController: 'kubelet',
      reportingInstance: 'node-1',
      eventTime: ago(hour),
      series: { count: 7, lastObservedTime: ago(2 * minute) },
    });
    assert.deepEqual(Object.values(row(strategyFor('events.k8s.io', 'events'), v1)), expected);
    const fields = strategyFor('', 'events').selectableFields ?? {};
    assert.equal(fields['involvedObject.name']?.(core), 'web-1');
    assert.equal(fields['source']?.(core), 'kubelet');
    assert.equal(strategyFor('events.k8s.io', 'events').selectableFields?.['regarding.kind']?.(v1), 'Pod');
  });

  it('prints bindings and roles', () => {
    const binding = object({
      roleRef: { kind: 'ClusterRole', name: 'view' },
      subjects: [
        { kind: 'User', name: 'alice' },
        { kind: 'Group', name: 'devs' },
        { kind: 'ServiceAccount', namespace: 'ci', name: 'deployer' },
        { kind: 'User', name: 'bob' },
      ],
    });
    assert.deepEqual(Object.values(row(strategyFor('rbac.authorization.k8s.io', 'rolebindings'), binding)), [
      'x',
      'ClusterRole/view',
      '5m',
      'alice, bob',
      'devs',
      'ci/deployer',
    ]);
    const role = object({}, { creationTimestamp: '2025-01-02T03:04:05Z' });
    assert.deepEqual(Object.values(row(strategyFor('rbac.authorization.k8s.io', 'clusterroles'), role)), [
      'x',
      '2025-01-02T03:04:05Z',
    ]);
  });

  it('prints config maps, secrets and service accounts', () => {
    const cm = object({ data: { a: '1', b: '2' }, binaryData: { c: 'AA==' } });
    assert.deepEqual(Object.values(row(strategyFor('', 'configmaps'), cm)), ['x', 3, '5m']);
    const secret = object({ data: { token: 'eA==' } });
    strategyFor('', 'secrets').prepareForCreate?.(ctx, secret);
    assert.deepEqual(Object.values(row(strategyFor('', 'secrets'), secret)), ['x', 'Opaque', 1, '5m']);
    assert.equal(strategyFor('', 'secrets').selectableFields?.['type']?.(secret), 'Opaque');
    const sa = object({ secrets: [{ name: 't' }] });
    assert.deepEqual(Object.values(row(strategyFor('', 'serviceaccounts'), sa)), ['x', 1, '5m']);
  });

  it('declares upstream column names in order, wide ones in parentheses', () => {
    assert.deepEqual(columnNames('', 'pods'), [
      'Name',
      'Ready',
      'Status',
      'Restarts',
      'Age',
      '(IP)',
      '(Node)',
      '(Nominated Node)',
      '(Readiness Gates)',
    ]);
    assert.deepEqual(columnNames('', 'events'), [
      'Last Seen',
      'Type',
      'Reason',
      'Object',
      '(Subobject)',
      '(Source)',
      'Message',
      '(First Seen)',
      '(Count)',
      '(Name)',
    ]);
    assert.deepEqual(columnNames('apps', 'daemonsets'), [
      'Name',
      'Desired',
      'Current',
      'Ready',
      'Up-to-date',
      'Available',
      'Node Selector',
      'Age',
      '(Containers)',
      '(Images)',
      '(Selector)',
    ]);
    assert.deepEqual(columnNames('batch', 'cronjobs'), [
      'Name',
      'Schedule',
      'Timezone',
      'Suspend',
      'Active',
      'Last Schedule',
      'Age',
      '(Containers)',
      '(Images)',
      '(Selector)',
    ]);
    assert.deepEqual(columnNames('rbac.authorization.k8s.io', 'clusterrolebindings'), [
      'Name',
      'Role',
      'Age',
      '(Users)',
      '(Groups)',
      '(ServiceAccounts)',
    ]);
  });
});
