import type { Strategy } from '../strategy.js';
import { setDefault, sizeAt, stringAt } from '../object-fields.js';
import { ageColumn, column, nameColumn } from '../printer-columns.js';

/** Secrets: type defaults to Opaque (SetDefaults_Secret); field selector `type`; columns from printSecret. */
export const secretStrategy: Strategy = {
  prepareForCreate(_ctx, secret) {
    setDefault(secret, 'type', 'Opaque');
  },
  selectableFields: {
    type: (secret) => stringAt(secret, 'type'),
  },
  columns: [
    nameColumn,
    column('Type', 'Kind of secret, which fixes the keys it must hold.', (secret) =>
      stringAt(secret, 'type'),
    ),
    column('Data', 'Number of keys in data.', (secret) => sizeAt(secret, 'data')),
    ageColumn,
  ],
};
