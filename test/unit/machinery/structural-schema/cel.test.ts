import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fieldErrorMessage } from '../../../../src/machinery/errors.js';
import type {
  JSONSchemaProps,
  ValidateOptions,
  ValidationRule,
} from '../../../../src/machinery/structural-schema/index.js';
import { validateCustomResource } from '../../../../src/machinery/structural-schema/index.js';

function resource(spec: JSONSchemaProps): JSONSchemaProps {
  return { type: 'object', properties: { spec } };
}

function messages(obj: unknown, schema: JSONSchemaProps, options?: ValidateOptions): string[] {
  return validateCustomResource(obj, schema, options).map(fieldErrorMessage);
}

function scaling(...rules: ValidationRule[]): JSONSchemaProps {
  return resource({
    type: 'object',
    properties: {
      replicas: { type: 'integer' },
      maxReplicas: { type: 'integer' },
      name: { type: 'string', maxLength: 20 },
    },
    'x-kubernetes-validations': rules,
  });
}

describe('validateCustomResource: x-kubernetes-validations', () => {
  it('reports a failed rule with its message; object values are omitted', () => {
    const schema = scaling({
      rule: 'self.replicas <= self.maxReplicas',
      message: 'replicas must not exceed maxReplicas',
    });
    assert.deepEqual(messages({ spec: { replicas: 5, maxReplicas: 10 } }, schema), []);
    assert.deepEqual(messages({ spec: { replicas: 20, maxReplicas: 10 } }, schema), [
      'spec: Invalid value: replicas must not exceed maxReplicas',
    ]);
  });

  it('defaults the message to the rule', () => {
    const schema = scaling({ rule: 'self.replicas <= self.maxReplicas' });
    assert.deepEqual(messages({ spec: { replicas: 20, maxReplicas: 10 } }, schema), [
      'spec: Invalid value: failed rule: self.replicas <= self.maxReplicas',
    ]);
  });

  it('uses messageExpression, evaluated with self', () => {
    const schema = scaling({
      rule: 'self.replicas <= self.maxReplicas',
      message: 'replicas must not exceed maxReplicas',
      messageExpression:
        "'replicas ' + string(self.replicas) + ' exceeds maxReplicas ' + string(self.maxReplicas)",
    });
    assert.deepEqual(messages({ spec: { replicas: 20, maxReplicas: 10 } }, schema), [
      'spec: Invalid value: replicas 20 exceeds maxReplicas 10',
    ]);
  });

  it('falls back to message when messageExpression fails or is empty', () => {
    const schema = scaling(
      { rule: 'self.replicas <= self.maxReplicas', message: 'fallback one', messageExpression: 'self.name' },
      { rule: 'self.replicas <= self.maxReplicas', message: 'fallback two', messageExpression: "'  '" },
    );
    assert.deepEqual(messages({ spec: { replicas: 20, maxReplicas: 10 } }, schema), [
      'spec: Invalid value: fallback one',
      'spec: Invalid value: fallback two',
    ]);
  });

  it('shows scalar values and honours reason and fieldPath', () => {
    const schema = resource({
      type: 'object',
      properties: {
        name: {
          type: 'string',
          'x-kubernetes-validations': [{ rule: "self.startsWith('app-')", message: 'must start with app-' }],
        },
        size: {
          type: 'integer',
          'x-kubernetes-validations': [{ rule: 'self % 2 == 0', reason: 'FieldValueForbidden' }],
        },
        limits: { type: 'object', properties: { cpu: { type: 'integer' } } },
      },
      'x-kubernetes-validations': [
        { rule: 'self.limits.cpu < 8', message: 'too many CPUs', fieldPath: '.limits.cpu' },
        {
          rule: 'has(self.name)',
          message: 'name is required',
          reason: 'FieldValueRequired',
          fieldPath: "['name']",
        },
      ],
    });
    assert.deepEqual(messages({ spec: { size: 3, limits: { cpu: 9 } } }, schema), [
      'spec.limits.cpu: Invalid value: too many CPUs',
      'spec.name: Required value: name is required',
      'spec.size: Forbidden: failed rule: self % 2 == 0',
    ]);
    assert.deepEqual(messages({ spec: { name: 'web', limits: { cpu: 1 } } }, schema), [
      'spec.name: Invalid value: "web": must start with app-',
    ]);
  });

  it('reports rules at the resource root on <nil>, with self seeing apiVersion, kind and metadata.name', () => {
    const schema: JSONSchemaProps = {
      ...resource({ type: 'object' }),
      'x-kubernetes-validations': [
        {
          rule: 'self.metadata.name.startsWith(self.kind.lowerAscii())',
          message: 'name must start with the kind',
        },
      ],
    };
    const obj = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'gadget-1' }, spec: {} };
    assert.deepEqual(messages(obj, schema), ['<nil>: Invalid value: name must start with the kind']);
    assert.deepEqual(messages({ ...obj, metadata: { name: 'widget-1' } }, schema), []);
  });

  it('runs rules on list items and map values, naming their path', () => {
    const schema = resource({
      type: 'object',
      properties: {
        ports: {
          type: 'array',
          items: {
            type: 'integer',
            'x-kubernetes-validations': [{ rule: 'self > 1024', message: 'must be unprivileged' }],
          },
        },
        env: {
          type: 'object',
          additionalProperties: {
            type: 'string',
            'x-kubernetes-validations': [{ rule: "self != ''", message: 'must not be empty' }],
          },
        },
      },
    });
    assert.deepEqual(messages({ spec: { ports: [8080, 80], env: { A: 'x', B: '' } } }, schema), [
      'spec.ports[1]: Invalid value: 80: must be unprivileged',
      'spec.env[B]: Invalid value: "": must not be empty',
    ]);
  });

  it('supports macros over typed lists', () => {
    const schema = resource({
      type: 'object',
      properties: {
        containers: {
          type: 'array',
          items: { type: 'object', properties: { name: { type: 'string' }, image: { type: 'string' } } },
        },
      },
      'x-kubernetes-validations': [
        { rule: "self.containers.all(c, c.image.contains(':'))", message: 'images must be tagged' },
        { rule: 'self.containers.map(c, c.name).isSorted()', message: 'containers must be sorted by name' },
      ],
    });
    const containers = [
      { name: 'b', image: 'nginx' },
      { name: 'a', image: 'busybox:1' },
    ];
    assert.deepEqual(messages({ spec: { containers } }, schema), [
      'spec: Invalid value: images must be tagged',
      'spec: Invalid value: containers must be sorted by name',
    ]);
  });

  it('reports evaluation errors', () => {
    const schema = scaling(
      { rule: 'self.replicas / (self.maxReplicas - self.maxReplicas) > 1' },
      { rule: "self.name == 'x'" },
    );
    assert.deepEqual(messages({ spec: { replicas: 1, maxReplicas: 1 } }, schema), [
      'spec: Invalid value: "object": division by zero evaluating rule: self.replicas / (self.maxReplicas - self.maxReplicas) > 1',
      `spec: Invalid value: "object": no such key: name evaluating rule: self.name == 'x'`,
    ]);
  });

  it('does not run rules when the object already failed blocking checks', () => {
    const schema = scaling({ rule: 'self.replicas <= self.maxReplicas' });
    assert.deepEqual(messages({ spec: { replicas: 'many', maxReplicas: 10 } }, schema), [
      'spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"',
      '<nil>: Invalid value: null: some validation rules were not checked because the object was invalid; correct the existing errors to complete validation',
    ]);
  });

  it('uses integers as CEL ints and numbers as CEL doubles', () => {
    const schema = resource({
      type: 'object',
      properties: { count: { type: 'integer' }, ratio: { type: 'number' } },
      'x-kubernetes-validations': [
        { rule: 'self.count * 2 == 6 && self.ratio * 2.0 == 3.0 && type(self.count) == int' },
      ],
    });
    assert.deepEqual(messages({ spec: { count: 3, ratio: 1.5 } }, schema), []);
  });
});

