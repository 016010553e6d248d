import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { SqliteStore, type Store } from '../../../src/storage/index.js';
import { eventually, recorder, summarize, withStore } from './store-test-support.js';
import { runStoreSuite } from './store.suite.js';

const dataDir = mkdtempSync(join(tmpdir(), 'kubetenant-sqlite-'));
after(() => rmSync(dataDir, { recursive: true, force: true }));

let fileCount = 0;
const paths = new Map<Store, string>();

async function openFileStore(historyLimit?: number): Promise<Store> {
  fileCount += 1;
  const path = join(dataDir, `store-${fileCount}.db`);
  const store = SqliteStore.open({ path, historyLimit });
  paths.set(store, path);
  return store;
}

async function reopenFileStore(store: Store): Promise<Store> {
  const path = paths.get(store);
  assert.ok(path, 'store was not opened by openFileStore');
  await store.close();
  return SqliteStore.open({ path });
}

runStoreSuite('SqliteStore in memory', async () => SqliteStore.open({ path: ':memory:' }));
runStoreSuite('SqliteStore on a file', () => openFileStore(), { reopen: reopenFileStore });
// A ring of two events sends nearly every watch in the suite to the log for its history.
runStoreSuite('SqliteStore with a tiny watch history', () => openFileStore(2), { reopen: reopenFileStore });

describe('SqliteStore', () => {
  it('replays watch history from the log when the ring no longer holds it', () =>
    withStore(
      async () => SqliteStore.open({ path: ':memory:', historyLimit: 3 }),
      async (store) => {
        const a = await store.create('/h/a', 'a1');
        await store.update('/h/a', 'a2', a.revision);
        await store.create('/other', 'x');
        await store.delete('/h/a');
        for (let index = 0; index < 5; index += 1) await store.create(`/h/n${index}`, 'n');
        const { events, onEvent } = recorder();
        const watch = await store.watch('/h/', 0, onEvent);
        await eventually(() => events.length === 8, 'all eight events');
        assert.deepEqual(summarize(events).slice(0, 4), [
          '1 put /h/a=a1 created',
          '2 put /h/a=a2 (was a1)',
          '4 delete /h/a=a2 (was a2)',
          '5 put /h/n0=n created',
        ]);
        assert.deepEqual(
          events.map((event) => event.revision),
          [1, 2, 4, 5, 6, 7, 8, 9],
        );
        watch.stop();
      },
    ));

  it('numbers the writes of one turn consecutively, in call order', () =>
    withStore(
      async () => SqliteStore.open({ path: ':memory:' }),
      async (store) => {
        const results = await Promise.all(
          Array.from({ length: 50 }, (_, index) => store.create(`/b/${index}`, 'x')),
        );
        assert.deepEqual(
          results.map((result) => result.revision),
          Array.from({ length: 50 }, (_, index) => index + 1),
        );
      },
    ));

  it('loses no acknowledged write when the process is killed', async () => {
    const path = join(dataDir, 'durability.db');
    const child = spawn(process.execPath, ['--input-type=module', '--eval', durabilityWriter(path)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('exit', (_code, signal) => resolve(signal)),
    );
    const acknowledged: string[] = [];
    let partial = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      acknowledged.push(...lines);
    });
    await eventually(() => acknowledged.length >= 400, '400 acknowledged writes', 30_000);
    child.kill('SIGKILL');
    assert.equal(await exited, 'SIGKILL');

    const store = SqliteStore.open({ path });
    try {
      const missing = [];
      for (const key of acknowledged) if (!(await store.get(key))) missing.push(key);
      assert.deepEqual(missing, [], `${missing.length} of ${acknowledged.length} acknowledged writes lost`);
      assert.ok(store.currentRevision() >= acknowledged.length);
    } finally {
      await store.close();
    }
  });
});

/**
 * A child program that writes keys forever, a few per turn so batches share a commit, and prints each key
 * only after its write was acknowledged. Inline rather than a file of its own, so no test runner mistakes it
 * for a test.
 */
function durabilityWriter(path: string): string {
  const storeModule = new URL('../../../src/storage/index.js', import.meta.url).href;
  return `
    import { SqliteStore } from ${JSON.stringify(storeModule)};
    const store = SqliteStore.open({ path: ${JSON.stringify(path)} });
    for (let round = 0; ; round += 1) {
      await Promise.all(Array.from({ length: 8 }, async (_, index) => {
        const key = '/durable/' + round + '/' + index;
        await store.create(key, JSON.stringify({ round, index }));
        process.stdout.write(key + '\\n'); // synchronous for pipes on Linux: the parent can read it now
      }));
    }`;
}
