import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fieldErrorMessage, type FieldError } from '../../../src/machinery/errors.js';
import type { KubeObject } from '../../../src/machinery/object.js';
import { validateObjectMeta } from '../../../src/registry/metadata.js';
import { recordAt, recordsAt } from '../../../src/registry/object-fields.js';
import { strategyFor } from '../../../src/registry/strategies.js';
import { ctx } from './strategies-fixtures.js';

type Fields = Record<string, unknown>;

function object(fields: Fields, name = 'x'): KubeObject {
  return { metadata: { name, namespace: 'ns', uid: 'uid-1' }, ...fields };
}

/** Create as the store runs it: prepare, then the kind's validation. */
function createFieldErrors(group: string, plural: string, fields: Fields, name = 'x'): FieldError[] {
  const strategy = strategyFor(group, plural);
  const obj = object(structuredClone(fields), name);
  strategy.prepareForCreate?.(ctx, obj);
  return strategy.validate?.(ctx, obj) ?? [];
}

/** The create errors rendered as upstream prints them. */
function createErrors(group: string, plural: string, fields: Fields, name = 'x'): string[] {
  return createFieldErrors(group, plural, fields, name).map(fieldErrorMessage);
}

/** Update as the store runs it: the old object was created, the new one is prepared against it. */
function updateErrors(
  group: string,
  plural: string,
  before: Fields,
  after: (old: KubeObject) => Fields,
): string[] {
  const strategy = strategyFor(group, plural);
  const old = object(structuredClone(before));
  strategy.prepareForCreate?.(ctx, old);
  const next = object(after(structuredClone(old)));
  strategy.prepareForUpdate?.(ctx, next, old);
  return (strategy.validateUpdate?.(ctx, next, old) ?? []).map(fieldErrorMessage);
}

function nameErrors(group: string, plural: string, name: string): string[] {
  const rule = strategyFor(group, plural).validateName;
  return validateObjectMeta({ name, namespace: 'ns' }, true, rule).map(fieldErrorMessage);
}

const app = { name: 'app', image: 'nginx' };
const pod = (spec: Fields): Fields => ({ spec: { containers: [app], ...spec } });

