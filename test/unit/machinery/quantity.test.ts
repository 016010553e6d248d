import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  parseResourceList,
  Quantity,
  QuantityParseError,
  resourceListToJson,
} from '../../../src/machinery/quantity.js';

const canonical = (text: string): string => Quantity.parse(text).toString();

describe('Quantity', () => {
  it('prints the canonical form upstream serializes', () => {
    const cases: [string, string][] = [
      ['0', '0'],
      ['2', '2'],
      ['100m', '100m'],
      ['1000m', '1'],
      ['0.5', '500m'],
      ['1.5', '1500m'],
      ['1Gi', '1Gi'],
      ['1024Mi', '1Gi'],
      ['1.5Gi', '1536Mi'],
      ['1536', '1536'],
      ['0.5Ki', '512'],
      ['0.1Ki', '102400m'],
      ['1e3', '1e3'],
      ['1.5e3', '1500'],
      ['1E', '1E'],
      ['1000k', '1M'],
      ['12e6', '12e6'],
      ['-100m', '-100m'],
      ['+5', '5'],
      ['007', '7'],
      ['1n', '1n'],
      ['0.0000000001', '1n'],
      ['1Ei', '1Ei'],
      ['2048Ei', '2048Ei'],
      ['1000E', '1000E'],
    ];
    for (const [input, output] of cases) assert.equal(canonical(input), output, input);
  });

  it('rejects what upstream rejects', () => {
    for (const bad of ['', '1K', '1 ', ' 1', '1e', '1Gb', 'abc', '1.2.3', '--1']) {
      assert.throws(() => Quantity.parse(bad), QuantityParseError, bad);
    }
    assert.equal(Quantity.tryParse('1K'), undefined);
    assert.equal(Quantity.tryParse({}), undefined);
  });

  it('reads JSON numbers', () => {
    assert.equal(Quantity.tryParse(2)?.toString(), '2');
    assert.equal(Quantity.tryParse(0.25)?.toString(), '250m');
    assert.equal(Quantity.tryParse(1e21)?.toString(), '1e21');
  });

  it('compares exactly across suffixes', () => {
    assert.equal(Quantity.parse('0.1').cmp(Quantity.parse('100m')), 0);
    assert.equal(Quantity.parse('1Gi').cmp(Quantity.parse('1G')), 1);
    assert.equal(Quantity.parse('999m').cmp(Quantity.parse('1')), -1);
  });

  it('adds keeping the first non-zero format', () => {
    assert.equal(Quantity.parse('1Gi').add(Quantity.parse('512Mi')).toString(), '1536Mi');
    assert.equal(Quantity.zero.add(Quantity.parse('1Gi')).toString(), '1Gi');
    assert.equal(Quantity.parse('100m').add(Quantity.parse('1')).toString(), '1100m');
    assert.equal(Quantity.parse('1').sub(Quantity.parse('1500m')).toString(), '-500m');
  });

  it('rounds values and milli-values away from zero', () => {
    assert.equal(Quantity.parse('1500m').value(), 2n);
    assert.equal(Quantity.parse('-1500m').value(), -2n);
    assert.equal(Quantity.parse('1n').milliValue(), 1n);
    assert.equal(Quantity.parse('2').milliValue(), 2000n);
    assert.equal(Quantity.fromMilli(250).toString(), '250m');
    assert.equal(Quantity.fromInteger(3).toString(), '3');
    assert.equal(Quantity.parse('1.5').roundUpToUnits().toString(), '2');
  });

  it('reads and writes resource lists', () => {
    const list = parseResourceList({ memory: '1024Mi', cpu: '0.5', bad: 'x' });
    assert.deepEqual([...list.keys()], ['memory', 'cpu']);
    assert.deepEqual(resourceListToJson(list), { cpu: '500m', memory: '1Gi' });
  });
});
