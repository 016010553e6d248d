import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fieldErrorMessage } from '../../../../src/machinery/errors.js';
import type { JSONSchemaProps } from '../../../../src/machinery/structural-schema/index.js';
import { validateCustomResource } from '../../../../src/machinery/structural-schema/index.js';

function messages(obj: unknown, schema: JSONSchemaProps): string[] {
  return validateCustomResource(obj, schema).map(fieldErrorMessage);
}

/** A resource schema whose spec is `spec`. */
function resource(spec: JSONSchemaProps): JSONSchemaProps {
  return { type: 'object', properties: { spec } };
}

describe('validateCustomResource: OpenAPI value validation (kube-openapi messages)', () => {
  const cases: { name: string; spec: JSONSchemaProps; value: unknown; want: string[] }[] = [
    {
      name: 'minimum',
      spec: { type: 'object', properties: { size: { type: 'integer', minimum: 0 } } },
      value: { size: -1 },
      want: ['spec.size: Invalid value: -1: spec.size in body should be greater than or equal to 0'],
    },
    {
      name: 'exclusiveMinimum',
      spec: { type: 'object', properties: { size: { type: 'integer', minimum: 0, exclusiveMinimum: true } } },
      value: { size: 0 },
      want: ['spec.size: Invalid value: 0: spec.size in body should be greater than 0'],
    },
    {
      name: 'maximum',
      spec: { type: 'object', properties: { size: { type: 'integer', maximum: 10 } } },
      value: { size: 11 },
      want: ['spec.size: Invalid value: 11: spec.size in body should be less than or equal to 10'],
    },
    {
      name: 'exclusiveMaximum on a number, printed as Go prints float64',
      spec: {
        type: 'object',
        properties: { ratio: { type: 'number', maximum: 1000000, exclusiveMaximum: true } },
      },
      value: { ratio: 1000000.5 },
      want: ['spec.ratio: Invalid value: 1000000.5: spec.ratio in body should be less than 1e+06'],
    },
    {
      name: 'minimum on a fractional number',
      spec: { type: 'object', properties: { ratio: { type: 'number', minimum: 0.5 } } },
      value: { ratio: 0.25 },
      want: ['spec.ratio: Invalid value: 0.25: spec.ratio in body should be greater than or equal to 0.5'],
    },
    {
      name: 'multipleOf',
      spec: { type: 'object', properties: { size: { type: 'integer', multipleOf: 5 } } },
      value: { size: 7 },
      want: ['spec.size: Invalid value: 7: spec.size in body should be a multiple of 5'],
    },
    {
      name: 'type integer given a string',
      spec: { type: 'object', properties: { replicas: { type: 'integer' } } },
      value: { replicas: 'string' },
      want: [
        'spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"',
      ],
    },
    {
      name: 'type integer given a fraction',
      spec: { type: 'object', properties: { replicas: { type: 'integer' } } },
      value: { replicas: 1.5 },
      want: [
        'spec.replicas: Invalid value: "number": spec.replicas in body must be of type integer: "number"',
        '<nil>: Invalid value: "": Checked value must be of type integer (default format) in spec.replicas',
      ],
    },
    {
      name: 'int32 out of range',
      spec: { type: 'object', properties: { small: { type: 'integer', format: 'int32' } } },
      value: { small: 2147483648 },
      want: [
        '<nil>: Invalid value: "": Checked value must be of type integer with format int32 in spec.small',
      ],
    },
    {
      name: 'type object given a list',
      spec: { type: 'object', properties: { template: { type: 'object' } } },
      value: { template: [] },
      want: ['spec.template: Invalid value: "array": spec.template in body must be of type object: "array"'],
    },
    {
      name: 'enum',
      spec: { type: 'object', properties: { mode: { type: 'string', enum: ['a', 'b'] } } },
      value: { mode: 'x' },
      want: ['spec.mode: Unsupported value: "x": supported values: "a", "b"'],
    },
    {
      name: 'enum of numbers',
      spec: { type: 'object', properties: { level: { type: 'integer', enum: [1, 2] } } },
      value: { level: 3 },
      want: ['spec.level: Unsupported value: 3: supported values: "1", "2"'],
    },
    {
      name: 'required',
      spec: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } },
      value: {},
      want: ['spec.name: Required value'],
    },
    {
      name: 'pattern',
      spec: { type: 'object', properties: { name: { type: 'string', pattern: '^[a-z]+$' } } },
      value: { name: 'ABC' },
      want: [`spec.name: Invalid value: "ABC": spec.name in body should match '^[a-z]+$'`],
    },
    {
      name: 'maxLength counts characters, reports bytes',
      spec: { type: 'object', properties: { name: { type: 'string', maxLength: 5 } } },
      value: { name: 'abcdef' },
      want: ['spec.name: Too long: may not be more than 5 bytes'],
    },
    {
      name: 'maxLength is checked before pattern; only the first string failure is reported',
      spec: { type: 'object', properties: { name: { type: 'string', maxLength: 1, pattern: '^[a-z]$' } } },
      value: { name: 'AB' },
      want: ['spec.name: Too long: may not be more than 1 byte'],
    },
    {
      name: 'minLength',
      spec: { type: 'object', properties: { name: { type: 'string', minLength: 2 } } },
      value: { name: 'é' },
      want: ['spec.name: Invalid value: "é": spec.name in body should be at least 2 chars long'],
    },
    {
      name: 'minItems',
      spec: {
        type: 'object',
        properties: { items: { type: 'array', minItems: 2, items: { type: 'string' } } },
      },
      value: { items: ['a'] },
      want: ['spec.items: Invalid value: 1: spec.items in body should have at least 2 items'],
    },
    {
      name: 'uniqueItems',
      spec: {
        type: 'object',
        properties: { items: { type: 'array', uniqueItems: true, items: { type: 'string' } } },
      },
      value: { items: ['a', 'a'] },
      want: [`spec.items: Invalid value: "": spec.items in body shouldn't contain duplicates`],
    },
    {
      name: 'minProperties',
      spec: { type: 'object', properties: { labels: { type: 'object', minProperties: 1 } } },
      value: { labels: {} },
      want: ['spec.labels: Invalid value: 0: spec.labels in body should have at least 1 properties'],
    },
    {
      name: 'item errors name their index',
      spec: {
        type: 'object',
        properties: {
          ports: {
            type: 'array',
            items: { type: 'object', properties: { port: { type: 'integer', maximum: 65535 } } },
          },
        },
      },
      value: { ports: [{ port: 80 }, { port: 70000 }] },
      want: [
        'spec.ports[1].port: Invalid value: 70000: spec.ports[1].port in body should be less than or equal to 65535',
      ],
    },
    {
      name: 'additionalProperties schema',
      spec: {
        type: 'object',
        properties: { labels: { type: 'object', additionalProperties: { type: 'string' } } },
      },
      value: { labels: { a: 'x', b: 1 } },
      want: [
        'spec.labels.b: Invalid value: "integer": spec.labels.b in body must be of type string: "integer"',
      ],
    },
    {
      name: 'nullable accepts null',
      spec: { type: 'object', properties: { note: { type: 'string', nullable: true } } },
      value: { note: null },
      want: [],
    },
    {
      name: 'null where not nullable',
      spec: { type: 'object', properties: { note: { type: 'string' } } },
      value: { note: null },
      want: ['spec.note: Invalid value: "null": spec.note in body must be of type string: "null"'],
    },
    {
      name: 'x-kubernetes-int-or-string accepts both',
      spec: { type: 'object', properties: { port: { 'x-kubernetes-int-or-string': true } } },
      value: { port: 'http' },
      want: [],
    },
    {
      name: 'x-kubernetes-int-or-string rejects others',
      spec: { type: 'object', properties: { port: { 'x-kubernetes-int-or-string': true } } },
      value: { port: true },
      want: [
        'spec.port: Invalid value: "boolean": spec.port in body must be of type integer,string: "boolean"',
      ],
    },
    {
      name: 'x-kubernetes-preserve-unknown-fields without type accepts anything',
      spec: { type: 'object', properties: { raw: { 'x-kubernetes-preserve-unknown-fields': true } } },
      value: { raw: [1, 'two', { three: 3 }] },
      want: [],
    },
    {
      name: 'format date-time',
      spec: { type: 'object', properties: { when: { type: 'string', format: 'date-time' } } },
      value: { when: 'yesterday' },
      want: [
        'spec.when: Invalid value: "yesterday": spec.when in body must be of type date-time: "yesterday"',
      ],
    },
    {
      name: 'format date accepts a calendar day',
      spec: { type: 'object', properties: { day: { type: 'string', format: 'date' } } },
      value: { day: '2024-02-29' },
      want: [],
    },
    {
      name: 'format date rejects an impossible day',
      spec: { type: 'object', properties: { day: { type: 'string', format: 'date' } } },
      value: { day: '2023-02-29' },
      want: ['spec.day: Invalid value: "2023-02-29": spec.day in body must be of type date: "2023-02-29"'],
    },
    {
      name: 'format uuid',
      spec: { type: 'object', properties: { id: { type: 'string', format: 'uuid' } } },
      value: { id: 'not-a-uuid' },
      want: ['spec.id: Invalid value: "not-a-uuid": spec.id in body must be of type uuid: "not-a-uuid"'],
    },
    {
      name: 'format byte',
      spec: { type: 'object', properties: { data: { type: 'string', format: 'byte' } } },
      value: { data: '!!!' },
      want: ['spec.data: Invalid value: "!!!": spec.data in body must be of type byte: "!!!"'],
    },
    {
      name: 'unsupported formats are ignored',
      spec: { type: 'object', properties: { x: { type: 'string', format: 'not-a-format' } } },
      value: { x: 'anything' },
      want: [],
    },
    {
      name: 'allOf',
      spec: {
        type: 'object',
        properties: { n: { type: 'integer', allOf: [{ minimum: 1 }, { maximum: 5 }] } },
      },
      value: { n: 9 },
      want: [
        'spec.n: Invalid value: 9: spec.n in body should be less than or equal to 5',
        '<nil>: Invalid value: "": "spec.n" must validate all the schemas (allOf)',
      ],
    },
    {
      name: 'anyOf reports the closest failure',
      spec: {
        type: 'object',
        properties: { n: { type: 'integer', anyOf: [{ minimum: 10 }, { maximum: 1 }] } },
      },
      value: { n: 5 },
      want: [
        '<nil>: Invalid value: "": "spec.n" must validate at least one schema (anyOf)',
        'spec.n: Invalid value: 5: spec.n in body should be greater than or equal to 10',
      ],
    },
    {
      name: 'oneOf with two matches',
      spec: {
        type: 'object',
        properties: { n: { type: 'integer', oneOf: [{ minimum: 1 }, { maximum: 10 }] } },
      },
      value: { n: 5 },
      want: [
        '<nil>: Invalid value: "": "spec.n" must validate one and only one schema (oneOf). Found 2 valid alternatives',
      ],
    },
    {
      name: 'not',
      spec: { type: 'object', properties: { n: { type: 'integer', not: { minimum: 1 } } } },
      value: { n: 5 },
      want: ['<nil>: Invalid value: "": "spec.n" must not validate the schema (not)'],
    },
  ];
  for (const { name, spec, value, want } of cases) {
    it(name, () => {
      assert.deepEqual(messages({ spec: value }, resource(spec)), want);
    });
  }

  it('reports Too many with the count as value and upstream detail', () => {
    const schema = resource({
      type: 'object',
      properties: { items: { type: 'array', maxItems: 2, items: { type: 'integer' } } },
    });
    const [error] = validateCustomResource({ spec: { items: [1, 2, 3] } }, schema);
    assert.deepEqual(error, {
      type: 'FieldValueTooMany',
      field: 'spec.items',
      value: 3,
      detail: 'must have at most 2 items',
    });
  });

  it('reports maxProperties as Too many', () => {
    const schema = resource({ type: 'object', properties: { labels: { type: 'object', maxProperties: 1 } } });
    const [error] = validateCustomResource({ spec: { labels: { a: 'a', b: 'b' } } }, schema);
    assert.deepEqual(error, {
      type: 'FieldValueTooMany',
      field: 'spec.labels',
      value: 2,
      detail: 'must have at most 1 item',
    });
  });

  it('names required root fields without a leading dot', () => {
    const schema: JSONSchemaProps = { ...resource({ type: 'object' }), required: ['spec'] };
    assert.deepEqual(messages({}, schema), ['spec: Required value']);
  });

  it('reports errors at the root on <nil>', () => {
    const schema: JSONSchemaProps = { type: 'object', minProperties: 3 };
    assert.deepEqual(messages({ a: 1 }, schema), [
      '<nil>: Invalid value: 1:  in body should have at least 3 properties',
    ]);
  });

  it('does not modify its arguments', () => {
    const schema = resource({ type: 'object', properties: { size: { type: 'integer', minimum: 0 } } });
    const obj = { spec: { size: -1 } };
    const copy = structuredClone(obj);
    validateCustomResource(obj, schema);
    assert.deepEqual(obj, copy);
  });
});

