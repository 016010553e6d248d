import type { KubeObject } from '../../machinery/object.js';
import type { Strategy } from '../strategy.js';
import { recordAt, stringAt } from '../object-fields.js';
import { column, nameColumn } from '../printer-columns.js';

/** "resource.group/[namespace/]name" in lower case, "<none>" without a parent (upstream printIPAddress). */
function parentRefCell(ip: KubeObject): string {
  const parent = recordAt(ip, 'spec.parentRef');
  if (parent === undefined) return '<none>';
  const resource = stringAt(parent, 'resource');
  const group = stringAt(parent, 'group');
  const namespace = stringAt(parent, 'namespace');
  const groupResource = (group === '' ? resource : `${resource}.${group}`).toLowerCase();
  return [groupResource, ...(namespace === '' ? [] : [namespace]), stringAt(parent, 'name')].join('/');
}

/**
 * IPAddresses: upstream's column list, Name and ParentRef. (Upstream's row also carries an age cell its
 * column list does not declare; clients show only declared columns, so it is left out.)
 */
export const ipAddressStrategy: Strategy = {
  columns: [nameColumn, column('ParentRef', 'The object the address is allocated to.', parentRefCell)],
};