describe('validateCustomResource: transition rules', () => {
  const schema = resource({
    type: 'object',
    properties: {
      immutable: {
        type: 'string',
        'x-kubernetes-validations': [{ rule: 'self == oldSelf', message: 'Value is immutable' }],
      },
      counter: {
        type: 'integer',
        'x-kubernetes-validations': [
          {
            rule: '!oldSelf.hasValue() || self >= oldSelf.value()',
            message: 'must not decrease',
            optionalOldSelf: true,
          },
        ],
      },
    },
  });

  it('are skipped on create', () => {
    assert.deepEqual(messages({ spec: { immutable: 'a', counter: 1 } }, schema), []);
  });

  it('compare with the old object on update', () => {
    const old = { spec: { immutable: 'a', counter: 5 } };
    assert.deepEqual(messages({ spec: { immutable: 'a', counter: 5 } }, schema, { oldObject: old }), []);
    assert.deepEqual(messages({ spec: { immutable: 'b', counter: 4 } }, schema, { oldObject: old }), [
      'spec.immutable: Invalid value: "b": Value is immutable',
      'spec.counter: Invalid value: 4: must not decrease',
    ]);
  });

  it('are skipped when the old object lacks the field, unless oldSelf is optional', () => {
    const old = { spec: {} };
    assert.deepEqual(messages({ spec: { immutable: 'b', counter: 1 } }, schema, { oldObject: old }), []);
  });

  it('correlate items of map lists by key', () => {
    const listSchema = resource({
      type: 'object',
      properties: {
        volumes: {
          type: 'array',
          'x-kubernetes-list-type': 'map',
          'x-kubernetes-list-map-keys': ['name'],
          items: {
            type: 'object',
            required: ['name'],
            properties: { name: { type: 'string' }, size: { type: 'integer' } },
            'x-kubernetes-validations': [
              { rule: 'self.size >= oldSelf.size', message: 'volumes cannot shrink' },
            ],
          },
        },
      },
    });
    const old = {
      spec: {
        volumes: [
          { name: 'a', size: 10 },
          { name: 'b', size: 5 },
        ],
      },
    };
    const updated = {
      spec: {
        volumes: [
          { name: 'b', size: 4 },
          { name: 'a', size: 10 },
          { name: 'c', size: 1 },
        ],
      },
    };
    assert.deepEqual(messages(updated, listSchema, { oldObject: old }), [
      'spec.volumes[0]: Invalid value: volumes cannot shrink',
    ]);
  });
});

