import { isRecord } from '../machinery/object.js';
import type { KubeObject } from '../machinery/object.js';
import type { TableColumn } from '../machinery/table.js';
import { ageOf } from './age.js';
import { numberAt, recordsAt, stringAt, stringMapAt, valueAt } from './object-fields.js';

/**
 * Building blocks for server-side Table columns (upstream pkg/printers/internalversion/printers.go). Column
 * names, order, types and priorities follow upstream; descriptions are our own.
 */
export type CellFunction = TableColumn['cell'];

export function column(
  name: string,
  description: string,
  cell: CellFunction,
  type: TableColumn['type'] = 'string',
): TableColumn {
  return { name, type, description, priority: 0, cell };
}

/** A column shown only with `-o wide` (priority 1). */
export function wideColumn(
  name: string,
  description: string,
  cell: CellFunction,
  type: TableColumn['type'] = 'string',
): TableColumn {
  return { ...column(name, description, cell, type), priority: 1 };
}

export const nameColumn: TableColumn = {
  name: 'Name',
  type: 'string',
  format: 'name',
  description: 'Name of the object, unique within its namespace or cluster.',
  priority: 0,
  cell: (obj) => obj.metadata.name ?? '',
};

export const ageColumn: TableColumn = column('Age', 'Time since the object was created.', ageOf);

/** The default converter's second column (upstream rest.DefaultTableConvertor): creation time in RFC 3339 UTC. */
export const createdAtColumn: TableColumn = column(
  'Created At',
  'When the object was created.',
  createdAt,
  'date',
);

function createdAt(obj: KubeObject): string {
  const at = Date.parse(obj.metadata.creationTimestamp ?? '');
  // Go's zero time, which upstream prints for an object without a creation timestamp.
  if (Number.isNaN(at)) return '0001-01-01T00:00:00Z';
  return new Date(at).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A cell reading an integer field, 0 when unset (Go's zero value). */
export function countAt(path: string): CellFunction {
  return (obj) => numberAt(obj, path) ?? 0;
}

/** "<none>" for an empty string, as upstream printers show unset values. */
export function orNone(value: string): string {
  return value === '' ? '<none>' : value;
}

/** Desired, Current and Ready replica counts (ReplicaSet and ReplicationController printers). */
export const replicaColumns: readonly TableColumn[] = [
  column('Desired', 'Replicas requested in the spec.', countAt('spec.replicas'), 'integer'),
  column('Current', 'Replicas that currently exist.', countAt('status.replicas'), 'integer'),
  column('Ready', 'Replicas that are ready.', countAt('status.readyReplicas'), 'integer'),
];

/** The wide Containers and Images columns of a pod template, comma-joined (upstream layoutContainerCells). */
export function containerColumns(podSpecPath: string): TableColumn[] {
  const containers = (obj: KubeObject): Record<string, unknown>[] =>
    recordsAt(obj, `${podSpecPath}.containers`);
  return [
    wideColumn('Containers', 'Names of the containers in the pod template.', (obj) =>
      containers(obj)
        .map((c) => stringAt(c, 'name'))
        .join(','),
    ),
    wideColumn('Images', 'Images of the containers in the pod template.', (obj) =>
      containers(obj)
        .map((c) => stringAt(c, 'image'))
        .join(','),
    ),
  ];
}

/** The wide Selector column of a metav1.LabelSelector field (upstream metav1.FormatLabelSelector). */
export function selectorColumn(selectorPath: string): TableColumn {
  return wideColumn('Selector', 'Label selector of the pods this object manages.', (obj) =>
    formatLabelSelector(valueAt(obj, selectorPath)),
  );
}

/** "k1=v1,k2=v2" with sorted keys, "<none>" when empty (upstream labels.FormatLabels). */
export function formatLabels(labels: Record<string, string>): string {
  const text = Object.keys(labels)
    .sort()
    .map((key) => `${key}=${labels[key] ?? ''}`)
    .join(',');
  return text === '' ? '<none>' : text;
}

/** The selector string, "<none>" when it selects nothing or everything, "<error>" when malformed. */
export function formatLabelSelector(selector: unknown): string {
  const text = labelSelectorString(selector);
  if (text === undefined) return '<error>';
  return text === '' ? '<none>' : text;
}

/**
 * A metav1.LabelSelector as upstream's labels.Selector String(): requirements sorted by key, values sorted,
 * e.g. "app=web,tier in (a,b),!legacy". '' for an absent or empty selector; undefined when malformed.
 */
export function labelSelectorString(selector: unknown): string | undefined {
  if (selector === undefined || selector === null) return '';
  if (!isRecord(selector)) return undefined;
  const requirements: [string, string][] = Object.entries(stringMapAt(selector, 'matchLabels')).map(
    ([key, value]) => [key, `${key}=${value}`],
  );
  for (const expression of recordsAt(selector, 'matchExpressions')) {
    const requirement = expressionString(expression);
    if (requirement === undefined) return undefined;
    requirements.push([stringAt(expression, 'key'), requirement]);
  }
  requirements.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return requirements.map(([, text]) => text).join(',');
}

function expressionString(expression: Record<string, unknown>): string | undefined {
  const key = stringAt(expression, 'key');
  const rawValues = valueAt(expression, 'values');
  const values = Array.isArray(rawValues) ? rawValues.filter((v): v is string => typeof v === 'string') : [];
  const set = `(${[...values].sort().join(',')})`;
  switch (stringAt(expression, 'operator')) {
    case 'In':
      return values.length > 0 ? `${key} in ${set}` : undefined;
    case 'NotIn':
      return values.length > 0 ? `${key} notin ${set}` : undefined;
    case 'Exists':
      return values.length === 0 ? key : undefined;
    case 'DoesNotExist':
      return values.length === 0 ? `!${key}` : undefined;
    default:
      return undefined;
  }
}
