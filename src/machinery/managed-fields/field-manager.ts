/**
 * The field manager the API server runs on every write (apimachinery pkg/util/managedfields/internal
 * fieldmanager.go with the managers NewDefaultFieldManager stacks: version check, last-applied upgrade and
 * update, skip-non-applied, cap, manager info, managed-fields updater, strip-meta, structured merge).
 */
import { badRequest, StatusError } from '../errors.js';
import { cloneJson, isRecord, type KubeObject } from '../object.js';
import { applyConflictError } from './conflicts.js';
import {
  capUpdateManagers,
  decodeManagedFields,
  emptyManaged,
  encodeManagedFields,
  isResetManagedFields,
  ManagedFieldsError,
  managerIdentifier,
  stripMeta,
  type Managed,
  type ManagedFieldsOperation,
} from './managers.js';
import { goJson } from './path.js';
import { appliedObjectProblems, compare, toFieldSet } from './typed.js';
import { apply, ConflictsError, update, type Conflict, type UpdaterContext } from './updater.js';

/** Everything a write of one kind needs to track ownership. */
export interface FieldManagerContext extends UpdaterContext {
  readonly kind: string;
  /** '' for the main resource. */
  readonly subresource: string;
  /** RFC 3339 time recorded in the entries this write changes. */
  readonly now: string;
  /** A new, empty object of the kind (the Go zero value for built-in types). */
  readonly emptyObject: KubeObject;
}

/** The annotation client-side apply keeps (k8s.io/api core/v1 LastAppliedConfigAnnotation). */
const lastAppliedAnnotation = 'kubectl.kubernetes.io/last-applied-configuration';
/** kubectl's server-side apply manager, for which the last-applied annotation is upgraded and kept. */
const kubectlManager = 'kubectl';
const beforeFirstApply = 'before-first-apply';

function identifier(ctx: FieldManagerContext, manager: string, operation: ManagedFieldsOperation): string {
  return managerIdentifier({
    manager: manager === '' ? 'unknown' : manager,
    operation,
    apiVersion: ctx.apiVersion,
    subresource: ctx.subresource,
  });
}

/**
 * Sets the encoded entries in place (an unchanged object keeps its key order, so storage sees no change), or
 * removes the field when nothing is tracked.
 */
function withManaged(obj: KubeObject, managed: Managed): KubeObject {
  const entries = encodeManagedFields(managed);
  if (entries === undefined) delete obj.metadata.managedFields;
  else obj.metadata.managedFields = entries;
  return obj;
}

/**
 * Records a non-apply write (upstream FieldManager.Update with decodeLiveOrNew): the managedFields the
 * request carries win unless absent or undecodable; an empty list (or one empty entry) resets tracking.
 * Subresource writes always start from the live entries.
 */
export function recordUpdate(
  ctx: FieldManagerContext,
  live: KubeObject | undefined,
  updated: KubeObject,
  manager: string,
): KubeObject {
  const liveObject = live ?? ctx.emptyObject;
  const managed = requestManaged(ctx, liveObject, updated);
  const next = cloneJson(updated);
  // Untracked objects stay untracked until their first apply; creates start tracking (upstream
  // skipNonAppliedManager with DefaultTrackOnCreateProbability 1).
  if (managed.fields.size === 0 && live !== undefined) {
    delete next.metadata.managedFields;
    return next;
  }
  // The request's managedFields differ from the live ones only in a field nobody owns (stripMeta).
  return withManaged(next, trackUpdate(ctx, liveObject, next, managed, identifier(ctx, manager, 'Update')));
}

function decodeOrEmpty(entries: unknown): Managed {
  try {
    return decodeManagedFields(entries);
  } catch (error) {
    if (error instanceof ManagedFieldsError) return emptyManaged;
    throw error;
  }
}

