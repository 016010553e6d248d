import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { builtinResources } from '../../../src/api/catalog/index.js';
import { strategyFor } from '../../../src/registry/strategies.js';
import { columnNames, object, row } from './strategies-fixtures.js';

/** The row of `obj` under the columns of group/plural, by column name. */
function cells(group: string, plural: string, obj: ReturnType<typeof object>): Record<string, unknown> {
  return row(strategyFor(group, plural), obj);
}

describe('Table columns of every built-in kind', () => {
  it('gives every listable built-in resource its own columns', () => {
    const missing = builtinResources
      .filter((def) => def.verbs.includes('list'))
      .filter((def) => strategyFor(def.group, def.plural).columns === undefined)
      .map((def) => `${def.group}/${def.plural}`);
    assert.deepEqual(missing, []);
  });

  it('declares the upstream columns, wide ones in parentheses', () => {
    assert.deepEqual(columnNames('', 'resourcequotas'), ['Name', 'Request', 'Limit', 'Age']);
    assert.deepEqual(columnNames('', 'limitranges'), ['Name', 'Created At']);
    assert.deepEqual(columnNames('', 'persistentvolumeclaims'), [
      'Name',
      'Status',
      'Volume',
      'Capacity',
      'Access Modes',
      'StorageClass',
      'VolumeAttributesClass',
      'Age',
      '(VolumeMode)',
    ]);
    assert.deepEqual(columnNames('', 'persistentvolumes'), [
      'Name',
      'Capacity',
      'Access Modes',
      'Reclaim Policy',
      'Status',
      'Claim',
      'StorageClass',
      'VolumeAttributesClass',
      'Reason',
      'Age',
      '(VolumeMode)',
    ]);
    assert.deepEqual(columnNames('', 'podtemplates'), ['Name', 'Containers', 'Images', 'Pod Labels']);
    assert.deepEqual(columnNames('scheduling.k8s.io', 'priorityclasses'), [
      'Name',
      'Value',
      'Global-Default',
      'Age',
      'PreemptionPolicy',
    ]);
    assert.deepEqual(columnNames('networking.k8s.io', 'ipaddresses'), ['Name', 'ParentRef']);
    assert.deepEqual(columnNames('storage.k8s.io', 'csistoragecapacities'), [
      'Name',
      'StorageClassName',
      'Capacity',
    ]);
  });
});

