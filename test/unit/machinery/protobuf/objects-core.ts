/**
 * Realistic core/v1 objects as a server returns them (after defaulting), in Go's JSON form: value structs
 * present (`resources: {}`, `status: {}`), omitempty zeros absent, pointers kept when set, even to zero.
 */
const created = '2025-01-02T03:04:05Z';

export const pod = {
  kind: 'Pod',
  apiVersion: 'v1',
  metadata: {
    name: 'web-5d9c7b7f8-x2k4q',
    generateName: 'web-5d9c7b7f8-',
    namespace: 'shop',
    uid: '6f1a8c1e-2b3d-4c5e-8f90-1a2b3c4d5e6f',
    resourceVersion: '48213',
    creationTimestamp: created,
    labels: { app: 'web', 'pod-template-hash': '5d9c7b7f8' },
    annotations: { 'kubectl.kubernetes.io/restartedAt': '2025-01-02T03:00:00Z' },
    ownerReferences: [
      {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        name: 'web-5d9c7b7f8',
        uid: '0c1d2e3f-4a5b-6c7d-8e9f-0a1b2c3d4e5f',
        controller: true,
        blockOwnerDeletion: true,
      },
    ],
    managedFields: [
      {
        manager: 'kube-controller-manager',
        operation: 'Update',
        apiVersion: 'v1',
        time: created,
        fieldsType: 'FieldsV1',
        fieldsV1: { 'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } } },
      },
    ],
  },
  spec: {
    volumes: [
      {
        name: 'config',
        configMap: {
          name: 'web-config',
          items: [{ key: 'nginx.conf', path: 'nginx.conf' }],
          defaultMode: 420,
        },
      },
      {
        name: 'kube-api-access-7bq2m',
        projected: {
          sources: [
            { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
            { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
            {
              downwardAPI: {
                items: [
                  { path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } },
                ],
              },
            },
          ],
          defaultMode: 420,
        },
      },
      { name: 'cache', emptyDir: { medium: 'Memory', sizeLimit: '64Mi' } },
    ],
    containers: [
      {
        name: 'nginx',
        image: 'nginx:1.27',
        args: ['-g', 'daemon off;'],
        ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
        env: [
          { name: 'MODE', value: 'prod' },
          { name: 'POD_IP', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'status.podIP' } } },
          { name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password', optional: false } } },
        ],
        resources: { limits: { cpu: '500m', memory: '256Mi' }, requests: { cpu: '100m', memory: '128Mi' } },
        volumeMounts: [
          { name: 'config', readOnly: true, mountPath: '/etc/nginx' },
          {
            name: 'kube-api-access-7bq2m',
            readOnly: true,
            mountPath: '/var/run/secrets/kubernetes.io/serviceaccount',
          },
        ],
        livenessProbe: {
          httpGet: { path: '/healthz', port: 'http', scheme: 'HTTP' },
          initialDelaySeconds: 5,
          timeoutSeconds: 1,
          periodSeconds: 10,
          successThreshold: 1,
          failureThreshold: 3,
        },
        readinessProbe: {
          tcpSocket: { port: 8080 },
          timeoutSeconds: 1,
          periodSeconds: 5,
          successThreshold: 1,
          failureThreshold: 3,
        },
        terminationMessagePath: '/dev/termination-log',
        terminationMessagePolicy: 'File',
        imagePullPolicy: 'IfNotPresent',
        securityContext: {
          capabilities: { drop: ['ALL'] },
          runAsNonRoot: true,
          allowPrivilegeEscalation: false,
        },
      },
    ],
    restartPolicy: 'Always',
    terminationGracePeriodSeconds: 30,
    dnsPolicy: 'ClusterFirst',
    nodeSelector: { 'kubernetes.io/os': 'linux' },
    serviceAccountName: 'default',
    serviceAccount: 'default',
    automountServiceAccountToken: false,
    nodeName: 'node-1',
    securityContext: { fsGroup: 2000 },
    affinity: {
      podAntiAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [
          {
            weight: 100,
            podAffinityTerm: {
              labelSelector: { matchLabels: { app: 'web' } },
              topologyKey: 'kubernetes.io/hostname',
            },
          },
        ],
      },
    },
    schedulerName: 'default-scheduler',
    tolerations: [
      {
        key: 'node.kubernetes.io/not-ready',
        operator: 'Exists',
        effect: 'NoExecute',
        tolerationSeconds: 300,
      },
    ],
    priority: 0,
    enableServiceLinks: true,
    preemptionPolicy: 'PreemptLowerPriority',
  },
  status: {
    phase: 'Running',
    conditions: [
      { type: 'Ready', status: 'True', lastProbeTime: null, lastTransitionTime: '2025-01-02T03:04:12Z' },
      { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: created },
    ],
    hostIP: '10.0.0.5',
    hostIPs: [{ ip: '10.0.0.5' }],
    podIP: '10.244.1.7',
    podIPs: [{ ip: '10.244.1.7' }, { ip: 'fd00::7' }],
    startTime: created,
    containerStatuses: [
      {
        name: 'nginx',
        state: { running: { startedAt: '2025-01-02T03:04:09Z' } },
        lastState: {},
        ready: true,
        restartCount: 0,
        image: 'docker.io/library/nginx:1.27',
        imageID: 'docker.io/library/nginx@sha256:0a1b2c3d',
        containerID: 'containerd://5e6f7a8b',
        started: true,
      },
    ],
    qosClass: 'Burstable',
  },
};

