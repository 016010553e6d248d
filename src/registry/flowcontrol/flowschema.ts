import type { KubeObject } from '../../machinery/object.js';
import type { Strategy } from '../strategy.js';
import { recordAt, recordsAt, stringAt } from '../object-fields.js';
import { ageColumn, column, countAt, nameColumn } from '../printer-columns.js';

/** The status of the Dangling condition ("True" when the priority level is missing), "?" without one. */
function missingPriorityLevelCell(schema: KubeObject): string {
  const dangling = recordsAt(schema, 'status.conditions').find((c) => stringAt(c, 'type') === 'Dangling');
  return dangling === undefined ? '?' : stringAt(dangling, 'status');
}

/**
 * FlowSchemas: upstream printFlowSchema's columns. TODO(#3): upstream also orders a list's rows by matching
 * precedence, then name; rows here keep storage order.
 */
export const flowSchemaStrategy: Strategy = {
  columns: [
    nameColumn,
    column('PriorityLevel', 'Priority level the matched requests are assigned to.', (schema) =>
      stringAt(schema, 'spec.priorityLevelConfiguration.name'),
    ),
    column(
      'MatchingPrecedence',
      'Order in which the schema is tried; lower first.',
      countAt('spec.matchingPrecedence'),
    ),
    column('DistinguisherMethod', 'How matched requests are split into flows.', (schema) => {
      const method = recordAt(schema, 'spec.distinguisherMethod');
      return method === undefined ? '<none>' : stringAt(method, 'type');
    }),
    ageColumn,
    column('MissingPL', 'Whether the referenced priority level does not exist.', missingPriorityLevelCell),
  ],
};
