/**
 * The SQLite schema and every SQL statement the store runs, prepared once per connection.
 *
 * Two tables hold the data, like etcd's MVCC: `log` keeps one row per revision (the history that old reads
 * and watch replay need) and `current` keeps the live value of each key so ordinary reads never scan history.
 * Both are written in the same transaction, so they never disagree.
 */
import type Database from 'better-sqlite3';

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS log (
    revision        INTEGER PRIMARY KEY,
    key             TEXT    NOT NULL,
    -- For a deletion (deleted = 1) the value the key held, so delete events replay without a join.
    value           TEXT    NOT NULL,
    create_revision INTEGER NOT NULL,
    -- The revision of the live value this write replaced; 0 when the write created the key.
    prev_revision   INTEGER NOT NULL,
    deleted         INTEGER NOT NULL
  );
  CREATE INDEX IF NOT EXISTS log_by_key ON log (key, revision);
  CREATE TABLE IF NOT EXISTS current (
    key             TEXT    PRIMARY KEY,
    value           TEXT    NOT NULL,
    revision        INTEGER NOT NULL,
    create_revision INTEGER NOT NULL
  );
  CREATE TABLE IF NOT EXISTS meta (
    name  TEXT    PRIMARY KEY,
    value INTEGER NOT NULL
  );
