/**
 * Field ownership across writes (structured-merge-diff merge/update.go): an update takes the fields it
 * changed from every other manager; an apply merges the configuration, prunes what the applier stopped
 * specifying, and fails on fields another manager owns with a different value unless forced.
 */
import type { FieldSet } from './fieldset.js';
import { merge } from './merge.js';
import type { Path } from './path.js';
import { valuesEqual } from './path.js';
import type { SchemaNode } from './schema.js';
import {
  compare,
  ensureNamedFieldsAreMembers,
  excludeFields,
  removeItems,
  toFieldSet,
  type Comparison,
} from './typed.js';

/** The fields one manager owns, at the API version it wrote them in. */
export interface VersionedSet {
  readonly set: FieldSet;
  readonly apiVersion: string;
  /** True for an Apply entry, false for an Update entry. */
  readonly applied: boolean;
}

/** Managers by identifier (see managerIdentifier). */
export type ManagedFieldSets = ReadonlyMap<string, VersionedSet>;

/** One field another manager owns with a different value. */
export interface Conflict {
  /** The other manager's identifier. */
  readonly manager: string;
  readonly path: Path;
}

/** An apply that would change fields other managers own (upstream merge.Conflicts). */
export class ConflictsError extends Error {
  override readonly name = 'ConflictsError';
  constructor(readonly conflicts: readonly Conflict[]) {
    super(`${conflicts.length} apply conflict(s)`);
  }
}

/** What every write needs: the object's type, the version written and fields no manager may own. */
export interface UpdaterContext {
  readonly node: SchemaNode;
  readonly apiVersion: string;
  /** Fields the write resets (e.g. `status` on the main resource): never owned (upstream IgnoreFilter). */
  readonly ignored?: FieldSet;
}

interface UpdateOutcome {
  readonly managers: Map<string, VersionedSet>;
  readonly comparison: Comparison;
  /** Conflicts that force took over. */
  readonly forced: readonly Conflict[];
}

/**
 * Compares old and new and takes the changed fields from every manager but `workflow`: fields it changed or
 * added conflict, fields removed are dropped (upstream Updater.update). Throws ConflictsError if not forced.
 */
function takeChangedFields(
  ctx: UpdaterContext,
  oldObject: unknown,
  newObject: unknown,
  managers: ManagedFieldSets,
  workflow: string,
  force: boolean,
): UpdateOutcome {
  const comparison = excludeFields(compare(ctx.node, oldObject, newObject), ctx.ignored);
  const changed = comparison.modified.union(comparison.added);
  const conflicts: Conflict[] = [];
  const result = new Map<string, VersionedSet>();
  for (const id of [...managers.keys()].sort()) {
    const entry = managers.get(id);
    if (entry === undefined) continue;
    if (id === workflow) {
      if (!entry.set.isEmpty()) result.set(id, entry);
      continue;
    }
    const conflicting = entry.set.intersection(changed);
    for (const path of conflicting.paths()) conflicts.push({ manager: id, path });
    const kept = entry.set.difference(conflicting).difference(comparison.removed);
    if (!kept.isEmpty()) result.set(id, { ...entry, set: kept });
  }
  if (!force && conflicts.length > 0) throw new ConflictsError(conflicts);
  return { managers: result, comparison, forced: conflicts };
}

function withoutIgnored(ctx: UpdaterContext, set: FieldSet): FieldSet {
  return ctx.ignored === undefined ? set : set.recursiveDifference(ctx.ignored);
}

/**
 * A non-apply write (upstream Updater.Update): `manager` owns what it changed, in addition to what it owned
 * and still exists; nobody else owns what it changed.
 */
export function update(
  ctx: UpdaterContext,
  live: unknown,
  updated: unknown,
  managers: ManagedFieldSets,
  manager: string,
): Map<string, VersionedSet> {
  const outcome = takeChangedFields(ctx, live, updated, managers, manager, true);
  const { comparison } = outcome;
  const previous = outcome.managers.get(manager)?.set;
  const changed = comparison.modified.union(comparison.added);
  const owned = withoutIgnored(
    ctx,
    previous === undefined ? changed : previous.difference(comparison.removed).union(changed),
  );
  const result = outcome.managers;
  if (owned.isEmpty()) result.delete(manager);
  else result.set(manager, { set: owned, apiVersion: ctx.apiVersion, applied: false });
  return result;
}

export interface ApplyOutcome {
  /** The merged object; undefined when the apply changes nothing (upstream returns nil). */
  readonly object: unknown;
  readonly managers: Map<string, VersionedSet>;
  readonly forced: readonly Conflict[];
}

/**
 * An apply (upstream Updater.Apply): merges the configuration into the live object, makes the applier own
 * exactly what it specified, prunes what it owned before and no longer specifies (unless someone else owns
 * it), and resolves ownership of the changed fields. Throws ConflictsError unless forced.
 */
export function apply(
  ctx: UpdaterContext,
  live: unknown,
  config: unknown,
  managers: ManagedFieldSets,
  manager: string,
  force: boolean,
): ApplyOutcome {
  const merged = merge(ctx.node, live, config);
  const lastSet = managers.get(manager)?.set;
  const withApplier = new Map(managers);
  withApplier.set(manager, {
    set: withoutIgnored(ctx, toFieldSet(ctx.node, config)),
    apiVersion: ctx.apiVersion,
    applied: true,
  });
  const pruned =
    lastSet === undefined || lastSet.isEmpty() ? merged : prune(ctx.node, merged, withApplier, lastSet);
  const outcome = takeChangedFields(ctx, live, pruned, withApplier, manager, force);
  return {
    object: valuesEqual(live, pruned) ? undefined : pruned,
    managers: outcome.managers,
    forced: outcome.forced,
  };
}

/**
 * Removes a field, list item or map entry iff the applier applied it last time, did not apply it this time,
 * and no other manager owns it (upstream Updater.prune with addBackOwnedItems and addBackDanglingItems).
 */
function prune(node: SchemaNode, merged: unknown, managers: ManagedFieldSets, lastSet: FieldSet): unknown {
  const named = (set: FieldSet): FieldSet => ensureNamedFieldsAreMembers(set, node);
  const last = named(lastSet);
  let owned: FieldSet | undefined;
  for (const entry of managers.values()) owned = owned === undefined ? entry.set : owned.union(entry.set);
  const mergedSet = named(toFieldSet(node, merged));
  // Remove what the applier owned last time, then put back what anybody owns now.
  const removed = removeItems(node, merged, last);
  const removedSet = named(toFieldSet(node, removed));
  const keep = owned === undefined ? removedSet : removedSet.union(named(owned));
  const ownedOnly = removeItems(node, merged, mergedSet.difference(keep));
  // Only what the applier owned last time may go: everything else (unowned fields) stays.
  const ownedOnlySet = named(toFieldSet(node, ownedOnly));
  return removeItems(node, merged, mergedSet.difference(ownedOnlySet).intersection(last)) ?? {};
}