describe('pod validation (ValidatePodCreate)', () => {
  it('accepts a minimal pod', () => {
    assert.deepEqual(createErrors('', 'pods', pod({})), []);
  });

  it('requires containers, names and images', () => {
    assert.deepEqual(createErrors('', 'pods', { spec: {} }), ['spec.containers: Required value']);
    assert.deepEqual(createErrors('', 'pods', pod({ containers: [{}] })), [
      'spec.containers[0].name: Required value',
      'spec.containers[0].image: Required value',
    ]);
  });

  it('checks container names are unique DNS labels, also across init containers', () => {
    assert.deepEqual(
      createErrors(
        '',
        'pods',
        pod({ containers: [app, app], initContainers: [{ name: 'Init', image: 'busybox' }] }),
      ),
      [
        'spec.containers[1].name: Duplicate value: "app"',
        'spec.initContainers[0].name: Invalid value: "Init": a lowercase RFC 1123 label must consist of lower case ' +
          "alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  " +
          "or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
      ],
    );
    assert.deepEqual(createErrors('', 'pods', pod({ initContainers: [app] })), [
      'spec.initContainers[0].name: Duplicate value: "app"',
    ]);
  });

  it('checks ports, protocols and port names', () => {
    const ports = [
      { containerPort: 0 },
      { containerPort: 70000, hostPort: -1 },
      { containerPort: 80, protocol: 'HTTP', name: 'web' },
      { containerPort: 81, name: 'web' },
      { containerPort: 82, name: 'Web_1' },
    ];
    assert.deepEqual(createErrors('', 'pods', pod({ containers: [{ ...app, ports }] })), [
      'spec.containers[0].ports[0].containerPort: Required value',
      'spec.containers[0].ports[1].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
      'spec.containers[0].ports[1].hostPort: Invalid value: -1: must be between 1 and 65535, inclusive',
      'spec.containers[0].ports[2].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"',
      'spec.containers[0].ports[3].name: Duplicate value: "web"',
      'spec.containers[0].ports[4].name: Invalid value: "Web_1": must contain only alpha-numeric characters ' +
        '(a-z, 0-9), and hyphens (-)',
    ]);
  });

  it('checks the restart policy, DNS policy and pull policy enums', () => {
    assert.deepEqual(
      createErrors(
        '',
        'pods',
        pod({
          restartPolicy: 'Sometimes',
          dnsPolicy: 'Google',
          containers: [{ ...app, imagePullPolicy: 'Maybe' }],
        }),
      ),
      [
        'spec.containers[0].imagePullPolicy: Unsupported value: "Maybe": supported values: "Always", "IfNotPresent", "Never"',
        'spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
        'spec.dnsPolicy: Unsupported value: "Google": supported values: "ClusterFirstWithHostNet", "ClusterFirst", ' +
          '"Default", "None"',
      ],
    );
  });

  it('checks volumes and the mounts that use them', () => {
    const volumes = [
      { name: 'data', emptyDir: {} },
      { name: 'data', secret: {} },
      { name: 'both', emptyDir: {}, configMap: { name: 'c' } },
    ];
    const containers = [{ ...app, volumeMounts: [{ name: 'logs', mountPath: '/logs' }] }];
    const errors = createFieldErrors('', 'pods', pod({ volumes, containers }));
    assert.deepEqual(errors.slice(0, 3).map(fieldErrorMessage), [
      'spec.volumes[1].secret.secretName: Required value',
      'spec.volumes[1].name: Duplicate value: "data"',
      'spec.volumes[2].configMap: Forbidden: may not specify more than 1 volume type',
    ]);
    // Upstream prints `Not found: "logs"`; the value is carried for the renderer to show.
    assert.deepEqual(errors.slice(3), [
      { type: 'FieldValueNotFound', field: 'spec.containers[0].volumeMounts[0].name', value: 'logs' },
    ]);
  });

  it('checks env names, value sources, probes, resources and tolerations', () => {
    const containers = [
      {
        ...app,
        env: [{ name: 'A=B' }, { name: 'C', valueFrom: {} }],
        livenessProbe: {},
        resources: { limits: { cpu: '500m' }, requests: { cpu: '1' } },
      },
    ];
    assert.deepEqual(
      createErrors('', 'pods', pod({ containers, tolerations: [{ operator: 'Equal', value: 'x' }] })),
      [
        'spec.containers[0].env[0].name: Invalid value: "A=B": a valid environment variable name must consist only of printable ASCII characters other than \'=\'',
        'spec.containers[0].env[1].valueFrom: Invalid value: "": must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`',
        'spec.containers[0].resources.requests: Invalid value: "1": must be less than or equal to cpu limit of 500m',
        'spec.containers[0].livenessProbe: Required value: must specify a handler type',
        'spec.tolerations[0].operator: Invalid value: "Equal": operator must be Exists when `key` is empty, which means "match all values and all keys"',
      ],
    );
  });

  it('rejects ephemeral containers on create and padded images', () => {
    assert.deepEqual(
      createErrors(
        '',
        'pods',
        pod({
          containers: [{ ...app, image: ' nginx' }],
          ephemeralContainers: [{ name: 'debug', image: 'busybox' }],
        }),
      ),
      [
        'spec.containers[0].image: Invalid value: " nginx": must not have leading or trailing whitespace',
        'spec.ephemeralContainers: Forbidden: cannot be set on create',
      ],
    );
  });

  it('names are DNS subdomains', () => {
    assert.deepEqual(nameErrors('', 'pods', 'web.v1'), []);
    assert.equal(nameErrors('', 'pods', 'Web').length, 1);
  });
});

