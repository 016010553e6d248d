import { parseClusterName, type ClusterName, type RequestContext } from '../machinery/context.js';
import { isStatusError } from '../machinery/errors.js';
import type { Logger } from '../machinery/logger.js';
import { isRecord, type KubeObject } from '../machinery/object.js';
import {
  clusterOfObject,
  crdCleanupFinalizer,
  crdOf,
  customResourcesOf,
  deleteObject,
  listObjects,
  parseListQuery,
  type Crd,
  type Registry,
  type ResourceStore,
} from '../registry/index.js';
import { runInformer } from './informer.js';
import { WorkQueue } from './work-queue.js';

const retryWhileInstancesRemainMs = 500;

/**
 * Serves each logical cluster's CustomResourceDefinitions: registers their resources in that cluster only,
 * reports NamesAccepted/Established and storedVersions, and on deletion removes every instance before
 * dropping the cleanup finalizer (upstream's apiextensions controllers, per cluster).
 */
export function runCrdController(
  registry: Registry,
  contextFor: (cluster: ClusterName) => RequestContext,
  watchAll: RequestContext,
  logger: Logger,
): { stop(): void } {
  const crds = registry.preferred('apiextensions.k8s.io', 'customresourcedefinitions');
  if (crds === undefined) throw new Error('customresourcedefinitions are not registered');
  const known = new Map<ClusterName, Map<string, Crd>>();
  const publish = (cluster: ClusterName): void => {
    const defined = [...(known.get(cluster)?.values() ?? [])].sort((a, b) => a.name.localeCompare(b.name));
    registry.setCustomResources(cluster, defined.flatMap(customResourcesOf));
  };
  const queue: WorkQueue = new WorkQueue(
    async (key) => {
      const [cluster, name] = splitKey(key);
      await reconcile(crds, registry, contextFor(cluster), cluster, name, () =>
        queue.addAfter(key, retryWhileInstancesRemainMs),
      );
    },
    (key, error) => logger.warn('CRD reconcile failed; retrying', { crd: key, error: String(error) }),
  );
  const informer = runInformer(crds, watchAll, logger, {
    onEvent(type, obj) {
      const cluster = clusterOfObject(obj);
      const name = obj.metadata.name ?? '';
      let inCluster = known.get(cluster);
      if (type === 'DELETED') {
        inCluster?.delete(name);
        if (inCluster?.size === 0) known.delete(cluster);
      } else {
        if (inCluster === undefined) known.set(cluster, (inCluster = new Map()));
        inCluster.set(name, crdOf(obj));
        queue.add(`${cluster}/${name}`);
      }
      publish(cluster);
    },
  });
  return {
    stop() {
      informer.stop();
      queue.stop();
    },
  };
}

function splitKey(key: string): [ClusterName, string] {
  const slash = key.indexOf('/');
  const cluster = parseClusterName(key.slice(0, slash));
  if (cluster === undefined) throw new Error(`bad CRD queue key ${key}`);
  return [cluster, key.slice(slash + 1)];
}

async function reconcile(
  crds: ResourceStore,
  registry: Registry,
  ctx: RequestContext,
  cluster: ClusterName,
  name: string,
  retryLater: () => void,
): Promise<void> {
  let obj: KubeObject;
  try {
    obj = await crds.get(ctx, '', name);
  } catch (error) {
    if (isStatusError(error, 'NotFound')) return;
    throw error;
  }
  const crd = crdOf(obj);
  if (obj.metadata.deletionTimestamp !== undefined) {
    if (!(obj.metadata.finalizers ?? []).includes(crdCleanupFinalizer)) return;
    if ((await deleteInstances(registry, ctx, cluster, crd)) > 0) {
      retryLater();
      return;
    }
    await crds.guaranteedUpdate(ctx, '', name, { dryRun: false }, '', (current) => {
      current.metadata.finalizers = (current.metadata.finalizers ?? []).filter(
        (f) => f !== crdCleanupFinalizer,
      );
      return current;
    });
    return;
  }
  await crds.guaranteedUpdate(ctx, '', name, { dryRun: false, subresource: 'status' }, '', (current) => {
    current.status = establishedStatus(crd, current);
    return current;
  });
}

/** Deletes every instance (finalizers honoured); resolves how many remain. */
async function deleteInstances(
  registry: Registry,
  ctx: RequestContext,
  cluster: ClusterName,
  crd: Crd,
): Promise<number> {
  const version = crd.versions.find((v) => v.storage) ?? crd.versions[0];
  if (version === undefined) return 0;
  const rs = registry.findIn({ kind: 'one', name: cluster }, crd.group, version.name, crd.names.plural);
  if (rs === undefined) return 0;
  const items = (await listObjects(rs, ctx, '', parseListQuery(new URLSearchParams(), 'list'))).items;
  for (const item of items) {
    if (item.metadata.deletionTimestamp !== undefined) continue;
    try {
      await deleteObject(rs, ctx, item.metadata.namespace ?? '', item.metadata.name ?? '', { dryRun: false });
    } catch (error) {
      if (!isStatusError(error, 'NotFound')) throw error;
    }
  }
  return (await listObjects(rs, ctx, '', parseListQuery(new URLSearchParams(), 'list'))).items.length;
}

function establishedStatus(crd: Crd, current: KubeObject): Record<string, unknown> {
  const status = isRecord(current.status) ? current.status : {};
  const previous = Array.isArray(status.conditions) ? status.conditions.filter(isRecord) : [];
  const since = (type: string): unknown =>
    previous.find((c) => c.type === type && c.status === 'True')?.lastTransitionTime ??
    new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  const stored = Array.isArray(status.storedVersions)
    ? status.storedVersions.filter((v): v is string => typeof v === 'string')
    : [];
  const storage = crd.versions.find((v) => v.storage)?.name;
  return {
    ...status,
    conditions: [
      {
        type: 'NamesAccepted',
        status: 'True',
        reason: 'NoConflicts',
        message: 'no conflicts found',
        lastTransitionTime: since('NamesAccepted'),
      },
      {
        type: 'Established',
        status: 'True',
        reason: 'InitialNamesAccepted',
        message: 'the initial names have been accepted',
        lastTransitionTime: since('Established'),
      },
    ],
    acceptedNames: {
      plural: crd.names.plural,
      singular: crd.names.singular,
      kind: crd.names.kind,
      listKind: crd.names.listKind,
      ...(crd.names.shortNames.length > 0 ? { shortNames: crd.names.shortNames } : {}),
      ...(crd.names.categories.length > 0 ? { categories: crd.names.categories } : {}),
    },
    storedVersions: storage === undefined || stored.includes(storage) ? stored : [...stored, storage],
  };
}
