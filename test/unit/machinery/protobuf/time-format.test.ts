import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  formatDuration,
  formatMicroTime,
  formatTime,
  parseDuration,
  parseRfc3339,
} from '../../../../src/machinery/protobuf/time-format.js';

describe('time formats', () => {
  it('writes metav1.Time in UTC with whole seconds and MicroTime with six fraction digits', () => {
    assert.equal(formatTime(1735787045n), '2025-01-02T03:04:05Z');
    assert.equal(formatMicroTime(1735787045n, 123456789), '2025-01-02T03:04:05.123456Z');
    assert.equal(formatMicroTime(0n, 0), '1970-01-01T00:00:00.000000Z');
  });

  it('reads RFC 3339 with offsets and fractions', () => {
    assert.deepEqual(parseRfc3339('2025-01-02T03:04:05Z'), { seconds: 1735787045n, nanos: 0 });
    assert.deepEqual(parseRfc3339('2025-01-02T05:04:05.5+02:00'), { seconds: 1735787045n, nanos: 500000000 });
    assert.deepEqual(parseRfc3339('2025-01-01T22:04:05.000001-05:00'), { seconds: 1735787045n, nanos: 1000 });
    assert.throws(() => parseRfc3339('2025-01-02 03:04:05'), /invalid RFC 3339/);
  });

  it('writes durations as Go does', () => {
    const cases: [bigint, string][] = [
      [0n, '0s'],
      [1n, '1ns'],
      [1500n, '1.5µs'],
      [150_000_000n, '150ms'],
      [1_500_000_000n, '1.5s'],
      [60_000_000_000n, '1m0s'],
      [3_723_000_000_000n, '1h2m3s'],
      [-90_000_000_000n, '-1m30s'],
      [259_200_000_000_000n, '72h0m0s'],
    ];
    for (const [nanos, text] of cases) {
      assert.equal(formatDuration(nanos), text);
      assert.equal(parseDuration(text), nanos);
    }
    assert.equal(parseDuration('1h30m'), 5_400_000_000_000n);
    assert.equal(parseDuration('0'), 0n);
    assert.throws(() => parseDuration('5 minutes'), /invalid duration/);
  });
});
