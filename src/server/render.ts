import type { KubeObject } from '../machinery/object.js';
import {
  columnsOf,
  toTable,
  type IncludeObject,
  type ObjectList,
  type ResourceStore,
} from '../registry/index.js';
import type { ResponseFormat } from './negotiation.js';

/** One object as the client asked for it: itself, or a one-row Table. */
export function renderObject(
  rs: ResourceStore,
  obj: KubeObject,
  format: ResponseFormat,
  include: IncludeObject,
): unknown {
  if (format !== 'table') return obj;
  return toTable(columnsOf(rs.strategy), [obj], {
    includeObject: include,
    withHeaders: true,
    now: Date.now(),
    listMeta: { resourceVersion: obj.metadata.resourceVersion ?? '' },
  });
}

export function renderList(
  rs: ResourceStore,
  list: ObjectList,
  format: ResponseFormat,
  include: IncludeObject,
): unknown {
  if (format !== 'table') return list;
  return toTable(columnsOf(rs.strategy), list.items, {
    includeObject: include,
    withHeaders: true,
    now: Date.now(),
    listMeta: list.metadata,
  });
}