describe('validateCustomResource: embedded resources', () => {
  const schema = resource({
    type: 'object',
    properties: {
      template: {
        type: 'object',
        'x-kubernetes-embedded-resource': true,
        'x-kubernetes-preserve-unknown-fields': true,
      },
    },
  });

  it('requires apiVersion and kind', () => {
    assert.deepEqual(messages({ spec: { template: { metadata: { name: 'x' } } } }, schema), [
      'spec.template.apiVersion: Required value',
      'spec.template.kind: Required value',
    ]);
  });

  it('checks kind, apiVersion and metadata', () => {
    const template = {
      apiVersion: 'a/b/c',
      kind: 'Bad_Kind',
      metadata: { name: 'a/b', labels: { 'bad key!': 'x' } },
    };
    assert.deepEqual(messages({ spec: { template } }, schema), [
      'spec.template.apiVersion: Invalid value: "a/b/c": unexpected GroupVersion string: a/b/c',
      `spec.template.kind: Invalid value: "Bad_Kind": may have mixed case, but should otherwise match: a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')`,
      `spec.template.metadata.name: Invalid value: "a/b": may not contain '/'`,
      `spec.template.metadata.labels: Invalid value: "bad key!": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
    ]);
  });

  it('accepts a valid embedded object', () => {
    const template = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default' } };
    assert.deepEqual(messages({ spec: { template } }, schema), []);
  });
});

describe('validateCustomResource: x-kubernetes-list-type', () => {
  const schema = resource({
    type: 'object',
    properties: {
      tags: { type: 'array', 'x-kubernetes-list-type': 'set', items: { type: 'string' } },
      ports: {
        type: 'array',
        'x-kubernetes-list-type': 'map',
        'x-kubernetes-list-map-keys': ['name'],
        items: {
          type: 'object',
          required: ['name'],
          properties: { name: { type: 'string' }, port: { type: 'integer' } },
        },
      },
      routes: {
        type: 'array',
        'x-kubernetes-list-type': 'map',
        'x-kubernetes-list-map-keys': ['port', 'protocol'],
        items: {
          type: 'object',
          required: ['port', 'protocol'],
          properties: { port: { type: 'integer' }, protocol: { type: 'string' } },
        },
      },
    },
  });

  it('reports each repeated set value once, at its second occurrence', () => {
    assert.deepEqual(messages({ spec: { tags: ['a', 'b', 'a', 'a', 'b'] } }, schema), [
      'spec.tags[2]: Duplicate value: "a"',
      'spec.tags[4]: Duplicate value: "b"',
    ]);
  });

  it('reports map items with the same key', () => {
    const ports = [
      { name: 'http', port: 80 },
      { name: 'http', port: 8080 },
    ];
    assert.deepEqual(messages({ spec: { ports } }, schema), [
      `spec.ports[1]: Duplicate value: {"name":"http"}`,
    ]);
  });

  it('compares composite keys with sorted key names', () => {
    const routes = [
      { protocol: 'TCP', port: 80 },
      { port: 80, protocol: 'TCP' },
      { port: 80, protocol: 'UDP' },
    ];
    assert.deepEqual(messages({ spec: { routes } }, schema), [
      `spec.routes[1]: Duplicate value: {"port":80,"protocol":"TCP"}`,
    ]);
  });

  it('ratchets: an old object that already broke the rule does not fail the update', () => {
    const old = { spec: { tags: ['a', 'a'] } };
    assert.deepEqual(
      validateCustomResource({ spec: { tags: ['a', 'a', 'b'] } }, schema, { oldObject: old }),
      [],
    );
  });
});

describe('validateCustomResource: status subresource', () => {
  const schema: JSONSchemaProps = {
    type: 'object',
    properties: {
      spec: { type: 'object', properties: { size: { type: 'integer', minimum: 0 } } },
      status: { type: 'object', properties: { ready: { type: 'boolean' } } },
    },
  };

  it('validates only status, naming fields relative to it as upstream does', () => {
    const obj = { spec: { size: -1 }, status: { ready: 'yes' } };
    assert.deepEqual(validateCustomResource(obj, schema, { subresource: 'status' }).map(fieldErrorMessage), [
      'status.ready: Invalid value: "string": ready in body must be of type boolean: "string"',
    ]);
  });
});
