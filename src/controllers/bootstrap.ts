import type { RequestContext } from '../machinery/context.js';
import { isStatusError } from '../machinery/errors.js';
import type { KubeObject } from '../machinery/object.js';
import type { Registry } from '../registry/index.js';
import { ensureNamespaceDefaults } from './service-accounts.js';

/** Namespaces every cluster starts with. */
export const initialNamespaces = ['default', 'kube-system', 'kube-public', 'kube-node-lease'] as const;

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
      clusterIP: '10.96.0.1',
      clusterIPs: ['10.96.0.1'],
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      sessionAffinity: 'None',
      internalTrafficPolicy: 'Cluster',
      ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: securePort }],
    },
  };
}

async function ensure(
  registry: Registry,
  ctx: RequestContext,
  plural: string,
  obj: KubeObject,
): Promise<void> {
  const rs = registry.preferred('', plural);
  if (rs === undefined) throw new Error(`core resource ${plural} is not registered`);
  const namespace = obj.metadata.namespace ?? '';
  // Read first: admission (e.g. cluster IP reservation) must not run again for what already exists.
  if ((await rs.read(ctx, namespace, obj.metadata.name ?? '')) !== undefined) return;
  try {
    await rs.create(ctx, namespace, obj, { dryRun: false });
  } catch (error) {
    if (!isStatusError(error, 'AlreadyExists')) throw error;
  }
}

/** Creates what a fresh cluster must have; idempotent, so it runs on every start. */
export async function bootstrapCluster(
  registry: Registry,
  ctx: RequestContext,
  securePort: number,
  caPem: string,
): Promise<void> {
  // Side by side, so the writes share storage commits.
  await Promise.all(
    initialNamespaces.map(async (name) => {
      await ensure(registry, ctx, 'namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
      // Created here too (not only by the controller) so a cluster is complete when it reports Ready.
      await ensureNamespaceDefaults(registry, ctx, name, caPem);
      if (name === 'default') await ensure(registry, ctx, 'services', kubernetesService(securePort));
    }),
  );
}
