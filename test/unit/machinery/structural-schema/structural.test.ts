import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fieldErrorMessage } from '../../../../src/machinery/errors.js';
import type { JSONSchemaProps } from '../../../../src/machinery/structural-schema/index.js';
import { checkStructural, unrecognizedFormats } from '../../../../src/machinery/structural-schema/index.js';

const at = 'spec.versions[0].schema.openAPIV3Schema';

function check(schema: JSONSchemaProps, options?: { statusSubresource?: boolean }): string[] {
  return checkStructural(schema, at, options).map(fieldErrorMessage);
}

function withSpec(spec: JSONSchemaProps): JSONSchemaProps {
  return { type: 'object', properties: { spec } };
}

describe('checkStructural', () => {
  const cases: { name: string; schema: JSONSchemaProps; want: string[] }[] = [
    {
      name: 'a plain structural schema passes',
      schema: withSpec({
        type: 'object',
        properties: {
          replicas: { type: 'integer', minimum: 0, default: 1 },
          labels: { type: 'object', additionalProperties: { type: 'string' } },
          ports: {
            type: 'array',
            'x-kubernetes-list-type': 'map',
            'x-kubernetes-list-map-keys': ['name'],
            items: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } },
          },
          port: { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] },
          raw: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
        },
      }),
      want: [],
    },
    {
      name: 'type required on object fields',
      schema: withSpec({ properties: { a: { type: 'string' } } }),
      want: [`${at}.properties[spec].type: Required value: must not be empty for specified object fields`],
    },
    {
      name: 'type required at the root',
      schema: { properties: {} },
      want: [`${at}.type: Required value: must not be empty at the root`],
    },
    {
      name: 'type required on array items',
      schema: withSpec({ type: 'array', items: {} }),
      want: [
        `${at}.properties[spec].items.type: Required value: must not be empty for specified array items`,
      ],
    },
    {
      name: 'arrays need items',
      schema: withSpec({ type: 'array' }),
      want: [`${at}.properties[spec].items: Required value: must be specified`],
    },
    {
      name: 'the root must be an object',
      schema: { type: 'string' },
      want: [`${at}.type: Invalid value: "string": must be object at the root`],
    },
    {
      name: 'additionalProperties together with properties',
      schema: withSpec({
        type: 'object',
        properties: { a: { type: 'string' } },
        additionalProperties: { type: 'string' },
      }),
      want: [
        `${at}.properties[spec].additionalProperties: Forbidden: additionalProperties and properties are mutual exclusive`,
      ],
    },
    {
      name: 'additionalProperties at the root',
      schema: { type: 'object', additionalProperties: { type: 'string' } },
      want: [`${at}.additionalProperties: Forbidden: must not be used at the root`],
    },
    {
      name: 'metadata may only restrict name and generateName',
      schema: {
        type: 'object',
        properties: {
          metadata: { type: 'object', properties: { name: { type: 'string' }, labels: { type: 'object' } } },
        },
      },
      want: [
        `${at}.properties[metadata]: Forbidden: must not specify anything other than name and generateName, but metadata is implicitly specified`,
      ],
    },
    {
      name: 'metadata restricting name passes',
      schema: {
        type: 'object',
        properties: { metadata: { type: 'object', properties: { name: { type: 'string', maxLength: 20 } } } },
      },
      want: [],
    },
    {
      name: 'defaults in top-level metadata are forbidden',
      schema: { type: 'object', properties: { metadata: { type: 'object', default: {} } } },
      want: [`${at}.properties[metadata].default: Forbidden: must not be set in top-level metadata`],
    },
    {
      name: 'value validations must not declare types',
      schema: withSpec({
        type: 'object',
        properties: { a: { type: 'string' } },
        anyOf: [{ type: 'object' }],
      }),
      want: [`${at}.properties[spec].anyOf[0].type: Forbidden: must be empty to be structural`],
    },
    {
      name: 'value validations must not name fields the structure lacks',
      schema: {
        type: 'object',
        properties: { spec: { type: 'object', properties: { a: { type: 'string' } } } },
        oneOf: [{ properties: { spec: { properties: { b: { minLength: 1 } } } } }],
      },
      want: [
        `${at}.properties[spec].properties[b]: Required value: because it is defined in ${at}.oneOf[0].properties[spec].properties[b]`,
      ],
    },
    {
      name: 'embedded resources must be objects with properties or preserve-unknown-fields',
      schema: withSpec({
        type: 'object',
        properties: { t: { type: 'string', 'x-kubernetes-embedded-resource': true } },
      }),
      want: [
        `${at}.properties[spec].properties[t].properties: Required value: must not be empty if x-kubernetes-embedded-resource is true without x-kubernetes-preserve-unknown-fields`,
        `${at}.properties[spec].properties[t].type: Invalid value: "string": must be object if x-kubernetes-embedded-resource is true`,
      ],
    },
    {
      name: 'int-or-string excludes preserve-unknown-fields',
      schema: withSpec({
        type: 'object',
        properties: {
          p: { 'x-kubernetes-int-or-string': true, 'x-kubernetes-preserve-unknown-fields': true },
        },
      }),
      want: [
        `${at}.properties[spec].properties[p].x-kubernetes-preserve-unknown-fields: Invalid value: true: must be false if x-kubernetes-int-or-string is true`,
      ],
    },
    {
      name: 'list-type map needs keys',
      schema: withSpec({ type: 'array', 'x-kubernetes-list-type': 'map', items: { type: 'object' } }),
      want: [
        `${at}.properties[spec].x-kubernetes-list-map-keys: Required value: must not be empty if x-kubernetes-list-type is map`,
      ],
    },
    {
      name: 'list-map keys must be item properties',
      schema: withSpec({
        type: 'array',
        'x-kubernetes-list-type': 'map',
        'x-kubernetes-list-map-keys': ['name'],
        items: { type: 'object', properties: { id: { type: 'string' } } },
      }),
      want: [
        `${at}.properties[spec].x-kubernetes-list-map-keys: Invalid value: ["name"]: entries must all be names of item properties`,
      ],
    },
    {
      name: 'list-map keys must be scalar and required or defaulted',
      schema: withSpec({
        type: 'array',
        'x-kubernetes-list-type': 'map',
        'x-kubernetes-list-map-keys': ['key'],
        items: { type: 'object', properties: { key: { type: 'object' } } },
      }),
      want: [
        `${at}.properties[spec].items.properties[key].type: Invalid value: "object": must be a scalar type if parent array's x-kubernetes-list-type is map`,
        `${at}.properties[spec].items.properties[key].default: Required value: this property is in x-kubernetes-list-map-keys, so it must have a default or be a required property`,
      ],
    },
    {
      name: 'list-map-keys without list-type map',
      schema: withSpec({ type: 'array', 'x-kubernetes-list-map-keys': ['a'], items: { type: 'string' } }),
      want: [
        `${at}.properties[spec].x-kubernetes-list-type: Required value: must be map if x-kubernetes-list-map-keys is non-empty`,
      ],
    },
    {
      name: 'unknown list-type',
      schema: withSpec({ type: 'array', 'x-kubernetes-list-type': 'bag', items: { type: 'string' } }),
      want: [
        `${at}.properties[spec].x-kubernetes-list-type: Unsupported value: "bag": supported values: "atomic", "set", "map"`,
      ],
    },
    {
      name: 'list-type on a non-array',
      schema: withSpec({ type: 'string', 'x-kubernetes-list-type': 'set' }),
      want: [
        `${at}.properties[spec].type: Invalid value: "string": must be array if x-kubernetes-list-type is specified`,
      ],
    },
    {
      name: 'set items that are objects must be atomic',
      schema: withSpec({ type: 'array', 'x-kubernetes-list-type': 'set', items: { type: 'object' } }),
      want: [
        `${at}.properties[spec].items.x-kubernetes-map-type: Invalid value: null: must be atomic as item of a list with x-kubernetes-list-type=set`,
      ],
    },
    {
      name: 'uniqueItems is forbidden',
      schema: withSpec({ type: 'array', uniqueItems: true, items: { type: 'string' } }),
      want: [
        `${at}.properties[spec].uniqueItems: Forbidden: uniqueItems cannot be set to true since the runtime complexity becomes quadratic`,
      ],
    },
    {
      name: 'unsupported keywords',
      schema: withSpec({ type: 'object', $ref: '#/x' }),
      want: [`${at}.properties[spec].$ref: Forbidden: $ref is not supported`],
    },
    {
      name: 'type null',
      schema: withSpec({ type: 'null' }),
      want: [
        `${at}.properties[spec].type: Unsupported value: "null": supported values: "array", "boolean", "integer", "number", "object", "string"`,
        `${at}.properties[spec].type: Forbidden: type cannot be set to null, use nullable as an alternative`,
      ],
    },
    {
      name: 'nullable root',
      schema: { type: 'object', nullable: true },
      want: [`${at}.nullable: Forbidden: nullable cannot be true at the root`],
    },
    {
      name: 'invalid pattern',
      schema: withSpec({ type: 'string', pattern: '(' }),
      want: [
        `${at}.properties[spec].pattern: Invalid value: "(": must be a valid regular expression, but isn't: Invalid regular expression: /(/: Unterminated group`,
      ],
    },
    {
      name: 'a default that fails validation',
      schema: withSpec({
        type: 'object',
        properties: { size: { type: 'integer', minimum: 0, default: -1 } },
      }),
      want: [
        `${at}.properties[spec].properties[size].default: Invalid value: -1:  in body should be greater than or equal to 0`,
      ],
    },
    {
      name: 'a default with unknown fields',
      schema: withSpec({
        type: 'object',
        properties: { a: { type: 'string' } },
        default: { a: 'x', b: 'y' },
      }),
      want: [
        `${at}.properties[spec].default: Invalid value: {"a":"x","b":"y"}: must not have unknown fields`,
      ],
    },
  ];
  for (const { name, schema, want } of cases) {
    it(name, () => assert.deepEqual(check(schema), want));
  }

  it('with the status subresource, restricts the root', () => {
    assert.deepEqual(check({ type: 'object', properties: {} }, { statusSubresource: true }), []);
    const [error] = checkStructural({ type: 'object', minProperties: 1 }, at, { statusSubresource: true });
    assert.equal(error?.field, at);
    assert.match(
      error?.detail ?? '',
      /^only \[Description Type Format .* XValidations\] fields are allowed at the root of the schema if the status subresource is enabled$/,
    );
  });
});

