import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../../src/machinery/object.js';
import { ageOf, humanDuration } from '../../../src/registry/age.js';
import { imageTag, summarizePod } from '../../../src/registry/core/pod.js';
import { serviceExternalIPCell, servicePortsCell } from '../../../src/registry/core/service.js';
import { formatLabelSelector, formatLabels } from '../../../src/registry/printer-columns.js';
import { strategyFor } from '../../../src/registry/strategies.js';
import { ago, ctx, day, hour, minute, now, object, row, second } from './strategies-fixtures.js';

describe('humanDuration (upstream util/duration cases)', () => {
  const cases: [number, string][] = [
    [-2 * second, '<invalid>'],
    [-2 * second + 1, '0s'],
    [0, '0s'],
    [second - 1, '0s'],
    [second, '1s'],
    [70 * second, '70s'],
    [2 * minute - 1, '119s'],
    [2 * minute, '2m'],
    [2 * minute + second, '2m1s'],
    [190 * second, '3m10s'],
    [10 * minute - 1, '9m59s'],
    [10 * minute, '10m'],
    [10 * minute + second, '10m'],
    [70 * minute, '70m'],
    [3 * hour - 1, '179m'],
    [3 * hour, '3h'],
    [3 * hour + minute, '3h1m'],
    [8 * hour - 1, '7h59m'],
    [8 * hour, '8h'],
    [8 * hour + 59 * minute, '8h'],
    [47 * hour, '47h'],
    [2 * day - 1, '47h'],
    [2 * day, '2d'],
    [49 * hour, '2d1h'],
    [8 * day - 1, '7d23h'],
    [8 * day, '8d'],
    [8 * day + 23 * hour, '8d'],
    [367 * day, '367d'],
    [2 * 365 * day - 1, '729d'],
    [2 * 365 * day, '2y'],
    [2 * 365 * day + 25 * hour, '2y1d'],
    [8 * 365 * day - 1, '7y364d'],
    [8 * 365 * day, '8y'],
    [9 * 365 * day, '9y'],
  ];
  for (const [ms, expected] of cases) {
    it(`${ms}ms → ${expected}`, () => assert.equal(humanDuration(ms), expected));
  }

  it('reads <unknown> for an object without creationTimestamp', () => {
    assert.equal(ageOf({ metadata: { name: 'x' } }, now), '<unknown>');
    assert.equal(ageOf(object({}), now), '5m');
  });
});

