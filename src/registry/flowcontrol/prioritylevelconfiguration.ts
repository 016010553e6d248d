import type { KubeObject } from '../../machinery/object.js';
import type { Strategy } from '../strategy.js';
import { numberAt, recordAt, stringAt } from '../object-fields.js';
import { ageColumn, column, nameColumn } from '../printer-columns.js';

type Cell = (level: KubeObject) => string | number;

/** A number under `section`, 0 when unset there, "<none>" when the section is absent (an Exempt level). */
function numberIn(section: string, field: string): Cell {
  return (level) => {
    const parent = recordAt(level, section);
    return parent === undefined ? '<none>' : (numberAt(parent, field) ?? 0);
  };
}

const limited = 'spec.limited';
const queuing = 'spec.limited.limitResponse.queuing';

/** PriorityLevelConfigurations: upstream printPriorityLevelConfiguration's columns. */
export const priorityLevelConfigurationStrategy: Strategy = {
  columns: [
    nameColumn,
    column('Type', 'Exempt or Limited.', (level) => stringAt(level, 'spec.type')),
    column(
      'NominalConcurrencyShares',
      'Share of the server concurrency limit.',
      numberIn(limited, 'nominalConcurrencyShares'),
    ),
    column('Queues', 'Number of queues.', numberIn(queuing, 'queues')),
    column('HandSize', 'Queues a flow is shuffle-sharded over.', numberIn(queuing, 'handSize')),
    column('QueueLengthLimit', 'Requests a queue may hold.', numberIn(queuing, 'queueLengthLimit')),
    ageColumn,
  ],
};