`;

/** A live key as stored in `current` (or a log row read as of some revision). */
export interface ValueRow {
  readonly key: string;
  readonly value: string;
  readonly revision: number;
  readonly create_revision: number;
}

export interface HistoricalValueRow extends ValueRow {
  readonly deleted: number;
}

/** A log row joined with the value it replaced, enough to rebuild its watch event. */
export interface EventRow {
  readonly revision: number;
  readonly key: string;
  readonly value: string;
  readonly prev_revision: number;
  readonly prev_value: string | null;
  readonly deleted: number;
}

export interface LogEntry {
  readonly revision: number;
  readonly key: string;
  readonly value: string;
  readonly createRevision: number;
  readonly prevRevision: number;
  readonly deleted: boolean;
}

/**
 * A key range `[from, to)` covering every key that starts with a prefix. `to` is a Buffer when the prefix is
 * empty: SQLite orders every TEXT value before any BLOB, so a BLOB bound means "no upper bound" while the
 * statement (and its index use) stays the same.
 */
export interface KeyRange {
  readonly from: string;
  readonly to: string | Buffer;
}

interface RangeParams {
  from: string;
  to: string | Buffer;
}
interface PageParams extends RangeParams {
  limit: number;
}
interface RevisionParams {
  revision: number;
}
interface EventParams extends RangeParams {
  after: number;
  through: number;
}
type MetaName = 'compacted_revision' | 'revision';

/** Every statement the store uses; created once when the store opens. */
export class Statements {
  readonly currentGet: Database.Statement<[string], ValueRow>;
  readonly currentPut: Database.Statement<[string, string, number, number]>;
  readonly currentDelete: Database.Statement<[string]>;
  readonly currentList: Database.Statement<[PageParams], ValueRow>;
  readonly currentCount: Database.Statement<[RangeParams], { n: number }>;
  readonly logAppend: Database.Statement<[LogEntryParams]>;
  readonly logGetAt: Database.Statement<[string, number], HistoricalValueRow>;
  readonly logListAt: Database.Statement<[PageParams & RevisionParams], ValueRow>;
  readonly logCountAt: Database.Statement<[RangeParams & RevisionParams], { n: number }>;
  readonly logEvents: Database.Statement<[EventParams], EventRow>;
  readonly logMaxRevision: Database.Statement<[], { revision: number | null }>;
  readonly logCompact: Database.Statement<[RevisionParams]>;
  readonly metaGet: Database.Statement<[MetaName], { value: number }>;
  readonly metaSet: Database.Statement<[MetaName, number]>;
  /** Statements over several key ranges at once, by number of ranges (prepared on first use). */
  private readonly usageOver = new Map<
    number,
    Database.Statement<RangeBound[], { n: number; bytes: number }>
  >();
  private readonly keysOver = new Map<number, Database.Statement<RangeBound[], { key: string }>>();

  constructor(private readonly db: Database.Database) {
    db.exec(SCHEMA);
    this.currentGet = db.prepare('SELECT key, value, revision, create_revision FROM current WHERE key = ?');
    this.currentPut = db.prepare(
      `INSERT INTO current (key, value, revision, create_revision) VALUES (?, ?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET
         value = excluded.value, revision = excluded.revision, create_revision = excluded.create_revision`,
    );
    this.currentDelete = db.prepare('DELETE FROM current WHERE key = ?');
    this.currentList = db.prepare(
      `SELECT key, value, revision, create_revision FROM current
       WHERE key >= @from AND key < @to ORDER BY key LIMIT @limit`,
    );
    this.currentCount = db.prepare('SELECT count(*) AS n FROM current WHERE key >= @from AND key < @to');
    this.logAppend = db.prepare(
      `INSERT INTO log (revision, key, value, create_revision, prev_revision, deleted)
       VALUES (@revision, @key, @value, @createRevision, @prevRevision, @deleted)`,
    );
    this.logGetAt = db.prepare(
      `SELECT key, value, revision, create_revision, deleted FROM log
       WHERE key = ? AND revision <= ? ORDER BY revision DESC LIMIT 1`,
    );
    // A key's row in the snapshot is its newest log row at or before the snapshot revision, unless that row
    // is a deletion. Walking the key index keeps the rows in key order, so a page stops at its limit.
    const inSnapshot = `
      key >= @from AND key < @to AND deleted = 0 AND revision = (
        SELECT max(newer.revision) FROM log AS newer WHERE newer.key = log.key AND newer.revision <= @revision)`;
    this.logListAt = db.prepare(
      `SELECT key, value, revision, create_revision FROM log WHERE ${inSnapshot} ORDER BY key LIMIT @limit`,
    );
    this.logCountAt = db.prepare(`SELECT count(*) AS n FROM log WHERE ${inSnapshot}`);
    // `+log.key` keeps SQLite from choosing the key index: replay spans a revision range, so walking the
    // primary key from `after` reads only the rows it returns.
    this.logEvents = db.prepare(
      `SELECT log.revision, log.key, log.value, log.prev_revision, log.deleted, prev.value AS prev_value
       FROM log LEFT JOIN log AS prev ON prev.revision = log.prev_revision
       WHERE log.revision > @after AND log.revision <= @through AND +log.key >= @from AND +log.key < @to
       ORDER BY log.revision`,
    );
    this.logMaxRevision = db.prepare('SELECT max(revision) AS revision FROM log');
    // Keeps, per key, the newest row at or before the compaction revision (what reads at that revision see),
    // unless it is a deletion, which reads as "absent" just as well without the row.
    this.logCompact = db.prepare(
      `DELETE FROM log WHERE revision < @revision AND (deleted = 1 OR EXISTS (
         SELECT 1 FROM log AS newer
         WHERE newer.key = log.key AND newer.revision > log.revision AND newer.revision <= @revision))`,
    );
    this.metaGet = db.prepare('SELECT value FROM meta WHERE name = ?');
    this.metaSet = db.prepare(
      'INSERT INTO meta (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value',
    );
  }

  /** Live keys under any of `ranges` and the bytes of their values, in one statement (one seek per range). */
  currentUsage(ranges: readonly KeyRange[]): { n: number; bytes: number } {
    if (ranges.length === 0) return { n: 0, bytes: 0 };
    const statement = preparedFor(this.usageOver, ranges.length, (where) =>
      this.db.prepare<RangeBound[], { n: number; bytes: number }>(
        `SELECT count(*) AS n, coalesce(sum(length(CAST(value AS BLOB))), 0) AS bytes FROM current WHERE ${where}`,
      ),
    );
    return statement.get(...bounds(ranges)) ?? { n: 0, bytes: 0 };
  }

  /** Up to `limit` live keys under any of `ranges`, in one statement. */
  currentKeys(ranges: readonly KeyRange[], limit: number): string[] {
    if (ranges.length === 0) return [];
    const statement = preparedFor(this.keysOver, ranges.length, (where) =>
      this.db.prepare<RangeBound[], { key: string }>(`SELECT key FROM current WHERE ${where} LIMIT ?`),
    );
    return statement.all(...bounds(ranges), limit).map((row) => row.key);
  }

  appendLog(entry: LogEntry): void {
    this.logAppend.run({ ...entry, deleted: entry.deleted ? 1 : 0 });
  }

  readMeta(name: MetaName): number {
    return this.metaGet.get(name)?.value ?? 0;
  }
}

interface LogEntryParams {
  revision: number;
  key: string;
  value: string;
  createRevision: number;
  prevRevision: number;
  deleted: number;
}

type RangeBound = string | Buffer | number;

/** `(key >= ? AND key < ?) OR …` for `count` ranges: SQLite answers it with one index seek per range. */
function preparedFor<S>(cache: Map<number, S>, count: number, prepare: (where: string) => S): S {
  let statement = cache.get(count);
  if (statement === undefined) {
    const where = Array.from({ length: count }, () => '(key >= ? AND key < ?)').join(' OR ');
    cache.set(count, (statement = prepare(where)));
  }
  return statement;
}

function bounds(ranges: readonly KeyRange[]): RangeBound[] {
  return ranges.flatMap((range) => [range.from, range.to]);
}

const NO_UPPER_BOUND = Buffer.from([0xff]);

/** The range of keys starting with `prefix`, optionally starting no earlier than `startKey`. */
export function keyRange(prefix: string, startKey?: string): KeyRange {
  const from = startKey !== undefined && startKey > prefix ? startKey : prefix;
  return { from, to: prefixEnd(prefix) ?? NO_UPPER_BOUND };
}

/**
 * The smallest string greater than every string starting with `prefix`: the prefix with its last character
 * incremented. Keys are ASCII, where JavaScript's order and SQLite's byte order agree.
 */
function prefixEnd(prefix: string): string | undefined {
  const trimmed = prefix.replace(/\uffff+$/, '');
  if (trimmed === '') return undefined;
  const last = trimmed.charCodeAt(trimmed.length - 1);
  return trimmed.slice(0, -1) + String.fromCharCode(last + 1);
}

/** SQLite's spelling of "no limit". */
export function sqlLimit(limit: number | undefined): number {
  return limit !== undefined && limit > 0 ? limit : -1;
}
