import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { schemaRegistry } from '../../../src/api/schema/index.js';
import { StatusError } from '../../../src/machinery/errors.js';
import {
  applyFieldValidation,
  dropUnknownFields,
  duplicateFields,
  fieldValidationMode,
  goQuote,
  strictDecodingProblems,
  unknownFields,
} from '../../../src/machinery/field-validation.js';

const deploymentType = 'io.k8s.api.apps.v1.Deployment';

function deployment(spec: Record<string, unknown> = {}, metadata: Record<string, unknown> = {}) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', labels: { app: 'web' }, ...metadata },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [{ name: 'nginx', image: 'nginx:1.27', ports: [{ containerPort: 80 }], resources: {} }],
        },
      },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 1 } },
      ...spec,
    },
  };
}

describe('unknownFields', () => {
  it('accepts an object whose every field the schema knows', () => {
    assert.deepEqual(unknownFields(deploymentType, deployment(), schemaRegistry), []);
  });

  it('names unknown fields by their path, in document order', () => {
    const obj = deployment({ foo: 1, bar: { nested: true } }, { extra: 'x' });
    assert.deepEqual(unknownFields(deploymentType, obj, schemaRegistry), [
      'unknown field "metadata.extra"',
      'unknown field "spec.foo"',
      'unknown field "spec.bar"',
    ]);
  });

  it('indexes list items and descends into them', () => {
    const obj = deployment();
    const containers = obj.spec.template.spec.containers as Record<string, unknown>[];
    containers.push({ name: 'sidecar', image: 'busybox', imagePullPolicyy: 'Always' });
    (containers[0]?.ports as Record<string, unknown>[]).push({ containerPort: 81, hostname: 'x' });
    assert.deepEqual(unknownFields(deploymentType, obj, schemaRegistry), [
      'unknown field "spec.template.spec.containers[0].ports[1].hostname"',
      'unknown field "spec.template.spec.containers[1].imagePullPolicyy"',
    ]);
  });

  it('checks map values against the map value schema', () => {
    const crd = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'widgets.example.com' },
      spec: {
        group: 'example.com',
        names: { plural: 'widgets', kind: 'Widget' },
        scope: 'Namespaced',
        versions: [
          {
            name: 'v1',
            served: true,
            storage: true,
            schema: {
              openAPIV3Schema: {
                type: 'object',
                properties: { size: { type: 'integer', colour: 'red' } },
                default: { anything: { goes: 1 } },
              },
            },
          },
        ],
      },
    };
    assert.deepEqual(
      unknownFields(
        'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition',
        crd,
        schemaRegistry,
      ),
      ['unknown field "spec.versions[0].schema.openAPIV3Schema.properties.size.colour"'],
    );
  });

  it('accepts anything inside RawExtension, IntOrString and Quantity values', () => {
    const revision = {
      apiVersion: 'apps/v1',
      kind: 'ControllerRevision',
      metadata: { name: 'r1' },
      data: { whatever: { deeply: ['nested'] } },
      revision: 1,
    };
    assert.deepEqual(unknownFields('io.k8s.api.apps.v1.ControllerRevision', revision, schemaRegistry), []);
    const obj = deployment();
    (obj.spec.template.spec.containers[0] as Record<string, unknown>).resources = {
      limits: { cpu: '100m', memory: 1024 },
    };
    assert.deepEqual(unknownFields(deploymentType, obj, schemaRegistry), []);
  });

  it('does not look inside null, scalars where objects belong, or unknown types', () => {
    assert.deepEqual(unknownFields(deploymentType, deployment({ template: null }), schemaRegistry), []);
    assert.deepEqual(unknownFields(deploymentType, { spec: 'text' }, schemaRegistry), []);
    assert.deepEqual(unknownFields('io.example.v1.Widget', { any: 1 }, schemaRegistry), []);
  });

  it('reports an unknown field once, however often it appears', () => {
    const obj = deployment();
    const containers = obj.spec.template.spec.containers as Record<string, unknown>[];
    containers.push({ name: 'a', image: 'b' });
    const text = JSON.stringify(obj).replace('"replicas":2', '"foo":1,"foo":2,"replicas":2');
    assert.deepEqual(strictDecodingProblems(deploymentType, text, schemaRegistry), [
      'unknown field "spec.foo"',
    ]);
  });

  it('stops after 100 problems, as upstream', () => {
    const metadata = Object.fromEntries(Array.from({ length: 150 }, (_, i) => [`x${i}`, i]));
    const problems = unknownFields('io.k8s.api.core.v1.ConfigMap', { metadata }, schemaRegistry);
    assert.equal(problems.length, 100);
    assert.equal(problems[99], 'unknown field "metadata.x99"');
  });
});

