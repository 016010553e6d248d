import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StorageError, type WatchEvent } from '../../../src/storage/index.js';
import { WatchHub, type HistorySource } from '../../../src/storage/watch-hub.js';
import { assertIncreasing, eventually, recorder, rejectsWith } from './store-test-support.js';

function put(revision: number, key = `/k/${revision}`): WatchEvent {
  return { type: 'put', key, value: `v${revision}`, revision, created: true };
}

/** A backend log held in an array, whose history reads finish only when the test says so. */
class FakeLog implements HistorySource {
  readonly events: WatchEvent[] = [];
  readonly reads: [after: number, through: number][] = [];
  compacted = 0;
  private holding = false;
  private release: (() => void) | undefined;

  append(hub: WatchHub, count: number): void {
    const published: WatchEvent[] = [];
    for (let index = 0; index < count; index += 1) published.push(put(this.events.length + index + 1));
    this.events.push(...published);
    hub.publish(published);
  }

  holdReads(): void {
    this.holding = true;
  }

  releaseReads(): void {
    this.holding = false;
    this.release?.();
  }

  compactedRevision(): number {
    return this.compacted;
  }

  async readHistory(prefix: string, after: number, through: number): Promise<WatchEvent[]> {
    this.reads.push([after, through]);
    if (this.holding) await new Promise<void>((resolve) => (this.release = resolve));
    if (after < this.compacted)
      throw new StorageError('Compacted', prefix, 'compacted', undefined, this.compacted);
    return this.events.filter((e) => e.revision > after && e.revision <= through && e.key.startsWith(prefix));
  }
}

describe('WatchHub', () => {
  it('serves recent history from the ring without reading the backend', async () => {
    const log = new FakeLog();
    const hub = new WatchHub(log, { startRevision: 0, historyLimit: 10 });
    log.append(hub, 5);
    const { events, onEvent } = recorder();
    await hub.watch('/k/', 2, onEvent);
    await eventually(() => events.length === 3, 'three events');
    assert.deepEqual(
      events.map((event) => event.revision),
      [3, 4, 5],
    );
    assert.deepEqual(log.reads, []);
    hub.close();
  });

  it('reads only what the ring lost from the backend, with no gap or duplicate while writes continue', async () => {
    const log = new FakeLog();
    const hub = new WatchHub(log, { startRevision: 0, historyLimit: 4 });
    log.append(hub, 10);
    log.holdReads();
    const { events, onEvent } = recorder();
    const watching = hub.watch('/k/', 1, onEvent);
    log.append(hub, 6); // pushes events the watcher snapshot relies on out of the ring
    log.releaseReads();
    await watching;
    log.append(hub, 2);
    await eventually(() => events.length === 17, 'revisions 2 to 18');
    assert.deepEqual(log.reads, [[1, 6]]);
    assertIncreasing(events);
    assert.deepEqual(
      events.map((event) => event.revision),
      Array.from({ length: 17 }, (_, index) => index + 2),
    );
    hub.close();
  });

  it('throws Compacted before the compacted revision, also when compaction wins a race with the read', async () => {
    const log = new FakeLog();
    const hub = new WatchHub(log, { startRevision: 0, historyLimit: 2 });
    log.append(hub, 6);
    log.compacted = 3;
    const error = await rejectsWith(
      hub.watch('/k/', 2, () => undefined),
      'Compacted',
    );
    assert.equal(error.compactedRevision, 3);

    log.holdReads();
    const racing = hub.watch('/k/', 3, () => undefined);
    log.compacted = 5;
    log.releaseReads();
    await rejectsWith(racing, 'Compacted');
    hub.close();
  });

  it('isolates a throwing watcher and refuses new watches after close', async () => {
    const log = new FakeLog();
    const hub = new WatchHub(log, { startRevision: 0 });
    const healthy = recorder();
    let calls = 0;
    await hub.watch('/k/', 0, () => {
      calls += 1;
      throw new Error('bad watcher');
    });
    await hub.watch('/k/', 0, healthy.onEvent);
    log.append(hub, 3);
    await eventually(() => healthy.events.length === 3, 'three events');
    assert.equal(calls, 1);
    hub.close();
    log.append(hub, 1);
    assert.equal(healthy.events.length, 3);
    await rejectsWith(
      hub.watch('/k/', 0, () => undefined),
      'Closed',
    );
  });
});
