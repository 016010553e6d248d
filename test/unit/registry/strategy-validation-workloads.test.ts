import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fieldErrorMessage } from '../../../src/machinery/errors.js';
import type { KubeObject } from '../../../src/machinery/object.js';
import { validateObjectMeta } from '../../../src/registry/metadata.js';
import { recordAt } from '../../../src/registry/object-fields.js';
import { strategyFor } from '../../../src/registry/strategies.js';
import { cronScheduleError } from '../../../src/registry/validation/cron.js';
import { ctx } from './strategies-fixtures.js';

type Fields = Record<string, unknown>;

function object(fields: Fields, name: string): KubeObject {
  return { metadata: { name, namespace: 'ns', uid: 'uid-1' }, ...fields };
}

function createErrors(group: string, plural: string, fields: Fields, name = 'web'): string[] {
  const strategy = strategyFor(group, plural);
  const obj = object(structuredClone(fields), name);
  strategy.prepareForCreate?.(ctx, obj);
  return (strategy.validate?.(ctx, obj) ?? []).map(fieldErrorMessage);
}

function updateErrors(
  group: string,
  plural: string,
  before: Fields,
  after: (old: KubeObject) => Fields,
): string[] {
  const strategy = strategyFor(group, plural);
  const old = object(structuredClone(before), 'web');
  strategy.prepareForCreate?.(ctx, old);
  const next: KubeObject = { ...structuredClone(old), ...after(structuredClone(old)) };
  strategy.prepareForUpdate?.(ctx, next, old);
  return (strategy.validateUpdate?.(ctx, next, old) ?? []).map(fieldErrorMessage);
}

const template = (labels: Record<string, string>, spec: Fields = {}): Fields => ({
  metadata: { labels },
  spec: { containers: [{ name: 'app', image: 'nginx' }], ...spec },
});
const workload = (spec: Fields = {}): Fields => ({
  spec: { selector: { matchLabels: { app: 'web' } }, template: template({ app: 'web' }), ...spec },
});

describe('deployments and replica sets', () => {
  it('accept a well-formed object', () => {
    assert.deepEqual(createErrors('apps', 'deployments', workload()), []);
    assert.deepEqual(createErrors('apps', 'replicasets', workload()), []);
  });

  it('require a selector matching the template labels', () => {
    assert.deepEqual(
      createErrors('apps', 'deployments', workload({ template: template({ app: 'other', tier: 'a' }) })),
      [
        'spec.template.metadata.labels: Invalid value: {"app":"other","tier":"a"}: `selector` does not match template `labels`',
      ],
    );
    assert.deepEqual(createErrors('apps', 'deployments', { spec: { template: template({ app: 'web' }) } }), [
      'spec.selector: Required value',
      'spec.template.metadata.labels: Invalid value: {"app":"web"}: `selector` does not match template `labels`',
    ]);
    assert.deepEqual(createErrors('apps', 'replicasets', workload({ selector: {} })), [
      'spec.selector: Invalid value: {}: empty selector is invalid for deployment',
    ]);
  });

  it('check replicas, strategy and the pods restart policy', () => {
    assert.deepEqual(
      createErrors(
        'apps',
        'deployments',
        workload({
          replicas: -1,
          strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: '0%' } },
          progressDeadlineSeconds: 5,
          minReadySeconds: 10,
          template: template({ app: 'web' }, { restartPolicy: 'OnFailure' }),
        }),
      ),
      [
        'spec.replicas: Invalid value: -1: must be greater than or equal to 0',
        'spec.template.spec.restartPolicy: Unsupported value: "OnFailure": supported values: "Always"',
        'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0',
        'spec.progressDeadlineSeconds: Invalid value: 5: must be greater than minReadySeconds',
      ],
    );
    assert.deepEqual(
      createErrors(
        'apps',
        'deployments',
        workload({ strategy: { type: 'Recreate', rollingUpdate: { maxSurge: 1 } } }),
      ),
      ["spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'"],
    );
  });

  it('keep the selector immutable (apps/v1)', () => {
    const change = (old: KubeObject): Fields => ({
      spec: {
        ...recordAt(old, 'spec'),
        selector: { matchLabels: { app: 'web2' } },
        template: template({ app: 'web2' }),
      },
    });
    const message = 'spec.selector: Invalid value: {"matchLabels":{"app":"web2"}}: field is immutable';
    assert.deepEqual(updateErrors('apps', 'deployments', workload(), change), [message]);
    assert.deepEqual(updateErrors('apps', 'replicasets', workload(), change), [message]);
    assert.deepEqual(updateErrors('apps', 'daemonsets', workload(), change), [message]);
    assert.deepEqual(
      updateErrors('apps', 'deployments', workload(), (old) => ({
        spec: { ...recordAt(old, 'spec'), replicas: 5 },
      })),
      [],
    );
  });
});