describe('dropUnknownFields', () => {
  it('removes exactly what unknownFields reports, keeping everything the schema knows', () => {
    const obj = deployment({ foo: 1 }, { extra: 'x' });
    const containers = obj.spec.template.spec.containers as Record<string, unknown>[];
    containers.push({ name: 'sidecar', image: 'busybox', bogus: { a: 1 } });
    const expected = deployment();
    (expected.spec.template.spec.containers as Record<string, unknown>[]).push({
      name: 'sidecar',
      image: 'busybox',
    });
    dropUnknownFields(deploymentType, obj, schemaRegistry);
    assert.deepEqual(obj, expected);
    assert.deepEqual(unknownFields(deploymentType, obj, schemaRegistry), []);
  });

  it('leaves free-form values and unknown types alone', () => {
    const revision = { kind: 'ControllerRevision', metadata: {}, data: { any: { thing: 1 } }, revision: 1 };
    dropUnknownFields('io.k8s.api.apps.v1.ControllerRevision', revision, schemaRegistry);
    assert.deepEqual(revision.data, { any: { thing: 1 } });
    const widget = { spec: { anything: true } };
    dropUnknownFields('io.example.v1.Widget', widget, schemaRegistry);
    assert.deepEqual(widget, { spec: { anything: true } });
  });
});

describe('duplicateFields', () => {
  it('finds keys given twice in any object, with their path', () => {
    const text =
      '{"metadata":{"name":"a","name":"b","labels":{"x":"1","x":"2"}},' +
      '"items":[{},{"k":1,"k":2}],"top":1,"top":2}';
    assert.deepEqual(duplicateFields(text), [
      'duplicate field "metadata.name"',
      'duplicate field "metadata.labels.x"',
      'duplicate field "items[1].k"',
      'duplicate field "top"',
    ]);
  });

  it('finds nothing in ordinary JSON, whatever its whitespace, escapes and scalars', () => {
    const text = ' {\n "a" : [1, -2.5e+3, true, false, null, "x\\"y"],\t"b\\u0041":{"c":{}}, "d":[] }\n';
    assert.deepEqual(duplicateFields(text), []);
    assert.deepEqual(duplicateFields('"just a string"'), []);
  });

  it('compares keys after unescaping them', () => {
    assert.deepEqual(duplicateFields('{"a":1,"\\u0061":2}'), ['duplicate field "a"']);
  });

  it('handles deep nesting without recursion and refuses JSON upstream refuses', () => {
    const deep = '['.repeat(5000) + ']'.repeat(5000);
    assert.deepEqual(duplicateFields(deep), []);
    assert.throws(
      () => duplicateFields('['.repeat(10001) + ']'.repeat(10001)),
      (e: unknown) => e instanceof StatusError && e.message === 'json: exceeded max depth',
    );
    assert.throws(() => duplicateFields('{"a":1'), SyntaxError);
    assert.throws(() => duplicateFields('{"a":1} x'), SyntaxError);
  });
});

