/**
 * The storage contract every backend implements (SQLite embedded, etcd distributed). Keys and values are
 * opaque strings here; the registry owns key layout and encoding. Revisions are one counter per store that
 * only grows; every write gets the next one, and it becomes the object's resourceVersion.
 */
export interface KeyValue {
  readonly key: string;
  /** Serialized object (JSON text). */
  readonly value: string;
  /** Revision of the write that produced this value (etcd's mod_revision). */
  readonly revision: number;
  /** Revision at which the key was created (etcd's create_revision). */
  readonly createRevision: number;
}

export interface ListOptions {
  /** Read the state as of this revision; absent means the current revision. */
  readonly revision?: number;
  /** Start at this key (inclusive), for continuing a paged list. */
  readonly startKey?: string;
  /** Return at most this many items; absent or 0 means no limit. */
  readonly limit?: number;
}

export interface ListResult {
  readonly items: KeyValue[];
  /** The snapshot revision the list was read at. */
  readonly revision: number;
  /** Whether more keys under the prefix follow the last item. */
  readonly more: boolean;
  /** How many keys follow, when `more` is set. */
  readonly remaining: number;
}

export type WatchEventType = 'put' | 'delete';

export interface WatchEvent {
  readonly type: WatchEventType;
  readonly key: string;
  /** For 'put' the new value; for 'delete' the value the key held before it was deleted. */
  readonly value: string;
  /** Revision of this event. */
  readonly revision: number;
  /** The value before this event, if the key existed (lets watchers detect selector transitions). */
  readonly prevValue?: string;
  /** True when this put created the key. */
  readonly created: boolean;
}

export interface Watch {
  /** Stops delivery; safe to call more than once. */
  stop(): void;
}

export type StorageErrorCode =
  'KeyExists' | 'KeyNotFound' | 'Conflict' | 'Compacted' | 'FutureRevision' | 'Closed' | 'Internal';

/** The only error backends throw; `registry/` alone turns it into Status errors. */
export class StorageError extends Error {
  constructor(
    readonly code: StorageErrorCode,
    readonly key: string,
    message: string,
    /** For Conflict: the current value; for Compacted: the compacted revision. */
    readonly current?: KeyValue,
    readonly compactedRevision?: number,
  ) {
    super(message);
    this.name = 'StorageError';
  }
}

export interface Store {
  /** Reads one key, at `revision` if given. Resolves undefined when absent. Throws Compacted/FutureRevision. */
  get(key: string, options?: { revision?: number }): Promise<KeyValue | undefined>;

  /** Lists keys starting with `prefix` in key order, from one consistent snapshot. Throws Compacted/FutureRevision. */
  list(prefix: string, options?: ListOptions): Promise<ListResult>;

  /** Counts the live keys under `prefix` now. */
  count(prefix: string): Promise<number>;

  /**
   * The live keys under any of `prefixes` now and the bytes their values take (for tenant limits and
   * usage). Prefixes must not overlap, or keys under both count twice.
   */
  usage(prefixes: readonly string[]): Promise<{ readonly objects: number; readonly bytes: number }>;

  /** Up to `limit` live keys under any of `prefixes`, in no particular order (for bulk removal). */
  keys(prefixes: readonly string[], limit: number): Promise<string[]>;

  /** Creates `key`; throws KeyExists if it is present. Resolves once the write is durable. */
  create(key: string, value: string): Promise<KeyValue>;

  /**
   * Replaces `key` if its current revision is `expectedRevision`; throws KeyNotFound when absent and
   * Conflict (carrying the current value) when the revision differs. Resolves once durable.
   */
  update(key: string, value: string, expectedRevision: number): Promise<KeyValue>;

  /**
   * Deletes `key` if its current revision is `expectedRevision` (any revision when undefined). Resolves the
   * deleted value with the revision of the deletion. Throws KeyNotFound / Conflict.
   */
  delete(key: string, expectedRevision?: number): Promise<KeyValue>;

  /**
   * Delivers, in revision order and without gaps, every event under `prefix` with a revision greater than
   * `fromRevision`: first from history, then live. Throws Compacted synchronously-or-by-rejection when
   * `fromRevision` is older than the history kept. `onEvent` is called outside any transaction.
   */
  watch(prefix: string, fromRevision: number, onEvent: (event: WatchEvent) => void): Promise<Watch>;

  /** The revision of the newest write. */
  currentRevision(): number;

  /** The oldest revision still readable in history (0 if nothing has been compacted). */
  compactedRevision(): number;

  /** Drops history older than `revision`; reads and watches below it then throw Compacted. */
  compact(revision: number): Promise<void>;

  /** Flushes pending writes and releases the backend. */
  close(): Promise<void>;
}
