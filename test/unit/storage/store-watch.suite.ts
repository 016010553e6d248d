/** The watch part of the Store contract; run by `runStoreSuite`. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  assertIncreasing,
  eventually,
  recorder,
  rejectsWith,
  summarize,
  withStore,
  type OpenStore,
} from './store-test-support.js';

export function runStoreWatchSuite(open: OpenStore): void {
  describe('watch', () => {
    it('replays history after the given revision, then delivers live events', () =>
      withStore(open, async (store) => {
        await store.create('/w/before', 'ignored');
        const from = store.currentRevision();
        const a = await store.create('/w/a', 'a1');
        const a2 = await store.update('/w/a', 'a2', a.revision);
        const { events, onEvent } = recorder();
        const watch = await store.watch('/w/', from, onEvent);
        const deleted = await store.delete('/w/a');
        const b = await store.create('/w/b', 'b1');
        await eventually(() => events.length === 4, 'four events');
        assert.deepEqual(summarize(events), [
          `${a.revision} put /w/a=a1 created`,
          `${a2.revision} put /w/a=a2 (was a1)`,
          `${deleted.revision} delete /w/a=a2 (was a2)`,
          `${b.revision} put /w/b=b1 created`,
        ]);
        watch.stop();
        watch.stop();
      }));

    it('delivers only keys under its prefix', () =>
      withStore(open, async (store) => {
        const { events, onEvent } = recorder();
        const watch = await store.watch('/w/x/', store.currentRevision(), onEvent);
        await store.create('/w/y/1', 'no');
        await store.create('/w/x', 'no');
        await store.create('/w/x0', 'no');
        const wanted = await store.create('/w/x/1', 'yes');
        await store.create('/w/z', 'no');
        const last = await store.create('/w/x/2', 'yes');
        await eventually(() => events.length === 2, 'two events');
        assert.deepEqual(
          events.map((event) => event.revision),
          [wanted.revision, last.revision],
        );
        watch.stop();
      }));

    it('has no gaps or duplicates when writes commit while history is replayed', () =>
      withStore(open, async (store) => {
        const start = store.currentRevision();
        for (let index = 0; index < 20; index += 1) await store.create(`/g/old-${index}`, 'x');
        const { events, onEvent } = recorder();
        const watching = store.watch('/g/', start, onEvent);
        const writes = Array.from({ length: 20 }, (_, index) => store.create(`/g/new-${index}`, 'y'));
        const watch = await watching;
        writes.push(store.create('/g/after-watch', 'z'));
        await Promise.all(writes);
        await eventually(() => events.length >= 41, 'all 41 events');
        assertIncreasing(events);
        assert.equal(events.length, 41);
        assert.equal(new Set(events.map((event) => event.key)).size, 41);
        assert.equal(events.at(-1)?.revision, store.currentRevision());
        watch.stop();
      }));

    it('stops delivering once stopped, without disturbing other watchers', () =>
      withStore(open, async (store) => {
        const stopped = recorder();
        const running = recorder();
        const from = store.currentRevision();
        const watch = await store.watch('/s/', from, stopped.onEvent);
        const other = await store.watch('/s/', from, running.onEvent);
        await store.create('/s/1', 'x');
        await eventually(() => stopped.events.length === 1 && running.events.length === 1, 'first event');
        watch.stop();
        await store.create('/s/2', 'x');
        await eventually(() => running.events.length === 2, 'second event');
        assert.equal(stopped.events.length, 1);
        other.stop();
      }));

    it('stops a watcher whose callback throws, and keeps serving the others', () =>
      withStore(open, async (store) => {
        const healthy = recorder();
        let calls = 0;
        const from = store.currentRevision();
        await store.watch('/t/', from, () => {
          calls += 1;
          throw new Error('bad watcher');
        });
        const watch = await store.watch('/t/', from, healthy.onEvent);
        await store.create('/t/1', 'x');
        await store.create('/t/2', 'x');
        await eventually(() => healthy.events.length === 2, 'both events');
        assert.equal(calls, 1);
        watch.stop();
      }));

    it('refuses to start before the compacted revision with Compacted', () =>
      withStore(open, async (store) => {
        const first = await store.create('/c/a', 'a1');
        await store.update('/c/a', 'a2', first.revision);
        const compactAt = store.currentRevision();
        const after = await store.create('/c/b', 'b1');
        await store.compact(compactAt);
        const error = await rejectsWith(
          store.watch('/c/', first.revision, () => undefined),
          'Compacted',
        );
        assert.equal(error.compactedRevision, compactAt);

        const { events, onEvent } = recorder();
        const watch = await store.watch('/c/', compactAt, onEvent);
        await eventually(() => events.length === 1, 'the event after compaction');
        assert.deepEqual(summarize(events), [`${after.revision} put /c/b=b1 created`]);
        watch.stop();
      }));
  });
}
