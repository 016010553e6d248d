/**
 * One write (create, update or delete) applied inside an open transaction. Each write validates against the
 * state left by the writes before it in the same batch, and throws a StorageError without touching the
 * database when its precondition fails, so the rest of the batch can still commit.
 */
import { StorageError, type KeyValue, type WatchEvent } from '../types.js';
import type { Statements, ValueRow } from './statements.js';

export type WriteRequest =
  | { readonly kind: 'create'; readonly key: string; readonly value: string }
  | {
      readonly kind: 'update';
      readonly key: string;
      readonly value: string;
      readonly expectedRevision: number;
    }
  | { readonly kind: 'delete'; readonly key: string; readonly expectedRevision: number | undefined };

export interface AppliedWrite {
  /** What the caller's promise resolves to. */
  readonly result: KeyValue;
  /** What watchers receive once the transaction commits. */
  readonly event: WatchEvent;
}

/** Applies `request` as the write with revision `revision`. Must run inside a transaction. */
export function applyWrite(statements: Statements, request: WriteRequest, revision: number): AppliedWrite {
  const existing = statements.currentGet.get(request.key);
  switch (request.kind) {
    case 'create':
      return applyCreate(statements, request.key, request.value, revision, existing);
    case 'update':
      return applyUpdate(statements, request, revision, existing);
    case 'delete':
      return applyDelete(statements, request, revision, existing);
  }
}

function applyCreate(
  statements: Statements,
  key: string,
  value: string,
  revision: number,
  existing: ValueRow | undefined,
): AppliedWrite {
  if (existing) throw new StorageError('KeyExists', key, `key ${key} already exists`);
  statements.appendLog({ revision, key, value, createRevision: revision, prevRevision: 0, deleted: false });
  statements.currentPut.run(key, value, revision, revision);
  return {
    result: { key, value, revision, createRevision: revision },
    event: { type: 'put', key, value, revision, created: true },
  };
}

function applyUpdate(
  statements: Statements,
  request: Extract<WriteRequest, { kind: 'update' }>,
  revision: number,
  existing: ValueRow | undefined,
): AppliedWrite {
  const { key, value } = request;
  const previous = requireRevision(key, existing, request.expectedRevision);
  const createRevision = previous.create_revision;
  statements.appendLog({
    revision,
    key,
    value,
    createRevision,
    prevRevision: previous.revision,
    deleted: false,
  });
  statements.currentPut.run(key, value, revision, createRevision);
  return {
    result: { key, value, revision, createRevision },
    event: { type: 'put', key, value, revision, prevValue: previous.value, created: false },
  };
}

function applyDelete(
  statements: Statements,
  request: Extract<WriteRequest, { kind: 'delete' }>,
  revision: number,
  existing: ValueRow | undefined,
): AppliedWrite {
  const { key } = request;
  const previous = requireRevision(key, existing, request.expectedRevision);
  const { value, create_revision: createRevision } = previous;
  statements.appendLog({
    revision,
    key,
    value,
    createRevision,
    prevRevision: previous.revision,
    deleted: true,
  });
  statements.currentDelete.run(key);
  return {
    result: { key, value, revision, createRevision },
    event: { type: 'delete', key, value, revision, prevValue: value, created: false },
  };
}

/** The live row of `key`, checked against the caller's expected revision (any revision when undefined). */
function requireRevision(
  key: string,
  existing: ValueRow | undefined,
  expected: number | undefined,
): ValueRow {
  if (!existing) throw new StorageError('KeyNotFound', key, `key ${key} not found`);
  if (expected !== undefined && existing.revision !== expected) {
    throw new StorageError(
      'Conflict',
      key,
      `key ${key} is at revision ${existing.revision}, not ${expected}`,
      toKeyValue(existing),
    );
  }
  return existing;
}

export function toKeyValue(row: ValueRow): KeyValue {
  return { key: row.key, value: row.value, revision: row.revision, createRevision: row.create_revision };
}
