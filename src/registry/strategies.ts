import type { Strategy } from './strategy.js';
import { crdStrategy } from './apiextensions/crd.js';
import { daemonSetStrategy } from './apps/daemonset.js';
import { deploymentStrategy } from './apps/deployment.js';
import { replicaSetStrategy } from './apps/replicaset.js';
import { statefulSetStrategy } from './apps/statefulset.js';
import { cronJobStrategy } from './batch/cronjob.js';
import { jobStrategy } from './batch/job.js';
import { configMapStrategy } from './core/configmap.js';
import { coreEventStrategy } from './core/event.js';
import { limitRangeStrategy } from './core/limitrange.js';
import { namespaceStrategy } from './core/namespace.js';
import { nodeStrategy } from './core/node.js';
import { persistentVolumeClaimStrategy } from './core/persistentvolumeclaim.js';
import { podStrategy } from './core/pod.js';
import { podTemplateStrategy } from './core/podtemplate.js';
import { replicationControllerStrategy } from './core/replicationcontroller.js';
import { secretStrategy } from './core/secret.js';
import { serviceStrategy } from './core/service.js';
import { serviceAccountStrategy } from './core/serviceaccount.js';
import { eventsV1Strategy } from './events/event.js';
import { ingressStrategy } from './networking/ingress.js';
import { networkPolicyStrategy } from './networking/networkpolicy.js';
import { clusterRoleBindingStrategy, roleBindingStrategy } from './rbac/binding.js';
import { clusterRoleStrategy, roleStrategy } from './rbac/role.js';
import { priorityClassStrategy } from './scheduling/priorityclass.js';
import { tenantStrategy } from './tenancy/tenant.js';
import {
  validatingAdmissionPolicyBindingStrategy,
  validatingAdmissionPolicyStrategy,
} from './admissionregistration/admission-policy.js';
import { webhookConfigurationStrategy } from './admissionregistration/webhook-configuration.js';
import { controllerRevisionStrategy } from './apps/controllerrevision.js';
import { horizontalPodAutoscalerStrategy } from './autoscaling/horizontalpodautoscaler.js';
import { leaseStrategy } from './coordination/lease.js';
import { endpointsStrategy } from './core/endpoints.js';
import { persistentVolumeStrategy } from './core/persistentvolume.js';
import { resourceQuotaStrategy } from './core/resourcequota.js';
import { endpointSliceStrategy } from './discovery/endpointslice.js';
import { flowSchemaStrategy } from './flowcontrol/flowschema.js';
import { priorityLevelConfigurationStrategy } from './flowcontrol/prioritylevelconfiguration.js';
import { ingressClassStrategy } from './networking/ingressclass.js';
import { ipAddressStrategy } from './networking/ipaddress.js';
import { serviceCIDRStrategy } from './networking/servicecidr.js';
import { runtimeClassStrategy } from './node/runtimeclass.js';
import { podDisruptionBudgetStrategy } from './policy/poddisruptionbudget.js';
import { csiDriverStrategy, csiNodeStrategy, csiStorageCapacityStrategy } from './storage/csi.js';
import { storageClassStrategy, volumeAttributesClassStrategy } from './storage/storageclass.js';
import { volumeAttachmentStrategy } from './storage/volumeattachment.js';

const rbac = 'rbac.authorization.k8s.io';

