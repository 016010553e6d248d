import type { RequestContext } from '../machinery/context.js';
import { isStatusError } from '../machinery/errors.js';
import type { KubeObject } from '../machinery/object.js';
import type { Registry } from '../registry/index.js';
import { defaultServiceAccount, rootCaConfigMap } from './service-accounts.js';

/** Namespaces every cluster starts with. */
const initialNamespaces = ['default', 'kube-system', 'kube-public', 'kube-node-lease'] as const;

const kubernetesServiceIp = '10.96.0.1';

/** The `default/kubernetes` Service pointing clients in the cluster at the API server. */
function kubernetesService(securePort: number): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: 'kubernetes',
      namespace: 'default',
      labels: { component: 'apiserver', provider: 'kubernetes' },
    },
    spec: {
      type: 'ClusterIP',
      clusterIP: kubernetesServiceIp,
      clusterIPs: [kubernetesServiceIp],
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      sessionAffinity: 'None',
      internalTrafficPolicy: 'Cluster',
      ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: securePort }],
    },
  };
}

/** The IPAddress holding the `kubernetes` Service's cluster IP, as the allocator would record it. */
function kubernetesServiceAddress(): KubeObject {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'IPAddress',
    metadata: {
      name: kubernetesServiceIp,
      labels: {
        'ipaddress.kubernetes.io/ip-family': 'IPv4',
        'ipaddress.kubernetes.io/managed-by': 'ipallocator.k8s.io',
      },
    },
    spec: { parentRef: { group: '', resource: 'services', namespace: 'default', name: 'kubernetes' } },
  };
}

/** Creates one bootstrap object unless the cluster already has it. */
async function ensure(
  registry: Registry,
  ctx: RequestContext,
  group: string,
  plural: string,
  obj: KubeObject,
) {
  const rs = registry.preferred(group, plural);
  if (rs === undefined) throw new Error(`${plural}.${group} is not registered`);
  try {
    await rs.createBootstrapObject(ctx, obj.metadata.namespace ?? '', obj);
  } catch (error) {
    if (!isStatusError(error, 'AlreadyExists')) throw error;
  }
}

/**
 * Creates what a fresh cluster must have: the initial namespaces, each with its `default` ServiceAccount and
 * `kube-root-ca.crt` (also the service-accounts controller's job, done here so a cluster is complete when
 * it is reported ready), and the `kubernetes` Service with its IPAddress. Nothing in a new cluster can admit
 * or refuse these, so they skip admission (and need not wait for their namespace); the writes go side by
 * side and share one storage commit.
 * Idempotent, so it runs on every start.
 */
export async function bootstrapCluster(
  registry: Registry,
  ctx: RequestContext,
  securePort: number,
  caPem: string,
): Promise<void> {
  await Promise.all([
    ...initialNamespaces.flatMap((namespace) => [
      ensure(registry, ctx, '', 'namespaces', {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: namespace },
      }),
      ensure(registry, ctx, '', 'serviceaccounts', defaultServiceAccount(namespace)),
      ensure(registry, ctx, '', 'configmaps', rootCaConfigMap(namespace, caPem)),
    ]),
    ensure(registry, ctx, 'networking.k8s.io', 'ipaddresses', kubernetesServiceAddress()),
    ensure(registry, ctx, '', 'services', kubernetesService(securePort)),
  ]);
}