describe('strictDecodingProblems', () => {
  it('reports unknown and duplicate fields together, in document order', () => {
    const text =
      '{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"a","name":"b"},' +
      '"spec":{"foo":1,"selector":{"matchLabels":{"x":"1","x":"1"}},"replicas":1,"replicas":2}}';
    assert.deepEqual(strictDecodingProblems(deploymentType, text, schemaRegistry), [
      'duplicate field "metadata.name"',
      'unknown field "spec.foo"',
      'duplicate field "spec.selector.matchLabels.x"',
      'duplicate field "spec.replicas"',
    ]);
  });

  it('looks for duplicates only where Go decodes: not inside unknown fields or raw values', () => {
    const text =
      '{"kind":"ControllerRevision","metadata":{},"data":{"a":1,"a":2},"extra":{"b":1,"b":2},"revision":1}';
    assert.deepEqual(strictDecodingProblems('io.k8s.api.apps.v1.ControllerRevision', text, schemaRegistry), [
      'unknown field "extra"',
    ]);
  });
});

describe('applyFieldValidation', () => {
  const problems = ['unknown field "spec.foo"', 'unknown field "spec.bar"'];

  it('Strict fails a create or update with upstream transformDecodeError wording', () => {
    const result = applyFieldValidation('Strict', problems, {
      source: 'body',
      kind: 'Deployment',
      version: 'v1',
    });
    assert.ok(result.error);
    assert.equal(result.error.reason, 'BadRequest');
    assert.equal(result.error.code, 400);
    assert.equal(
      result.error.message,
      'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: ' +
        'unknown field "spec.foo", unknown field "spec.bar"',
    );
    assert.deepEqual(result.warnings, []);
  });

  it('Strict without context is a bare strict decoding error', () => {
    const result = applyFieldValidation('Strict', problems);
    assert.equal(
      result.error?.message,
      'strict decoding error: unknown field "spec.foo", unknown field "spec.bar"',
    );
  });

  it('Strict fails a patch with upstream Invalid "patch" error', () => {
    const result = applyFieldValidation('Strict', ['unknown field "spec.foo"'], {
      source: 'patch',
      value: 'map[spec:map[foo:1]]',
    });
    assert.ok(result.error);
    assert.equal(result.error.reason, 'Invalid');
    assert.equal(result.error.code, 422);
    assert.equal(
      result.error.message,
      ' "" is invalid: patch: Invalid value: "map[spec:map[foo:1]]": strict decoding error: unknown field "spec.foo"',
    );
    assert.deepEqual(result.error.status.details?.causes, [
      {
        reason: 'FieldValueInvalid',
        message: 'Invalid value: "map[spec:map[foo:1]]": strict decoding error: unknown field "spec.foo"',
        field: 'patch',
      },
    ]);
  });

  it('Warn turns every problem into a warning and Ignore drops them', () => {
    assert.deepEqual(applyFieldValidation('Warn', problems), { warnings: problems });
    assert.deepEqual(applyFieldValidation('Ignore', problems), { warnings: [] });
    assert.deepEqual(applyFieldValidation('Strict', []), { warnings: [] });
  });
});

describe('fieldValidationMode', () => {
  it('defaults to Warn and accepts the three directives', () => {
    assert.equal(fieldValidationMode(null), 'Warn');
    assert.equal(fieldValidationMode(''), 'Warn');
    for (const mode of ['Strict', 'Warn', 'Ignore'] as const) assert.equal(fieldValidationMode(mode), mode);
  });

  it('refuses anything else with a 400', () => {
    assert.throws(
      () => fieldValidationMode('strict'),
      (e: unknown) =>
        e instanceof StatusError &&
        e.reason === 'BadRequest' &&
        e.message ===
          'fieldValidation: Unsupported value: "strict": supported values: "Ignore", "Strict", "Warn"',
    );
  });
});

describe('goQuote', () => {
  it('quotes as strconv.Quote', () => {
    assert.equal(goQuote('spec.foo'), '"spec.foo"');
    assert.equal(goQuote('a"b\\c\n\x01\x7f'), '"a\\"b\\\\c\\n\\x01\\x7f"');
    assert.equal(goQuote('é\u00a0\u2028😀'), '"é\\u00a0\\u2028😀"');
  });
});
