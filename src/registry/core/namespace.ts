import type { KubeObject } from '../../machinery/object.js';
import { isDNS1123Label } from '../../machinery/validation.js';
import type { Strategy } from '../strategy.js';
import { recordAt, stringAt, valueAt } from '../object-fields.js';
import { ageColumn, column, nameColumn } from '../printer-columns.js';

const nameLabel = 'kubernetes.io/metadata.name';
const kubernetesFinalizer = 'kubernetes';

/** Every namespace carries its own name as a label, so namespace selectors can match it by name. */
function labelWithName(ns: KubeObject): void {
  const name = ns.metadata.name;
  if (name === undefined || name === '') return;
  ns.metadata.labels = { ...ns.metadata.labels, [nameLabel]: name };
}

function finalizers(ns: KubeObject): unknown[] {
  const value = valueAt(ns, 'spec.finalizers');
  return Array.isArray(value) ? value : [];
}

/**
 * Namespaces (upstream pkg/registry/core/namespace/strategy.go and SetDefaults_Namespace): created Active
 * with the "kubernetes" finalizer; spec.finalizers and status change only through /finalize and /status.
 */
export const namespaceStrategy: Strategy = {
  tracksGeneration: false,
  validateName: isDNS1123Label,
  /** A namespace with spec.finalizers turns Terminating for the namespace controller to empty it. */
  prepareForDelete(_ctx, ns) {
    if (finalizers(ns).length === 0) return false;
    ns['status'] = { ...recordAt(ns, 'status'), phase: 'Terminating' };
    return true;
  },
  prepareForCreate(_ctx, ns) {
    labelWithName(ns);
    const current = finalizers(ns);
    ns['spec'] = {
      ...recordAt(ns, 'spec'),
      finalizers: current.includes(kubernetesFinalizer) ? current : [...current, kubernetesFinalizer],
    };
    ns['status'] = { phase: 'Active' };
  },
  prepareForUpdate(_ctx, ns, old) {
    labelWithName(ns);
    ns['spec'] = { ...recordAt(ns, 'spec'), finalizers: finalizers(old) };
    if (old['status'] === undefined) delete ns['status'];
    else ns['status'] = old['status'];
  },
  selectableFields: {
    'status.phase': (ns) => stringAt(ns, 'status.phase'),
    // Upstream keeps this non-standard label for backward compatibility.
    name: (ns) => ns.metadata.name ?? '',
  },
  columns: [
    nameColumn,
    column('Status', 'Lifecycle phase of the namespace.', (ns) => stringAt(ns, 'status.phase')),
    ageColumn,
  ],
};
