import type { ResourceDefinition } from '../types.js';
import { authenticationResources, authorizationResources } from './access-review.js';
import { admissionregistrationResources } from './admissionregistration.js';
import { apiextensionsResources } from './apiextensions.js';
import { appsResources } from './apps.js';
import { autoscalingResources } from './autoscaling.js';
import { batchResources } from './batch.js';
import { coordinationResources } from './coordination.js';
import { coreResources } from './core.js';
import { discoveryResources } from './discovery.js';
import { eventsResources } from './events.js';
import { flowcontrolResources } from './flowcontrol.js';
import { networkingResources } from './networking.js';
import { nodeResources } from './node.js';
import { policyResources } from './policy.js';
import { rbacResources } from './rbac.js';
import { schedulingResources } from './scheduling.js';
import { storageResources } from './storage.js';
import { tenancyResources } from './tenancy.js';

/**
 * Every built-in group in kube-apiserver's discovery priority order (the aggregator's group priorities,
 * highest first; admissionregistration and apiextensions tie at 16700 and sort by name). Groups served by
 * other parts of kubetenant, or not at all, keep their upstream place here so any list can be ordered by it.
 */
export const upstreamGroupOrder: readonly string[] = [
  '',
  'apiregistration.k8s.io',
  'apps',
  'events.k8s.io',
  'authentication.k8s.io',
  'authorization.k8s.io',
  'autoscaling',
  'batch',
  'certificates.k8s.io',
  'networking.k8s.io',
  'policy',
  'rbac.authorization.k8s.io',
  'storage.k8s.io',
  'admissionregistration.k8s.io',
  'apiextensions.k8s.io',
  'scheduling.k8s.io',
  'coordination.k8s.io',
  'node.k8s.io',
  'discovery.k8s.io',
  'flowcontrol.apiserver.k8s.io',
  'internal.apiserver.k8s.io',
  'resource.k8s.io',
  'storagemigration.k8s.io',
  'tenancy.kubetenant.io',
];

const catalogue: readonly ResourceDefinition[] = [
  ...coreResources,
  ...appsResources,
  ...eventsResources,
  ...authenticationResources,
  ...authorizationResources,
  ...autoscalingResources,
  ...batchResources,
  ...networkingResources,
  ...policyResources,
  ...rbacResources,
  ...storageResources,
  ...admissionregistrationResources,
  ...apiextensionsResources,
  ...schedulingResources,
  ...coordinationResources,
  ...nodeResources,
  ...discoveryResources,
  ...flowcontrolResources,
  ...tenancyResources,
];

/** Position of a group in discovery; groups upstream does not know (CRDs) come after all built-ins. */
export function groupRank(group: string): number {
  const rank = upstreamGroupOrder.indexOf(group);
  return rank === -1 ? upstreamGroupOrder.length : rank;
}

/** The built-in groups kubetenant's catalogue serves, in discovery order ('' is the core group). */
export const resourceGroupOrder: readonly string[] = upstreamGroupOrder.filter((group) =>
  catalogue.some((def) => def.group === group),
);

/** Every built-in resource, grouped in discovery order, resources alphabetical within a group version. */
export const builtinResources: readonly ResourceDefinition[] = [...catalogue].sort(
  (a, b) => groupRank(a.group) - groupRank(b.group),
);

const byPath = new Map(
  builtinResources.map((def) => [resourcePath(def.group, def.version, def.plural), def]),
);

function resourcePath(group: string, version: string, plural: string): string {
  return `${group}/${version}/${plural}`;
}

/** The built-in resource served at group/version/plural, if any ('' is the core group). */
export function findResource(group: string, version: string, plural: string): ResourceDefinition | undefined {
  return byPath.get(resourcePath(group, version, plural));
}

/** The kind of a built-in resource, e.g. kindOf('apps', 'v1', 'deployments') === 'Deployment'. */
export function kindOf(group: string, version: string, plural: string): string | undefined {
  return findResource(group, version, plural)?.kind;
}
