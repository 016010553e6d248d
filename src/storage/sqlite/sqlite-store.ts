/**
 * The embedded backend: one SQLite file in WAL mode. Writes issued in the same event-loop turn are committed
 * together in one transaction (group commit), yet each is validated on its own and only a failing one is
 * rejected. A write is acknowledged, and its event published, only once its WAL frames are on disk
 * (`WalSync`), so an acknowledged write survives power loss as with synchronous=FULL, without the event loop
 * waiting for the disk. Reads may see a commit a little before it is acknowledged; only a power loss in that
 * window could take back what they saw.
 */
import Database from 'better-sqlite3';
import {
  StorageError,
  type KeyValue,
  type ListOptions,
  type ListResult,
  type Store,
  type Watch,
  type WatchEvent,
} from '../types.js';
import { WatchHub } from '../watch-hub.js';
import { keyRange, sqlLimit, Statements, type EventRow, type KeyRange } from './statements.js';
import { WalSync, type DurableCallback } from './wal-sync.js';
import { applyWrite, toKeyValue, type AppliedWrite, type WriteRequest } from './writes.js';

export interface SqliteStoreOptions {
  /** Database file, or ':memory:' for a throwaway store. */
  readonly path: string;
  /** How many recent events the watch hub keeps in memory for resuming watches. */
  readonly historyLimit?: number;
}

interface PendingWrite {
  readonly request: WriteRequest;
  readonly resolve: (result: KeyValue) => void;
  readonly reject: (error: unknown) => void;
}

type Outcome = { readonly applied: AppliedWrite } | { readonly error: StorageError };

export class SqliteStore implements Store {
  private pending: PendingWrite[] = [];
  private scheduledFlush: NodeJS.Immediate | undefined;
  private closed = false;
  private readonly hub: WatchHub;
  private readonly commitBatch: (batch: readonly PendingWrite[]) => Outcome[];

  private constructor(
    private readonly db: Database.Database,
    private readonly statements: Statements,
    private revision: number,
    private compacted: number,
    historyLimit: number | undefined,
    /** Undefined for an in-memory database, which has nothing to sync. */
    private readonly walSync: WalSync | undefined,
  ) {
    const source = {
      readHistory: (prefix: string, after: number, through: number) =>
        this.readHistory(prefix, after, through),
      compactedRevision: () => this.compacted,
    };
    this.hub = new WatchHub(source, { startRevision: revision, historyLimit });
    this.commitBatch = db.transaction((batch: readonly PendingWrite[]) => this.applyBatch(batch));
  }

