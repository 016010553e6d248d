import type { Strategy } from '../strategy.js';
import { timeSince } from '../age.js';
import { booleanAt, setDefault, sizeAt, stringAt } from '../object-fields.js';
import { ageColumn, column, containerColumns, nameColumn, selectorColumn } from '../printer-columns.js';

const jobTemplate = 'spec.jobTemplate.spec';

/** CronJobs: upstream SetDefaults_CronJob; columns of upstream printCronJob. */
export const cronJobStrategy: Strategy = {
  prepareForCreate(_ctx, cronJob) {
    setDefault(cronJob, 'spec.concurrencyPolicy', 'Allow');
    setDefault(cronJob, 'spec.suspend', false);
    setDefault(cronJob, 'spec.successfulJobsHistoryLimit', 3);
    setDefault(cronJob, 'spec.failedJobsHistoryLimit', 1);
  },
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
