import type { KubeObject } from '../../machinery/object.js';
import type { Strategy } from '../strategy.js';
import { numberAt, recordsAt, stringAt, valueAt } from '../object-fields.js';
import { ageColumn, column, nameColumn } from '../printer-columns.js';

/**
 * The managing controller as "kind.group/name" in lower case ("statefulset.apps/web", "kind/name" for the
 * core group), "<none>" without a controller owner reference (upstream printControllerRevision).
 */
export function controllerCell(obj: KubeObject): string {
  const owner = recordsAt(obj.metadata, 'ownerReferences').find((ref) => valueAt(ref, 'controller') === true);
  if (owner === undefined) return '<none>';
  const apiVersion = stringAt(owner, 'apiVersion');
  const group = apiVersion.includes('/') ? (apiVersion.split('/')[0] ?? '') : '';
  const kind = stringAt(owner, 'kind');
  const name = stringAt(owner, 'name');
  if (group === '' && kind === '') return name;
  const groupKind = group === '' ? kind : `${kind}.${group}`;
  return `${groupKind.toLowerCase()}/${name}`;
}

/** ControllerRevisions: upstream printControllerRevision's columns. */
export const controllerRevisionStrategy: Strategy = {
  columns: [
    nameColumn,
    column('Controller', 'The object that owns and manages the revision.', controllerCell),
    column('Revision', 'Revision number of the stored state.', (cr) => numberAt(cr, 'revision') ?? 0),
    ageColumn,
  ],
};
