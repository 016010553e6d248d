/**
 * The contract every Store backend passes. A backend's test file calls `runStoreSuite` with a function that
 * opens a fresh, empty store (and, when the backend can, one that reopens a closed store on the same data).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StorageError, type Store } from '../../../src/storage/index.js';
import { runStoreWatchSuite } from './store-watch.suite.js';
import { rejectsWith, withStore, type OpenStore } from './store-test-support.js';

export interface StoreSuiteOptions {
  /** Closes `store` and opens it again on the same data. */
  readonly reopen?: (store: Store) => Promise<Store>;
}

export function runStoreSuite(name: string, open: OpenStore, options: StoreSuiteOptions = {}): void {
  describe(`Store contract: ${name}`, () => {
    describeWrites(open);
    describeLists(open);
    describeRevisions(open);
    describeCompaction(open);
    runStoreWatchSuite(open);
    const reopen = options.reopen;
    if (reopen) describeReopen(open, reopen);
  });
}

function describeWrites(open: OpenStore): void {
  describe('writes', () => {
    it('creates a key and reads it back; a second create fails with KeyExists', () =>
      withStore(open, async (store) => {
        assert.equal(await store.get('/a'), undefined);
        const created = await store.create('/a', 'one');
        assert.deepEqual(created, {
          key: '/a',
          value: 'one',
          revision: created.revision,
          createRevision: created.revision,
        });
        assert.deepEqual(await store.get('/a'), created);
        const error = await rejectsWith(store.create('/a', 'two'), 'KeyExists');
        assert.equal(error.key, '/a');
        assert.equal((await store.get('/a'))?.value, 'one');
      }));

    it('updates only at the expected revision, keeping the create revision', () =>
      withStore(open, async (store) => {
        const created = await store.create('/a', 'one');
        const updated = await store.update('/a', 'two', created.revision);
        assert.ok(updated.revision > created.revision);
        assert.equal(updated.createRevision, created.revision);
        assert.deepEqual(await store.get('/a'), updated);

        const conflict = await rejectsWith(store.update('/a', 'three', created.revision), 'Conflict');
        assert.deepEqual(conflict.current, updated);
        assert.equal((await store.get('/a'))?.value, 'two');
        await rejectsWith(store.update('/missing', 'x', 1), 'KeyNotFound');
      }));

    it('deletes at the expected revision, or at any revision when none is given', () =>
      withStore(open, async (store) => {
        const a = await store.create('/a', 'one');
        await store.create('/b', 'two');
        const conflict = await rejectsWith(store.delete('/a', a.revision + 1), 'Conflict');
        assert.deepEqual(conflict.current, a);

        const deleted = await store.delete('/a', a.revision);
        assert.equal(deleted.value, 'one');
        assert.equal(deleted.createRevision, a.revision);
        assert.equal(deleted.revision, store.currentRevision());
        assert.equal(await store.get('/a'), undefined);
        assert.equal((await store.delete('/b')).value, 'two');
        await rejectsWith(store.delete('/a'), 'KeyNotFound');
        await rejectsWith(store.delete('/a', deleted.revision), 'KeyNotFound');
      }));

    it('recreating a deleted key starts a new create revision', () =>
      withStore(open, async (store) => {
        const first = await store.create('/a', 'one');
        await store.delete('/a');
        const second = await store.create('/a', 'two');
        assert.ok(second.createRevision > first.createRevision);
        assert.equal(second.createRevision, second.revision);
      }));

    it('gives writes from one turn distinct revisions; a failed compare-and-swap fails only itself', () =>
      withStore(open, async (store) => {
        const base = await store.create('/base', 'v1');
        const results = await Promise.allSettled([
          store.create('/c/1', 'x'),
          store.update('/base', 'v2', base.revision),
          store.update('/base', 'v3', base.revision),
          store.create('/c/2', 'y'),
          store.create('/c/1', 'again'),
          store.delete('/c/2'),
        ]);
        const codes = results.map((result) =>
          result.status === 'fulfilled' ? 'ok' : errorCode(result.reason),
        );
        assert.deepEqual(codes, ['ok', 'ok', 'Conflict', 'ok', 'KeyExists', 'ok']);
        const revisions = results.flatMap((result) =>
          result.status === 'fulfilled' ? [result.value.revision] : [],
        );
        assert.equal(new Set(revisions).size, revisions.length);
        assert.equal(Math.max(...revisions), store.currentRevision());
        assert.equal((await store.get('/base'))?.value, 'v2');
        assert.equal((await store.get('/c/1'))?.value, 'x');
        assert.equal(await store.get('/c/2'), undefined);
      }));

    it('rejects writes and reads after close with Closed', async () => {
      const store = await open();
      await store.close();
      await rejectsWith(store.create('/a', 'x'), 'Closed');
      await rejectsWith(store.get('/a'), 'Closed');
      await store.close();
    });
  });
}

