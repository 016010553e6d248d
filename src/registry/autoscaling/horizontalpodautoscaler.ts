import type { KubeObject } from '../../machinery/object.js';
import type { Strategy } from '../strategy.js';
import { numberAt, recordAt, recordsAt, stringAt, valueAt } from '../object-fields.js';
import { ageColumn, column, countAt, nameColumn } from '../printer-columns.js';
import { optionalQuantityText } from '../printer-formats.js';

type JsonObject = Record<string, unknown>;

const shownMetrics = 2;
/** Go prints a nil *resource.Quantity as "<nil>". */
const nilQuantity = '<nil>';

/** The source block of a metric spec or status: `resource` for type Resource, `containerResource`… */
function sourceField(type: string): string {
  return type.charAt(0).toLowerCase() + type.slice(1);
}

function percent(value: unknown): string | undefined {
  return typeof value === 'number' ? `${value}%` : undefined;
}

/** Object and External metrics: "current/target", "(avg)" when the target is an average value. */
function valueMetric(spec: JsonObject, status: JsonObject | undefined): string {
  const target = recordAt(spec, 'target') ?? {};
  if (valueAt(target, 'averageValue') !== undefined) {
    const current = valueAt(status, 'current.averageValue');
    const currentText = current === undefined ? '<unknown>' : optionalQuantityText(current, nilQuantity);
    return `${currentText}/${optionalQuantityText(valueAt(target, 'averageValue'), nilQuantity)} (avg)`;
  }
  const current =
    status === undefined ? '<unknown>' : optionalQuantityText(valueAt(status, 'current.value'), nilQuantity);
  return `${current}/${optionalQuantityText(valueAt(target, 'value'), nilQuantity)}`;
}

/** Resource and ContainerResource metrics: "name: current/target", as a value or a utilization percentage. */
function resourceMetric(spec: JsonObject, status: JsonObject | undefined): string {
  const name = stringAt(spec, 'name');
  const target = recordAt(spec, 'target') ?? {};
  if (valueAt(target, 'averageValue') !== undefined) {
    const current =
      status === undefined
        ? '<unknown>'
        : optionalQuantityText(valueAt(status, 'current.averageValue'), nilQuantity);
    return `${name}: ${current}/${optionalQuantityText(valueAt(target, 'averageValue'), nilQuantity)}`;
  }
  const current = percent(valueAt(status, 'current.averageUtilization')) ?? '<unknown>';
  return `${name}: ${current}/${percent(valueAt(target, 'averageUtilization')) ?? '<auto>'}`;
}

/** One metric, read against the status entry at the same index (upstream pairs them by position). */
function metricText(spec: JsonObject, status: JsonObject | undefined): string {
  const type = stringAt(spec, 'type');
  const source = sourceField(type);
  const specSource = recordAt(spec, source) ?? {};
  const statusSource = recordAt(status, source);
  switch (type) {
    case 'External':
    case 'Object':
      return valueMetric(specSource, statusSource);
    case 'Pods': {
      const current =
        statusSource === undefined
          ? '<unknown>'
          : optionalQuantityText(valueAt(statusSource, 'current.averageValue'), nilQuantity);
      return `${current}/${optionalQuantityText(valueAt(specSource, 'target.averageValue'), nilQuantity)}`;
    }
    case 'Resource':
    case 'ContainerResource':
      return resourceMetric(specSource, statusSource);
    default:
      return '<unknown type>';
  }
}

/** The first two metrics as "current/target", then " + N more..."; "<none>" without metrics (upstream formatHPAMetrics). */
export function hpaTargetsCell(hpa: KubeObject): string {
  const specs = recordsAt(hpa, 'spec.metrics');
  if (specs.length === 0) return '<none>';
  const statuses = recordsAt(hpa, 'status.currentMetrics');
  const texts = specs.map((spec, i) => metricText(spec, statuses[i]));
  const shown = texts.slice(0, shownMetrics).join(', ');
  return texts.length > shownMetrics ? `${shown} + ${texts.length - shownMetrics} more...` : shown;
}

/** HorizontalPodAutoscalers (autoscaling/v2): upstream printHorizontalPodAutoscaler's columns. */
export const horizontalPodAutoscalerStrategy: Strategy = {
  columns: [
    nameColumn,
    column('Reference', 'Kind and name of the scaled object.', (hpa) => {
      return `${stringAt(hpa, 'spec.scaleTargetRef.kind')}/${stringAt(hpa, 'spec.scaleTargetRef.name')}`;
    }),
    column('Targets', 'Current and target values of the metrics.', hpaTargetsCell),
    column('MinPods', 'Lower limit of replicas.', (hpa) => {
      const min = numberAt(hpa, 'spec.minReplicas');
      return min === undefined ? '<unset>' : String(min);
    }),
    column('MaxPods', 'Upper limit of replicas.', countAt('spec.maxReplicas')),
    column('Replicas', 'Current number of replicas.', countAt('status.currentReplicas')),
    ageColumn,
  ],
};
