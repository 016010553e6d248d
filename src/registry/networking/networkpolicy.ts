import type { KubeObject } from '../../machinery/object.js';
import type { Strategy } from '../strategy.js';
import { recordAt, recordsAt, setDefault, valueAt } from '../object-fields.js';
import { ageColumn, column, formatLabelSelector, nameColumn } from '../printer-columns.js';

/**
 * Upstream SetDefaults_NetworkPolicy and SetDefaults_NetworkPolicyPort (networking/v1): a policy without
 * policyTypes is an Ingress policy (plus Egress when it has egress rules); ports default to TCP.
 */
function defaultNetworkPolicy(policy: KubeObject): void {
  setDefault(policy, 'spec', {});
  const spec = recordAt(policy, 'spec');
  const types = valueAt(spec, 'policyTypes');
  if (spec !== undefined && (!Array.isArray(types) || types.length === 0)) {
    spec['policyTypes'] = recordsAt(spec, 'egress').length > 0 ? ['Ingress', 'Egress'] : ['Ingress'];
  }
  for (const rule of [...recordsAt(policy, 'spec.ingress'), ...recordsAt(policy, 'spec.egress')]) {
    for (const port of recordsAt(rule, 'ports')) setDefault(port, 'protocol', 'TCP');
  }
}

/** NetworkPolicies: upstream defaulting only; validation is the admission chain's and the schema's. */
export const networkPolicyStrategy: Strategy = {
  prepareForCreate(_ctx, policy) {
    defaultNetworkPolicy(policy);
  },
  prepareForUpdate(_ctx, policy) {
    defaultNetworkPolicy(policy);
  },
  // Upstream printNetworkPolicy; an empty podSelector selects every pod and prints "<none>".
  columns: [
    nameColumn,
    column('Pod-Selector', 'Pods the policy applies to.', (policy) =>
      formatLabelSelector(valueAt(policy, 'spec.podSelector')),
    ),
    ageColumn,
  ],
};
