import { renderKubeconfig, superuserGroup, type CertificateAuthority } from '../auth/index.js';
import { badRequest, invalid } from '../machinery/errors.js';
import { isRecord, type KubeObject } from '../machinery/object.js';
import type { Registry, SubresourceAction } from '../registry/index.js';
import { clusterPath, tenancyGroup, tenantCluster, tenantSpecOf } from './tenant.js';

/**
 * POST tenants/<name>/kubeconfig {spec: {user, groups}}: issues a client certificate valid only in the
 * tenant's logical cluster and answers a TenantKubeconfig whose status.kubeconfig points at that cluster.
 * `system:masters` cannot be granted this way: it would reach beyond the tenant.
 */
export function kubeconfigAction(
  registry: Registry,
  ca: CertificateAuthority,
  serverUrl: () => string,
): SubresourceAction {
  const tenants = registry.preferred(tenancyGroup, 'tenants');
  if (tenants === undefined) throw new Error('tenants must be registered');
  return {
    async create(ctx, _namespace, name, body): Promise<KubeObject> {
      const tenant = await tenants.get(ctx, '', name);
      if (!tenantSpecOf(tenant).dedicated) {
        throw badRequest(
          `tenant "${name}" has no dedicated control plane (spec.controlPlane.type: Dedicated)`,
        );
      }
      const spec = isRecord(body.spec) ? body.spec : {};
      const user = typeof spec.user === 'string' ? spec.user : '';
      const groups = Array.isArray(spec.groups)
        ? spec.groups.filter((g): g is string => typeof g === 'string')
        : [];
      if (user === '') {
        throw invalid(tenancyGroup, 'TenantKubeconfig', name, [
          { type: 'FieldValueRequired', field: 'spec.user', detail: '' },
        ]);
      }
      if (user.startsWith('system:')) {
        throw invalid(tenancyGroup, 'TenantKubeconfig', name, [
          {
            type: 'FieldValueForbidden',
            field: 'spec.user',
            detail: 'user names starting with "system:" are reserved',
          },
        ]);
      }
      if (groups.includes(superuserGroup)) {
        throw invalid(tenancyGroup, 'TenantKubeconfig', name, [
          {
            type: 'FieldValueForbidden',
            field: 'spec.groups',
            detail: `${superuserGroup} may not be granted to a tenant credential`,
          },
        ]);
      }
      const cluster = tenantCluster(tenant);
      const credential = await ca.issueClientCertificate({
        user,
        groups,
        cluster,
        tenantUid: tenant.metadata.uid ?? '',
      });
      const kubeconfig = renderKubeconfig({
        server: `${serverUrl()}${clusterPath(cluster)}`,
        clusterName: cluster,
        userName: user,
        caPem: ca.certPem,
        clientCertPem: credential.certPem,
        clientKeyPem: credential.keyPem,
      });
      return {
        apiVersion: `${tenancyGroup}/v1alpha1`,
        kind: 'TenantKubeconfig',
        metadata: { name },
        spec: { user, groups },
        status: { kubeconfig },
      };
    },
  };
}
