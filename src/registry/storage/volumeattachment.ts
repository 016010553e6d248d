import type { Strategy } from '../strategy.js';
import { booleanAt, stringAt } from '../object-fields.js';
import { ageColumn, column, nameColumn } from '../printer-columns.js';

/** VolumeAttachments: upstream printVolumeAttachment's columns. */
export const volumeAttachmentStrategy: Strategy = {
  columns: [
    nameColumn,
    // Upstream declares this column with the "name" format too.
    {
      ...column('Attacher', 'Volume driver that attaches the volume.', (va) => stringAt(va, 'spec.attacher')),
      format: 'name',
    },
    column('PV', 'Persistent volume being attached.', (va) =>
      stringAt(va, 'spec.source.persistentVolumeName'),
    ),
    column('Node', 'Node the volume is attached to.', (va) => stringAt(va, 'spec.nodeName')),
    column(
      'Attached',
      'Whether the attach operation succeeded.',
      (va) => booleanAt(va, 'status.attached') ?? false,
      'boolean',
    ),
    ageColumn,
  ],
};
