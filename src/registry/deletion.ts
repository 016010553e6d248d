import type { RequestContext } from '../machinery/context.js';
import { conflict, forbidden, isStatusError, notFound, type StatusDetails } from '../machinery/errors.js';
import type { KubeObject } from '../machinery/object.js';
import { StorageError } from '../storage/index.js';
import { decodeStored, encodeForStorage } from './codec.js';
import type { ListQuery } from './list-options.js';
import { listObjects, type ObjectList } from './list-watch.js';
import type { ResourceStore } from './resource-store.js';
import { interpretStorageError } from './storage-errors.js';

export type PropagationPolicy = 'Orphan' | 'Background' | 'Foreground';

/** Decoded metav1.DeleteOptions. */
export interface DeleteOptions {
  readonly dryRun: boolean;
  readonly propagationPolicy?: PropagationPolicy;
  readonly orphanDependents?: boolean;
  readonly preconditions?: { readonly uid?: string; readonly resourceVersion?: string };
}

/** Finalizers the garbage collector acts on (upstream metav1.FinalizerOrphanDependents / FinalizerDeleteDependents). */
export const orphanFinalizer = 'orphan';
export const foregroundFinalizer = 'foregroundDeletion';

/** The body upstream returns when an object is gone at once (status Success, details naming it). */
export interface SuccessStatus {
  readonly kind: 'Status';
  readonly apiVersion: 'v1';
  readonly metadata: Record<string, never>;
  readonly status: 'Success';
  readonly details: StatusDetails;
}

export type DeleteResult =
  | { readonly finished: true; readonly status: SuccessStatus; readonly object: KubeObject }
  | { readonly finished: false; readonly object: KubeObject };

const maxDeleteAttempts = 16;

/**
 * Deletes one object as upstream's generic store does: preconditions, admission, then either an update that
 * marks it deleting (finalizers pending, or a strategy that keeps it) or its removal.
 */
export async function deleteObject(
  rs: ResourceStore,
  ctx: RequestContext,
  namespace: string,
  name: string,
  options: DeleteOptions,
): Promise<DeleteResult> {
  for (let attempt = 1; ; attempt++) {
    const kv = await rs.read(ctx, namespace, name);
    if (kv === undefined) throw notFound(rs.gr, name);
    const current = rs.present(decodeStored(kv));
    if (rs.isSharedOnly(kv)) {
      throw forbidden(rs.gr, name, 'this object is shared by every logical cluster and may not be deleted');
    }
    checkPreconditions(rs, current, options);
    await rs.deps.admission.validate(
      ctx,
      rs.admissionRequest('DELETE', namespace, undefined, current, options),
    );
    const next = structuredClone(current);
    const finalizers = withPropagationFinalizers(next.metadata.finalizers ?? [], propagationOf(options));
    const kept = rs.strategy.prepareForDelete?.(ctx, next) ?? false;
    const key = rs.key(ctx, namespace, name);
    try {
      if (finalizers.length > 0 || kept) {
        next.metadata.finalizers = finalizers;
        if (finalizers.length === 0) delete next.metadata.finalizers;
        next.metadata.deletionTimestamp ??= rs.now();
        // Upstream sets a zero grace period only on the finalizer path; a strategy that keeps the
        // object (a namespace) marks just the timestamp.
        if (finalizers.length > 0) next.metadata.deletionGracePeriodSeconds ??= 0;
        // Deleting what is already being deleted, with nothing to change, writes nothing (upstream).
        if (current.metadata.deletionTimestamp !== undefined && sameJson(next, current)) {
          return { finished: false, object: current };
        }
        if (options.dryRun) return { finished: false, object: next };
        const updated = await rs.deps.store.update(key, encodeForStorage(next), kv.revision);
        return { finished: false, object: rs.present(decodeStored(updated)) };
      }
      if (options.dryRun) return { finished: true, status: successStatus(rs, current), object: current };
      const removed = await rs.deps.store.delete(key, kv.revision);
      const last = rs.present(decodeStored(removed));
      return { finished: true, status: successStatus(rs, last), object: last };
    } catch (error) {
      const raced =
        error instanceof StorageError && (error.code === 'Conflict' || error.code === 'KeyNotFound');
      if (!raced || attempt >= maxDeleteAttempts) throw interpretStorageError(error, rs.gr, name);
    }
  }
}

function sameJson(a: KubeObject, b: KubeObject): boolean {
  return encodeForStorage(a) === encodeForStorage(b);
}

function propagationOf(options: DeleteOptions): PropagationPolicy {
  if (options.propagationPolicy !== undefined) return options.propagationPolicy;
  if (options.orphanDependents !== undefined) return options.orphanDependents ? 'Orphan' : 'Background';
  return 'Background';
}

/** Upstream deletionFinalizersForGarbageCollection: the policy picks which GC finalizer the object carries. */
function withPropagationFinalizers(finalizers: readonly string[], policy: PropagationPolicy): string[] {
  const rest = finalizers.filter((f) => f !== orphanFinalizer && f !== foregroundFinalizer);
  if (policy === 'Orphan') return [...rest, orphanFinalizer];
  if (policy === 'Foreground') return [...rest, foregroundFinalizer];
  return rest;
}

function checkPreconditions(rs: ResourceStore, obj: KubeObject, options: DeleteOptions): void {
  const { uid, resourceVersion } = options.preconditions ?? {};
  const name = obj.metadata.name ?? '';
  if (uid !== undefined && uid !== obj.metadata.uid) {
    throw conflict(
      rs.gr,
      name,
      `Precondition failed: UID in precondition: ${uid}, UID in object meta: ${obj.metadata.uid ?? ''}`,
    );
  }
  if (resourceVersion !== undefined && resourceVersion !== obj.metadata.resourceVersion) {
    throw conflict(
      rs.gr,
      name,
      `Precondition failed: ResourceVersion in precondition: ${resourceVersion}, ResourceVersion in meta: ${obj.metadata.resourceVersion ?? ''}`,
    );
  }
}

function successStatus(rs: ResourceStore, obj: KubeObject): SuccessStatus {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Success',
    details: {
      name: obj.metadata.name ?? '',
      group: rs.def.group,
      kind: rs.def.plural,
      uid: obj.metadata.uid ?? '',
    },
  };
}

/** DELETE on a collection: deletes every selected object, returning the list of what was deleted. */
export async function deleteCollection(
  rs: ResourceStore,
  ctx: RequestContext,
  namespace: string,
  query: ListQuery,
  options: DeleteOptions,
): Promise<ObjectList> {
  const selected = await listObjects(rs, ctx, namespace, { ...query, limit: 0, continueToken: '' });
  const deleted: KubeObject[] = [];
  for (const item of selected.items) {
    try {
      const result = await deleteObject(
        rs,
        ctx,
        item.metadata.namespace ?? '',
        item.metadata.name ?? '',
        options,
      );
      deleted.push(result.object);
    } catch (error) {
      if (!isStatusError(error, 'NotFound')) throw error;
    }
  }
  return { ...selected, items: deleted };
}