describe('core printers', () => {
  it('prints endpoints as up to three ip:port pairs', () => {
    const endpoints = object({
      subsets: [
        {
          addresses: [{ ip: '10.0.0.1' }, { ip: 'fd00::1' }],
          ports: [
            { name: 'http', port: 80 },
            { name: 'https', port: 443 },
          ],
        },
      ],
    });
    assert.deepEqual(cells('', 'endpoints', endpoints), {
      Name: 'x',
      Endpoints: '10.0.0.1:80,[fd00::1]:80,10.0.0.1:443 + 1 more...',
      Age: '5m',
    });
    const headless = object({ subsets: [{ addresses: [{ ip: '10.0.0.2' }] }] });
    assert.equal(cells('', 'endpoints', headless)['Endpoints'], '10.0.0.2');
    assert.equal(cells('', 'endpoints', object({}))['Endpoints'], '<none>');
  });

  it('prints resource quotas as sorted used/hard pairs split into requests and limits', () => {
    const quota = object({
      status: {
        hard: { pods: '10', 'requests.cpu': '1000m', 'limits.memory': '2Gi', 'limits.cpu': '2' },
        used: { pods: '3', 'requests.cpu': '500m', 'limits.memory': '1Gi' },
      },
    });
    assert.deepEqual(cells('', 'resourcequotas', quota), {
      Name: 'x',
      Request: 'pods: 3/10, requests.cpu: 500m/1',
      Limit: 'limits.cpu: 0/2, limits.memory: 1Gi/2Gi',
      Age: '5m',
    });
    assert.deepEqual(cells('', 'resourcequotas', object({})), {
      Name: 'x',
      Request: '',
      Limit: '',
      Age: '5m',
    });
  });

  it('prints claims with capacity and access modes only once bound', () => {
    const pending = object({
      spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'fast', volumeMode: 'Filesystem' },
      status: { phase: 'Pending' },
    });
    assert.deepEqual(cells('', 'persistentvolumeclaims', pending), {
      Name: 'x',
      Status: 'Pending',
      Volume: '',
      Capacity: '',
      'Access Modes': '',
      StorageClass: 'fast',
      VolumeAttributesClass: '<unset>',
      Age: '5m',
      VolumeMode: 'Filesystem',
    });
    const bound = object(
      {
        spec: { volumeName: 'pv-1', storageClassName: 'fast', volumeAttributesClassName: 'gold' },
        status: {
          phase: 'Bound',
          capacity: { storage: '1024Mi' },
          accessModes: ['ReadWriteOncePod', 'ReadWriteOnce', 'ReadWriteOnce'],
        },
      },
      {
        name: 'data',
        deletionTimestamp: '2025-06-01T11:59:00Z',
        annotations: { 'volume.beta.kubernetes.io/storage-class': 'legacy' },
      },
    );
    assert.deepEqual(cells('', 'persistentvolumeclaims', bound), {
      Name: 'data',
      Status: 'Terminating',
      Volume: 'pv-1',
      Capacity: '1Gi',
      'Access Modes': 'RWO,RWOP',
      StorageClass: 'legacy',
      VolumeAttributesClass: 'gold',
      Age: '5m',
      VolumeMode: '<unset>',
    });
  });

  it('prints persistent volumes', () => {
    const pv = object({
      spec: {
        capacity: { storage: '5Gi' },
        accessModes: ['ReadWriteMany', 'ReadOnlyMany'],
        persistentVolumeReclaimPolicy: 'Retain',
        claimRef: { namespace: 'team', name: 'data' },
        storageClassName: 'slow',
        volumeMode: 'Block',
      },
      status: { phase: 'Bound' },
    });
    assert.deepEqual(Object.values(cells('', 'persistentvolumes', pv)), [
      'x',
      '5Gi',
      'ROX,RWX',
      'Retain',
      'Bound',
      'team/data',
      'slow',
      '<unset>',
      '',
      '5m',
      'Block',
    ]);
  });

  it('prints pod templates with containers and pod labels in the default columns', () => {
    const template = object({
      template: {
        metadata: { labels: { tier: 'web', app: 'shop' } },
        spec: {
          containers: [
            { name: 'web', image: 'nginx' },
            { name: 'log', image: 'busybox' },
          ],
        },
      },
    });
    assert.deepEqual(cells('', 'podtemplates', template), {
      Name: 'x',
      Containers: 'web,log',
      Images: 'nginx,busybox',
      'Pod Labels': 'app=shop,tier=web',
    });
  });

  it('prints limit ranges with the default Name and Created At columns', () => {
    const limits = object({}, { name: 'limits', creationTimestamp: '2025-06-01T11:55:00.000Z' });
    assert.deepEqual(cells('', 'limitranges', limits), {
      Name: 'limits',
      'Created At': '2025-06-01T11:55:00Z',
    });
  });
});