describe('stateful sets and daemon sets', () => {
  it('StatefulSet names are DNS labels and the selector is required', () => {
    const rule = strategyFor('apps', 'statefulsets').validateName;
    assert.deepEqual(
      validateObjectMeta({ name: 'db.v1', namespace: 'ns' }, true, rule).map(fieldErrorMessage),
      ['metadata.name: Invalid value: "db.v1": must not contain dots'],
    );
    assert.deepEqual(createErrors('apps', 'statefulsets', workload()), []);
    assert.deepEqual(createErrors('apps', 'statefulsets', { spec: { template: template({ app: 'web' }) } }), [
      'spec.selector: Required value',
      'spec.template.metadata.labels: Invalid value: {"app":"web"}: `selector` does not match template `labels`',
    ]);
  });

  it('StatefulSet updates may only change replicas, template, strategy and a few more', () => {
    assert.deepEqual(
      updateErrors('apps', 'statefulsets', workload(), (old) => ({
        spec: { ...recordAt(old, 'spec'), serviceName: 'x' },
      })),
      [
        "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', " +
          "'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
      ],
    );
    assert.deepEqual(
      updateErrors('apps', 'statefulsets', workload(), (old) => ({
        spec: { ...recordAt(old, 'spec'), replicas: 3 },
      })),
      [],
    );
  });

  it('DaemonSet: surge and unavailability are exclusive, the template is validated', () => {
    assert.deepEqual(
      createErrors(
        'apps',
        'daemonsets',
        workload({
          updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: '200%' } },
          template: template({ app: 'web' }, { containers: [] }),
        }),
      ),
      [
        'spec.template.spec.containers: Required value',
        'spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: "200%": must not be greater than 100%',
        'spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: "200%": may not be set when maxUnavailable is non-zero',
      ],
    );
  });
});

describe('jobs', () => {
  const job = (spec: Fields = {}): Fields => ({
    spec: { template: template({}, { restartPolicy: 'Never' }), ...spec },
  });

  it('accepts a job with a generated selector', () => {
    assert.deepEqual(createErrors('batch', 'jobs', job()), []);
  });

  it('requires restartPolicy Never or OnFailure', () => {
    assert.deepEqual(createErrors('batch', 'jobs', { spec: { template: template({}) } }), [
      'spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"',
    ]);
    assert.deepEqual(
      createErrors('batch', 'jobs', job({ template: template({}, { restartPolicy: 'Later' }) })),
      [
        'spec.template.spec.restartPolicy: Unsupported value: "Later": supported values: "Always", "OnFailure", "Never"',
        'spec.template.spec.restartPolicy: Unsupported value: "Later": supported values: "OnFailure", "Never"',
      ],
    );
  });

  it('rejects a manual-looking selector unless manualSelector is set', () => {
    assert.deepEqual(
      createErrors(
        'batch',
        'jobs',
        job({
          selector: { matchLabels: { app: 'x' } },
          template: template({ app: 'x' }, { restartPolicy: 'Never' }),
        }),
      ),
      [
        // The generated controller-uid is added to the selector the client sent, as upstream does.
        'spec.selector: Invalid value: {"matchLabels":{"app":"x","batch.kubernetes.io/controller-uid":"uid-1"}}: ' +
          '`selector` not auto-generated',
      ],
    );
    assert.deepEqual(
      createErrors(
        'batch',
        'jobs',
        job({
          manualSelector: true,
          selector: { matchLabels: { app: 'x' } },
          template: template({ app: 'x' }, { restartPolicy: 'Never' }),
        }),
      ),
      [],
    );
  });

  it('keeps the selector, completions and template, except scheduling of a suspended job', () => {
    const uidSelector = { matchLabels: { 'batch.kubernetes.io/controller-uid': 'other' } };
    const errors = updateErrors('batch', 'jobs', job(), (old) => ({
      spec: { ...recordAt(old, 'spec'), selector: uidSelector, completions: 2 },
    }));
    assert.deepEqual(errors, [
      'spec.selector: Invalid value: {"matchLabels":{"batch.kubernetes.io/controller-uid":"other"}}: `selector` not auto-generated',
      'spec.template.metadata.labels: Invalid value: {"batch.kubernetes.io/controller-uid":"uid-1","batch.kubernetes.io/job-name":"web","controller-uid":"uid-1","job-name":"web"}: `selector` does not match template `labels`',
      'spec.completions: Invalid value: 2: field is immutable',
      'spec.selector: Invalid value: {"matchLabels":{"batch.kubernetes.io/controller-uid":"other"}}: field is immutable',
    ]);
    const withNodeSelector = (old: KubeObject): Fields => {
      const spec = structuredClone(recordAt(old, 'spec') ?? {});
      const podSpec = recordAt(spec, 'template.spec') ?? {};
      podSpec['nodeSelector'] = { zone: 'a' };
      return { spec };
    };
    assert.deepEqual(updateErrors('batch', 'jobs', job({ suspend: true }), withNodeSelector), []);
    const running = updateErrors('batch', 'jobs', job(), withNodeSelector);
    assert.equal(running.length, 1);
    assert.match(running[0] ?? '', /^spec\.template: Invalid value: \{.*\}: field is immutable$/);
  });
});