describe('checkStructural: x-kubernetes-validations', () => {
  const rules = (
    ...list: { rule: string; [k: string]: unknown }[]
  ): JSONSchemaProps['x-kubernetes-validations'] => list;

  it('compiles rules against the schema', () => {
    const schema = withSpec({
      type: 'object',
      properties: { replicas: { type: 'integer' }, maxReplicas: { type: 'integer' } },
      'x-kubernetes-validations': rules(
        { rule: 'self.replicas <= self.maxReplicas', message: 'replicas must not exceed maxReplicas' },
        { rule: 'self.foo > 1' },
        { rule: 'self.replicas' },
      ),
    });
    assert.deepEqual(check(schema), [
      `${at}.properties[spec].x-kubernetes-validations[1].rule: Invalid value: {"Rule":"self.foo > 1","Message":"","MessageExpression":"","Reason":null,"FieldPath":"","OptionalOldSelf":null}: compilation failed: ERROR: <input>:1:5: undefined field 'foo'\n | self.foo > 1\n | ....^`,
      `${at}.properties[spec].x-kubernetes-validations[2].rule: Invalid value: {"Rule":"self.replicas","Message":"","MessageExpression":"","Reason":null,"FieldPath":"","OptionalOldSelf":null}: cel expression must evaluate to a bool`,
    ]);
  });

  it('reports type errors as cel-go words them', () => {
    const schema = withSpec({
      type: 'object',
      properties: { replicas: { type: 'integer' } },
      'x-kubernetes-validations': rules({ rule: "self.replicas + 'x' == 'y'" }, { rule: 'undeclared > 1' }),
    });
    const details = checkStructural(schema, at).map((e) => e.detail);
    assert.deepEqual(details, [
      "compilation failed: ERROR: <input>:1:15: found no matching overload for '_+_' applied to '(int, string)'\n | self.replicas + 'x' == 'y'\n | ..............^",
      "compilation failed: ERROR: <input>:1:1: undeclared reference to 'undeclared' (in container '')\n | undeclared > 1\n | ^",
    ]);
  });

  it('gives the root self apiVersion, kind, metadata.name and metadata.generateName only', () => {
    const schema: JSONSchemaProps = {
      type: 'object',
      'x-kubernetes-validations': rules(
        { rule: "self.metadata.name.startsWith('a') && self.kind == 'K' && self.apiVersion != ''" },
        { rule: 'has(self.metadata.namespace)' },
      ),
    };
    assert.deepEqual(
      checkStructural(schema, at).map((e) => e.detail?.split('\n')[0]),
      ["compilation failed: ERROR: <input>:1:18: undefined field 'namespace'"],
    );
  });

  it('checks the fields of each rule', () => {
    const schema = withSpec({
      type: 'object',
      properties: { a: { type: 'string' } },
      'x-kubernetes-validations': rules(
        { rule: ' ' },
        { rule: 'true', message: 'two\nlines' },
        { rule: 'true\n&& true' },
        { rule: 'true', reason: 'Nope' },
        { rule: 'true', fieldPath: '.b' },
        { rule: 'true', messageExpression: ' ' },
      ),
    });
    assert.deepEqual(check(schema), [
      `${at}.properties[spec].x-kubernetes-validations[0].rule: Required value: rule is not specified`,
      `${at}.properties[spec].x-kubernetes-validations[1].message: Invalid value: "two\\nlines": must not contain line breaks`,
      `${at}.properties[spec].x-kubernetes-validations[2].message: Required value: message must be specified if rule contains line breaks`,
      `${at}.properties[spec].x-kubernetes-validations[3].reason: Unsupported value: "Nope": supported values: "FieldValueDuplicate", "FieldValueForbidden", "FieldValueInvalid", "FieldValueRequired"`,
      `${at}.properties[spec].x-kubernetes-validations[4].fieldPath: Invalid value: ".b": must be a valid path`,
      `${at}.properties[spec].x-kubernetes-validations[5].messageExpression: Required value: messageExpression must be non-empty if specified`,
    ]);
  });

  it('forbids oldSelf where old and new values cannot be matched', () => {
    const schema = withSpec({
      type: 'array',
      maxItems: 10,
      items: {
        type: 'string',
        maxLength: 10,
        'x-kubernetes-validations': rules({ rule: 'self == oldSelf' }),
      },
    });
    assert.deepEqual(check(schema), [
      `${at}.properties[spec].items.x-kubernetes-validations[0].rule: Invalid value: "self == oldSelf": oldSelf cannot be used on the uncorrelatable portion of the schema within ${at}.properties[spec]`,
    ]);
  });

  it('accepts a messageExpression of bounded cost', () => {
    const schema = withSpec({
      type: 'object',
      properties: {
        f: {
          type: 'string',
          'x-kubernetes-validations': rules({
            rule: 'self == "string value"',
            messageExpression: 'self + " should be \\"string value\\""',
          }),
        },
      },
    });
    assert.deepEqual(check(schema), []);
  });

  it('rejects a rule whose estimated cost exceeds the per-expression limit', () => {
    const schema = withSpec({
      type: 'object',
      properties: {
        list: {
          type: 'array',
          items: { type: 'string' },
          'x-kubernetes-validations': rules({ rule: 'self.all(x, self.all(y, x == y))' }),
        },
      },
    });
    assert.deepEqual(check(schema), [
      `${at}.properties[spec].properties[list].x-kubernetes-validations[0].rule: Forbidden: estimated rule cost exceeds budget by factor of more than 100x (try simplifying the rule, or adding maxItems, maxProperties, and maxLength where arrays, maps, and strings are declared)`,
      `${at}.properties[spec].properties[list].x-kubernetes-validations[0].rule: Forbidden: contributed to estimated rule cost total exceeding cost limit for entire OpenAPIv3 schema`,
      `${at}: Forbidden: x-kubernetes-validations estimated rule cost total for entire OpenAPIv3 schema exceeds budget by factor of more than 100x (try simplifying the rule, or adding maxItems, maxProperties, and maxLength where arrays, maps, and strings are declared)`,
    ]);
  });

  it('accepts the same rule once maxItems and maxLength bound it', () => {
    const schema = withSpec({
      type: 'object',
      properties: {
        list: {
          type: 'array',
          maxItems: 5,
          items: { type: 'string', maxLength: 5 },
          'x-kubernetes-validations': rules({
            rule: 'self.all(x, self.exists_one(y, x.lowerAscii() == y.lowerAscii()))',
          }),
        },
      },
    });
    assert.deepEqual(check(schema), []);
  });

  it('rejects messageExpressions of unbounded cost (upstream validation_test cases)', () => {
    const list = (messageExpression: string): JSONSchemaProps =>
      withSpec({
        type: 'object',
        properties: {
          f: {
            type: 'array',
            items: { type: 'string' },
            'x-kubernetes-validations': rules({ rule: 'true', messageExpression }),
          },
        },
      });
    const fields = (schema: JSONSchemaProps): string[] =>
      checkStructural(schema, at).map((e) => `${e.type} ${e.field}`);
    const f = `${at}.properties[spec].properties[f].x-kubernetes-validations[0].messageExpression`;
    assert.deepEqual(
      fields(list('self[0] + self[1] + self[2] + self[3] + self[4] + self[5] + self[6] + self[7]')),
      [`FieldValueForbidden ${f}`],
    );
    assert.deepEqual(fields(list('string(self[0]) + string(self[1]) + string(self[2])')), [
      `FieldValueForbidden ${f}`,
      `FieldValueForbidden ${f}`,
      `FieldValueForbidden ${at}`,
    ]);
  });

  it('compiles rules only where the schema itself is valid', () => {
    const schema = withSpec({
      type: 'object',
      properties: { a: {} },
      'x-kubernetes-validations': rules({ rule: 'self.nope' }),
    });
    assert.deepEqual(check(schema), [
      `${at}.properties[spec].properties[a].type: Required value: must not be empty for specified object fields`,
    ]);
  });
});

describe('unrecognizedFormats', () => {
  it('lists the formats validation ignores', () => {
    const schema = withSpec({
      type: 'object',
      properties: {
        a: { type: 'string', format: 'date-time' },
        b: { type: 'string', format: 'int32' },
        c: { type: 'integer', format: 'int32' },
        d: { type: 'integer', format: 'uuid' },
        e: { type: 'string', format: 'k8s-short-name' },
      },
    });
    assert.deepEqual(unrecognizedFormats(schema), ['int32', 'uuid']);
  });
});