describe('workload and autoscaling printers', () => {
  it('prints a controller revision with its controller as kind.group/name', () => {
    const revision = object(
      { revision: 3 },
      {
        ownerReferences: [
          { apiVersion: 'v1', kind: 'Pod', name: 'other', uid: 'a' },
          { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: 'b', controller: true },
        ],
      },
    );
    assert.deepEqual(cells('apps', 'controllerrevisions', revision), {
      Name: 'x',
      Controller: 'statefulset.apps/web',
      Revision: 3,
      Age: '5m',
    });
    assert.equal(cells('apps', 'controllerrevisions', object({}))['Controller'], '<none>');
  });

  it('prints autoscaler targets against the current metrics, two at most', () => {
    const hpa = object({
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
        maxReplicas: 5,
        metrics: [
          {
            type: 'Resource',
            resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } },
          },
          {
            type: 'Pods',
            pods: { metric: { name: 'qps' }, target: { type: 'AverageValue', averageValue: '1k' } },
          },
          {
            type: 'External',
            external: { metric: { name: 'queue' }, target: { type: 'Value', value: '30' } },
          },
        ],
      },
      status: {
        currentReplicas: 2,
        currentMetrics: [
          { type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 45 } } },
        ],
      },
    });
    assert.deepEqual(cells('autoscaling', 'horizontalpodautoscalers', hpa), {
      Name: 'x',
      Reference: 'Deployment/web',
      Targets: 'cpu: 45%/80%, <unknown>/1k + 1 more...',
      MinPods: '<unset>',
      MaxPods: 5,
      Replicas: 2,
      Age: '5m',
    });
    const memory = object({
      spec: {
        minReplicas: 1,
        metrics: [
          {
            type: 'Resource',
            resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '512Mi' } },
          },
        ],
      },
    });
    const memoryRow = cells('autoscaling', 'horizontalpodautoscalers', memory);
    assert.equal(memoryRow['Targets'], 'memory: <unknown>/512Mi');
    assert.equal(memoryRow['MinPods'], '1');
    assert.equal(cells('autoscaling', 'horizontalpodautoscalers', object({}))['Targets'], '<none>');
  });

  it('prints disruption budgets with N/A for the unset bound', () => {
    const pdb = object({ spec: { minAvailable: '50%' }, status: { disruptionsAllowed: 1 } });
    assert.deepEqual(cells('policy', 'poddisruptionbudgets', pdb), {
      Name: 'x',
      'Min Available': '50%',
      'Max Unavailable': 'N/A',
      'Allowed Disruptions': 1,
      Age: '5m',
    });
  });

  it('prints lease holders', () => {
    const lease = object({ spec: { holderIdentity: 'node-1' } });
    assert.deepEqual(cells('coordination.k8s.io', 'leases', lease), {
      Name: 'x',
      Holder: 'node-1',
      Age: '5m',
    });
  });
});