  /** Opens (creating if needed) the store at `options.path`. */
  static open(options: SqliteStoreOptions): SqliteStore {
    const db = new Database(options.path);
    try {
      db.pragma('journal_mode = WAL');
      // Commits do not wait for the disk here; WalSync syncs them before they are acknowledged.
      db.pragma('synchronous = NORMAL');
      const statements = new Statements(db);
      // The log's newest row is never compacted away (compaction keeps rows at or above its revision, which
      // is at most the current one); the meta copy is written at compaction as a second guard.
      const revision = Math.max(
        statements.logMaxRevision.get()?.revision ?? 0,
        statements.readMeta('revision'),
      );
      const compacted = statements.readMeta('compacted_revision');
      const walSync = db.memory ? undefined : new WalSync(`${options.path}-wal`);
      return new SqliteStore(db, statements, revision, compacted, options.historyLimit, walSync);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  async get(key: string, options?: { revision?: number }): Promise<KeyValue | undefined> {
    this.assertOpen(key);
    const revision = options?.revision;
    if (revision === undefined || revision === this.revision) {
      const row = this.statements.currentGet.get(key);
      return row && toKeyValue(row);
    }
    this.assertReadable(key, revision);
    const row = this.statements.logGetAt.get(key, revision);
    return row && !row.deleted ? toKeyValue(row) : undefined;
  }

  async list(prefix: string, options: ListOptions = {}): Promise<ListResult> {
    this.assertOpen(prefix);
    const range = keyRange(prefix, options.startKey);
    const limit = sqlLimit(options.limit);
    const revision = options.revision ?? this.revision;
    const atCurrent = revision === this.revision;
    if (!atCurrent) this.assertReadable(prefix, revision);
    const rows = atCurrent
      ? this.statements.currentList.all({ ...range, limit })
      : this.statements.logListAt.all({ ...range, limit, revision });
    // Only a full page can have keys after it, and counting them scans the rest of the range.
    const fullPage = limit > 0 && rows.length === limit;
    const remaining = fullPage ? this.countKeys(range, revision) - rows.length : 0;
    return { items: rows.map(toKeyValue), revision, more: remaining > 0, remaining };
  }

  async count(prefix: string): Promise<number> {
    this.assertOpen(prefix);
    return this.countKeys(keyRange(prefix), this.revision);
  }

  async usage(prefixes: readonly string[]): Promise<{ objects: number; bytes: number }> {
    this.assertOpen(prefixes[0] ?? '');
    const row = this.statements.currentUsage(prefixes.map((prefix) => keyRange(prefix)));
    return { objects: row.n, bytes: row.bytes };
  }

  async keys(prefixes: readonly string[], limit: number): Promise<string[]> {
    this.assertOpen(prefixes[0] ?? '');
    return this.statements.currentKeys(
      prefixes.map((prefix) => keyRange(prefix)),
      limit,
    );
  }

  /** Live keys in `range` as of `revision`, from the current table when that is the current revision. */
  private countKeys(range: KeyRange, revision: number): number {
    const row =
      revision === this.revision
        ? this.statements.currentCount.get(range)
        : this.statements.logCountAt.get({ ...range, revision });
    return row?.n ?? 0;
  }

  create(key: string, value: string): Promise<KeyValue> {
    return this.enqueue({ kind: 'create', key, value });
  }

  update(key: string, value: string, expectedRevision: number): Promise<KeyValue> {
    return this.enqueue({ kind: 'update', key, value, expectedRevision });
  }

  delete(key: string, expectedRevision?: number): Promise<KeyValue> {
    return this.enqueue({ kind: 'delete', key, expectedRevision });
  }

  async watch(prefix: string, fromRevision: number, onEvent: (event: WatchEvent) => void): Promise<Watch> {
    this.assertOpen(prefix);
    return this.hub.watch(prefix, fromRevision, onEvent);
  }

  currentRevision(): number {
    return this.revision;
  }

  compactedRevision(): number {
    return this.compacted;
  }

  /** Compacting at or below the compacted revision does nothing. */
  async compact(revision: number): Promise<void> {
    this.assertOpen('');
    if (revision > this.revision) {
      throw new StorageError(
        'FutureRevision',
        '',
        `cannot compact at ${revision}: newest is ${this.revision}`,
      );
    }
    if (revision <= this.compacted) return;
    this.db.transaction(() => {
      this.statements.logCompact.run({ revision });
      this.statements.metaSet.run('compacted_revision', revision);
      this.statements.metaSet.run('revision', this.revision);
    })();
    this.compacted = revision;
  }

  /** Commits queued writes, stops every watch and closes the database. Later calls throw Closed. */
  async close(): Promise<void> {
    if (this.closed) return;
    if (this.scheduledFlush) clearImmediate(this.scheduledFlush);
    this.flush();
    this.closed = true;
    await this.walSync?.close();
    this.hub.close();
    this.db.close();
  }

  private enqueue(request: WriteRequest): Promise<KeyValue> {
    if (this.closed) return Promise.reject(closedError(request.key));
    return new Promise((resolve, reject) => {
      this.pending.push({ request, resolve, reject });
      // setImmediate runs after the current turn's I/O callbacks, so writes from requests that arrived
      // together land in one batch.
      this.scheduledFlush ??= setImmediate(() => this.flush());
    });
  }

  /**
   * Commits every queued write in one transaction; once it is durable, publishes the events and settles the
   * promises. Revisions advance at once, since reads already see the commit.
   */
  private flush(): void {
    const batch = this.pending;
    this.pending = [];
    this.scheduledFlush = undefined;
    if (batch.length === 0) return;
    let outcomes: Outcome[];
    try {
      outcomes = this.commitBatch(batch);
    } catch (cause) {
      // The transaction rolled back: nothing in the batch happened.
      const error = new StorageError('Internal', '', `write transaction failed: ${String(cause)}`);
      for (const write of batch) write.reject(error);
      return;
    }
    const events: WatchEvent[] = [];
    for (const outcome of outcomes) {
      if ('applied' in outcome) {
        events.push(outcome.applied.event);
        this.revision = outcome.applied.result.revision;
      }
    }
    this.whenDurable((error) => {
      // The commit is visible either way, so watchers must see it; only the acknowledgement changes.
      this.hub.publish(events);
      if (error) {
        const unsynced = new StorageError('Internal', '', `write committed but not synced to disk: ${error}`);
        for (const write of batch) write.reject(unsynced);
      } else batch.forEach((write, index) => settle(write, outcomes[index]));
    });
  }

  private whenDurable(done: DurableCallback): void {
    if (this.walSync) this.walSync.whenDurable(done);
    else done(null);
  }

  /** Runs inside the batch transaction. A StorageError fails one write; anything else aborts the batch. */
  private applyBatch(batch: readonly PendingWrite[]): Outcome[] {
    let revision = this.revision;
    return batch.map((write): Outcome => {
      try {
        const applied = applyWrite(this.statements, write.request, revision + 1);
        revision += 1;
        return { applied };
      } catch (error) {
        if (error instanceof StorageError) return { error };
        throw error;
      }
    });
  }

  private readHistory(prefix: string, afterRevision: number, throughRevision: number): WatchEvent[] {
    this.assertOpen(prefix);
    this.assertReadable(prefix, afterRevision);
    const range = keyRange(prefix);
    const rows = this.statements.logEvents.all({ ...range, after: afterRevision, through: throughRevision });
    return rows.map(toWatchEvent);
  }

  private assertOpen(key: string): void {
    if (this.closed) throw closedError(key);
  }

  /** Reads at `revision` need its history: not compacted away, and not yet to be written. */
  private assertReadable(key: string, revision: number): void {
    if (revision < this.compacted) {
      throw new StorageError(
        'Compacted',
        key,
        `revision ${revision} has been compacted (compacted revision ${this.compacted})`,
        undefined,
        this.compacted,
      );
    }
    if (revision > this.revision) {
      throw new StorageError('FutureRevision', key, `revision ${revision} is newer than ${this.revision}`);
    }
  }
}

function settle(write: PendingWrite, outcome: Outcome | undefined): void {
  if (outcome && 'applied' in outcome) write.resolve(outcome.applied.result);
  else
    write.reject(outcome?.error ?? new StorageError('Internal', write.request.key, 'write has no outcome'));
}

function closedError(key: string): StorageError {
  return new StorageError('Closed', key, 'storage is closed');
}

function toWatchEvent(row: EventRow): WatchEvent {
  const { key, value, revision } = row;
  if (row.deleted) return { type: 'delete', key, value, revision, prevValue: value, created: false };
  if (row.prev_value === null) return { type: 'put', key, value, revision, created: row.prev_revision === 0 };
  return { type: 'put', key, value, revision, prevValue: row.prev_value, created: false };
}