describe('pod updates (ValidatePodUpdate)', () => {
  it('allows the image, tolerations additions and a shorter deadline', () => {
    assert.deepEqual(
      updateErrors('', 'pods', pod({ activeDeadlineSeconds: 100 }), (old) => {
        const spec = structuredClone(recordAt(old, 'spec') ?? {});
        recordsAt(spec, 'containers').forEach((container) => (container['image'] = 'nginx:2'));
        return {
          spec: { ...spec, activeDeadlineSeconds: 50, tolerations: [{ key: 'k', operator: 'Exists' }] },
        };
      }),
      [],
    );
  });

  it('forbids any other change, listing what may change and what did', () => {
    const errors = updateErrors('', 'pods', pod({}), (old) => ({
      spec: { ...recordAt(old, 'spec'), restartPolicy: 'Never' },
    }));
    assert.deepEqual(errors, [
      'spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,' +
        '`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to ' +
        'existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously ' +
        'negative)\n- spec.restartPolicy: "Always"\n+ spec.restartPolicy: "Never"',
    ]);
  });

  it('forbids adding containers and raising the deadline', () => {
    assert.deepEqual(
      updateErrors('', 'pods', pod({}), (old) => ({
        spec: { ...recordAt(old, 'spec'), containers: [app, { name: 'b', image: 'b' }] },
      })),
      ['spec.containers: Forbidden: pod updates may not add or remove containers'],
    );
    assert.deepEqual(
      updateErrors('', 'pods', pod({ activeDeadlineSeconds: 10 }), (old) => ({
        spec: { ...recordAt(old, 'spec'), activeDeadlineSeconds: 20 },
      })),
      ['spec.activeDeadlineSeconds: Invalid value: 20: must be less than or equal to previous value'],
    );
  });
});

describe('service validation (ValidateService, ValidateServiceUpdate)', () => {
  it('requires ports for non-headless services and names for several ports', () => {
    assert.deepEqual(createErrors('', 'services', { spec: {} }), ['spec.ports: Required value']);
    assert.deepEqual(createErrors('', 'services', { spec: { clusterIP: 'None' } }), []);
    assert.deepEqual(
      createErrors('', 'services', { spec: { ports: [{ port: 80 }, { port: 0, name: 'b' }] } }),
      [
        'spec.ports[0].name: Required value',
        'spec.ports[1].port: Invalid value: 0: must be between 1 and 65535, inclusive',
        'spec.ports[1].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive',
      ],
    );
    assert.deepEqual(
      createErrors('', 'services', {
        spec: {
          ports: [
            { port: 80, name: 'a' },
            { port: 81, name: 'a' },
          ],
        },
      }),
      ['spec.ports[1].name: Duplicate value: "a"'],
    );
  });

  it('checks the type, node ports and external names', () => {
    assert.deepEqual(createErrors('', 'services', { spec: { type: 'Public', ports: [{ port: 80 }] } }), [
      'spec.type: Unsupported value: "Public": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"',
    ]);
    assert.deepEqual(createErrors('', 'services', { spec: { ports: [{ port: 80, nodePort: 30000 }] } }), [
      "spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'",
    ]);
    assert.deepEqual(createErrors('', 'services', { spec: { type: 'ExternalName' } }), [
      'spec.externalName: Required value',
    ]);
  });

  it('names are DNS-1035 labels', () => {
    assert.deepEqual(nameErrors('', 'services', '1web'), [
      'metadata.name: Invalid value: "1web": a DNS-1035 label must consist of lower case alphanumeric characters ' +
        "or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or " +
        "'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
    ]);
  });

  it('never changes a cluster IP once set', () => {
    const before = { spec: { clusterIP: '10.96.0.10', ports: [{ port: 80 }] } };
    assert.deepEqual(
      updateErrors('', 'services', before, (old) => ({
        spec: { ...recordAt(old, 'spec'), clusterIP: '10.96.0.99' },
      })),
      ['spec.clusterIPs[0]: Invalid value: ["10.96.0.99"]: may not change once set'],
    );
    assert.deepEqual(
      updateErrors('', 'services', before, () => ({ spec: { ports: [{ port: 8080 }] } })),
      [],
    );
  });
});