describe('networking printers', () => {
  it('prints ingresses: class, hosts with the upstream overflow count, address and ports', () => {
    const ingress = object({
      spec: {
        ingressClassName: 'nginx',
        rules: [
          { host: 'a.example' },
          {},
          { host: 'b.example' },
          { host: 'c.example' },
          { host: 'd.example' },
        ],
        tls: [{ hosts: ['a.example'] }],
      },
      status: {
        loadBalancer: { ingress: [{ ip: '10.0.0.9' }, { hostname: 'lb.example' }, { ip: '10.0.0.9' }] },
      },
    });
    assert.deepEqual(cells('networking.k8s.io', 'ingresses', ingress), {
      Name: 'x',
      Class: 'nginx',
      Hosts: 'a.example,b.example,c.example + 2 more...',
      Address: '10.0.0.9,lb.example',
      Ports: '80, 443',
      Age: '5m',
    });
    const bare = cells('networking.k8s.io', 'ingresses', object({ spec: { defaultBackend: {} } }));
    assert.deepEqual(
      [bare['Class'], bare['Hosts'], bare['Address'], bare['Ports']],
      ['<none>', '*', '', '80'],
    );
  });

  it('prints ingress classes, network policies, IP addresses and service CIDRs', () => {
    const ingressClass = object({
      spec: {
        controller: 'k8s.io/nginx',
        parameters: { apiGroup: 'k8s.example.com', kind: 'Params', name: 'p' },
      },
    });
    assert.deepEqual(cells('networking.k8s.io', 'ingressclasses', ingressClass), {
      Name: 'x',
      Controller: 'k8s.io/nginx',
      Parameters: 'Params.k8s.example.com/p',
      Age: '5m',
    });
    const policy = object({ spec: { podSelector: { matchLabels: { role: 'db' } } } });
    assert.equal(cells('networking.k8s.io', 'networkpolicies', policy)['Pod-Selector'], 'role=db');
    const all = object({ spec: { podSelector: {} } });
    assert.equal(cells('networking.k8s.io', 'networkpolicies', all)['Pod-Selector'], '<none>');
    const ip = object({
      spec: { parentRef: { group: '', resource: 'Services', namespace: 'default', name: 'k' } },
    });
    assert.deepEqual(cells('networking.k8s.io', 'ipaddresses', ip), {
      Name: 'x',
      ParentRef: 'services/default/k',
    });
    const cidr = object({ spec: { cidrs: ['10.96.0.0/12', 'fd00::/108'] } });
    assert.equal(cells('networking.k8s.io', 'servicecidrs', cidr)['CIDRs'], '10.96.0.0/12,fd00::/108');
  });

  it('prints endpoint slices with "<unset>" for empty lists', () => {
    const slice = object({
      addressType: 'IPv4',
      ports: [{ port: 80 }, { name: 'metrics' }, {}, { port: 9090 }],
      endpoints: [{ addresses: ['10.0.0.1'] }, { addresses: ['10.0.0.2', '10.0.0.3'] }],
    });
    assert.deepEqual(cells('discovery.k8s.io', 'endpointslices', slice), {
      Name: 'x',
      AddressType: 'IPv4',
      Ports: '80,metrics,* + 1 more...',
      Endpoints: '10.0.0.1,10.0.0.2,10.0.0.3',
      Age: '5m',
    });
    const empty = cells('discovery.k8s.io', 'endpointslices', object({ addressType: 'IPv6' }));
    assert.deepEqual([empty['Ports'], empty['Endpoints']], ['<unset>', '<unset>']);
  });
});