/** Built-in kinds with their own behaviour, by [group, plural]; every other kind uses the empty strategy. */
const registered: readonly (readonly [string, string, Strategy])[] = [
  ['', 'configmaps', configMapStrategy],
  ['', 'events', coreEventStrategy],
  ['', 'limitranges', limitRangeStrategy],
  ['', 'namespaces', namespaceStrategy],
  ['', 'nodes', nodeStrategy],
  ['', 'persistentvolumeclaims', persistentVolumeClaimStrategy],
  ['', 'pods', podStrategy],
  ['', 'podtemplates', podTemplateStrategy],
  ['', 'replicationcontrollers', replicationControllerStrategy],
  ['', 'secrets', secretStrategy],
  ['', 'serviceaccounts', serviceAccountStrategy],
  ['', 'services', serviceStrategy],
  ['apps', 'daemonsets', daemonSetStrategy],
  ['apps', 'deployments', deploymentStrategy],
  ['apps', 'replicasets', replicaSetStrategy],
  ['apps', 'statefulsets', statefulSetStrategy],
  ['batch', 'cronjobs', cronJobStrategy],
  ['batch', 'jobs', jobStrategy],
  ['events.k8s.io', 'events', eventsV1Strategy],
  ['networking.k8s.io', 'ingresses', ingressStrategy],
  ['networking.k8s.io', 'networkpolicies', networkPolicyStrategy],
  [rbac, 'clusterrolebindings', clusterRoleBindingStrategy],
  [rbac, 'clusterroles', clusterRoleStrategy],
  [rbac, 'rolebindings', roleBindingStrategy],
  [rbac, 'roles', roleStrategy],
  ['scheduling.k8s.io', 'priorityclasses', priorityClassStrategy],
  ['apiextensions.k8s.io', 'customresourcedefinitions', crdStrategy],
  ['tenancy.kubetenant.io', 'tenants', tenantStrategy],
  // Kinds whose only behaviour of their own is their Table columns (upstream printers.go).
  ['', 'endpoints', endpointsStrategy],
  ['', 'persistentvolumes', persistentVolumeStrategy],
  ['', 'resourcequotas', resourceQuotaStrategy],
  ['admissionregistration.k8s.io', 'mutatingwebhookconfigurations', webhookConfigurationStrategy],
  ['admissionregistration.k8s.io', 'validatingadmissionpolicies', validatingAdmissionPolicyStrategy],
  [
    'admissionregistration.k8s.io',
    'validatingadmissionpolicybindings',
    validatingAdmissionPolicyBindingStrategy,
  ],
  ['admissionregistration.k8s.io', 'validatingwebhookconfigurations', webhookConfigurationStrategy],
  ['apps', 'controllerrevisions', controllerRevisionStrategy],
  ['autoscaling', 'horizontalpodautoscalers', horizontalPodAutoscalerStrategy],
  ['coordination.k8s.io', 'leases', leaseStrategy],
  ['discovery.k8s.io', 'endpointslices', endpointSliceStrategy],
  ['flowcontrol.apiserver.k8s.io', 'flowschemas', flowSchemaStrategy],
  ['flowcontrol.apiserver.k8s.io', 'prioritylevelconfigurations', priorityLevelConfigurationStrategy],
  ['networking.k8s.io', 'ingressclasses', ingressClassStrategy],
  ['networking.k8s.io', 'ipaddresses', ipAddressStrategy],
  ['networking.k8s.io', 'servicecidrs', serviceCIDRStrategy],
  ['node.k8s.io', 'runtimeclasses', runtimeClassStrategy],
  ['policy', 'poddisruptionbudgets', podDisruptionBudgetStrategy],
  ['storage.k8s.io', 'csidrivers', csiDriverStrategy],
  ['storage.k8s.io', 'csinodes', csiNodeStrategy],
  ['storage.k8s.io', 'csistoragecapacities', csiStorageCapacityStrategy],
  ['storage.k8s.io', 'storageclasses', storageClassStrategy],
  ['storage.k8s.io', 'volumeattachments', volumeAttachmentStrategy],
  ['storage.k8s.io', 'volumeattributesclasses', volumeAttributesClassStrategy],
];

const byResource = new Map(registered.map(([group, plural, strategy]) => [`${group}/${plural}`, strategy]));

const emptyStrategy: Strategy = Object.freeze({});

/** The strategy of a built-in resource, or the empty one (no defaults, default columns) for anything else. */
export function strategyFor(group: string, plural: string): Strategy {
  return byResource.get(`${group}/${plural}`) ?? emptyStrategy;
}
