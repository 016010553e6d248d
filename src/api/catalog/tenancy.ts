import type { ResourceDefinition } from '../types.js';
import { groupVersion } from './define.js';

/** kubetenant's own API: tenants live in the root cluster and may own a logical cluster of their own. */
export const tenancyGroup = 'tenancy.kubetenant.io';
const v1alpha1 = groupVersion(tenancyGroup, 'v1alpha1');

export const tenancyResources: readonly ResourceDefinition[] = [
  v1alpha1.cluster('Tenant', 'tenants', {
    shortNames: ['tnt'],
    subresources: ['kubeconfig', 'status'],
    rootOnly: true,
  }),
];