export const service = {
  kind: 'Service',
  apiVersion: 'v1',
  metadata: { name: 'web', namespace: 'shop', uid: 'a1', resourceVersion: '77', creationTimestamp: created },
  spec: {
    ports: [
      { name: 'http', protocol: 'TCP', port: 80, targetPort: 'http', nodePort: 30080 },
      { name: 'metrics', protocol: 'TCP', port: 9090, targetPort: 9090, nodePort: 31090 },
    ],
    selector: { app: 'web' },
    clusterIP: '10.96.12.34',
    clusterIPs: ['10.96.12.34'],
    type: 'NodePort',
    sessionAffinity: 'None',
    externalTrafficPolicy: 'Cluster',
    ipFamilies: ['IPv4'],
    ipFamilyPolicy: 'SingleStack',
    internalTrafficPolicy: 'Cluster',
  },
  status: { loadBalancer: {} },
};

export const secret = {
  kind: 'Secret',
  apiVersion: 'v1',
  metadata: { name: 'db', namespace: 'shop', creationTimestamp: created },
  immutable: false,
  data: {
    'ca.crt': Buffer.from([0x30, 0x82, 0x01, 0x0a, 0x00, 0xff]).toString('base64'),
    password: Buffer.from('s3cr3t!').toString('base64'),
    username: Buffer.from('admin').toString('base64'),
  },
  type: 'Opaque',
};

export const configMap = {
  kind: 'ConfigMap',
  apiVersion: 'v1',
  metadata: { name: 'web-config', namespace: 'shop', labels: { app: 'web' } },
  data: { 'nginx.conf': 'server {\n  listen 8080;\n}\n', mode: 'prod', ünïcödé: '✓' },
  binaryData: { 'logo.png': Buffer.from([0x89, 0x50, 0x4e, 0x47]).toString('base64') },
};

export const namespace = {
  kind: 'Namespace',
  apiVersion: 'v1',
  metadata: {
    name: 'shop',
    uid: 'n1',
    resourceVersion: '5',
    creationTimestamp: created,
    labels: { 'kubernetes.io/metadata.name': 'shop' },
  },
  spec: { finalizers: ['kubernetes'] },
  status: { phase: 'Active' },
};

export const serviceAccount = {
  kind: 'ServiceAccount',
  apiVersion: 'v1',
  metadata: { name: 'robot', namespace: 'shop', creationTimestamp: created },
  secrets: [{ name: 'robot-token' }],
  imagePullSecrets: [{ name: 'registry' }],
  automountServiceAccountToken: false,
};

export const resourceQuota = {
  kind: 'ResourceQuota',
  apiVersion: 'v1',
  metadata: { name: 'compute', namespace: 'shop', creationTimestamp: created },
  spec: {
    hard: { 'limits.memory': '8Gi', pods: '10', 'requests.cpu': '2' },
    scopeSelector: { matchExpressions: [{ scopeName: 'PriorityClass', operator: 'In', values: ['high'] }] },
  },
  status: {
    hard: { 'limits.memory': '8Gi', pods: '10', 'requests.cpu': '2' },
    used: { 'limits.memory': '256Mi', pods: '1', 'requests.cpu': '100m' },
  },
};