function requestManaged(ctx: FieldManagerContext, live: KubeObject, updated: KubeObject): Managed {
  if (ctx.subresource !== '') return decodeOrEmpty(live.metadata.managedFields);
  const requested = updated.metadata.managedFields;
  if (isResetManagedFields(requested)) return emptyManaged;
  const fromRequest = decodeOrEmpty(requested);
  return fromRequest.fields.size > 0 ? fromRequest : decodeOrEmpty(live.metadata.managedFields);
}

/**
 * Upstream managedFieldsUpdater.Update over stripMeta and the structured update: the write runs as a
 * temporary manager; if it took any field, the real manager's entry grows by it and gets a new time.
 */
function trackUpdate(
  ctx: FieldManagerContext,
  live: KubeObject,
  updated: KubeObject,
  managed: Managed,
  id: string,
): Managed {
  const current = 'current-operation';
  const fields = stripMeta(update(ctx, live, updated, managed.fields, current), current);
  const times = new Map(managed.times);
  const taken = fields.get(current);
  if (taken !== undefined) {
    fields.delete(current);
    const previous = fields.get(id);
    fields.set(id, previous === undefined ? taken : { ...taken, set: taken.set.union(previous.set) });
    times.set(id, ctx.now);
  }
  return capUpdateManagers({ fields, times });
}

export interface AppliedResult {
  readonly object: KubeObject;
  /** Fields taken from other managers by force. */
  readonly forced: readonly Conflict[];
}

/**
 * Merges an applied configuration into the live object (upstream FieldManager.Apply). Throws 400 for a
 * configuration of another kind or version or one carrying managedFields, 409 with FieldManagerConflict
 * causes on conflicts when not forced, and 500 when the live managedFields cannot be decoded or the
 * configuration names a list item twice.
 */
export function recordApply(
  ctx: FieldManagerContext,
  live: KubeObject,
  applied: KubeObject,
  manager: string,
  force: boolean,
): AppliedResult {
  let managed: Managed;
  try {
    managed = decodeManagedFields(live.metadata.managedFields);
  } catch (error) {
    if (!(error instanceof ManagedFieldsError)) throw error;
    throw new StatusError('InternalError', `failed to decode managed fields: ${error.message}`);
  }
  checkAppliedType(ctx, applied);
  let result: { object: KubeObject; managed: Managed; forced: readonly Conflict[] };
  try {
    result = applyAllowingLastApplied(ctx, live, applied, managed, manager, force);
  } catch (error) {
    if (error instanceof ConflictsError) throw applyConflictError(error.conflicts);
    throw error;
  }
  const object = result.object;
  if (manager === kubectlManager && hasLastApplied(object)) setLastApplied(object, applied);
  return { object: withManaged(object, result.managed), forced: result.forced };
}

function groupVersionKind(obj: KubeObject): string {
  const apiVersion = typeof obj.apiVersion === 'string' ? obj.apiVersion : '';
  const parts = apiVersion.split('/');
  const kind = typeof obj.kind === 'string' ? obj.kind : '';
  if (parts.length > 2) return '/, Kind=';
  const [group, version] = parts.length === 2 ? parts : ['', parts[0]];
  return `${group ?? ''}/${version ?? ''}, Kind=${kind}`;
}

/** Upstream versionCheckManager and the structured merge manager's checks on the applied object. */
function checkAppliedType(ctx: FieldManagerContext, applied: KubeObject): void {
  const expected = groupVersionKind({ apiVersion: ctx.apiVersion, kind: ctx.kind, metadata: {} });
  const actual = groupVersionKind(applied);
  if (actual !== expected) throw badRequest(`invalid object type: ${actual}`);
  const requested = applied.metadata.managedFields;
  if (requested !== undefined && requested !== null) throw badRequest('metadata.managedFields must be nil');
  const problems = appliedObjectProblems(ctx.node, applied);
  if (problems.length > 0) {
    const name = applied.metadata.name ?? '';
    const namespace = applied.metadata.namespace ?? '';
    const detail =
      problems.length === 1 ? problems[0] : ['errors:', ...problems.map((p) => `  ${p}`)].join('\n');
    throw new StatusError(
      'InternalError',
      `failed to create typed patch object (${namespace}/${name}; ${actual}): ${detail}`,
    );
  }
}

