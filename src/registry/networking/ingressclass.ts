import type { KubeObject } from '../../machinery/object.js';
import type { Strategy } from '../strategy.js';
import { recordAt, stringAt, valueAt } from '../object-fields.js';
import { ageColumn, column, nameColumn } from '../printer-columns.js';

/** "Kind.apiGroup/name" ("Kind/name" without an API group), "<none>" without parameters (upstream printIngressClass). */
function parametersCell(ingressClass: KubeObject): string {
  const parameters = recordAt(ingressClass, 'spec.parameters');
  if (parameters === undefined) return '<none>';
  const apiGroup = valueAt(parameters, 'apiGroup');
  const kind = stringAt(parameters, 'kind');
  const groupKind = typeof apiGroup === 'string' ? `${kind}.${apiGroup}` : kind;
  return `${groupKind}/${stringAt(parameters, 'name')}`;
}

/** IngressClasses: upstream printIngressClass's columns. */
export const ingressClassStrategy: Strategy = {
  columns: [
    nameColumn,
    column('Controller', 'Controller that implements the class.', (ingressClass) =>
      stringAt(ingressClass, 'spec.controller'),
    ),
    column('Parameters', 'Resource holding further configuration for the class.', parametersCell),
    ageColumn,
  ],
};
