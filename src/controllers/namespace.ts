import { parseClusterName, type ClusterName, type RequestContext } from '../machinery/context.js';
import { isStatusError } from '../machinery/errors.js';
import type { Logger } from '../machinery/logger.js';
import { isRecord, type KubeObject } from '../machinery/object.js';
import {
  deleteCollection,
  listObjects,
  parseListQuery,
  type Registry,
  type ResourceStore,
  runInformer,
  clusterOfObject,
} from '../registry/index.js';
import { WorkQueue } from './work-queue.js';

/** The finalizer that keeps a namespace until its content is gone (upstream FinalizerKubernetes). */
export const namespaceFinalizer = 'kubernetes';
const remainingContentRetryMs = 1000;

/**
 * Upstream's namespace controller: when a namespace is terminating, delete everything in it, wait until
 * nothing remains, then drop the `kubernetes` finalizer and remove the namespace.
 */
export function runNamespaceController(
  registry: Registry,
  contextFor: (cluster: ClusterName) => RequestContext,
  watchAll: RequestContext,
  logger: Logger,
): { stop(): void } {
  const namespaces = registry.preferred('', 'namespaces');
  if (namespaces === undefined) throw new Error('namespaces are not registered');
  const queue: WorkQueue = new WorkQueue(
    (key) => {
      const { cluster, name } = splitQueueKey(key);
      const contentStores = registry
        .servedIn({ kind: 'one', name: cluster })
        .filter((rs) => rs.def.namespaced && rs.def.verbs.includes('deletecollection'));
      return finalizeNamespace(namespaces, contentStores, contextFor(cluster), name, () =>
        queue.addAfter(key, remainingContentRetryMs),
      );
    },
    (key, error) =>
      logger.warn('namespace cleanup failed; retrying', { namespace: key, error: String(error) }),
  );
  const informer = runInformer(namespaces, watchAll, logger, {
    onEvent(type, obj) {
      if (type !== 'DELETED' && obj.metadata.deletionTimestamp !== undefined) {
        queue.add(`${clusterOfObject(obj)}/${obj.metadata.name ?? ''}`);
      }
    },
  });
  return {
    stop() {
      informer.stop();
      queue.stop();
    },
  };
}

function splitQueueKey(key: string): { cluster: ClusterName; name: string } {
  const slash = key.indexOf('/');
  const cluster = parseClusterName(key.slice(0, slash));
  if (cluster === undefined) throw new Error(`bad namespace queue key ${key}`);
  return { cluster, name: key.slice(slash + 1) };
}

async function finalizeNamespace(
  namespaces: ResourceStore,
  contentStores: readonly ResourceStore[],
  ctx: RequestContext,
  name: string,
  retryLater: () => void,
): Promise<void> {
  let namespace: KubeObject;
  try {
    namespace = await namespaces.get(ctx, '', name);
  } catch (error) {
    if (isStatusError(error, 'NotFound')) return;
    throw error;
  }
  if (namespace.metadata.deletionTimestamp === undefined) return;
  const everything = parseListQuery(new URLSearchParams(), 'list');
  const remaining = new Map<string, number>();
  const finalizersLeft = new Map<string, number>();
  for (const rs of contentStores) {
    await deleteCollection(rs, ctx, name, everything, { dryRun: false, propagationPolicy: 'Background' });
    const left = (await listObjects(rs, ctx, name, everything)).items;
    if (left.length === 0) continue;
    // Upstream prints "<resource>.<group>", so core resources read "configmaps.".
    remaining.set(`${rs.gr.resource}.${rs.gr.group}`, left.length);
    for (const finalizer of left.flatMap((obj) => obj.metadata.finalizers ?? [])) {
      finalizersLeft.set(finalizer, (finalizersLeft.get(finalizer) ?? 0) + 1);
    }
  }
  await reportConditions(namespaces, ctx, name, deletionConditions(remaining, finalizersLeft));
  if (remaining.size > 0) {
    retryLater();
    return;
  }
  await namespaces.guaranteedUpdate(
    ctx,
    '',
    name,
    { dryRun: false, subresource: 'finalize' },
    '',
    (current) => {
      const spec = (current.spec ?? {}) as { finalizers?: string[] };
      current.spec = { ...spec, finalizers: (spec.finalizers ?? []).filter((f) => f !== namespaceFinalizer) };
      return current;
    },
  );
}

interface NamespaceCondition {
  type: string;
  status: 'True' | 'False';
  reason: string;
  message: string;
  lastTransitionTime?: string;
}

function describeCounts(counts: ReadonlyMap<string, number>): string {
  return [...counts.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([what, n]) => `${what} has ${n} resource instances`)
    .join(', ');
}

/** The deletion conditions upstream's namespace controller reports while content remains. */
function deletionConditions(
  remaining: ReadonlyMap<string, number>,
  finalizers: ReadonlyMap<string, number>,
): NamespaceCondition[] {
  const finalizerText = [...finalizers.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([finalizer, n]) => `${finalizer} in ${n} resource instances`)
    .join(', ');
  return [
    {
      type: 'NamespaceDeletionDiscoveryFailure',
      status: 'False',
      reason: 'ResourcesDiscovered',
      message: 'All resources successfully discovered',
    },
    {
      type: 'NamespaceDeletionGroupVersionParsingFailure',
      status: 'False',
      reason: 'ParsedGroupVersions',
      message: 'All legacy kube types successfully parsed',
    },
    {
      type: 'NamespaceDeletionContentFailure',
      status: 'False',
      reason: 'ContentDeleted',
      message: 'All content successfully deleted, may be waiting on finalization',
    },
    remaining.size > 0
      ? {
          type: 'NamespaceContentRemaining',
          status: 'True',
          reason: 'SomeResourcesRemain',
          message: `Some resources are remaining: ${describeCounts(remaining)}`,
        }
      : {
          type: 'NamespaceContentRemaining',
          status: 'False',
          reason: 'ContentRemoved',
          message: 'All content successfully removed',
        },
    finalizers.size > 0
      ? {
          type: 'NamespaceFinalizersRemaining',
          status: 'True',
          reason: 'SomeFinalizersRemain',
          message: `Some content in the namespace has finalizers remaining: ${finalizerText}`,
        }
      : {
          type: 'NamespaceFinalizersRemaining',
          status: 'False',
          reason: 'ContentHasNoFinalizers',
          message: 'All content-preserving finalizers finished',
        },
  ];
}

/** Writes conditions to status, keeping lastTransitionTime of those whose status did not change. */
async function reportConditions(
  namespaces: ResourceStore,
  ctx: RequestContext,
  name: string,
  conditions: NamespaceCondition[],
): Promise<void> {
  await namespaces.guaranteedUpdate(
    ctx,
    '',
    name,
    { dryRun: false, subresource: 'status' },
    '',
    (current) => {
      const status = isRecord(current.status) ? current.status : {};
      const previous = Array.isArray(status.conditions) ? (status.conditions as NamespaceCondition[]) : [];
      const now = namespaces.now();
      current.status = {
        ...status,
        conditions: conditions.map((c) => {
          const before = previous.find((p) => p.type === c.type);
          const unchanged = before !== undefined && before.status === c.status;
          return { ...c, lastTransitionTime: unchanged ? (before.lastTransitionTime ?? now) : now };
        }),
      };
      return current;
    },
  );
}