describe('storage, scheduling, admission and flow-control printers', () => {
  it('marks the default storage class and shows unset policies as their defaults', () => {
    const sc = object(
      { provisioner: 'csi.example.com' },
      { name: 'standard', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
    );
    assert.deepEqual(cells('storage.k8s.io', 'storageclasses', sc), {
      Name: 'standard (default)',
      Provisioner: 'csi.example.com',
      ReclaimPolicy: 'Delete',
      VolumeBindingMode: 'Immediate',
      AllowVolumeExpansion: false,
      Age: '5m',
    });
    const vac = object(
      { driverName: 'csi.example.com' },
      { name: 'gold', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
    );
    assert.equal(cells('storage.k8s.io', 'volumeattributesclasses', vac)['Name'], 'gold');
  });

  it('prints CSI drivers, nodes, capacities and volume attachments', () => {
    const driver = object({
      spec: { podInfoOnMount: true, tokenRequests: [{ audience: 'a' }, { audience: 'b' }] },
    });
    assert.deepEqual(Object.values(cells('storage.k8s.io', 'csidrivers', driver)), [
      'x',
      true,
      true,
      false,
      'a,b',
      false,
      '<none>',
      '5m',
    ]);
    assert.equal(cells('storage.k8s.io', 'csidrivers', object({ spec: {} }))['TokenRequests'], '<unset>');
    const node = object({ spec: { drivers: [{ name: 'a' }, { name: 'b' }] } });
    assert.equal(cells('storage.k8s.io', 'csinodes', node)['Drivers'], 2);
    const capacity = object({ storageClassName: 'fast', capacity: '2048Mi' });
    assert.deepEqual(cells('storage.k8s.io', 'csistoragecapacities', capacity), {
      Name: 'x',
      StorageClassName: 'fast',
      Capacity: '2Gi',
    });
    assert.equal(cells('storage.k8s.io', 'csistoragecapacities', object({}))['Capacity'], '<unset>');
    const attachment = object({
      spec: { attacher: 'csi.example.com', source: { persistentVolumeName: 'pv-1' }, nodeName: 'n1' },
      status: { attached: true },
    });
    assert.deepEqual(Object.values(cells('storage.k8s.io', 'volumeattachments', attachment)), [
      'x',
      'csi.example.com',
      'pv-1',
      'n1',
      true,
      '5m',
    ]);
  });

  it('prints priority classes with their preemption policy', () => {
    const pc = object({ value: 1000, preemptionPolicy: 'Never' });
    assert.deepEqual(cells('scheduling.k8s.io', 'priorityclasses', pc), {
      Name: 'x',
      Value: 1000,
      'Global-Default': false,
      Age: '5m',
      PreemptionPolicy: 'Never',
    });
  });

  it('prints webhook configurations, admission policies and their bindings', () => {
    const webhooks = object({ webhooks: [{ name: 'a.example.com' }, { name: 'b.example.com' }] });
    assert.equal(
      cells('admissionregistration.k8s.io', 'validatingwebhookconfigurations', webhooks)['Webhooks'],
      2,
    );
    assert.equal(
      cells('admissionregistration.k8s.io', 'mutatingwebhookconfigurations', object({}))['Webhooks'],
      0,
    );
    const policy = object({
      spec: { paramKind: { apiVersion: 'v1', kind: 'ConfigMap' }, validations: [{ expression: 'true' }] },
    });
    assert.deepEqual(cells('admissionregistration.k8s.io', 'validatingadmissionpolicies', policy), {
      Name: 'x',
      Validations: 1,
      ParamKind: 'v1/ConfigMap',
      Age: '5m',
    });
    const binding = (paramRef: unknown): unknown =>
      cells(
        'admissionregistration.k8s.io',
        'validatingadmissionpolicybindings',
        object({ spec: { policyName: 'p', ...(paramRef === undefined ? {} : { paramRef }) } }),
      )['ParamRef'];
    assert.equal(binding(undefined), '<unset>');
    assert.equal(binding({ name: 'cfg', namespace: 'team' }), 'team/cfg');
    assert.equal(binding({ name: 'cfg' }), '*/cfg');
    assert.equal(
      binding({
        selector: {
          matchLabels: { b: '2', a: '1' },
          matchExpressions: [{ key: 'k', operator: 'In', values: ['x', 'y'] }],
        },
      }),
      '&LabelSelector{MatchLabels:map[string]string{a: 1,b: 2,},' +
        'MatchExpressions:[]LabelSelectorRequirement{LabelSelectorRequirement{Key:k,Operator:In,Values:[x y],},},}',
    );
  });

  it('prints flow schemas and priority levels', () => {
    const schema = object({
      spec: {
        priorityLevelConfiguration: { name: 'workload-low' },
        matchingPrecedence: 9000,
        distinguisherMethod: { type: 'ByUser' },
      },
      status: { conditions: [{ type: 'Dangling', status: 'False' }] },
    });
    assert.deepEqual(cells('flowcontrol.apiserver.k8s.io', 'flowschemas', schema), {
      Name: 'x',
      PriorityLevel: 'workload-low',
      MatchingPrecedence: 9000,
      DistinguisherMethod: 'ByUser',
      Age: '5m',
      MissingPL: 'False',
    });
    const limited = object({
      spec: {
        type: 'Limited',
        limited: {
          nominalConcurrencyShares: 30,
          limitResponse: { type: 'Queue', queuing: { queues: 64, handSize: 6, queueLengthLimit: 50 } },
        },
      },
    });
    assert.deepEqual(
      Object.values(cells('flowcontrol.apiserver.k8s.io', 'prioritylevelconfigurations', limited)),
      ['x', 'Limited', 30, 64, 6, 50, '5m'],
    );
    const exempt = object({ spec: { type: 'Exempt', exempt: {} } });
    assert.deepEqual(
      Object.values(cells('flowcontrol.apiserver.k8s.io', 'prioritylevelconfigurations', exempt)),
      ['x', 'Exempt', '<none>', '<none>', '<none>', '<none>', '5m'],
    );
  });
});