describe('validateCustomResource: CEL cost limits', () => {
  const quadratic = resource({
    type: 'object',
    properties: { items: { type: 'array', items: { type: 'integer' } } },
    'x-kubernetes-validations': [
      { rule: 'self.items.all(x, self.items.all(y, x != y || x == y))', message: 'unreachable' },
    ],
  });
  const items = Array.from({ length: 500 }, (_, i) => i);

  it('stops a rule that exceeds the per-call limit', () => {
    assert.deepEqual(messages({ spec: { items } }, quadratic), [
      `spec: Invalid value: "object": 'operation cancelled: actual cost limit exceeded': no further validation rules will be run due to call cost exceeds limit for rule: unreachable`,
    ]);
  });

  it('passes the same rule on a small list', () => {
    assert.deepEqual(messages({ spec: { items: items.slice(0, 10) } }, quadratic), []);
  });

  it('stops when the request budget runs out', () => {
    const schema = resource({
      type: 'object',
      properties: {
        values: {
          type: 'array',
          items: { type: 'string', 'x-kubernetes-validations': [{ rule: "self.matches('^[a-z]+$')" }] },
        },
      },
    });
    const values = ['alpha', 'beta', 'gamma', 'delta'];
    assert.deepEqual(messages({ spec: { values } }, schema, { costBudget: 10 }), [
      'spec.values[3]: Invalid value: "string": validation failed due to running out of cost budget, no further validation rules will be run',
    ]);
    assert.deepEqual(messages({ spec: { values } }, schema), []);
  });
});
