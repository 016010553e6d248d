/** Realistic workload, RBAC, networking, policy and review objects in Go's JSON form. */
const created = '2025-01-02T03:04:05Z';

const podTemplate = {
  metadata: { labels: { app: 'web' } },
  spec: {
    containers: [
      {
        name: 'nginx',
        image: 'nginx:1.27',
        ports: [{ containerPort: 80, protocol: 'TCP' }],
        resources: {},
        terminationMessagePath: '/dev/termination-log',
        terminationMessagePolicy: 'File',
        imagePullPolicy: 'IfNotPresent',
      },
    ],
    restartPolicy: 'Always',
    terminationGracePeriodSeconds: 30,
    dnsPolicy: 'ClusterFirst',
    securityContext: {},
    schedulerName: 'default-scheduler',
  },
};

export const deployment = {
  kind: 'Deployment',
  apiVersion: 'apps/v1',
  metadata: {
    name: 'web',
    namespace: 'shop',
    uid: 'd1',
    resourceVersion: '90',
    generation: 2,
    creationTimestamp: created,
    labels: { app: 'web' },
    annotations: { 'deployment.kubernetes.io/revision': '2' },
  },
  spec: {
    replicas: 3,
    selector: { matchLabels: { app: 'web' } },
    template: podTemplate,
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: 1 } },
    revisionHistoryLimit: 10,
    progressDeadlineSeconds: 600,
  },
  status: {
    observedGeneration: 2,
    replicas: 3,
    updatedReplicas: 3,
    readyReplicas: 3,
    availableReplicas: 3,
    conditions: [
      {
        type: 'Available',
        status: 'True',
        lastUpdateTime: created,
        lastTransitionTime: created,
        reason: 'MinimumReplicasAvailable',
        message: 'Deployment has minimum availability.',
      },
    ],
  },
};

/** Scaled to zero: a present zero pointer must survive, while an omitempty zero disappears. */
export const deploymentScaledToZero = {
  ...deployment,
  spec: { ...deployment.spec, replicas: 0, paused: true },
  status: { observedGeneration: 3 },
};

export const role = {
  kind: 'Role',
  apiVersion: 'rbac.authorization.k8s.io/v1',
  metadata: { name: 'pod-reader', namespace: 'shop', creationTimestamp: created },
  rules: [
    { verbs: ['get', 'list', 'watch'], apiGroups: [''], resources: ['pods', 'pods/log'] },
    { verbs: ['get'], apiGroups: ['apps'], resources: ['deployments'], resourceNames: ['web'] },
  ],
};

export const roleBinding = {
  kind: 'RoleBinding',
  apiVersion: 'rbac.authorization.k8s.io/v1',
  metadata: { name: 'read-pods', namespace: 'shop', creationTimestamp: created },
  subjects: [
    { kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'jane' },
    { kind: 'ServiceAccount', name: 'robot', namespace: 'shop' },
  ],
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'pod-reader' },
};

const jobSpec = {
  parallelism: 1,
  completions: 1,
  backoffLimit: 6,
  selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': 'j1' } },
  manualSelector: false,
  template: {
    metadata: {
      labels: { 'batch.kubernetes.io/controller-uid': 'j1', 'batch.kubernetes.io/job-name': 'pi' },
    },
    spec: {
      ...podTemplate.spec,
      containers: [
        {
          name: 'pi',
          image: 'perl:5.34',
          command: ['perl', '-Mbignum=bpi', '-wle', 'print bpi(100)'],
          resources: {},
          terminationMessagePath: '/dev/termination-log',
          terminationMessagePolicy: 'File',
          imagePullPolicy: 'IfNotPresent',
        },
      ],
      restartPolicy: 'Never',
    },
  },
  completionMode: 'NonIndexed',
  suspend: false,
  podReplacementPolicy: 'TerminatingOrFailed',
};

export const job = {
  kind: 'Job',
  apiVersion: 'batch/v1',
  metadata: { name: 'pi', namespace: 'shop', uid: 'j1', creationTimestamp: created, generation: 1 },
  spec: jobSpec,
  status: { startTime: created, active: 1, terminating: 0, uncountedTerminatedPods: {}, ready: 0 },
};

// A cron job's template leaves the selector to the job controller.
const { selector: _selector, manualSelector: _manualSelector, ...templateJobSpec } = jobSpec;

export const cronJob = {
  kind: 'CronJob',
  apiVersion: 'batch/v1',
  metadata: { name: 'nightly', namespace: 'shop', creationTimestamp: created },
  spec: {
    schedule: '0 2 * * *',
    timeZone: 'Europe/Berlin',
    concurrencyPolicy: 'Forbid',
    suspend: false,
    jobTemplate: { metadata: {}, spec: templateJobSpec },
    successfulJobsHistoryLimit: 3,
    failedJobsHistoryLimit: 1,
  },
  status: { lastScheduleTime: created, lastSuccessfulTime: created },
};

export const ingress = {
  kind: 'Ingress',
  apiVersion: 'networking.k8s.io/v1',
  metadata: { name: 'web', namespace: 'shop', creationTimestamp: created },
  spec: {
    ingressClassName: 'nginx',
    tls: [{ hosts: ['shop.example.com'], secretName: 'shop-tls' }],
    rules: [
      {
        host: 'shop.example.com',
        http: {
          paths: [
            { path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { name: 'http' } } } },
            {
              path: '/api',
              pathType: 'Exact',
              backend: { service: { name: 'api', port: { number: 8080 } } },
            },
          ],
        },
      },
    ],
  },
  status: { loadBalancer: { ingress: [{ ip: '203.0.113.10', ports: [{ port: 443, protocol: 'TCP' }] }] } },
};

export const podDisruptionBudget = {
  kind: 'PodDisruptionBudget',
  apiVersion: 'policy/v1',
  metadata: { name: 'web', namespace: 'shop', generation: 1, creationTimestamp: created },
  spec: {
    minAvailable: '50%',
    selector: { matchLabels: { app: 'web' } },
    unhealthyPodEvictionPolicy: 'AlwaysAllow',
  },
  status: {
    observedGeneration: 1,
    disruptionsAllowed: 1,
    currentHealthy: 3,
    desiredHealthy: 2,
    expectedPods: 3,
    conditions: [
      {
        type: 'DisruptionAllowed',
        status: 'True',
        observedGeneration: 1,
        lastTransitionTime: created,
        reason: 'SufficientPods',
        message: '',
      },
    ],
  },
};

export const priorityClass = {
  kind: 'PriorityClass',
  apiVersion: 'scheduling.k8s.io/v1',
  metadata: { name: 'batch-low', creationTimestamp: created },
  value: -100,
  description: 'Best-effort batch work.',
  preemptionPolicy: 'Never',
};

export const selfSubjectAccessReview = {
  kind: 'SelfSubjectAccessReview',
  apiVersion: 'authorization.k8s.io/v1',
  metadata: {},
  spec: {
    resourceAttributes: { namespace: 'shop', verb: 'create', group: 'apps', resource: 'deployments' },
  },
  status: { allowed: true, reason: 'RBAC: allowed by RoleBinding "deployers/shop" of Role "deployer"' },
};