describe('pod Ready, Status and Restarts cells (upstream printPod)', () => {
  const containers = (...names: string[]): Record<string, unknown>[] =>
    names.map((name) => ({ name, image: 'nginx' }));
  const pod = (spec: Record<string, unknown>, status: Record<string, unknown>, metadata = {}): KubeObject =>
    object({ spec: { containers: containers('app'), ...spec }, status }, metadata);

  it('shows a new pod as Pending', () => {
    assert.deepEqual(summarizePod(pod({}, { phase: 'Pending' }), now), {
      ready: '0/1',
      status: 'Pending',
      restarts: '0',
    });
  });

  it('counts ready running containers', () => {
    const running = { ready: true, state: { running: { startedAt: ago(hour) } }, restartCount: 0 };
    const p = pod(
      { containers: containers('a', 'b') },
      {
        phase: 'Running',
        containerStatuses: [
          { name: 'a', ...running },
          { name: 'b', ready: false, state: { running: {} } },
        ],
      },
    );
    assert.deepEqual(summarizePod(p, now), { ready: '1/2', status: 'Running', restarts: '0' });
  });

  it('shows the waiting reason and when the last restart happened', () => {
    const p = pod(
      {},
      {
        phase: 'Running',
        containerStatuses: [
          {
            name: 'app',
            ready: false,
            restartCount: 3,
            state: { waiting: { reason: 'CrashLoopBackOff' } },
            lastState: { terminated: { exitCode: 1, finishedAt: ago(5 * minute) } },
          },
        ],
      },
    );
    assert.deepEqual(summarizePod(p, now), {
      ready: '0/1',
      status: 'CrashLoopBackOff',
      restarts: '3 (5m ago)',
    });
  });

  it('names terminated containers by reason, signal or exit code', () => {
    const terminated = (state: Record<string, unknown>): string =>
      summarizePod(
        pod({}, { phase: 'Failed', containerStatuses: [{ name: 'app', state: { terminated: state } }] }),
        now,
      ).status;
    assert.equal(terminated({ exitCode: 0, reason: 'Completed' }), 'Completed');
    assert.equal(terminated({ exitCode: 137, signal: 9 }), 'Signal:9');
    assert.equal(terminated({ exitCode: 2 }), 'ExitCode:2');
  });

  it('reports init container progress and failures', () => {
    const initSpec = { initContainers: containers('setup', 'migrate') };
    const waiting = pod(initSpec, {
      phase: 'Pending',
      initContainerStatuses: [
        { name: 'setup', state: { terminated: { exitCode: 0, reason: 'Completed' } } },
        { name: 'migrate', state: { waiting: { reason: 'PodInitializing' } } },
      ],
    });
    assert.equal(summarizePod(waiting, now).status, 'Init:1/2');
    const failed = pod(initSpec, {
      phase: 'Pending',
      initContainerStatuses: [
        { name: 'setup', restartCount: 2, state: { terminated: { exitCode: 1, reason: 'Error' } } },
      ],
    });
    assert.deepEqual(summarizePod(failed, now), { ready: '0/1', status: 'Init:Error', restarts: '2' });
    const pulling = pod(initSpec, {
      initContainerStatuses: [{ name: 'setup', state: { waiting: { reason: 'ImagePullBackOff' } } }],
    });
    assert.equal(summarizePod(pulling, now).status, 'Init:ImagePullBackOff');
  });

  it('counts started sidecars as containers', () => {
    const p = pod(
      { initContainers: [{ name: 'proxy', image: 'envoy', restartPolicy: 'Always' }] },
      {
        phase: 'Running',
        conditions: [{ type: 'Initialized', status: 'True' }],
        initContainerStatuses: [{ name: 'proxy', started: true, ready: true, state: { running: {} } }],
        containerStatuses: [{ name: 'app', ready: true, state: { running: {} } }],
      },
    );
    assert.deepEqual(summarizePod(p, now), { ready: '2/2', status: 'Running', restarts: '0' });
  });

  it('shows Running or NotReady when one container completed and another still runs', () => {
    const status = (conditions: unknown[]): Record<string, unknown> => ({
      phase: 'Running',
      conditions,
      containerStatuses: [
        { name: 'a', ready: false, state: { terminated: { exitCode: 0, reason: 'Completed' } } },
        { name: 'b', ready: true, state: { running: {} } },
      ],
    });
    const spec = { containers: containers('a', 'b') };
    assert.equal(summarizePod(pod(spec, status([{ type: 'Ready', status: 'True' }])), now).status, 'Running');
    assert.equal(summarizePod(pod(spec, status([])), now).status, 'NotReady');
  });

  it('shows Terminating for a deleted pod that has not finished, SchedulingGated for a gated one', () => {
    const deleting = { deletionTimestamp: ago(second) };
    assert.equal(summarizePod(pod({}, { phase: 'Running' }, deleting), now).status, 'Terminating');
    assert.equal(summarizePod(pod({}, { phase: 'Succeeded' }, deleting), now).status, 'Succeeded');
    assert.equal(
      summarizePod(pod({}, { phase: 'Running', reason: 'NodeLost' }, deleting), now).status,
      'Unknown',
    );
    const gated = pod(
      {},
      { phase: 'Pending', conditions: [{ type: 'PodScheduled', reason: 'SchedulingGated' }] },
    );
    assert.equal(summarizePod(gated, now).status, 'SchedulingGated');
  });

  it('fills the wide columns with <none> when unset', () => {
    const cells = row(
      strategyFor('', 'pods'),
      pod({ readinessGates: [{ conditionType: 'x/ok' }] }, { phase: 'Pending' }),
    );
    assert.deepEqual(
      [cells['IP'], cells['Node'], cells['Nominated Node'], cells['Readiness Gates']],
      ['<none>', '<none>', '<none>', '0/1'],
    );
  });

  it('derives the image pull policy tag like upstream', () => {
    assert.equal(imageTag('nginx'), 'latest');
    assert.equal(imageTag('localhost:5000/nginx'), 'latest');
    assert.equal(imageTag('nginx:1.27'), '1.27');
    assert.equal(imageTag('nginx@sha256:abc'), '');
  });
});

