import type { Strategy } from '../strategy.js';
import { sizeAt } from '../object-fields.js';
import { ageColumn, column, nameColumn } from '../printer-columns.js';

/** Mutating and validating webhook configurations: upstream printMutatingWebhook / printValidatingWebhook. */
export const webhookConfigurationStrategy: Strategy = {
  columns: [
    nameColumn,
    column(
      'Webhooks',
      'Number of webhooks in the configuration.',
      (config) => sizeAt(config, 'webhooks'),
      'integer',
    ),
    ageColumn,
  ],
};
