import { isRecord, type KubeObject } from '../../machinery/object.js';
import type { Strategy } from '../strategy.js';
import { setDefault, sizeAt, stringAt } from '../object-fields.js';
import { ageColumn, column, nameColumn } from '../printer-columns.js';

/**
 * stringData is write-only convenience: its entries are merged into data (base64) and it is dropped, as
 * upstream's v1 → internal conversion does, so it is never stored or returned.
 */
function mergeStringData(secret: KubeObject): void {
  const stringData = secret['stringData'];
  delete secret['stringData'];
  if (!isRecord(stringData)) return;
  const data = isRecord(secret['data']) ? { ...secret['data'] } : {};
  for (const [key, value] of Object.entries(stringData)) {
    if (typeof value === 'string') data[key] = Buffer.from(value, 'utf8').toString('base64');
  }
  secret['data'] = data;
}

/** Secrets: type defaults to Opaque (SetDefaults_Secret); field selector `type`; columns from printSecret. */
export const secretStrategy: Strategy = {
  prepareForCreate(_ctx, secret) {
    mergeStringData(secret);
    setDefault(secret, 'type', 'Opaque');
  },
  prepareForUpdate(_ctx, secret) {
    mergeStringData(secret);
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
