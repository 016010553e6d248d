export { tenantClusterAdmission } from './admission.js';
export { kubeconfigAction } from './kubeconfig-action.js';
export {
  clusterPath,
  ownersBindingName,
  tenancyGroup,
  tenantCluster,
  tenantSpecOf,
  type TenantLimits,
  type TenantOwner,
  type TenantSpec,
} from './tenant.js';
export { TenantDirectory } from './cluster-lookup.js';