describe('cron jobs and their schedule', () => {
  const cronJob = (spec: Fields): Fields => ({
    spec: { jobTemplate: { spec: { template: template({}, { restartPolicy: 'OnFailure' }) } }, ...spec },
  });

  it('requires a parsable five-field schedule', () => {
    assert.deepEqual(createErrors('batch', 'cronjobs', cronJob({ schedule: '*/5 * * * *' })), []);
    assert.deepEqual(createErrors('batch', 'cronjobs', cronJob({})), ['spec.schedule: Required value']);
    assert.deepEqual(createErrors('batch', 'cronjobs', cronJob({ schedule: 'every minute' })), [
      'spec.schedule: Invalid value: "every minute": expected exactly 5 fields, found 2: [every minute]',
    ]);
    assert.deepEqual(createErrors('batch', 'cronjobs', cronJob({ schedule: 'TZ=UTC 0 * * * *' })), [
      'spec.schedule: Invalid value: "TZ=UTC 0 * * * *": cannot use TZ or CRON_TZ in schedule, use timeZone field instead',
    ]);
  });

  it('checks the time zone, concurrency policy, job template and name length', () => {
    assert.deepEqual(
      createErrors(
        'batch',
        'cronjobs',
        cronJob({
          schedule: '@hourly',
          timeZone: 'Mars/Base',
          concurrencyPolicy: 'Never',
          jobTemplate: { spec: { selector: {}, template: template({}, { restartPolicy: 'Never' }) } },
        }),
        'a'.repeat(53),
      ),
      [
        'spec.timeZone: Invalid value: "Mars/Base": unknown time zone Mars/Base',
        'spec.concurrencyPolicy: Unsupported value: "Never": supported values: "Allow", "Forbid", "Replace"',
        'spec.jobTemplate.spec.selector: Invalid value: {}: `selector` will be auto-generated',
        `metadata.name: Invalid value: "${'a'.repeat(53)}": must be no more than 52 characters`,
      ],
    );
  });

  it('reports the cron parser errors of robfig/cron', () => {
    const cases: [string, string | undefined][] = [
      ['0 0 * * MON-FRI', undefined],
      ['*/15 9-17 1,15 jan-jun ?', undefined],
      ['@every 1h30m', undefined],
      ['60 * * * *', 'end of range (60) above maximum (59): 60'],
      ['* * 0 * *', 'beginning of range (0) below minimum (1): 0'],
      ['5-1 * * * *', 'beginning of range (5) beyond end of range (1): 5-1'],
      ['*/0 * * * *', 'step of range should be a positive number: */0'],
      ['x * * * *', 'failed to parse int from x: strconv.Atoi: parsing "x": invalid syntax'],
      ['1-2-3 * * * *', 'too many hyphens: 1-2-3'],
      ['1/2/3 * * * *', 'too many slashes: 1/2/3'],
      ['@fortnightly', 'unrecognized descriptor: @fortnightly'],
      ['@every 5', 'failed to parse duration @every 5: time: missing unit in duration "5"'],
      ['* * * *', 'expected exactly 5 fields, found 4: [* * * *]'],
    ];
    for (const [schedule, error] of cases) assert.equal(cronScheduleError(schedule), error, schedule);
  });
});
