import type { KubeObject } from '../../machinery/object.js';
import type { Strategy } from '../strategy.js';
import { humanDuration } from '../age.js';
import { numberAt, recordsAt, stringAt } from '../object-fields.js';
import { ageColumn, column, containerColumns, nameColumn, selectorColumn } from '../printer-columns.js';

/** Whether the first condition of `type` is True (upstream hasJobCondition). */
function hasCondition(job: KubeObject, type: string): boolean {
  return recordsAt(job, 'status.conditions').find((c) => c['type'] === type)?.['status'] === 'True';
}

/** Complete, Failed, Terminating, Suspended, FailureTarget or Running, in upstream's order of precedence. */
export function jobStatusCell(job: KubeObject): string {
  if (hasCondition(job, 'Complete')) return 'Complete';
  if (hasCondition(job, 'Failed')) return 'Failed';
  if (job.metadata.deletionTimestamp !== undefined) return 'Terminating';
  if (hasCondition(job, 'Suspended')) return 'Suspended';
  if (hasCondition(job, 'FailureTarget')) return 'FailureTarget';
  return 'Running';
}

/** "succeeded/completions"; without completions "n/1", or "n/1 of p" with parallelism above 1. */
export function jobCompletionsCell(job: KubeObject): string {
  const succeeded = numberAt(job, 'status.succeeded') ?? 0;
  const completions = numberAt(job, 'spec.completions');
  if (completions !== undefined) return `${succeeded}/${completions}`;
  const parallelism = numberAt(job, 'spec.parallelism') ?? 0;
  return parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
}

/** Start to completion, or start to now while running; empty before the job starts. */
function durationCell(job: KubeObject, now: number): string {
  const start = Date.parse(stringAt(job, 'status.startTime'));
  if (Number.isNaN(start)) return '';
  const completion = Date.parse(stringAt(job, 'status.completionTime'));
  return humanDuration((Number.isNaN(completion) ? now : completion) - start);
}

/** Jobs: field selector status.successful; columns of upstream printJob. */
export const jobStrategy: Strategy = {
  selectableFields: {
    'status.successful': (job) => String(numberAt(job, 'status.succeeded') ?? 0),
  },
  columns: [
    nameColumn,
    column('Status', 'Overall state of the job.', jobStatusCell),
    column('Completions', 'Succeeded pods out of required completions.', jobCompletionsCell),
    column('Duration', 'How long the job ran, or has been running.', durationCell),
    ageColumn,
    ...containerColumns('spec.template.spec'),
    selectorColumn('spec.selector'),
  ],
};
