import type { FieldError } from '../../machinery/errors.js';
import type { KubeObject } from '../../machinery/object.js';
import type { Strategy } from '../strategy.js';
import { timeSince } from '../age.js';
import { booleanAt, recordAt, setDefault, sizeAt, stringAt, valueAt } from '../object-fields.js';
import { ageColumn, column, containerColumns, nameColumn, selectorColumn } from '../printer-columns.js';
import { defaultPodTemplateAt } from '../defaults/pod-spec.js';
import { cronScheduleError, isKnownTimeZone } from '../validation/cron.js';
import {
  invalid,
  notSupported,
  required,
  sameJson,
  validateNonnegative,
} from '../validation/field-errors.js';
import { validateJobSpecFields } from './job-spec.js';

const jobTemplate = 'spec.jobTemplate.spec';

/** Upstream SetDefaults_CronJob, and the pod spec defaults inside the job template. */
function defaultCronJob(cronJob: KubeObject): void {
  setDefault(cronJob, 'spec.concurrencyPolicy', 'Allow');
  setDefault(cronJob, 'spec.suspend', false);
  setDefault(cronJob, 'spec.successfulJobsHistoryLimit', 3);
  setDefault(cronJob, 'spec.failedJobsHistoryLimit', 1);
  defaultPodTemplateAt(cronJob, `${jobTemplate}.template`);
}

/** Upstream validateScheduleFormat: the cron parser's error, and TZ in the schedule only if it was there. */
function validateSchedule(spec: Record<string, unknown>, allowTZ: boolean): FieldError[] {
  const schedule = spec['schedule'];
  if (typeof schedule !== 'string' || schedule === '') return [required('spec.schedule')];
  const errors: FieldError[] = [];
  const parseError = cronScheduleError(schedule);
  if (parseError !== undefined) errors.push(invalid('spec.schedule', schedule, parseError));
  if (allowTZ && schedule.includes('TZ') && spec['timeZone'] !== undefined) {
    errors.push(
      invalid('spec.schedule', schedule, 'cannot use both timeZone field and TZ or CRON_TZ in schedule'),
    );
  } else if (!allowTZ && schedule.includes('TZ')) {
    errors.push(
      invalid('spec.schedule', schedule, 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead'),
    );
  }
  return errors;
}

const timeZonePart = /^[A-Za-z.\-_0-9+]{1,14}$/;

/** Upstream validateTimeZone (IANA names only, never "Local"). */
function validateTimeZone(timeZone: unknown): FieldError[] {
  if (timeZone === undefined || timeZone === null) return [];
  const zone = String(timeZone);
  const field = 'spec.timeZone';
  if (zone === '') return [invalid(field, zone, 'timeZone must be nil or non-empty string')];
  const badPart = zone
    .split('/')
    .some((part) => part === '.' || part === '..' || part.startsWith('-') || !timeZonePart.test(part));
  if (badPart) return [invalid(field, zone, `unknown time zone ${zone}`)];
  if (zone.toLowerCase() === 'local') {
    return [
      invalid(
        field,
        zone,
        'timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones',
      ),
    ];
  }
  return isKnownTimeZone(zone) ? [] : [invalid(field, zone, `unknown time zone ${zone}`)];
}

const concurrencyPolicies = ['Allow', 'Forbid', 'Replace'];

/** Upstream validateCronJobSpec; `old` is the stored CronJob on update. */
function validateCronJobSpec(cronJob: KubeObject, old: KubeObject | undefined): FieldError[] {
  const spec = recordAt(cronJob, 'spec') ?? {};
  const oldSpec = recordAt(old, 'spec');
  const errors = validateSchedule(
    spec,
    oldSpec !== undefined && String(oldSpec['schedule'] ?? '').includes('TZ'),
  );
  errors.push(...validateNonnegative(spec['startingDeadlineSeconds'], 'spec.startingDeadlineSeconds'));
  if (oldSpec === undefined || !sameJson(oldSpec['timeZone'], spec['timeZone'])) {
    errors.push(...validateTimeZone(spec['timeZone']));
  }
  const policy = spec['concurrencyPolicy'];
  if (policy === undefined || policy === '') errors.push(required('spec.concurrencyPolicy'));
  else if (!concurrencyPolicies.includes(String(policy))) {
    errors.push(notSupported('spec.concurrencyPolicy', policy, concurrencyPolicies));
  }
  // Upstream ValidateJobTemplateSpec: the selector is always generated for the Jobs.
  const jobSpec = recordAt(cronJob, jobTemplate) ?? {};
  errors.push(...validateJobSpecFields(jobSpec, jobTemplate));
  if (valueAt(jobSpec, 'selector') !== undefined && valueAt(jobSpec, 'selector') !== null) {
    errors.push(invalid(`${jobTemplate}.selector`, jobSpec['selector'], '`selector` will be auto-generated'));
  }
  if (jobSpec['manualSelector'] === true) {
    errors.push(notSupported(`${jobTemplate}.manualSelector`, true, ['nil', 'false']));
  }
  errors.push(...validateNonnegative(spec['successfulJobsHistoryLimit'], 'spec.successfulJobsHistoryLimit'));
  errors.push(...validateNonnegative(spec['failedJobsHistoryLimit'], 'spec.failedJobsHistoryLimit'));
  return errors;
}

/** The controller appends an 11-character suffix to Job names, which may have 63 (upstream ValidateCronJobCreate). */
function validateNameLength(cronJob: KubeObject): FieldError[] {
  const name = cronJob.metadata.name ?? '';
  return name.length > 52 ? [invalid('metadata.name', name, 'must be no more than 52 characters')] : [];
}

/** CronJobs: upstream SetDefaults_CronJob, validation and an empty status on create; columns of printCronJob. */
export const cronJobStrategy: Strategy = {
  prepareForCreate(_ctx, cronJob) {
    defaultCronJob(cronJob);
    cronJob['status'] = {};
  },
  prepareForUpdate(_ctx, cronJob) {
    defaultCronJob(cronJob);
  },
  validate: (_ctx, cronJob) => [...validateCronJobSpec(cronJob, undefined), ...validateNameLength(cronJob)],
  validateUpdate: (_ctx, cronJob, old) => validateCronJobSpec(cronJob, old),
  columns: [
    nameColumn,
    column('Schedule', 'Cron schedule of the job.', (cj) => stringAt(cj, 'spec.schedule')),
    column(
      'Timezone',
      'Time zone the schedule is read in.',
      (cj) => stringAt(cj, 'spec.timeZone') || '<none>',
    ),
    // Upstream declares this column boolean but fills it with the strings True, False or <unset>.
    column(
      'Suspend',
      'Whether new runs are suspended.',
      (cj) => {
        const suspend = booleanAt(cj, 'spec.suspend');
        return suspend === undefined ? '<unset>' : suspend ? 'True' : 'False';
      },
      'boolean',
    ),
    column('Active', 'Number of running jobs.', (cj) => sizeAt(cj, 'status.active'), 'integer'),
    column('Last Schedule', 'Time since the job was last scheduled.', (cj, now) =>
      stringAt(cj, 'status.lastScheduleTime') === ''
        ? '<none>'
        : timeSince(stringAt(cj, 'status.lastScheduleTime'), now),
    ),
    ageColumn,
    ...containerColumns(`${jobTemplate}.template.spec`),
    selectorColumn(`${jobTemplate}.selector`),
  ],
};
