import { badRequest } from '../machinery/errors.js';
import type { KubeObject } from '../machinery/object.js';
import type { TableColumn } from '../machinery/table.js';
import { ageColumn, nameColumn } from './printer-columns.js';
import type { Strategy } from './strategy.js';

export type IncludeObject = 'None' | 'Metadata' | 'Object';

export interface Table {
  kind: 'Table';
  apiVersion: 'meta.k8s.io/v1';
  metadata: { resourceVersion?: string; continue?: string; remainingItemCount?: number };
  columnDefinitions: { name: string; type: string; format: string; description: string; priority: number }[];
  rows: { cells: (string | number | boolean)[]; object?: KubeObject }[];
}

const defaultColumns: readonly TableColumn[] = [nameColumn, ageColumn];

export function columnsOf(strategy: Strategy): readonly TableColumn[] {
  return strategy.columns ?? defaultColumns;
}

/** Renders objects as a meta.k8s.io/v1 Table (upstream TableConvertor + handlers' asTable). */
export function toTable(
  columns: readonly TableColumn[],
  objects: readonly KubeObject[],
  options: { includeObject: IncludeObject; withHeaders: boolean; now: number; listMeta?: Table['metadata'] },
): Table {
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: options.listMeta ?? {},
    columnDefinitions: options.withHeaders
      ? columns.map((c) => ({
          name: c.name,
          type: c.type,
          format: c.format ?? '',
          description: c.description,
          priority: c.priority,
        }))
      : [],
    rows: objects.map((obj) => {
      const row: Table['rows'][number] = { cells: columns.map((c) => c.cell(obj, options.now)) };
      const embedded = embeddedObject(obj, options.includeObject);
      if (embedded !== undefined) row.object = embedded;
      return row;
    }),
  };
}

function embeddedObject(obj: KubeObject, include: IncludeObject): KubeObject | undefined {
  if (include === 'None') return undefined;
  if (include === 'Object') return obj;
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata };
}

export function parseIncludeObject(value: string | null): IncludeObject {
  if (value === null || value === '' || value === 'Metadata') return 'Metadata';
  if (value === 'None' || value === 'Object') return value;
  throw badRequest(`includeObject: unsupported value "${value}"`);
}
