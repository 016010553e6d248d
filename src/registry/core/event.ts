import type { KubeObject } from '../../machinery/object.js';
import type { TableColumn } from '../../machinery/table.js';
import type { Strategy } from '../strategy.js';
import { timeSince } from '../age.js';
import { numberAt, recordAt, stringAt } from '../object-fields.js';
import { column, nameColumn, wideColumn } from '../printer-columns.js';

/**
 * Where an Event's fields live: core/v1 and events.k8s.io/v1 store the same data under different names
 * (involvedObject/regarding, message/note, deprecated* timestamps), and print and select alike.
 */
export interface EventShape {
  readonly regarding: string;
  readonly note: string;
  readonly firstTimestamp: string;
  readonly lastTimestamp: string;
  readonly count: string;
  readonly source: string;
  readonly reportingController: string;
}

export const coreEventShape: EventShape = {
  regarding: 'involvedObject',
  note: 'message',
  firstTimestamp: 'firstTimestamp',
  lastTimestamp: 'lastTimestamp',
  count: 'count',
  source: 'source',
  // core/v1 serializes ReportingController as reportingComponent.
  reportingController: 'reportingComponent',
};

const referenceFields = ['kind', 'namespace', 'name', 'uid', 'apiVersion', 'resourceVersion', 'fieldPath'];

/** Label values of upstream's event ToSelectableFields; the labels are named after the shape's fields. */
function eventSelectableFields(shape: EventShape): Record<string, (event: KubeObject) => string> {
  const fields: Record<string, (event: KubeObject) => string> = {
    reason: (event) => stringAt(event, 'reason'),
    [shape.reportingController]: (event) => stringAt(event, shape.reportingController),
    source: (event) =>
      stringAt(event, `${shape.source}.component`) || stringAt(event, shape.reportingController),
    type: (event) => stringAt(event, 'type'),
  };
  for (const field of referenceFields) {
    const path = `${shape.regarding}.${field}`;
    fields[path] = (event) => stringAt(event, path);
  }
  return fields;
}

/** First Seen: firstTimestamp, else eventTime. Last Seen: the series, else lastTimestamp, else first seen. */
function seen(event: KubeObject, shape: EventShape, now: number): { first: string; last: string } {
  const firstAt = stringAt(event, shape.firstTimestamp) || stringAt(event, 'eventTime');
  const first = timeSince(firstAt, now);
  const series = recordAt(event, 'series');
  if (series !== undefined) return { first, last: timeSince(stringAt(series, 'lastObservedTime'), now) };
  const lastAt = stringAt(event, shape.lastTimestamp);
  return { first, last: lastAt === '' ? first : timeSince(lastAt, now) };
}

/** The series count, else the count; singleton events of the new API have none and count as 1. */
function occurrences(event: KubeObject, shape: EventShape): number {
  const series = recordAt(event, 'series');
  if (series !== undefined) return numberAt(series, 'count') ?? 0;
  const count = numberAt(event, shape.count) ?? 0;
  return count === 0 ? 1 : count;
}

/** "kind/name" in lower-case kind, or just the kind when the event names no object. */
function objectCell(event: KubeObject, shape: EventShape): string {
  const kind = stringAt(event, `${shape.regarding}.kind`).toLowerCase();
  const name = stringAt(event, `${shape.regarding}.name`);
  return name === '' ? kind : `${kind}/${name}`;
}

/** "component, host", taking the reporting controller and instance when the source leaves them empty. */
function sourceCell(event: KubeObject, shape: EventShape): string {
  const component =
    stringAt(event, `${shape.source}.component`) || stringAt(event, shape.reportingController);
  const host = stringAt(event, `${shape.source}.host`) || stringAt(event, 'reportingInstance');
  return host === '' ? component : `${component}, ${host}`;
}

/** Columns of upstream printEvent; the server always fills the wide ones. */
function eventColumns(shape: EventShape): TableColumn[] {
  return [
    column('Last Seen', 'Time since the event was last observed.', (e, now) => seen(e, shape, now).last),
    column('Type', 'Normal or Warning.', (e) => stringAt(e, 'type')),
    column('Reason', 'Short machine-readable cause.', (e) => stringAt(e, 'reason')),
    column('Object', 'The object the event is about.', (e) => objectCell(e, shape)),
    wideColumn('Subobject', 'Part of the object, such as a container.', (e) =>
      stringAt(e, `${shape.regarding}.fieldPath`),
    ),
    wideColumn('Source', 'Component and host that reported the event.', (e) => sourceCell(e, shape)),
    column('Message', 'Human-readable description.', (e) => stringAt(e, shape.note).trim()),
    wideColumn(
      'First Seen',
      'Time since the event was first observed.',
      (e, now) => seen(e, shape, now).first,
    ),
    wideColumn('Count', 'How many times the event occurred.', (e) => occurrences(e, shape)),
    { ...nameColumn, priority: 1 },
  ];
}

/** The Event strategy for one API shape. */
export function eventStrategy(shape: EventShape): Strategy {
  return { selectableFields: eventSelectableFields(shape), columns: eventColumns(shape) };
}

/** core/v1 Events (upstream pkg/registry/core/event). */
export const coreEventStrategy: Strategy = eventStrategy(coreEventShape);