function describeLists(open: OpenStore): void {
  describe('list and count', () => {
    const keys = ['/p/b', '/p/a', '/p0', '/p/c/d', '/o', '/p/c', '/q', '/p'];

    async function fill(store: Store): Promise<void> {
      for (const key of keys) await store.create(key, `value of ${key}`);
    }

    it('lists keys under a prefix in key order', () =>
      withStore(open, async (store) => {
        await fill(store);
        const result = await store.list('/p/');
        assert.deepEqual(
          result.items.map((item) => item.key),
          ['/p/a', '/p/b', '/p/c', '/p/c/d'],
        );
        assert.equal(result.items[0]?.value, 'value of /p/a');
        assert.equal(result.revision, store.currentRevision());
        assert.equal(result.more, false);
        assert.equal(result.remaining, 0);
        assert.deepEqual(
          (await store.list('')).items.map((item) => item.key),
          [...keys].sort(),
        );
        assert.deepEqual((await store.list('/none/')).items, []);
      }));

    it('pages with startKey and limit, counting what remains', () =>
      withStore(open, async (store) => {
        await fill(store);
        const first = await store.list('/p/', { limit: 3 });
        assert.deepEqual(
          first.items.map((item) => item.key),
          ['/p/a', '/p/b', '/p/c'],
        );
        assert.equal(first.more, true);
        assert.equal(first.remaining, 1);
        await store.create('/p/bb', 'written between pages');
        const second = await store.list('/p/', { startKey: '/p/c', limit: 3, revision: first.revision });
        assert.deepEqual(
          second.items.map((item) => item.key),
          ['/p/c', '/p/c/d'],
        );
        assert.equal(second.revision, first.revision);
        assert.equal(second.more, false);
        assert.equal(second.remaining, 0);
        const exact = await store.list('/p/', { limit: 5 });
        assert.equal(exact.items.length, 5);
        assert.equal(exact.more, false);
      }));

    it('reads a snapshot at an older revision', () =>
      withStore(open, async (store) => {
        const a = await store.create('/s/a', 'a1');
        const b = await store.create('/s/b', 'b1');
        const snapshot = store.currentRevision();
        await store.update('/s/a', 'a2', a.revision);
        await store.delete('/s/b', b.revision);
        await store.create('/s/c', 'c1');

        const old = await store.list('/s/', { revision: snapshot });
        assert.deepEqual(old.items, [a, b]);
        assert.equal(old.revision, snapshot);
        const paged = await store.list('/s/', { revision: snapshot, limit: 1 });
        assert.deepEqual(paged.items, [a]);
        assert.equal(paged.remaining, 1);
        assert.deepEqual(await store.get('/s/a', { revision: snapshot }), a);
        assert.deepEqual(await store.get('/s/b', { revision: snapshot }), b);
        assert.equal(await store.get('/s/c', { revision: snapshot }), undefined);
        assert.equal(await store.get('/s/a', { revision: a.revision - 1 }), undefined);
        assert.deepEqual(
          (await store.list('/s/')).items.map((item) => item.value),
          ['a2', 'c1'],
        );
      }));

    it('counts the live keys under a prefix', () =>
      withStore(open, async (store) => {
        await fill(store);
        assert.equal(await store.count('/p/'), 4);
        assert.equal(await store.count('/p'), 6);
        assert.equal(await store.count(''), keys.length);
        await store.delete('/p/a');
        assert.equal(await store.count('/p/'), 3);
        assert.equal(await store.count('/none/'), 0);
      }));

    it('returns the live keys under several prefixes, up to a limit', () =>
      withStore(open, async (store) => {
        await fill(store);
        assert.deepEqual((await store.keys(['/p/c', '/q', '/none/'], 10)).sort(), ['/p/c', '/p/c/d', '/q']);
        assert.equal((await store.keys(['/p/'], 2)).length, 2);
        assert.deepEqual(await store.keys([], 10), []);
        await store.delete('/q');
        assert.deepEqual(await store.keys(['/q'], 10), []);
      }));

    it('sums the keys and value bytes under several prefixes', () =>
      withStore(open, async (store) => {
        await fill(store);
        const bytesOf = (...names: string[]): number =>
          names.reduce((sum, key) => sum + Buffer.byteLength(`value of ${key}`), 0);
        assert.deepEqual(await store.usage(['/p/c']), { objects: 2, bytes: bytesOf('/p/c', '/p/c/d') });
        assert.deepEqual(await store.usage(['/o', '/q', '/none/']), {
          objects: 2,
          bytes: bytesOf('/o', '/q'),
        });
        assert.deepEqual(await store.usage([]), { objects: 0, bytes: 0 });
        await store.delete('/o');
        assert.deepEqual(await store.usage(['/o', '/q']), { objects: 1, bytes: bytesOf('/q') });
      }));
  });
}

