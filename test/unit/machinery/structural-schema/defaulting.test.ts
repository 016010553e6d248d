import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { JSONSchemaProps } from '../../../../src/machinery/structural-schema/index.js';
import { applyDefaults } from '../../../../src/machinery/structural-schema/index.js';

const schema: JSONSchemaProps = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      default: {},
      properties: {
        replicas: { type: 'integer', default: 1 },
        strategy: {
          type: 'object',
          properties: { type: { type: 'string', default: 'RollingUpdate' }, maxSurge: { type: 'integer' } },
        },
        ports: {
          type: 'array',
          items: {
            type: 'object',
            default: { port: 80 },
            properties: { port: { type: 'integer' }, protocol: { type: 'string', default: 'TCP' } },
          },
        },
        env: { type: 'object', additionalProperties: { type: 'string', default: 'unset' } },
        note: { type: 'string', nullable: true, default: 'n/a' },
        comment: { type: 'string' },
        optional: { type: 'string', nullable: true },
      },
    },
  },
};

describe('applyDefaults', () => {
  it('fills absent fields at any depth, only inside objects that exist', () => {
    const out = applyDefaults({ spec: { ports: [{ port: 443 }] } }, schema);
    assert.deepEqual(out, { spec: { replicas: 1, note: 'n/a', ports: [{ port: 443, protocol: 'TCP' }] } });
  });

  it('defaults an absent object and then its own fields', () => {
    assert.deepEqual(applyDefaults({}, schema), { spec: { replicas: 1, note: 'n/a' } });
  });

  it('defaults inside present nested objects', () => {
    const out = applyDefaults({ spec: { strategy: {} } }, schema);
    assert.deepEqual(out, { spec: { replicas: 1, note: 'n/a', strategy: { type: 'RollingUpdate' } } });
  });

  it('replaces null with the default where the field is not nullable', () => {
    const out = applyDefaults({ spec: { replicas: null, ports: [null] } }, schema);
    assert.deepEqual(out, { spec: { replicas: 1, note: 'n/a', ports: [{ port: 80, protocol: 'TCP' }] } });
  });

  it('drops null where the field is not nullable and has no default', () => {
    assert.deepEqual(applyDefaults({ spec: { comment: null } }, schema), {
      spec: { replicas: 1, note: 'n/a' },
    });
  });

  it('keeps null where the field is nullable', () => {
    assert.deepEqual(applyDefaults({ spec: { note: null, optional: null } }, schema), {
      spec: { replicas: 1, note: null, optional: null },
    });
  });

  it('defaults null map values from additionalProperties', () => {
    assert.deepEqual(applyDefaults({ spec: { env: { A: 'a', B: null } } }, schema), {
      spec: { replicas: 1, note: 'n/a', env: { A: 'a', B: 'unset' } },
    });
  });

  it('does not share default values between objects, nor modify its input', () => {
    const input = { spec: { ports: [null, null] } };
    const out = applyDefaults(input, schema) as { spec: { ports: { port: number }[] } };
    assert.notEqual(out.spec.ports[0], out.spec.ports[1]);
    assert.deepEqual(input, { spec: { ports: [null, null] } });
  });

  it('leaves values that are not objects alone', () => {
    assert.deepEqual(applyDefaults({ spec: 'oops' }, schema), { spec: 'oops' });
  });
});