describe('config maps and secrets (ValidateConfigMap, ValidateSecret and their updates)', () => {
  it('reports invalid keys at data[key]', () => {
    assert.deepEqual(createErrors('', 'configmaps', { data: { 'bad key': 'v', ok: '1' } }), [
      'data[bad key]: Invalid value: "bad key": a valid config key must consist of alphanumeric characters, \'-\', ' +
        "'_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
    ]);
    assert.deepEqual(createErrors('', 'secrets', { data: { '..x': 'eA==' } }), [
      'data[..x]: Invalid value: "..x": must not start with \'..\'',
    ]);
    assert.deepEqual(createErrors('', 'configmaps', { data: { a: '1' }, binaryData: { a: 'AA==' } }), [
      'data[a]: Invalid value: "a": duplicate of key present in binaryData',
    ]);
  });

  it('limits the total size to 1 MiB', () => {
    const big = 'x'.repeat(1024 * 1024 + 1);
    assert.deepEqual(createErrors('', 'configmaps', { data: { big } }), [
      ': Too long: may not be more than 1048576 bytes',
    ]);
    const secret = Buffer.alloc(1024 * 1024 + 1).toString('base64');
    assert.deepEqual(createErrors('', 'secrets', { data: { big: secret } }), [
      'data: Too long: may not be more than 1048576 bytes',
    ]);
  });

  it('keeps the data of immutable objects and the type of secrets', () => {
    const immutable = { immutable: true, data: { a: 'MQ==' } };
    assert.deepEqual(
      updateErrors('', 'configmaps', immutable, () => ({ data: { a: '2' } })),
      [
        'immutable: Forbidden: field is immutable when `immutable` is set',
        'data: Forbidden: field is immutable when `immutable` is set',
      ],
    );
    assert.deepEqual(
      updateErrors('', 'secrets', immutable, (old) => ({ ...old, metadata: old.metadata })),
      [],
    );
    assert.deepEqual(
      updateErrors('', 'secrets', { data: {} }, () => ({
        type: 'kubernetes.io/basic-auth',
        data: { username: 'YQ==' },
      })),
      ['type: Invalid value: "kubernetes.io/basic-auth": field is immutable'],
    );
  });

  it('requires the keys of typed secrets', () => {
    assert.deepEqual(
      createErrors('', 'secrets', { type: 'kubernetes.io/tls', data: { 'tls.crt': 'eA==' } }),
      ['data[tls.key]: Required value'],
    );
    assert.deepEqual(
      createErrors('', 'secrets', {
        type: 'kubernetes.io/dockerconfigjson',
        data: { '.dockerconfigjson': 'eA==' },
      }),
      [
        'data[.dockerconfigjson]: Invalid value: "<secret contents redacted>": invalid character \'x\' looking for beginning of value',
      ],
    );
  });
});

describe('claims, limit ranges, templates and replication controllers', () => {
  it('PVC: access modes and a positive storage request are required; the spec is fixed', () => {
    assert.deepEqual(createErrors('', 'persistentvolumeclaims', { spec: {} }), [
      'spec.accessModes: Required value: at least 1 access mode is required',
      'spec.resources[storage]: Required value',
    ]);
    const claim = { spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } };
    assert.deepEqual(createErrors('', 'persistentvolumeclaims', claim), []);
    assert.deepEqual(
      updateErrors('', 'persistentvolumeclaims', claim, (old) => ({
        spec: { ...recordAt(old, 'spec'), storageClassName: 'fast' },
      })),
      [
        'spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName ' +
          'for bound claims\n- spec.storageClassName: null\n+ spec.storageClassName: "fast"',
      ],
    );
  });

  it('LimitRange: bounds must be ordered and Pod items take no defaults', () => {
    const limits = [
      { type: 'Container', min: { cpu: '2' }, max: { cpu: '1' } },
      { type: 'Pod', default: { cpu: '1' } },
      { type: 'Pods' },
    ];
    assert.deepEqual(createErrors('', 'limitranges', { spec: { limits } }), [
      'spec.limits[0].min[cpu]: Invalid value: "2": min value 2 is greater than max value 1',
      'spec.limits[0].defaultRequest[cpu]: Invalid value: "1": min value 2 is greater than default request value 1',
      'spec.limits[0].default[cpu]: Invalid value: "2": min value 2 is greater than default value 1',
      "spec.limits[1].default: Forbidden: may not be specified when `type` is 'Pod'",
      'spec.limits[2].type: Invalid value: "Pods": must be a standard limit type or fully qualified',
    ]);
  });

  it('PodTemplate and ReplicationController validate their template', () => {
    assert.deepEqual(createErrors('', 'podtemplates', { template: {} }), [
      'template.spec.containers: Required value',
    ]);
    assert.deepEqual(
      createErrors('', 'replicationcontrollers', {
        spec: {
          selector: { app: 'a' },
          template: {
            metadata: { labels: { app: 'b' } },
            spec: { containers: [app], restartPolicy: 'Never' },
          },
        },
      }),
      [
        'spec.template.metadata.labels: Invalid value: {"app":"b"}: `selector` does not match template `labels`',
        'spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"',
      ],
    );
    assert.deepEqual(createErrors('', 'replicationcontrollers', { spec: {} }), [
      'spec.selector: Required value',
      'spec.template: Required value',
    ]);
  });
});