function describeRevisions(open: OpenStore): void {
  describe('revisions', () => {
    it('grows strictly with every write and prints as a plain decimal', () =>
      withStore(open, async (store) => {
        const start = store.currentRevision();
        const a = await store.create('/a', 'x');
        const b = await store.update('/a', 'y', a.revision);
        const c = await store.create('/b', 'z');
        const d = await store.delete('/a');
        const revisions = [a, b, c, d].map((kv) => kv.revision);
        assert.ok(a.revision > start);
        for (const revision of revisions) assert.match(String(revision), /^[1-9][0-9]*$/);
        assert.deepEqual(
          [...revisions].sort((x, y) => x - y),
          revisions,
        );
        assert.equal(new Set(revisions).size, revisions.length);
        assert.equal(store.currentRevision(), d.revision);
      }));

    it('rejects reads at a revision not yet written with FutureRevision', () =>
      withStore(open, async (store) => {
        await store.create('/a', 'x');
        const future = store.currentRevision() + 1;
        await rejectsWith(store.get('/a', { revision: future }), 'FutureRevision');
        await rejectsWith(store.list('/', { revision: future }), 'FutureRevision');
      }));
  });
}

function describeCompaction(open: OpenStore): void {
  describe('compaction', () => {
    it('keeps reads at and after the compacted revision, rejects older ones with Compacted', () =>
      withStore(open, async (store) => {
        const a1 = await store.create('/k/a', 'a1');
        const a2 = await store.update('/k/a', 'a2', a1.revision);
        const b = await store.create('/k/b', 'b1');
        const gone = await store.create('/k/gone', 'g');
        await store.delete('/k/gone');
        const compactAt = store.currentRevision();
        await store.update('/k/b', 'b2', b.revision);
        await store.compact(compactAt);
        assert.equal(store.compactedRevision(), compactAt);

        assert.deepEqual((await store.list('/k/', { revision: compactAt })).items, [a2, b]);
        assert.deepEqual(await store.get('/k/a', { revision: compactAt }), a2);
        assert.equal(await store.get('/k/gone', { revision: compactAt }), undefined);
        const error = await rejectsWith(store.get('/k/a', { revision: gone.revision }), 'Compacted');
        assert.equal(error.compactedRevision, compactAt);
        await rejectsWith(store.list('/k/', { revision: a1.revision }), 'Compacted');
        assert.equal((await store.get('/k/b'))?.value, 'b2');

        await store.compact(a1.revision);
        assert.equal(store.compactedRevision(), compactAt, 'compacting backwards changes nothing');
      }));
  });
}

function describeReopen(open: OpenStore, reopen: (store: Store) => Promise<Store>): void {
  it('keeps data, history and the revision counter across a reopen', async () => {
    const store = await open();
    const a = await store.create('/r/a', 'a1');
    const a2 = await store.update('/r/a', 'a2', a.revision);
    await store.create('/r/b', 'b1');
    const last = await store.delete('/r/b');
    await store.compact(last.revision);
    const revision = store.currentRevision();

    const reopened = await reopen(store);
    try {
      assert.equal(reopened.currentRevision(), revision);
      assert.equal(reopened.compactedRevision(), last.revision);
      assert.deepEqual((await reopened.list('/r/')).items, [a2]);
      assert.deepEqual(await reopened.get('/r/a', { revision: last.revision }), a2);
      const next = await reopened.create('/r/c', 'c1');
      assert.ok(next.revision > revision, 'revisions are never reused');
    } finally {
      await reopened.close();
    }
  });
}

function errorCode(error: unknown): string {
  return error instanceof StorageError ? error.code : String(error);
}