describe('service cells (upstream printService)', () => {
  const svc = (spec: Record<string, unknown>, status: Record<string, unknown> = {}): KubeObject =>
    object({ spec, status });

  it('formats ports with node ports and protocols', () => {
    assert.equal(servicePortsCell(svc({ ports: [{ port: 80, protocol: 'TCP' }] })), '80/TCP');
    assert.equal(
      servicePortsCell(
        svc({
          ports: [
            { port: 80, nodePort: 30080, protocol: 'TCP' },
            { port: 53, protocol: 'UDP' },
          ],
        }),
      ),
      '80:30080/TCP,53/UDP',
    );
    assert.equal(servicePortsCell(svc({})), '<none>');
  });

  it('shows external addresses by type', () => {
    assert.equal(serviceExternalIPCell(svc({ type: 'ClusterIP' })), '<none>');
    assert.equal(serviceExternalIPCell(svc({ type: 'NodePort', externalIPs: ['1.2.3.4'] })), '1.2.3.4');
    assert.equal(serviceExternalIPCell(svc({ type: 'LoadBalancer' })), '<pending>');
    assert.equal(
      serviceExternalIPCell(
        svc({ type: 'LoadBalancer' }, { loadBalancer: { ingress: [{ hostname: 'lb.example' }] } }),
      ),
      'lb.example',
    );
    assert.equal(
      serviceExternalIPCell(svc({ type: 'ExternalName', externalName: 'db.example' })),
      'db.example',
    );
  });

  it('defaults type, session affinity and port protocol and target port', () => {
    const spec: Record<string, unknown> = { ports: [{ port: 8080 }] };
    const created = svc(spec);
    strategyFor('', 'services').prepareForCreate?.(ctx, created);
    assert.deepEqual(created['spec'], {
      type: 'ClusterIP',
      sessionAffinity: 'None',
      ports: [{ port: 8080, protocol: 'TCP', targetPort: 8080 }],
      internalTrafficPolicy: 'Cluster',
      ipFamilyPolicy: 'SingleStack',
      ipFamilies: ['IPv4'],
    });
    spec['clusterIPs'] = ['10.0.0.1'];
    const cells = row(strategyFor('', 'services'), created);
    assert.deepEqual(Object.values(cells), [
      'x',
      'ClusterIP',
      '10.0.0.1',
      '<none>',
      '8080/TCP',
      '5m',
      '<none>',
    ]);
  });
});

describe('field selectors and selector formatting', () => {
  it('reads pod fields as upstream formats them', () => {
    const fields = strategyFor('', 'pods').selectableFields ?? {};
    const p = object({
      spec: { nodeName: 'n1' },
      status: { phase: 'Running', podIPs: [{ ip: '10.1.0.4' }] },
    });
    assert.equal(fields['spec.nodeName']?.(p), 'n1');
    assert.equal(fields['spec.hostNetwork']?.(p), 'false');
    assert.equal(fields['status.podIP']?.(p), '10.1.0.4');
    assert.equal(fields['status.phase']?.(p), 'Running');
    assert.equal(strategyFor('apps', 'replicasets').selectableFields?.['status.replicas']?.(object({})), '0');
    assert.equal(
      strategyFor('batch', 'jobs').selectableFields?.['status.successful']?.(
        object({ status: { succeeded: 2 } }),
      ),
      '2',
    );
  });

  it('formats label selectors like labels.Selector.String()', () => {
    assert.equal(formatLabels({}), '<none>');
    assert.equal(formatLabels({ tier: 'web', app: 'shop' }), 'app=shop,tier=web');
    assert.equal(formatLabelSelector(undefined), '<none>');
    assert.equal(formatLabelSelector({}), '<none>');
    assert.equal(
      formatLabelSelector({
        matchLabels: { app: 'web' },
        matchExpressions: [
          { key: 'tier', operator: 'In', values: ['b', 'a'] },
          { key: 'legacy', operator: 'DoesNotExist' },
          { key: 'env', operator: 'NotIn', values: ['dev'] },
          { key: 'zone', operator: 'Exists' },
        ],
      }),
      'app=web,env notin (dev),!legacy,tier in (a,b),zone',
    );
    assert.equal(
      formatLabelSelector({ matchExpressions: [{ key: 'a', operator: 'In', values: [] }] }),
      '<error>',
    );
  });

  it('gives unknown resources the empty strategy', () => {
    assert.deepEqual(strategyFor('example.com', 'widgets'), {});
    assert.deepEqual(strategyFor('authorization.k8s.io', 'subjectaccessreviews'), {});
  });
});