/**
 * Upstream lastAppliedManager: kubectl's first server-side apply of an object managed by client-side apply
 * does not conflict on fields whose live value is still what the last-applied annotation says.
 */
function applyAllowingLastApplied(
  ctx: FieldManagerContext,
  live: KubeObject,
  applied: KubeObject,
  managed: Managed,
  manager: string,
  force: boolean,
): { object: KubeObject; managed: Managed; forced: readonly Conflict[] } {
  try {
    return applyTracked(ctx, live, applied, managed, manager, force);
  } catch (error) {
    if (!(error instanceof ConflictsError) || manager !== kubectlManager) throw error;
    const allowed = allowedConflictsFromLastApplied(ctx, live);
    if (allowed === undefined) throw error;
    const remaining = error.conflicts.filter((c) => !allowed.has(c.path));
    if (remaining.length > 0) throw new ConflictsError(remaining);
    return applyTracked(ctx, live, applied, managed, manager, true);
  }
}

function allowedConflictsFromLastApplied(ctx: FieldManagerContext, live: KubeObject) {
  const text = live.metadata.annotations?.[lastAppliedAnnotation];
  if (text === undefined || text === '') return undefined;
  let lastApplied: unknown;
  try {
    lastApplied = JSON.parse(text);
  } catch {
    return undefined; // upstream: an unreadable annotation allows nothing
  }
  if (!isRecord(lastApplied) || lastApplied.apiVersion !== ctx.apiVersion) return undefined;
  const comparison = compare(ctx.node, lastApplied, live);
  return toFieldSet(ctx.node, lastApplied)
    .difference(comparison.modified)
    .difference(comparison.added)
    .difference(comparison.removed);
}

/**
 * Upstream skipNonAppliedManager, managedFieldsUpdater and stripMetaManager around the structured apply:
 * an object nobody tracked gets its existing fields owned by `before-first-apply` first.
 */
function applyTracked(
  ctx: FieldManagerContext,
  live: KubeObject,
  applied: KubeObject,
  managed: Managed,
  manager: string,
  force: boolean,
): { object: KubeObject; managed: Managed; forced: readonly Conflict[] } {
  let start = managed;
  if (managed.fields.size === 0) {
    start = trackUpdate(ctx, ctx.emptyObject, live, managed, identifier(ctx, beforeFirstApply, 'Update'));
  }
  const id = identifier(ctx, manager, 'Apply');
  const outcome = apply(ctx, live, applied, start.fields, id, force);
  const times = new Map(start.times);
  let object: KubeObject;
  if (isKubeObject(outcome.object)) {
    object = outcome.object;
    times.set(id, ctx.now);
  } else {
    object = cloneJson(live);
  }
  return { object, managed: { fields: stripMeta(outcome.managers, id), times }, forced: outcome.forced };
}

/** A merge of two objects is an object; anything else means the apply changed nothing. */
export function isKubeObject(value: unknown): value is KubeObject {
  return isRecord(value) && isRecord(value.metadata);
}

function hasLastApplied(obj: KubeObject): boolean {
  const value = obj.metadata.annotations?.[lastAppliedAnnotation];
  return value !== undefined && value !== '';
}

/**
 * Upstream lastAppliedUpdater: kubectl's server-side apply keeps an existing last-applied annotation in
 * step, as the applied configuration without that annotation in Go's JSON form (sorted keys, newline).
 */
function setLastApplied(obj: KubeObject, applied: KubeObject): void {
  const config = cloneJson(applied);
  const annotations = config.metadata.annotations;
  if (isRecord(annotations)) delete annotations[lastAppliedAnnotation];
  obj.metadata.annotations = { ...obj.metadata.annotations, [lastAppliedAnnotation]: `${goJson(config)}\n` };
}
