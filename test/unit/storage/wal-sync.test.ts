import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { WalSync } from '../../../src/storage/sqlite/wal-sync.js';

const dir = mkdtempSync(join(tmpdir(), 'kubetenant-wal-sync-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function walFile(name: string): string {
  const path = join(dir, name);
  writeFileSync(path, 'frames');
  return path;
}

/** Resolves with the order in which the callbacks ran and the error each one was given. */
function requestSyncs(sync: WalSync, count: number): Promise<{ order: number[]; errors: (Error | null)[] }> {
  const order: number[] = [];
  const errors: (Error | null)[] = [];
  return new Promise((resolve) => {
    for (let index = 0; index < count; index += 1) {
      sync.whenDurable((error) => {
        order.push(index);
        errors.push(error);
        if (order.length === count) resolve({ order, errors });
      });
    }
  });
}

describe('WalSync', () => {
  it('reports every request, in the order made, including those made while a sync was in flight', async () => {
    const sync = new WalSync(walFile('ordered-wal'));
    const { order, errors } = await requestSyncs(sync, 5);
    assert.deepEqual(order, [0, 1, 2, 3, 4]);
    assert.deepEqual(errors, [null, null, null, null, null]);
    await sync.close();
  });

  it('passes a missing WAL file to the callbacks as an error instead of throwing', async () => {
    const sync = new WalSync(join(dir, 'absent-wal'));
    const { errors } = await requestSyncs(sync, 2);
    assert.equal(errors.length, 2);
    for (const error of errors) assert.match(String(error), /ENOENT/);
    await sync.close();
  });

  it('close waits for the sync in flight', async () => {
    const sync = new WalSync(walFile('closing-wal'));
    let synced = false;
    sync.whenDurable(() => {
      synced = true;
    });
    await sync.close();
    assert.equal(synced, true);
  });
});
